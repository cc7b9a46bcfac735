#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runner for vmalloc_gfp_test.ko: one module load per case, KTAP on stdout.
# Works as a kselftest (tools/testing/selftests/mm/) and in the harness's
# initramfs (busybox sh).
#
# Usage: vmalloc_gfp.sh [-m MODULE.ko] [-x CASE,CASE...] [-p PARAMS] [CASE...]
#   no CASE: every case the module lists (list=1), minus those given by -x
#   -p: extra module parameters, for example "attempts=32"
# Exit status: 0 all cases passed or skipped, 1 a case failed, 4 nothing ran.
# Before each case it writes "vmgfp-case: NAME" to /dev/kmsg, so that a
# report in the kernel log can be traced to the case that caused it.

KSFT_SKIP=4
NAME=vmalloc_gfp_test
MOD=
EXCLUDE=
PARAMS=

usage() {
	echo "usage: $0 [-m MODULE.ko] [-x CASE,...] [-p PARAMS] [CASE...]" >&2
	exit 2
}

while getopts m:x:p:h opt; do
	case $opt in
	m) MOD=$OPTARG ;;
	x) EXCLUDE=$OPTARG ;;
	p) PARAMS=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))

# Load the module by path (-m) or by name (modprobe).
load() {
	if [ -n "$MOD" ]; then
		# shellcheck disable=SC2086
		insmod "$MOD" "$@" $PARAMS
	else
		# shellcheck disable=SC2086
		modprobe "$NAME" "$@" $PARAMS
	fi
}

unload() {
	grep -q "^$NAME " /proc/modules 2>/dev/null && rmmod "$NAME"
	return 0
}

# The module's own lines of the kernel log since the last call.
module_log() {
	dmesg -c | sed -n "s/^.*$NAME: //p"
}

list_cases() {
	dmesg -c >/dev/null
	load list=1 >/dev/null 2>&1 || return 1
	unload
	module_log | sed -n 's/^case //p'
}

excluded() {
	case ",$EXCLUDE," in
	*",$1,"*) return 0 ;;
	esac
	return 1
}

if [ -z "$MOD" ] && [ -f "$(dirname "$0")/$NAME.ko" ]; then
	MOD=$(dirname "$0")/$NAME.ko
fi
if [ $# -eq 0 ]; then
	# shellcheck disable=SC2046
	set -- $(list_cases)
	if [ $# -eq 0 ]; then
		echo "KTAP version 1"
		echo "1..0 # SKIP $NAME could not be loaded"
		exit $KSFT_SKIP
	fi
fi
cases=
for c in "$@"; do
	excluded "$c" || cases="$cases $c"
done

echo "KTAP version 1"
echo "1..$(echo $cases | wc -w)"
n=0 pass=0 fail=0 skip=0
for c in $cases; do
	n=$((n + 1))
	echo "vmgfp-case: $c" >/dev/kmsg
	dmesg -c >/dev/null
	load run="$c" >/dev/null 2>&1
	rc=$?
	unload
	out=$(module_log)
	echo "$out" | grep '^# ' | grep -v '^# Totals'
	line=$(echo "$out" | grep -E "^(not )?ok [0-9]+ $c( |$)" | head -n 1)
	case "$line" in
	"ok "*"# SKIP"*)
		[ $rc -eq 0 ] && skip=$((skip + 1)) && echo "ok $n $c # SKIP${line#*# SKIP}" && continue ;;
	"ok "*)
		[ $rc -eq 0 ] && pass=$((pass + 1)) && echo "ok $n $c" && continue ;;
	"not ok "*)
		[ $rc -ne 0 ] && fail=$((fail + 1)) && echo "not ok $n $c" && continue ;;
	esac
	echo "# load status $rc does not match the result line: '${line:-none}'"
	fail=$((fail + 1))
	echo "not ok $n $c"
done
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ $fail -eq 0 ] || exit 1
[ $n -gt 0 ] || exit $KSFT_SKIP
exit 0
