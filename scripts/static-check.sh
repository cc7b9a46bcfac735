#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Compiler warnings at W=1 and sparse warnings (C=2) in the C files the
# series changes, on stock and on series; fails on any warning that series
# has and stock has not (line numbers ignored). x86_64, bench config plus
# KASAN (so mm/kasan/shadow.c is compiled); arch/ files are left to the
# cross builds.
# Usage: static-check.sh
. "$(dirname "$0")/lib.sh"
[ "$HARCH" = x86_64 ] || die "static-check runs on x86_64 only, not ARCH=$HARCH"

need_tools gcc make ccache
lock_tree
ccache_check gcc
need_space "$BUILD" 1024 "the static-check build tree"
SPARSE=$("$REPO/scripts/sparse.sh")
"$REPO/scripts/variants.sh" stock series
hold_head

OBJ=$BUILD/static
OUT=$WORK/results/static
mkdir -p "$OBJ" "$OUT"
# KMSAN needs clang 17 or newer, which Debian 12 does not ship: its files
# cannot be compiled here with their config.
FILES=$(git -C "$SRC" diff --name-only base series -- '*.c' |
	grep -v -e '^arch/' -e '^mm/kmsan/' || true)
[ -n "$FILES" ] || die "the series changes no C file outside arch/"
log "static: not compiled here: $(git -C "$SRC" diff --name-only base series -- '*.c' |
	grep -e '^mm/kmsan/' | tr '\n' ' ')(KMSAN needs clang >= 17)"
# objs_of FILES...: the objects to build (mm/percpu-vm.c is compiled as
# part of mm/percpu.c).
objs_of() {
	echo "$@" | tr ' ' '\n' | sed -e 's,^mm/percpu-vm\.c$,mm/percpu.c,' -e 's/\.c$/.o/' | sort -u
}
# Files the series adds have no stock version: they must have no warning.
OLD_FILES=
for f in $FILES; do
	git -C "$SRC" cat-file -e "base:$f" 2>/dev/null && OLD_FILES="$OLD_FILES $f"
done

git -C "$SRC" checkout -q --detach base
log "static: configure (tinyconfig + base + bench + KASAN)"
kconfig "$OBJ" $(config_frags bench+kasan) ||
	die "static: configuration failed, see $OBJ/config.log"
grep -q '^CONFIG_KASAN_VMALLOC=y' "$OBJ/.config" || die "static: KASAN_VMALLOC not set"

for v in stock series; do
	git -C "$SRC" checkout -q --detach "$v"
	if [ "$v" = stock ]; then
		OBJS=$(objs_of $OLD_FILES)
	else
		OBJS=$(objs_of $FILES)
	fi
	log "static: $v: W=1 C=2 $(echo $OBJS)"
	# Force the objects to be rebuilt so every warning is printed again.
	for o in $OBJS; do rm -f "$OBJ/$o"; done
	make -C "$SRC" O="$OBJ" -j"$(nproc)" CC="ccache gcc" W=1 C=2 CHECK="$SPARSE" $OBJS \
		>"$OUT/$v.log" 2>&1 || die "static: $v: build failed, see $OUT/$v.log"
	grep -q 'specified, but .* not available' "$OUT/$v.log" &&
		die "static: $v: the kernel refused $SPARSE, see $OUT/$v.log"
	grep -q '^  CHECK ' "$OUT/$v.log" || die "static: $v: sparse did not run, see $OUT/$v.log"
	for f in $FILES; do
		grep -E "^([^ ]*/)?$f:[0-9]+:[0-9]+: (warning|error)" "$OUT/$v.log" || true
	done | sed -E 's/:[0-9]+:[0-9]+:/:/' | sort -u >"$OUT/$v.warnings"
	log "static: $v: $(wc -l <"$OUT/$v.warnings") distinct warnings in the changed files ($(grep -c '^  CHECK ' "$OUT/$v.log") files checked by sparse)"
done
comm -13 "$OUT/stock.warnings" "$OUT/series.warnings" >"$OUT/new.warnings"
if [ -s "$OUT/new.warnings" ]; then
	cat "$OUT/new.warnings" >&2
	die "static: the series adds $(wc -l <"$OUT/new.warnings") warning(s), see $OUT/"
fi
log "static: no new compiler (W=1) or sparse warning in: $(echo $FILES)"
