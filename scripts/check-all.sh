#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: the x86_64 check (check.sh: the variants, the quality
# checks, every case), then, when series is among the variants, the arm64
# check of series (cross-built, booted under qemu-system-aarch64). The
# last line adds both up: "N passed, N failed, N skipped"; exit 0 only
# when every expectation of both held.
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

[ $# -gt 0 ] || set -- $VARIANTS_ALL
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
trap 'rm -rf "$OUT"' EXIT
P=0 F=0 S=0 rc=0

# stage NAME COMMAND...: run one check.sh, keep its verdict line.
stage() {
	local name=$1 t=$(date +%s) r=0 last

	shift
	"$@" 2>&1 | tee "$OUT/$name.log" || r=$?
	t=$(( $(date +%s) - t ))
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$OUT/$name.log" | tail -n 1) || true
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
	[ $r -eq 0 ] || rc=1
}

stage x86_64 "$REPO/scripts/check.sh" "$@"
case " $* " in
*" series "*)
	if [ "${ARM64:-1}" = 1 ]; then
		log "arm64: series, $ARM64_CONFIG, case set $ARM64_SET, no stress boot"
		# No ccache: nothing else is built with the cross compiler,
		# so on a fresh machine it would only add its preprocessor
		# pass to every file of this one cold build (make still
		# rebuilds only what changed).
		stage arm64 env HARCH=arm64 CHECK_CONFIG="$ARM64_CONFIG" \
			CHECK_SET="$ARM64_SET" STRESS_SECS=0 CCACHE_DISABLE=1 \
			"$REPO/scripts/check.sh" series
	fi
	;;
esac
cat "$OUT/summary" 2>/dev/null || true
echo "$P passed, $F failed, $S skipped"
exit $rc
