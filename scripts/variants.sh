#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make the variant branches in the one source tree:
#   stock   = base
#   series  = base + mm-patches/series (git am, in order)
#   control = base + selftests/control/series (test-only, never upstream)
#   stable  = base + the first patch of mm-patches/series (the stable fix)
# A variant is re-made only when its patches or the base changed. A patch
# that does not apply is named with its failing hunk, and the tree is left
# as it was.
# Usage: variants.sh [VARIANT...]
. "$(dirname "$0")/lib.sh"

STAMPS=$TREE/variants

stamp_of() {
	{
		git -C "$SRC" rev-parse base
		variant_patches "$1" | while read -r p; do
			[ -f "$p" ] || die "variant $1: missing patch $p"
			sha1sum <"$p"
		done
	} | sha1sum | cut -d' ' -f1
}

# report_am_failure VARIANT LOG: name the patch and the hunk, then die.
report_am_failure() {
	local v=$1 amlog=$2 n patch hunk

	n=$(sed -n 's/^Patch failed at \([0-9]*\) .*/\1/p' "$amlog" | head -n 1)
	n=$((10#${n:-1}))
	patch=$(variant_patches "$v" | sed -n "${n}p")
	hunk=$(grep -E '^error: (patch failed|.*(does not apply|does not exist|already exists))' "$amlog" |
		head -n 1 | sed 's/^error: //')
	git -C "$SRC" am --abort >/dev/null 2>&1 || true
	git -C "$SRC" checkout -q "$ORIG_HEAD"
	die "variant $v: patch $(basename "$patch") does not apply: ${hunk:-see $amlog}"
}

make_variant() {
	local v=$1 stamp amlog patches

	stamp=$(stamp_of "$v")
	if git -C "$SRC" rev-parse --verify -q "refs/heads/$v" >/dev/null &&
	   [ "$(cat "$STAMPS/$v" 2>/dev/null)" = "$stamp" ]; then
		log "variants: $v up to date ($(git -C "$SRC" rev-parse --short "$v"))"
		return
	fi
	patches=$(variant_patches "$v")
	if [ -z "$patches" ]; then
		git -C "$SRC" branch -f "$v" base
		[ "$v" = series ] &&
			log "variants: mm-patches/series is empty: series equals stock"
	else
		git -C "$SRC" diff --quiet HEAD ||
			die "source tree $SRC has local changes; commit or reset them"
		amlog=$TREE/am-$v.log
		ORIG_HEAD=$(git -C "$SRC" symbolic-ref -q --short HEAD ||
			git -C "$SRC" rev-parse HEAD)
		git -C "$SRC" am --abort >/dev/null 2>&1 || true
		git -C "$SRC" checkout -q --detach base
		# shellcheck disable=SC2086
		git -C "$SRC" am --committer-date-is-author-date $patches >"$amlog" 2>&1 ||
			report_am_failure "$v" "$amlog"
		git -C "$SRC" branch -f "$v" HEAD
	fi
	mkdir -p "$STAMPS"
	echo "$stamp" >"$STAMPS/$v"
	log "variants: $v = base + $(echo "$patches" | grep -c . || true) patch(es) ($(git -C "$SRC" rev-parse --short "$v"))"
}

[ $# -gt 0 ] || set -- $VARIANTS_ALL
for v in "$@"; do
	check_variant "$v"
done
git -C "$SRC" rev-parse --verify -q base >/dev/null || die "no source tree at $SRC (run scripts/fetch.sh)"
lock_tree
for v in "$@"; do
	make_variant "$v"
done
