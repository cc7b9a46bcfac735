#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A test of the benchmark pipeline (make bench-smoke):
#  1. bad input (unknown case, zero or absurd counts, a kernel missing from
#     the comparison) stops scripts/bench.sh with an error line before
#     anything is built or a results directory is made;
#  2. a short run on stock and series (one seed, 21 calls per case) builds,
#     boots, passes every case, reproduces its seed exactly, and writes the
#     table and the plot.
# The figures of this short run are not a measurement: make (bench.sh)
# with its defaults is.
# Usage: bench-smoke.sh [input]   (input: part 1 only, seconds; make
# check's quality check "bench-input". The short run, about 6 minutes on
# a fresh 2-core machine, left make check to make room for arm64 in CI.)
. "$(dirname "$0")/lib.sh"

B=$REPO/scripts/bench.sh
fails=0

# runs: how many benchmark results directories exist (none is 0, not an
# error: a fresh clone has none).
runs() {
	local d n=0

	for d in "$WORK"/results/bench-2*; do
		[ -d "$d" ] && n=$((n + 1))
	done
	echo $n
}

# expect_error ENV|-- VARIANT...: bench.sh (with the environment settings
# before "--", the variants after it) must fail with "error: ..." and
# leave no results directory behind.
expect_error() {
	local out before after envs=()

	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	before=$(runs)
	if out=$(env "${envs[@]}" "$B" "$@" 2>&1); then
		echo "FAIL bench input ${envs[*]} $*: accepted" >&2
		fails=$((fails + 1))
		return
	fi
	after=$(runs)
	if ! echo "$out" | grep -q '^error: ' || [ "$before" != "$after" ]; then
		echo "FAIL bench input ${envs[*]} $*: no error line, or a results directory was made: $out" >&2
		fails=$((fails + 1))
		return
	fi
	log "bench-smoke: ${envs[*]} $* -> $(echo "$out" | grep -m1 '^error: ')"
}

expect_error BENCH_CASES=vmalloc_2p
expect_error BENCH_CASES=vmalloc_1p,,vmap_1p
expect_error LOOPS=0
expect_error LOOPS=1000000000000
expect_error LOOPS=ten
expect_error REPEAT=0
expect_error WARMUP=-1
expect_error SEEDS="1 1"
expect_error SEEDS="0"
expect_error SEEDS=" "
expect_error KVM_RUNS=1
expect_error TV_LOOPS=0
expect_error -- series control
expect_error -- stock control
expect_error -- stock series nosuch
[ $fails -eq 0 ] || die "bench-smoke: $fails bad input(s) not refused"
case ${1:-} in
input)
	log "bench-smoke: every bad input refused"
	exit 0
	;;
'') ;;
*) die "usage: bench-smoke.sh [input]" ;;
esac

log "bench-smoke: short run on stock and series"
SEEDS=1 LOOPS=21 WARMUP=4 TV_LOOPS=100 KVM_RUNS=2 BENCH_COMMAND="scripts/bench-smoke.sh" \
	"$B" stock series
R=$(readlink -f "$WORK/results/bench-latest")
[ -s "$R/table.md" ] && [ -s "$R/ratio.png" ] && [ -s "$R/raw.csv" ] ||
	die "bench-smoke: $R lacks table.md, ratio.png or raw.csv"
n=$(grep -c '^tcg,' "$R/raw.csv")
c=$(bench_cases | wc -l)
[ "$n" -eq $((2 * c)) ] || die "bench-smoke: $n results in $R/raw.csv, expected $((2 * c)) ($c cases x 2 kernels)"
grep -q DIFFERENT "$R/repro.txt" && die "bench-smoke: a seed did not reproduce: $(cat "$R/repro.txt")"
grep -q 'test_vmalloc' "$R/table.md" || die "bench-smoke: no test_vmalloc reference in $R/table.md"
log "bench-smoke: pass ($R)"
