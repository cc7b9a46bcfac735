#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The correctness pipeline: build the check kernels of the variants, boot
# each with the selftests (fault injection included) and upstream's
# test_vmalloc smoke test, boot series once more for the stress run,
# compare every result with selftests/expected.txt. Ends with "N passed,
# N failed, N skipped"; exits 0 only when every expectation held.
# Usage: check.sh [VARIANT...]   (default: stock series control stable)
# Environment: CHECK_CONFIG (default debug+faults+kasan: lockdep, fault
#   injection, kmemleak, KASAN in one kernel per variant), STRESS_SECS
#   (each of the two stress parts, default 30; 0: no stress boot),
#   BOOT_JOBS (kernels booted at once, default: the CPU count), ARCH
#   (x86_64 or arm64), CHECK_SET (full, the default, or quick: the faults
#   cases of the kernel mask only). Cases a shorter check does not run
#   (CHECK_SET=quick, STRESS_SECS=0) are reported as left out, neither
#   passed nor failed.
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || set -- $VARIANTS_ALL stable
for v in "$@"; do
	check_variant "$v"
done
CONFIG=${CHECK_CONFIG:-debug+faults+kasan}
check_config "$CONFIG"
STRESS_SECS=${STRESS_SECS:-30}
# Every test of test_vmalloc but align_shift_alloc_test (64, made to fail
# its allocations), with loop counts for TCG.
STRESS_TV="run_test_mask=8127 test_loop_count=100 nr_pcpu_objects=1000"
case $STRESS_SECS in
''|*[!0-9]*) die "STRESS_SECS must be a number of seconds, not '$STRESS_SECS'" ;;
esac
CHECK_SET=${CHECK_SET:-full}
case $CHECK_SET in
full | quick) ;;
*) die "CHECK_SET must be full or quick, not '$CHECK_SET'" ;;
esac
# The case sets of report.py leftout this check leaves out.
LEFTOUT_SETS=${CHECK_SET#full}
[ "$STRESS_SECS" -gt 0 ] || LEFTOUT_SETS="$LEFTOUT_SETS nostress"
# Smoke: upstream's default tests (run_test_mask=7), fewer loops under TCG.
SMOKE="test_loop_count=${SMOKE_LOOPS:-1000}"
RUNNER="/tests/vmalloc_gfp.sh -m /modules/vmalloc_gfp_test.ko"
# A main boot runs about 230 cases, 78 of them with fault injection, under
# KASAN and TCG: 8 minutes on the project's 2-core machine beside another
# boot, longer beside the builds that now run at the same time, and on a
# slower host 2 to 3 times that. On 2026-12-03 the series' main boot
# took 1736 s beside two boots and the builds, and ran out of 2400 s
# beside a third guest and more builds (1116 s of CPU): 3000 s. A guest
# stalled before init is caught sooner, by boot.sh's INIT_TIMEOUT.
export BOOT_TIMEOUT=${BOOT_TIMEOUT:-3000}
# An isolated boot is one case: a hang is stopped sooner.
ISO_TIMEOUT=${ISO_TIMEOUT:-300}
# The runner's time limit (-t) for the __GFP_NOFAIL faults cases:
# NOFAIL_LIMIT on stable, where they must pass (each takes 2 to 3 s
# or so under KASAN and TCG), and HANG_LIMIT where one is expected to
# hang (stock: its retry loop warns from its first jiffy on, with a full
# backtrace each time, so the limit is short).
NOFAIL_LIMIT=${NOFAIL_LIMIT:-120}
HANG_LIMIT=${HANG_LIMIT:-30}
for t in "NOFAIL_LIMIT=$NOFAIL_LIMIT" "HANG_LIMIT=$HANG_LIMIT"; do
	case ${t#*=} in
	'' | *[!0-9]* | 0) die "${t%%=*} must be a positive number of seconds, not '${t#*=}'" ;;
	esac
done
# 2 GiB: KASAN's shadow and quarantine and kmemleak's metadata leave 1 GiB
# short of memory for the faults cases (the OOM killer ended a runner).
export MEM=${MEM:-2G}
# PTE mappings everywhere: kvmalloc() and vmalloc_huge() would otherwise
# map 2 MiB pages and allocate no PTE page (DESIGN.md section 4).
export EXTRA_CMDLINE="nohugevmalloc ${EXTRA_CMDLINE:-}"

# The series' quality checks, run when series is among the kernels:
# QUALITY="checkpatch bisect bench-input" by default ("" for none).
# To keep make check, arm64 included, within CI's 90 minutes on 2 cores,
# three are targets of their own: "static" ('make static-check', about 3
# minutes), "bench" ('make bench-smoke', bench-input and a short benchmark
# run, about 6) and "cross" ('make cross', the cross builds, about 30).
QUALITY=${QUALITY-checkpatch bisect bench-input}
# ARCH=arm64: the kernels and boots only; the quality checks are the
# same on every architecture and run with the x86_64 check.
[ "$HARCH" = x86_64 ] || QUALITY=

lock_tree
"$REPO/scripts/deps.sh"
[ "$HARCH" = x86_64 ] || "$REPO/scripts/deps.sh" "$HARCH"
"$REPO/scripts/fetch.sh"
"$REPO/scripts/variants.sh" "$@"

RES=$WORK/results/check$ARCH_SUFFIX-$(date +%Y%m%d-%H%M%S)
mkdir -p "$RES"
ln -sfn "$(basename "$RES")" "$WORK/results/check$ARCH_SUFFIX-latest"
cp "$TREE/BASE" "$RES/BASE"

# quality NAME COMMAND...: run one check, record pass or fail, go on.
quality() {
	local name=$1 t=$(date +%s) rc=0

	shift
	log "quality: $name: $*"
	"$@" 2>&1 | tee "$RES/quality-$name.log" >&2 || rc=$?
	t=$(( $(date +%s) - t ))
	if [ $rc -eq 0 ]; then
		echo "pass $name (${t}s)" >>"$RES/quality.txt"
	else
		echo "fail $name (${t}s): $(grep -m1 '^error: ' "$RES/quality-$name.log" ||
			echo "exit $rc"), log: $RES/quality-$name.log" >>"$RES/quality.txt"
	fi
}

# quality_run CHECK...: the quality checks named, in order.
quality_run() {
	local q

	for q in "$@"; do
		case $q in
		checkpatch) quality checkpatch "$REPO/scripts/checkpatch.sh" ;;
		bisect) quality bisect-bench "$REPO/scripts/bisect-check.sh" bench ;;
		static) quality static "$REPO/scripts/static-check.sh" ;;
		bench) quality bench-smoke "$REPO/scripts/bench-smoke.sh" ;;
		bench-input) quality bench-input "$REPO/scripts/bench-smoke.sh" input ;;
		cross)
			"$REPO/scripts/deps.sh" cross
			quality cross "$REPO/scripts/cross-build.sh" series
			;;
		esac
	done
}

# The quick checks run first; those that build kernels of their own
# (bisect and the targets of their own) run after this check's kernels
# are built, while those boot.
EARLY='' LATE=''
for q in $QUALITY; do
	case $q in
	checkpatch | bench-input) EARLY="$EARLY $q" ;;
	bisect | static | bench | cross) LATE="$LATE $q" ;;
	*) die "unknown quality check '$q' (known: checkpatch bisect static bench-input bench cross)" ;;
	esac
done
case " $* " in
*" series "*) ;;
*) EARLY='' LATE='' ;;
esac
# shellcheck disable=SC2086
quality_run $EARLY

# The tests that the series adds to lib/test_vmalloc.c, built against
# every kernel as test_vmalloc_series.ko (scripts/build.sh): the rows
# test_vmalloc_NAME of expected.txt whose NAME the module's run_test_mask
# help lists with an id above 4096 (vrealloc_test, the last of v7.3.4).
# Those of one boot run first in it, in one module load and in the
# module's order (a lockdep or sleep report silences the next one, and
# the module keeps each test's areas until the load ends, so that each
# maps a range that nothing mapped before), followed by a 2 s pause
# (__might_resched() reports at most once a second).
TV_RUNNER="/tests/test_vmalloc.sh -m /modules/test_vmalloc_series.ko"

# tv_id KERNEL CASE: the run_test_mask bit of CASE if it is one of those
# tests, else nothing.
tv_id() {
	local src name id

	case $2 in
	test_vmalloc_*) name=${2#test_vmalloc_} ;;
	*) return 0 ;;
	esac
	src=$(objdir "$1" "$CONFIG")/ext/tv-src/test_vmalloc_series.c
	[ -f "$src" ] || die "$1: no $src (scripts/build.sh builds it)"
	id=$(sed -n 's/.*id: \([0-9]*\), *name: '"$name"'\\n.*/\1/p' "$src")
	[ -n "$id" ] && [ "$id" -gt 4096 ] || return 0
	echo "$id"
}

# tv_cmd KERNEL CASE: the guest command of CASE alone, nothing if it is
# not one of those tests.
tv_cmd() {
	local id

	id=$(tv_id "$1" "$2")
	[ -n "$id" ] || return 0
	echo "$TV_RUNNER -c ${2#test_vmalloc_} run_test_mask=$id test_loop_count=1"
}

# tv_plan KERNEL CASE...: the one command that runs those of CASE that
# are tests of test_vmalloc_series.ko, then the pause; nothing when there
# are none.
tv_plan() {
	local v=$1 c id mask=0 names=

	shift
	for c in "$@"; do
		id=$(tv_id "$v" "$c")
		[ -n "$id" ] || continue
		mask=$((mask | id))
		names=${names:+$names,}${c#test_vmalloc_}
	done
	[ -n "$names" ] || return 0
	echo "$TV_RUNNER -c $names run_test_mask=$mask sequential_test_order=1 test_loop_count=1"
	echo "sleep 2"
}

# not_tv KERNEL CASE...: those of CASE that are not.
not_tv() {
	local v=$1 c

	shift
	for c in "$@"; do
		[ -n "$(tv_id "$v" "$c")" ] || echo "$c"
	done
}

boot_progress() {
	log "$1/$CONFIG: boot $2: $(grep -cE '^(not )?ok ' "$RES/$1/$2.ktap" 2>/dev/null || true) cases done"
}

# boot_one KERNEL NAME PLAN: boot.sh, with progress lines.
boot_one() {
	local v=$1 name=$2 status

	log "$v/$CONFIG: boot $name: started"
	ticker_start 30 boot_progress "$v" "$name"
	status=$("$REPO/scripts/boot.sh" "$v" "$CONFIG" "$RES/$v" "$name" "$3") || true
	ticker_stop
	log "$v/$CONFIG: boot $name: ${status:-FAILED}, $(sed -n 's/.* wall=\([^ ]*\) cpu=\([^ ]*\).*/\1 s wall, \2 s CPU/p' "$RES/$v/$name.status" 2>/dev/null) ($RES/$v/$name.console.log)"
}

# boot_plan PRIO KERNEL NAME COMMAND...: one boot running the given
# commands, when one of the BOOT_JOBS boot slots is free for PRIO (see
# with_boot_slot).
boot_plan() {
	local prio=$1 v=$2 name=$3 plan=$RES/$2/$3.plan

	shift 3
	mkdir -p "$RES/$v"
	printf '%s\n' "$@" >"$plan"
	with_boot_slot "$prio" boot_one "$v" "$name" "$plan"
}

# boot_kernel KERNEL: its main boot, its isolated boots (a case each, one
# after another) and for series the stress boot, each as soon as a boot
# slot is free.
boot_kernel() {
	local v=$1 iso skip cases c

	# Cases this check leaves out on purpose (CHECK_SET, STRESS_SECS=0),
	# for the verdict.
	mkdir -p "$RES/$v"
	"$REPO/scripts/report.py" leftout "$v" $LEFTOUT_SETS >"$RES/$v/left-out" ||
		die "$v: report.py leftout failed"
	# stable: one boot of the cases it runs (the __GFP_NOFAIL faults
	# cases that hang stock; the runner adds kmemleak), with the
	# runner's time limit.
	if [ "$v" = stable ]; then
		cases=$("$REPO/scripts/report.py" cases stable) ||
			die "stable: report.py cases failed"
		cases=$(echo "$cases" | grep -vx kmemleak | grep -vxF -f "$RES/$v/left-out" |
			tr '\n' ' ') || true
		if [ -z "$cases" ]; then
			log "stable/$CONFIG: every case of stable is left out of this check"
			return
		fi
		log "stable/$CONFIG: boot ($(echo $cases | wc -w) __GFP_NOFAIL faults cases) queued"
		boot_plan 2 stable main "$RUNNER -t $NOFAIL_LIMIT $cases"
		return
	fi
	# One-case boots, but not those this check leaves out.
	iso=$("$REPO/scripts/report.py" isolated "$v") || die "$v: report.py isolated failed"
	iso=$(echo "$iso" | grep -vxF -f "$RES/$v/left-out" | tr '\n' ' ') || true
	# Left out of the main boot: the isolated cases (a boot each), the
	# cases not run on this kernel (expected "none") and those above.
	skip=$(echo $iso $("$REPO/scripts/report.py" none "$v") $(cat "$RES/$v/left-out") | tr ' ' ,)
	# The series' test_vmalloc tests of the main boot, first.
	cases=$("$REPO/scripts/report.py" cases "$v" | grep -vxF -f "$RES/$v/left-out" |
		grep -vxF -f <(printf '%s\n' $iso) | tr '\n' ' ') || true
	mapfile -t tv < <(tv_plan "$v" $cases)
	log "$v/$CONFIG: main boot (${#tv[@]} series test_vmalloc command(s), test_vmalloc smoke, selftests) queued"
	boot_plan 1 "$v" main "${tv[@]}" "/tests/test_vmalloc.sh $SMOKE" \
		"$RUNNER${skip:+ -x $skip}" &
	# The atomic and vmalloc_huge cases once more with huge vmalloc
	# mappings enabled (not "nohugevmalloc"): the huge/ cases of
	# expected.txt, judged under those names.
	cases=$("$REPO/scripts/report.py" huge "$v" | tr '\n' ' ') ||
		die "$v: report.py huge failed"
	if [ -n "${cases// /}" ]; then
		log "$v/$CONFIG: huge boot ($(echo $cases | wc -w) cases, huge vmalloc mappings) queued"
		mapfile -t tv < <(tv_plan "$v" $cases)
		cases=$(not_tv "$v" $cases | tr '\n' ' ')
		EXTRA_CMDLINE=${EXTRA_CMDLINE#nohugevmalloc } MEM=1G BOOT_TIMEOUT=$ISO_TIMEOUT \
			boot_plan 2 "$v" huge "${tv[@]}" ${cases:+"$RUNNER $cases"} &
	fi
	if [ -n "${iso// /}" ]; then
		(
			n=0
			for c in $iso; do
				n=$((n + 1))
				log "$v/$CONFIG: isolated boot $n/$(echo $iso | wc -w): $c queued"
				case $c in
				test_vmalloc_*)
					MEM=1G BOOT_TIMEOUT=$ISO_TIMEOUT boot_plan 3 "$v" "iso-$c" \
						"$(tv_cmd "$v" "$c")"
					;;
				*_faults)
					# Expected to hang: the runner stops
					# it at HANG_LIMIT.
					BOOT_TIMEOUT=$((ISO_TIMEOUT + HANG_LIMIT)) \
						boot_plan 3 "$v" "iso-$c" "$RUNNER -t $HANG_LIMIT $c"
					;;
				*)
					# 1 GiB: one case, no fault injection;
					# boots faster.
					MEM=1G BOOT_TIMEOUT=$ISO_TIMEOUT boot_plan 3 "$v" "iso-$c" "$RUNNER $c"
					;;
				esac
			done
		) &
	fi
	# Stress (series only): upstream's test_vmalloc with a thread per
	# CPU, then the selftests' entry points from 2 threads per CPU with
	# mixed masks (half of them with fault injection), each for about
	# STRESS_SECS; leak checks and a kmemleak scan after. 'make stress'
	# runs it longer.
	if [ "$v" = series ] && [ "$STRESS_SECS" -gt 0 ]; then
		log "series/$CONFIG: stress boot, 2 vCPUs, 2 x ${STRESS_SECS} s, queued"
		BOOT_TIMEOUT=$((4 * STRESS_SECS + 600)) SMP=2 boot_plan 2 series stress \
			"/tests/stress_test_vmalloc.sh $STRESS_SECS $STRESS_TV" \
			"$RUNNER -s $STRESS_SECS" &
	fi
	wait
}

# BOOT_JOBS guests run at once (default: the CPU count; 1: one after
# another), over every check of this work directory (the arm64 part of
# make check shares the slots). Each kernel's boots start as soon as it
# is built, beside the builds, the bisect and the arm64 build that
# follow: on 2 cores nothing waits for the slowest part (make check's
# boots took 16 min 41 s alone, after every build, before). Each boot
# has its own files under $RES/KERNEL.
BOOT_JOBS=${BOOT_JOBS:-$(nproc)}
case $BOOT_JOBS in
''|*[!0-9]*|0) die "BOOT_JOBS must be a positive number, not '$BOOT_JOBS'" ;;
esac
export BOOT_JOBS
BOOT_PIDS=
# A run that stops (a build failed, ^C) takes its boots with it.
trap 'kill_tree $BOOT_PIDS' EXIT
for v in "$@"; do
	"$REPO/scripts/build.sh" "$v" "$CONFIG"
	"$REPO/scripts/initramfs.sh" "$v" "$CONFIG"
	boot_kernel "$v" &
	BOOT_PIDS="$BOOT_PIDS $!"
done
# The source tree is free: tell who waits for it (make check's arm64 part
# builds now, beside these boots), and wait until it is given back
# before the checks that build from it again (CHECK_TREE_WAIT).
if [ -n "${CHECK_TREE_DONE:-}" ]; then
	: >"$CHECK_TREE_DONE"
	if [ -n "$LATE" ] && [ -n "${CHECK_TREE_WAIT:-}" ]; then
		log "quality:$LATE: waiting for the source tree"
		while [ ! -e "$CHECK_TREE_WAIT" ]; do
			sleep 2
		done
	fi
fi
# shellcheck disable=SC2086
quality_run $LATE
log "boots: waiting for the boots of: $*"
# shellcheck disable=SC2086
wait $BOOT_PIDS
BOOT_PIDS=
trap - EXIT
# The reliability figures of every kernel, from the runners' KTAP comments.
for v in "$@"; do
	cat "$RES/$v"/*.ktap 2>/dev/null | awk -v k="$v" -v t="$(cat "$RES/$v"/*.status 2>/dev/null | wc -l)" '
		/^# faults: [0-9]+ failure points/ { pts += $3; calls += $6; nulls += $8; pt += $10; ptf += $16; sh += substr($19, 2) }
		/^# faults: [0-9]+ cases/ { cases += $3; inj += $5; leaks += $8 }
		/^# kmemleak: / { km += $3 }
		/^# stress: [0-9]+ threads/ { st = $3 " threads, " $5 " s, " $7 " calls, " $9 " NULL" }
		/^# stress: [0-9]+ s wall/ { st = st ", " $6 " failures injected, " $3 " s wall" }
		/^# stress_test_vmalloc: / { tv = $3 " loads, " $5 " " $6 " s" }
		END {
			printf "figures  %-7s faults: %d cases, %d failures injected (%d by the sweeps, %d of page tables, %d of them in the KASAN shadow), %d calls, %d NULL, %d page-table pages, %d leaking; kmemleak: %d objects",
				k, cases, inj, pts, ptf, sh, calls, nulls, pt, leaks, km
			if (st != "") printf "; stress: %s", st
			if (tv != "") printf "; test_vmalloc stress: %s", tv
			printf "\n"
		}'
done
# Each kernel's merged KTAP is read by the kernel's own parser too.
KUNIT_PY=$SRC/tools/testing/kunit/kunit.py "$REPO/scripts/report.py" judge "$RES" "$@"
