#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: the x86_64 check (check.sh: the variants, the quality
# checks, every case) and, when series is among the variants, the arm64
# check of series (cross-built, booted under qemu-system-aarch64): its
# build starts when the x86_64 builds and the bisect are done with the
# source tree, beside the x86_64 boots, and its boot shares their boot
# slots (BOOT_JOBS guests at once). The last line adds both up: "N
# passed, N failed, N skipped"; exit 0 only when every expectation of
# both held.
#
# The arm64 part is shorter, to keep make check within CI's 90 minutes on
# 2 cores: ARM64_CONFIG (default debug+faults: lockdep, fault injection,
# kmemleak; KASAN runs on x86_64), ARM64_SET (default quick: the faults
# cases of the kernel mask only), no stress boot. Every other case runs,
# against the same selftests/expected.txt. The full arm64 check, every
# case with KASAN and the stress boot: make check ARCH=arm64 VARIANTS=series.
#
# With ARCH (or HARCH) set, only that architecture's check.sh runs, in
# full. ARM64=0: no arm64 part.
# Usage: check-all.sh [VARIANT...]
if [ -n "${ARCH:-}${HARCH:-}" ]; then
	exec "$(dirname "$0")/check.sh" "$@"
fi
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || set -- $VARIANTS_ALL stable
ARM64_CONFIG=${ARM64_CONFIG:-debug+faults}
ARM64_SET=${ARM64_SET:-quick}
check_config "$ARM64_CONFIG"
case $ARM64_SET in
full | quick) ;;
*) die "ARM64_SET must be full or quick, not '$ARM64_SET'" ;;
esac
case ${ARM64:-1} in
0 | 1) ;;
*) die "ARM64 must be 0 or 1, not '$ARM64'" ;;
esac

OUT=$(mktemp -d)
x86='' a64=''
trap 'kill_tree $x86 $a64; rm -rf "$OUT"' EXIT
P=0 F=0 S=0 rc=0
# One lock for both parts: they share the source tree, one after the
# other, and the boot slots.
lock_tree

# run_stage NAME COMMAND...: run one check.sh, its output to the terminal
# and to OUT/NAME.log, its exit status and time to OUT/NAME.rc.
run_stage() {
	local name=$1 t=$(date +%s) r=0

	shift
	"$@" 2>&1 | tee "$OUT/$name.log" || r=$?
	echo "$r $(( $(date +%s) - t ))" >"$OUT/$name.rc"
}

# verdict NAME: add the stage's verdict line to the totals.
verdict() {
	local name=$1 r=1 t=0 last

	[ -f "$OUT/$name.rc" ] && read -r r t <"$OUT/$name.rc"
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$OUT/$name.log" 2>/dev/null | tail -n 1) || true
	if [ -z "$last" ]; then
		echo "FAIL check $name: ended without a verdict (exit $r)" | tee -a "$OUT/summary"
		F=$((F + 1))
		rc=1
		return
	fi
	echo "check $name: $last ($(( t / 60 )) min $(( t % 60 )) s)" >>"$OUT/summary"
	# shellcheck disable=SC2086
	set -- $last
	P=$((P + $1)) F=$((F + $3)) S=$((S + $5))
	[ "$r" -eq 0 ] || rc=1
}

arm64=0
case " $* " in
*" series "*) [ "${ARM64:-1}" = 0 ] || arm64=1 ;;
esac
# The source tree goes from one part to the other: the x86_64 check
# signals (CHECK_TREE_DONE) when its kernels are built; the arm64 part
# builds then, beside the x86_64 boots, and signals in turn when its
# kernel is built; the x86_64 check waits for that (CHECK_TREE_WAIT)
# before its bisect. Every boot of both parts shares the same boot slots.
rm -f "$OUT/tree-free" "$OUT/tree-back"
run_stage x86_64 env CHECK_TREE_DONE="$OUT/tree-free" CHECK_TREE_WAIT="$OUT/tree-back" \
	"$REPO/scripts/check.sh" "$@" &
x86=$!
a64=
if [ $arm64 = 1 ]; then
	while [ ! -e "$OUT/tree-free" ] && kill -0 $x86 2>/dev/null; do
		sleep 2
	done
	log "arm64: series, $ARM64_CONFIG, case set $ARM64_SET, no stress boot"
	run_stage arm64 env HARCH=arm64 CHECK_CONFIG="$ARM64_CONFIG" \
		CHECK_SET="$ARM64_SET" STRESS_SECS=0 CHECK_TREE_DONE="$OUT/tree-back" \
		"$REPO/scripts/check.sh" series &
	a64=$!
	while [ ! -e "$OUT/tree-back" ] && kill -0 $a64 2>/dev/null; do
		sleep 2
	done
fi
: >"$OUT/tree-back"
wait $x86 || true
[ -z "$a64" ] || wait $a64 || true
x86= a64=
verdict x86_64
[ $arm64 = 0 ] || verdict arm64
cat "$OUT/summary" 2>/dev/null || true
echo "$P passed, $F failed, $S skipped"
exit $rc
