#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run lib/test_vmalloc.ko (upstream's, or the series' built out of tree
# as test_vmalloc_series.ko) and turn its "Summary:" lines into KTAP, one
# line per test ("test_vmalloc_<name>"). The module always fails to load
# (-EAGAIN) by design, so its load status says nothing: a test passes
# when every worker's Summary line reports "failed: 0" and a pass; it is
# skipped ("# SKIP" with the module's "<name>: skipped: <reason>" line)
# when the workers only skipped it (the series' module prints
# "Skipped: <name> skipped: <count>" after the Summary line); anything
# else fails.
# Usage: test_vmalloc.sh [-m MODULE.ko] [-n PREFIX] [-c NAME] [PARAM=VALUE...]
#   -n: the test lines' prefix (default test_vmalloc), for a second run
#       in one boot (the stress run: stress_test_vmalloc_<name>)
#   -c: the tests this run must report, NAME[,NAME...] (their
#       run_test_mask bits given among the parameters): the kernel log's
#       case marker names them, and each one without a Summary line
#       fails by name
MOD=/modules/test_vmalloc.ko
PREFIX=test_vmalloc
NAME=
while [ $# -gt 1 ]; do
	case $1 in
	-m) MOD=$2 ;;
	-n) PREFIX=$2 ;;
	-c) NAME=$2 ;;
	*) break ;;
	esac
	shift 2
done
dmesg -c >/dev/null
if [ -n "$NAME" ]; then
	echo "vmgfp-case: $(echo "$NAME" | sed "s/[^,]*/${PREFIX}_&/g")" >/dev/kmsg
else
	echo "vmgfp-case: $PREFIX" >/dev/kmsg
fi
# insmod by its path: busybox sh runs its own insmod applet for a plain
# "insmod", and that one retries the failed finit_module() (test_vmalloc
# always fails to load) with init_module(), which runs every test twice.
for INSMOD in /sbin/insmod /bin/insmod insmod; do
	[ -x "$INSMOD" ] && break
done
"$INSMOD" "$MOD" "$@" >/dev/null 2>&1
log=$(dmesg -c)
sums=$(echo "$log" | sed -n 's/^.*Summary: //p')
[ -z "$NAME" ] || sums=$(echo "$sums" | grep -E "^($(echo "$NAME" | tr , '|')) " || true)
echo "KTAP version 1"
if [ -z "$sums" ] && [ -z "$NAME" ]; then
	echo "1..1"
	[ -r "$MOD" ] || echo "# no module $MOD"
	echo "# no Summary line from $(basename "$MOD") ($MOD $*)"
	echo "not ok 1 $PREFIX"
	exit 1
fi
[ -r "$MOD" ] || echo "# no module $MOD"
# The skip reasons: "<name>: skipped: <reason>" lines.
skips=$(echo "$log" | sed -n 's/^.*[] ]\([a-z0-9_]*\): skipped: /\1 /p')
# The skip counts: "Skipped: <name> skipped: <count>" lines.
nskip=$(echo "$log" | sed -n 's/^.*Skipped: \([a-z0-9_]*\) skipped: \([0-9]*\).*/\1 \2/p')
{
	# The tests named by -c, so that one without a Summary line fails.
	[ -z "$NAME" ] || echo "$NAME" | tr , '\n' | sed 's/^/want /'
	[ -z "$skips" ] || echo "$skips" | sed 's/^/skip /'
	[ -z "$nskip" ] || echo "$nskip" | sed 's/^/nskip /'
	[ -z "$sums" ] || echo "$sums" | sed 's/^/sum /'
} | awk -v prefix="$PREFIX" -v mod="$(basename "$MOD")" '
	$1 == "want" { if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 }; next }
	$1 == "skip" { name = $2; $1 = $2 = ""; sub(/^ +/, ""); why[name] = $0; next }
	$1 == "nskip" { if ($3 > 0) skipped[$2]++; next }
	$1 != "sum" { next }
	{ $1 = ""; sub(/^ +/, ""); name = $1
	  if (!(name in seen)) { seen[name] = 1; order[++n] = name }
	  got[name] = 1
	  print "# " $0
	  if ($3 > 0) passed[name]++
	  if ($5 != 0) failed[name]++ }
	END {
	  print "1.." n
	  for (i = 1; i <= n; i++) {
	      name = order[i]
	      if (!(name in got)) {
	          print "# no Summary line of " name " from " mod
	          print "not ok " i " " prefix "_" name; fail++ }
	      else if (!failed[name] && passed[name]) { print "ok " i " " prefix "_" name; pass++ }
	      else if (!failed[name] && skipped[name]) {
	          print "ok " i " " prefix "_" name " # SKIP " (why[name] != "" ? why[name] : "skipped by the module"); skip++ }
	      else { print "not ok " i " " prefix "_" name; fail++ }
	  }
	  printf "# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n", pass, fail, skip
	  exit fail > 0 }'
