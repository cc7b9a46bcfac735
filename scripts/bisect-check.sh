#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build every prefix of the series (x86_64, CONFIG, default bench): base,
# base + patch 1, base + patches 1-2, ... One O= tree and one source path,
# so make and ccache rebuild only what each patch touched. A prefix that
# does not build is named with its patch and its first errors.
# Usage: bisect-check.sh [CONFIG]
. "$(dirname "$0")/lib.sh"
[ "$HARCH" = x86_64 ] || die "bisect-check runs on x86_64 only, not ARCH=$HARCH"

C=${1:-bench}
check_config "$C"
need_tools gcc make ccache flex bison bc
lock_tree
ccache_check gcc
need_space "$BUILD" 2048 "the bisect build tree"
"$REPO/scripts/variants.sh" series

OBJ=$BUILD/bisect-$C
OUT=$WORK/results/bisect-$C
FRAGS=$(config_frags "$C")
KMAKE="make -C $SRC O=$OBJ -j$(nproc) CC=ccache\ gcc"
mkdir -p "$OBJ" "$OUT"
: >"$OUT/summary"

hold_head

configure() {
	git -C "$SRC" checkout -q --detach base
	if [ -f "$OBJ/.config" ] && [ "$(cat "$OBJ/.config.frags" 2>/dev/null)" = "$(cat $FRAGS | sha1sum)" ]; then
		return
	fi
	log "bisect/$C: configure (tinyconfig + base + $C)"
	kconfig "$OBJ" $FRAGS || die "bisect/$C: configuration failed, see $OBJ/config.log"
	cat $FRAGS | sha1sum >"$OBJ/.config.frags"
}

progress() {
	log "bisect/$C: $NAME: $(grep -c '^  CC' "$OUT/$N.log") files compiled so far"
}

configure
mapfile -t COMMITS < <(echo base; git -C "$SRC" rev-list --reverse base..series)
TOTAL=$(( ${#COMMITS[@]} - 1 ))
for i in "${!COMMITS[@]}"; do
	c=${COMMITS[$i]}
	N=$(printf '%02d' "$i")
	git -C "$SRC" checkout -q --detach "$c"
	if [ "$i" -eq 0 ]; then
		NAME="base (v7.3.4)"
	else
		NAME="patch $i/$TOTAL $(git -C "$SRC" log -1 --format=%s)"
	fi
	t=$(date +%s)
	log "bisect/$C: $NAME: build"
	rc=0
	ticker_start 60 progress
	eval "$KMAKE vmlinux modules" >"$OUT/$N.log" 2>&1 || rc=$?
	ticker_stop
	s=$(( $(date +%s) - t ))
	files=$(grep -c '^  CC' "$OUT/$N.log" || true)
	# Compiler warnings of this prefix, for the record.
	warn=$(grep -c ': warning: ' "$OUT/$N.log" || true)
	printf '%s\t%s\t%ss\t%s files\t%s warnings\t%s\n' "$N" \
		"$([ $rc -eq 0 ] && echo ok || echo FAILED)" "$s" "$files" "$warn" "$NAME" >>"$OUT/summary"
	if [ $rc -ne 0 ]; then
		grep -E 'error|Error' "$OUT/$N.log" | head -n 5 >&2 || true
		die "bisect/$C: $NAME does not build, see $OUT/$N.log"
	fi
	log "bisect/$C: $NAME: ok in ${s}s ($files files compiled, $warn warnings)"
	[ "$i" -eq 0 ] && cp "$OBJ/vmlinux" "$OUT/vmlinux-base"
done
cp "$OBJ/vmlinux" "$OUT/vmlinux-series"
log "bisect/$C: every prefix of the series builds ($TOTAL patches); summary: $OUT/summary"
# Text size, v7.3.4 to the full series, same config and compiler.
"$SRC/scripts/bloat-o-meter" -t "$OUT/vmlinux-base" "$OUT/vmlinux-series" >"$OUT/bloat-o-meter.txt" 2>&1 ||
	die "bisect/$C: bloat-o-meter failed, see $OUT/bloat-o-meter.txt"
log "bisect/$C: text, v7.3.4 -> series: $(tail -n 1 "$OUT/bloat-o-meter.txt")"
