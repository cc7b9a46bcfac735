#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job: build stock, series and control in the bench config, run
# benchmarks/vmalloc_bench.ko and upstream's test_vmalloc.ko (performance
# mode) on each under deterministic QEMU TCG (instructions per operation)
# for every seed, boot the first seed again to check that it reproduces,
# measure the text size (bloat-o-meter), measure wall-clock time on KVM
# where a probe boot works, and print the comparison table.
#
# Usage: bench.sh [VARIANT...]   (default: stock series control)
# Environment (make variables of the same names):
#   SEEDS="1 2 ... 10" starting states, the same for every kernel (at least 5)
#   LOOPS=1001         timed calls per case and boot (1-100000)
#   REPEAT=1           passes over the cases per boot (1-100)
#   WARMUP=16          untimed calls before each case (0-10000)
#   BENCH_CASES=       comma-separated cases (default: all)
#   TV_LOOPS=1000      test_vmalloc.ko test_loop_count (1-1000000)
#   TV_MASK=7          test_vmalloc.ko run_test_mask (its first three tests)
#   KVM_RUNS=10        wall-clock boots per kernel where KVM works (2-100)
# Results: $WORK/results/bench-DATE/ (table.md, ratio.png, raw.csv, logs).
. "$(dirname "$0")/lib.sh"
[ "$HARCH" = x86_64 ] || die "bench runs on x86_64 only, not ARCH=$HARCH"

SEEDS=${SEEDS:-1 2 3 4 5 6 7 8 9 10}
LOOPS=${LOOPS:-1001}
REPEAT=${REPEAT:-1}
WARMUP=${WARMUP:-16}
BENCH_CASES=${BENCH_CASES:-}
TV_LOOPS=${TV_LOOPS:-1000}
TV_MASK=${TV_MASK:-7}
KVM_RUNS=${KVM_RUNS:-10}
PY=/usr/bin/python3

# ---- Bad input: a clear error before anything is fetched or built. ----
[ $# -gt 0 ] || set -- $VARIANTS_ALL
for v in "$@"; do
	check_variant "$v"
done
case " $* " in *" stock "*) ;; *) die "the comparison needs stock (VARIANTS='$*')" ;; esac
case " $* " in *" series "*) ;; *) die "the comparison needs series (VARIANTS='$*')" ;; esac
[ "$(printf '%s\n' "$@" | sort | uniq -d)" = "" ] || die "a variant is named twice (VARIANTS='$*')"

# int_in NAME VALUE MIN MAX
int_in() {
	case "$2" in
	''|*[!0-9]*) die "$1='$2': not a number ($3-$4)" ;;
	esac
	[ ${#2} -le 9 ] && [ "$2" -ge "$3" ] && [ "$2" -le "$4" ] ||
		die "$1=$2: out of range ($3-$4)"
}
int_in LOOPS "$LOOPS" 1 100000
int_in REPEAT "$REPEAT" 1 100
int_in WARMUP "$WARMUP" 0 10000
int_in TV_LOOPS "$TV_LOOPS" 1 1000000
int_in TV_MASK "$TV_MASK" 0 8191
int_in KVM_RUNS "$KVM_RUNS" 2 100
[ -n "${SEEDS//[[:space:]]/}" ] || die "SEEDS has no seed"
for s in $SEEDS; do
	int_in "a seed in SEEDS" "$s" 1 999999
done
[ "$(printf '%s\n' $SEEDS | sort | uniq -d)" = "" ] || die "a seed is named twice (SEEDS='$SEEDS')"
[ "$(echo $SEEDS | wc -w)" -ge 5 ] ||
	log "bench: WARNING: $(echo $SEEDS | wc -w) seed(s); the report needs at least 5 for its spread and t-test"
# The cases the module knows, from its source (one table, no second list).
KNOWN=$(bench_cases)
[ -n "$KNOWN" ] || die "no case table found in benchmarks/vmalloc_bench.c"
for c in ${BENCH_CASES//,/ }; do
	echo "$KNOWN" | grep -qx -- "$c" ||
		die "unknown case '$c' in BENCH_CASES (known: $(echo $KNOWN))"
done
case "$BENCH_CASES" in ,*|*,|*,,*) die "BENCH_CASES='$BENCH_CASES': empty case name" ;; esac

# ---- Kernels. ----
lock_tree
"$REPO/scripts/deps.sh"
need_tools gnuplot qemu-system-x86_64
$PY -c 'import scipy.stats' 2>/dev/null || die "$PY has no scipy (install python3-scipy)"
"$REPO/scripts/fetch.sh"
"$REPO/scripts/variants.sh" "$@"
for v in "$@"; do
	"$REPO/scripts/build.sh" "$v" bench
	"$REPO/scripts/initramfs.sh" "$v" bench
done

RES=$WORK/results/bench-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$RES"
ln -sfn "$(basename "$RES")" "$WORK/results/bench-latest"
log "bench: results in $RES"

# ---- What produced the figures. ----
{
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "command: ${BENCH_COMMAND:-scripts/bench.sh $*} (SEEDS=\"$SEEDS\" LOOPS=$LOOPS REPEAT=$REPEAT WARMUP=$WARMUP BENCH_CASES=\"$BENCH_CASES\" TV_LOOPS=$TV_LOOPS TV_MASK=$TV_MASK)"
	echo "repo: $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)"
	for v in "$@"; do
		obj=$(objdir "$v" bench)
		echo "kernel $v: $(make -s -C "$SRC" kernelversion) at $(git -C "$SRC" rev-parse --short=12 "$(cat "$obj/commit")"), base + $(variant_patches "$v" | grep -c . || true) patch(es)"
	done
	echo "config: tinyconfig + configs/base.config + configs/bench.config (x86_64, -O2, no lockdep, no DEBUG_VM, no KASAN)"
	echo "compiler: $(gcc --version | head -n 1)"
	echo "emulator: $(qemu-system-x86_64 --version | head -n 1)"
	echo "machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")"
	echo "guest: -accel tcg -icount shift=0,sleep=off -cpu qemu64 -smp 1 -m 1G, -rtc base=2026-01-01 + (seed - 1) days,clock=vm; cmdline nokaslr nohugevmalloc"
	echo "seeds: $SEEDS"
	echo "loops: $LOOPS"
	echo "repeat: $REPEAT"
	echo "variants: $*"
	echo "tv: test_loop_count=$TV_LOOPS, run_test_mask=$TV_MASK"
} >"$RES/meta.txt"

# ---- Text size. ----
STOCK_VMLINUX=$(objdir stock bench)/vmlinux
for v in "$@"; do
	[ "$v" = stock ] && continue
	"$SRC/scripts/bloat-o-meter" -t "$STOCK_VMLINUX" "$(objdir "$v" bench)/vmlinux" >"$RES/bloat-$v.txt" ||
		die "bloat-o-meter stock -> $v failed"
	size "$STOCK_VMLINUX" "$(objdir "$v" bench)/vmlinux" >"$RES/size-$v.txt"
done

# ---- Boots. ----
# last_case CONSOLE: the benchmark case a running boot is at.
last_case() {
	local l

	l=$(grep -ao 'vmalloc_bench: \(not \)\?ok [0-9]* [^ ]*\|test_vmalloc\|Summary: [a-z_]*' "$1" 2>/dev/null | tail -n 1 |
		sed 's/^vmalloc_bench: //')
	echo "${l:-booting}"
}

boot_progress() {
	log "bench: $BOOT_WHAT: after $(last_case "$BOOT_CON")"
}

# boot_one VARIANT DIR NAME PLAN WHAT: one boot, dies with its logs named.
boot_one() {
	local v=$1 dir=$2 name=$3 plan=$4 status

	BOOT_WHAT=$5
	BOOT_CON=$dir/$name.console.log
	log "bench: $BOOT_WHAT: boot"
	ticker_start 5 boot_progress
	status=$("$REPO/scripts/boot.sh" "$v" bench "$dir" "$name" "$plan") || true
	ticker_stop
	case "$status" in
	DONE*) ;;
	*) die "bench: $BOOT_WHAT: ${status:-boot failed}; console log: $BOOT_CON, output: $dir/$name.ktap" ;;
	esac
	grep -q '^not ok\|load failed' "$dir/$name.ktap" &&
		die "bench: $BOOT_WHAT: a case failed, see $dir/$name.ktap and $BOOT_CON"
	log "bench: $BOOT_WHAT: done, $(grep -c '^result ' "$dir/$name.ktap") results"
}

# plan SEED CLOCK
plan() {
	echo "/tests/vmalloc_bench.sh seed=$1 clock=$2 loops=$LOOPS repeat=$REPEAT warmup=$WARMUP${BENCH_CASES:+ cases=$BENCH_CASES}"
	[ "$TV_MASK" = 0 ] || echo "/tests/test_vmalloc.sh sequential_test_order=1 nr_threads=1 test_repeat_count=1 test_loop_count=$TV_LOOPS run_test_mask=$TV_MASK"
}

export EXTRA_CMDLINE="nohugevmalloc"
export DETERMINISTIC=1 SMP=1
NS=$(echo $SEEDS | wc -w)
i=0
for s in $SEEDS; do
	i=$((i + 1))
	plan "$s" cycles >"$RES/plan-seed-$s"
	for v in "$@"; do
		mkdir -p "$RES/tcg/$v"
		RTC_BASE=$(date -u -d "2026-01-01 +$((s - 1)) days" +%Y-%m-%dT00:00:00) \
			boot_one "$v" "$RES/tcg/$v" "seed-$s" "$RES/plan-seed-$s" \
			"seed $s ($i/$NS), $v"
	done
done

# The same seed twice must print the same numbers.
s=${SEEDS%% *}
: >"$RES/repro.txt"
for v in "$@"; do
	RTC_BASE=$(date -u -d "2026-01-01 +$((s - 1)) days" +%Y-%m-%dT00:00:00) \
		boot_one "$v" "$RES/tcg/$v" "seed-$s-again" "$RES/plan-seed-$s" \
		"seed $s again (reproducibility), $v"
	a=$(grep '^result \|^# .*_test passed' "$RES/tcg/$v/seed-$s.ktap")
	b=$(grep '^result \|^# .*_test passed' "$RES/tcg/$v/seed-$s-again.ktap")
	if [ "$a" = "$b" ]; then
		echo "$v: seed $s booted twice: identical ($(echo "$a" | wc -l) result lines)" >>"$RES/repro.txt"
	else
		echo "$v: seed $s booted twice: DIFFERENT ($(diff <(echo "$a") <(echo "$b") | grep -c '^>') of $(echo "$a" | wc -l) result lines)" >>"$RES/repro.txt"
	fi
done
unset DETERMINISTIC RTC_BASE

# ---- Wall clock on KVM, only where a probe boot of stock reaches init. ----
kvm_runs() {
	local v r dir

	if [ ! -e /dev/kvm ]; then
		echo "not measured on this machine: /dev/kvm does not exist" >"$RES/kvm.txt"
		return
	fi
	echo true >"$RES/plan-probe"
	mkdir -p "$RES/kvm"
	if ! ACCEL=kvm BOOT_TIMEOUT=60 "$REPO/scripts/boot.sh" stock bench "$RES/kvm" probe "$RES/plan-probe" >/dev/null 2>&1; then
		echo "not measured on this machine: a KVM probe boot of stock did not reach init within 60 s (log: kvm/probe.console.log; a PVM host hangs this way)" >"$RES/kvm.txt"
		return
	fi
	plan 0 ns >"$RES/plan-kvm"
	for r in $(seq 1 "$KVM_RUNS"); do
		for v in "$@"; do
			dir=$RES/kvm/$v
			mkdir -p "$dir"
			ACCEL=kvm SMP=1 QEMU_PIN="taskset -c $(($(nproc) - 1))" \
				boot_one "$v" "$dir" "run-$r" "$RES/plan-kvm" "KVM run $r/$KVM_RUNS, $v"
		done
	done
	echo "measured: $KVM_RUNS boots per kernel, KVM, one vCPU pinned to host CPU $(($(nproc) - 1)), clock=ns" >"$RES/kvm.txt"
}
kvm_runs "$@"
log "bench: KVM: $(cat "$RES/kvm.txt")"

# ---- Report. ----
$PY "$REPO/scripts/bench-report.py" "$RES" || die "bench: the report failed ($RES)"
cat "$RES/table.md"
log "bench: table $RES/table.md"
log "bench: plot $RES/ratio.png"
log "bench: raw data $RES/raw.csv, logs $RES/tcg/"
