#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runner for vmalloc_gfp_test.ko: one module load per case, KTAP on stdout.
# Works as a kselftest (tools/testing/selftests/mm/) and in the harness's
# initramfs (busybox sh).
#
# Usage: vmalloc_gfp.sh [-m MODULE.ko] [-x CASE,CASE...] [-p PARAMS]
#                       [-t SECONDS] [CASE...]
#        vmalloc_gfp.sh [-m MODULE.ko] -s SECONDS[:THREADS]
#   no CASE: every case the module lists (list=1), minus those given by -x
#   -p: extra module parameters, for example "attempts=32"
#   -t: a case whose module load has not returned after SECONDS (1 or
#       more) fails, with the kernel's first WARNING or BUG line since
#       it began (or the first left in the log buffer), and the runner
#       stops there: the loading task is stuck
#       in the kernel (a __GFP_NOFAIL vmalloc that never returns) and
#       cannot be killed.
#   -s: stress instead of cases: THREADS threads (default: 2 per CPU) call
#       every entry point with every mask for SECONDS, half of them with
#       fault injection; then the leak checks. Three test lines: stress,
#       stress_leak, stress_kmemleak.
# Exit status: 0 all cases passed or skipped, 1 a case failed, 4 nothing ran.
# Before each case it writes "vmgfp-case: NAME" to /dev/kmsg, so that a
# report in the kernel log can be traced to the case that caused it.
#
# Fault injection (the *_faults and *_warn cases, CONFIG_FAIL_PAGE_ALLOC and
# CONFIG_FAILSLAB with debugfs): the runner makes every allocation count
# (ignore-gfp-wait=N, min-order=0), sets "every FAIL_EVERY-th allocation of
# a task with make-it-fail" (default 3; the module sets make-it-fail around
# its fail_calls=FAIL_CALLS calls, default 8), and compares before and
# after each case the vmalloc pages and the /proc/vmallocinfo areas by size,
# caller and pages (task stacks, percpu chunks and unpurged areas left
# out; see leak_state).
# A difference fails the case. At the end a kmemleak scan is one more test
# line, and the number of injected failures is printed.

KSFT_SKIP=4
NAME=vmalloc_gfp_test
MOD=
EXCLUDE=
PARAMS=
STRESS=
LIMIT=

usage() {
	echo "usage: $0 [-m MODULE.ko] [-x CASE,...] [-p PARAMS] [-t SECONDS] [CASE...]" >&2
	echo "       $0 [-m MODULE.ko] -s SECONDS[:THREADS]" >&2
	exit 2
}

while getopts m:x:p:s:t:h opt; do
	case $opt in
	m) MOD=$OPTARG ;;
	t) LIMIT=$OPTARG ;;
	x) EXCLUDE=$OPTARG ;;
	p) PARAMS=$OPTARG ;;
	s) STRESS=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
case $LIMIT in
*[!0-9]* | 0) usage ;;
esac

# Load the module by path (-m) or by name (modprobe). insmod by its path:
# busybox sh runs its own insmod applet for a plain "insmod", and that one
# retries a failed finit_module() with init_module(), so a failing case
# would run twice.
for INSMOD in /sbin/insmod /bin/insmod insmod; do
	[ -x "$INSMOD" ] && break
done
load() {
	if [ -n "$MOD" ]; then
		# shellcheck disable=SC2086
		"$INSMOD" "$MOD" "$@" $PARAMS
	else
		# shellcheck disable=SC2086
		modprobe "$NAME" "$@" $PARAMS
	fi
}

# The runner starts few processes per case: under TCG and KASAN each one
# costs the guest tens of milliseconds, and a boot runs over 200 cases.
unload() {
	[ ! -d "/sys/module/$NAME" ] || rmmod "$NAME"
	return 0
}

# The module's own lines of the kernel log since the last call.
module_log() {
	dmesg -c | sed -n "s/^.*$NAME: //p"
}

# case_log CASE: the module's lines since the last call, as module_log;
# prints its diagnostics ("# " lines but the totals) and leaves the
# CASE's own result line, if any, in $line. One awk, no subshell.
case_log() {
	dmesg -c | awk -v pfx="$NAME: " -v res="^(not )?ok [0-9]+ $1( |\$)" '
		match($0, ".*" pfx) {
			s = substr($0, RLENGTH + 1)
			if (s ~ /^# / && s !~ /^# Totals/)
				print s
			else if (!got && s ~ res) {
				print s >"/tmp/vgt.line"
				got = 1
			}
		}
		END { if (!got) printf "" >"/tmp/vgt.line" }'
	line=
	IFS= read -r line </tmp/vgt.line || true
}

list_cases() {
	dmesg -c >/dev/null
	load list=1 >/dev/null 2>&1 || return 1
	unload
	module_log | sed -n 's/^case //p'
}

DBG=/sys/kernel/debug
FAULT_ATTRS="fail_page_alloc failslab"
TIMES=1000000000

# faults_setup [VERBOSE]: VERBOSE (default 1) is fail_page_alloc's: 1 prints
# a notice for each failure it injects, which the module reads to count
# the page-table allocations among them (0 for stress: far too many).
faults_setup() {
	for a in $FAULT_ATTRS; do
		[ -d $DBG/$a ] || return 0
	done
	for a in $FAULT_ATTRS; do
		echo N >$DBG/$a/ignore-gfp-wait
		echo 0 >$DBG/$a/verbose
		echo 0 >$DBG/$a/verbose_ratelimit_interval_ms
		echo Y >$DBG/$a/task-filter
		echo "${FAIL_EVERY:-3}" >$DBG/$a/interval
		echo 100 >$DBG/$a/probability
		echo $TIMES >$DBG/$a/times
	done
	echo 0 >$DBG/fail_page_alloc/min-order
	echo "${1:-1}" >$DBG/fail_page_alloc/verbose
	echo N >$DBG/fail_page_alloc/ignore-gfp-highmem
	if [ -w $DBG/kmemleak ]; then
		echo scan >$DBG/kmemleak
		echo clear >$DBG/kmemleak
	fi
}

# Failures injected since faults_setup (each one decrements "times").
injected() {
	t=0
	for a in $FAULT_ATTRS; do
		[ -r $DBG/$a/times ] && t=$((t + TIMES - $(cat $DBG/$a/times)))
	done
	echo $t
}

# What must not change across a faults case: the vmalloc pages
# (VmallocUsed, NR_VMALLOC, exact after stat_refresh) outside task stacks
# and percpu metadata, and the /proc/vmallocinfo areas by size, caller and
# pages. Left out: task stacks (the runner's own processes, per-CPU cached
# stacks), percpu chunks and their metadata (freed later by percpu's
# balance work), unpurged areas, and execmem's areas (module text, and the
# kprobe instruction pages of the module's kretprobes, which execmem keeps
# cached once made). One cat reads both files: no process
# starts or ends between them. vmallocinfo does not show an area whose
# setup did not finish (VM_UNINITIALIZED): the page count sees its pages.
leak_state() {
	echo 1 >/proc/sys/vm/stat_refresh 2>/dev/null
	awk '/^VmallocUsed:/ { used = $2 / 4 }
		/kernel_clone|pcpu_|execmem_/ && match($0, /pages=[0-9]+/) {
			other += substr($0, RSTART + 6, RLENGTH - 6) }
		/^[A-Z]/ || /unpurged|pcpu_|kernel_clone|execmem_/ { next }
		{ sub(/^[^ ]* /, ""); gsub(/  +/, " "); n[$0]++ }
		END {
			for (a in n)
				print n[a], a
			print "vmalloc pages " used - other
		}' /proc/meminfo /proc/vmallocinfo | sort
}

# same_state A B: the areas alike, the pages within the tolerance (see
# leak_case).
same_state() {
	pb=${1##*pages } pa=${2##*pages }
	[ "${1%vmalloc pages*}" = "${2%vmalloc pages*}" ] &&
		[ $((pa - pb)) -le 32 ] && [ $((pb - pa)) -le 32 ]
}

# settled_state [BEFORE]: leak_state until two readings agree: task
# stacks freed after RCU, by a worker, come and go for a moment after the
# runner's own processes end. A first reading that already matches BEFORE
# is taken as it is: waiting could only move it away from BEFORE, and
# the next case compares against it again.
settled_state() {
	s1=$(leak_state)
	if [ -n "${1:-}" ] && same_state "$1" "$s1"; then
		echo "$s1"
		return
	fi
	for i in 1 2 3 4 5; do
		sleep 0.2
		s2=$(leak_state)
		[ "$s1" = "$s2" ] && break
		s1=$s2
	done
	echo "$s1"
}

# Reported only: kernel page tables stay, slab caches keep free objects.
SLABINFO=
[ ! -r /proc/slabinfo ] || SLABINFO=/proc/slabinfo
counts() {
	echo 1 >/proc/sys/vm/stat_refresh 2>/dev/null
	awk 'FILENAME == "/proc/meminfo" && $1 == "PageTables:" { pt = $2 }
		FILENAME == "/proc/meminfo" && $1 == "VmallocUsed:" { vm = $2 }
		FILENAME == "/proc/slabinfo" && FNR > 2 { slab += $2; nslab++ }
		END {
			print (pt == "" ? "?" : pt), (nslab ? slab : "?"), (vm == "" ? "?" : vm)
		}' /proc/meminfo $SLABINFO
}

# kmemleak_case N NAME: scan (objects must be 5 s old), one test line.
# Sets kres to pass, fail or skip.
kmemleak_case() {
	if [ ! -w $DBG/kmemleak ]; then
		kres=skip
		echo "ok $1 $2 # SKIP no kmemleak"
		return
	fi
	sleep 6
	echo scan >$DBG/kmemleak
	echo scan >$DBG/kmemleak
	k=$(grep -c '^unreferenced object' $DBG/kmemleak)
	echo "# kmemleak: $k unreferenced objects"
	sed -n '1,12s/^/# /p' $DBG/kmemleak
	if [ "$k" -eq 0 ]; then
		kres=pass
		echo "ok $1 $2"
	else
		kres=fail
		echo "not ok $1 $2"
	fi
}

# leak_case N NAME BEFORE AFTER: sets lres to pass or fail, prints the
# test line (the "ok" line only with N > 0). The areas must be the same;
# the page count may differ by up to 32 pages: over a run of many cases
# it swings by 8 (two task stacks) either way now and then and back later,
# an area of the stacks or percpu counted in VmallocUsed a while before or
# after vmallocinfo lists it (not analysed further; a difference of 16
# was seen). A leaked vmalloc area of the selftests has 512 pages or more.
leak_case() {
	echo "# leak check: vmalloc pages ${4##*pages } (before: ${3##*pages })"
	if same_state "$3" "$4"; then
		lres=pass
		[ "$1" -gt 0 ] && echo "ok $1 $2"
		return
	fi
	lres=fail
	echo "# leak: vmalloc areas changed (- before, + after):"
	echo "$3" >/tmp/leak.before
	echo "$4" >/tmp/leak.after
	diff -u /tmp/leak.before /tmp/leak.after |
		sed -n '/^[-+][-+][-+] /d; s/^\([-+]\)/# \1/p' | head -n 8
	echo "not ok ${1#-} $2"
}

stress() {
	secs=${STRESS%%:*}
	threads=${STRESS#*:}
	[ "$threads" != "$STRESS" ] || threads=$((2 * $(grep -c ^processor /proc/cpuinfo)))
	faults_setup 0
	list_cases >/dev/null	# a first load: the module loader's caches
	echo "KTAP version 1"
	echo "1..3"
	before=$(settled_state)
	echo "vmgfp-case: stress" >/dev/kmsg
	dmesg -c >/dev/null
	t0=$(date +%s)
	load stress_threads="$threads" stress_secs="$secs" >/dev/null 2>&1
	rc=$?
	unload
	out=$(module_log)
	echo "$out" | grep '^# '
	echo "# stress: $(($(date +%s) - t0)) s wall, $(injected) failures injected"
	bad=0
	if [ $rc -eq 0 ] && echo "$out" | grep -q '^ok 1 stress$'; then
		echo "ok 1 stress"
	else
		bad=1
		echo "not ok 1 stress"
	fi
	leak_case 2 stress_leak "$before" "$(settled_state)"
	[ $lres = pass ] || bad=1
	kmemleak_case 3 stress_kmemleak
	[ $kres != fail ] || bad=1
	exit $bad
}

# limited_load CASE PARAMS...: load as above, in the background; after
# LIMIT seconds without a return, fail CASE (test number $n) and return 1.
limited_load() {
	lc=$1 lt=0
	shift
	# Its own stdio: a stuck load must not hold the runner's output
	# open (a reader through a pipe would wait for it).
	(exec >/dev/null 2>&1 </dev/null; load run="$lc" "$@") &
	lpid=$!
	while [ $lt -lt "$LIMIT" ] && kill -0 $lpid 2>/dev/null; do
		sleep 1
		lt=$((lt + 1))
	done
	if kill -0 $lpid 2>/dev/null; then
		echo "# $lc: the module load has not returned after $LIMIT s, stopping here"
		# From the case's start, or all that is left of the log buffer
		# when a flood of reports has pushed the start out.
		kl=$(dmesg | sed -n "/vmgfp-case: $lc\$/,\$p")
		[ -n "$kl" ] || kl=$(dmesg)
		echo "$kl" | grep -m 1 -e 'WARNING:' -e 'BUG:' | sed 's/^/# kernel: /'
		echo "not ok $n $lc"
		echo "# Totals: pass:$pass fail:$((fail + 1)) xfail:0 xpass:0 skip:$skip error:0"
		return 1
	fi
	wait $lpid
	rc=$?
	return 0
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
[ -z "$STRESS" ] || stress
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

nfaults=0
for c in $cases; do
	case $c in *_faults | *_warn) nfaults=$((nfaults + 1)) ;; esac
done
nplan=$(echo $cases | wc -w)
[ $nfaults -gt 0 ] && nplan=$((nplan + 1)) && faults_setup

echo "KTAP version 1"
echo "1..$nplan"
n=0 pass=0 fail=0 skip=0 leaks=0 after=
for c in $cases; do
	n=$((n + 1))
	fparams=
	case $c in
	*_faults | *_warn)
		fparams="fail_calls=${FAIL_CALLS:-8}"
		# The state after the last faults case is the state now.
		if [ -z "$after" ]; then
			after=$(settled_state)
			cafter=$(counts)
		fi
		before=$after
		cbefore=$cafter
		;;
	*)
		after=
		;;
	esac
	# The log holds only the module's lines of this case: the last
	# case_log emptied it, and case_log reads nothing else.
	echo "vmgfp-case: $c" >/dev/kmsg
	if [ -n "$LIMIT" ]; then
		# shellcheck disable=SC2086
		limited_load "$c" $fparams || exit 1
	else
		# shellcheck disable=SC2086
		load run="$c" $fparams >/dev/null 2>&1
		rc=$?
	fi
	unload
	case_log "$c"
	if [ -n "$fparams" ]; then
		after=$(settled_state "$before")
		cafter=$(counts)
		set -- $cbefore $cafter
		echo "# reported only: PageTables $1 -> $4 kB, slab objects $2 -> $5, VmallocUsed $3 -> $6 kB"
		leak_case -$n "$c" "$before" "$after"
		if [ $lres = fail ]; then
			leaks=$((leaks + 1))
			fail=$((fail + 1))
			continue
		fi
	fi
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
if [ $nfaults -gt 0 ]; then
	n=$((n + 1))
	echo "# faults: $nfaults cases, $(injected) failures injected, $leaks leaking"
	kmemleak_case $n kmemleak
	case $kres in
	pass) pass=$((pass + 1)) ;;
	fail) fail=$((fail + 1)) ;;
	*) skip=$((skip + 1)) ;;
	esac
fi
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
[ $fail -eq 0 ] || exit 1
[ $n -gt 0 ] || exit $KSFT_SKIP
exit 0
