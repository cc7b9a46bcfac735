#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the series for other architectures with Debian's cross compilers:
# tinyconfig plus configs/cross/ARCH.config, vmlinux only. One O= tree per
# architecture from the one source path.
# Usage: cross-build.sh [VARIANT] [ARCH...]   (default: series, and every
# architecture below: those whose changed code a Debian 12 compiler builds)
. "$(dirname "$0")/lib.sh"

V=series
case "${1:-}" in stock|series|control) V=$1; shift ;; esac
ARCHES=${*:-arm64 arm i386 s390 mips parisc sh}

# arch_of ARCH: kernel ARCH and CROSS_COMPILE prefix.
arch_of() {
	case "$1" in
	arm64) echo "arm64 aarch64-linux-gnu-" ;;
	arm) echo "arm arm-linux-gnueabihf-" ;;
	i386) echo "i386 -" ;;
	mips) echo "mips mips64el-linux-gnuabi64-" ;;
	s390) echo "s390 s390x-linux-gnu-" ;;
	parisc) echo "parisc hppa64-linux-gnu-" ;;
	sh) echo "sh sh4-linux-gnu-" ;;
	*) die "unknown cross architecture '$1' (known: arm64 arm i386 s390 mips parisc sh)" ;;
	esac
}
for a in $ARCHES; do
	arch_of "$a" >/dev/null
	[ -f "$REPO/configs/cross/$a.config" ] || die "missing configs/cross/$a.config"
done
need_tools make ccache flex bison bc
lock_tree
"$REPO/scripts/variants.sh" "$V"
hold_head
git -C "$SRC" checkout -q --detach "$V"
OUT=$WORK/results/cross-$V
mkdir -p "$OUT"
: >"$OUT/summary"

progress() {
	log "cross/$a: $(grep -c '^  CC' "$OBJ/build.log") files compiled so far"
}

for a in $ARCHES; do
	read -r karch cross < <(arch_of "$a")
	[ "$cross" = - ] && cross=
	need_tools "${cross}gcc"
	ccache_check "${cross}gcc"
	OBJ=$BUILD/cross-$a-$V
	need_space "$BUILD" 2048 "the cross build tree of $a"
	FRAG=$REPO/configs/cross/$a.config
	M="make -C $SRC O=$OBJ ARCH=$karch CROSS_COMPILE=$cross"
	log "cross/$a: configure (tinyconfig + configs/cross/$a.config)"
	kconfig "$OBJ" "$FRAG" -- ARCH="$karch" CROSS_COMPILE="$cross" ||
		die "cross/$a: configuration failed, see $OBJ/config.log"
	lost=$(grep '^CONFIG_' "$FRAG" | while read -r l; do
		grep -qx "$l" "$OBJ/.config" || echo "$l"; done)
	[ -z "$lost" ] || die "cross/$a: options lost after olddefconfig: $(echo $lost)"
	t=$(date +%s)
	log "cross/$a: build vmlinux ($V, ${cross:-host }gcc, log: $OBJ/build.log)"
	rc=0
	ticker_start 60 progress
	$M -j"$(nproc)" CC="ccache ${cross}gcc" vmlinux >"$OBJ/build.log" 2>&1 || rc=$?
	ticker_stop
	s=$(( $(date +%s) - t ))
	if [ $rc -ne 0 ]; then
		grep -E 'error|Error' "$OBJ/build.log" | head -n 5 >&2 || true
		printf '%s\tFAILED\t%ss\n' "$a" "$s" >>"$OUT/summary"
		die "cross/$a: $V does not build, see $OBJ/build.log"
	fi
	warn=$(grep -c ': warning: ' "$OBJ/build.log" || true)
	lv=$(sed -n 's/^CONFIG_PGTABLE_LEVELS=//p' "$OBJ/.config")
	printf '%s\tok\t%ss\t%s warnings\t%s levels\t%s\n' "$a" "$s" "$warn" \
		"${lv:-?}" "$(${cross}gcc --version | head -n 1)" >>"$OUT/summary"
	log "cross/$a: $V builds (${s}s, $warn compiler warnings, ${lv:-?} page-table levels)"
done
log "cross: summary in $OUT/summary"
column -t -s "$(printf '\t')" "$OUT/summary" 2>/dev/null || cat "$OUT/summary"
