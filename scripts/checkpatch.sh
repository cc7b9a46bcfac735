#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl --strict and codespell over the series, the control
# patches, the broken-check patch and the benchmark module; exits non-zero
# on any warning.
. "$(dirname "$0")/lib.sh"

[ -x "$SRC/scripts/checkpatch.pl" ] || die "no kernel tree at $SRC (run make fetch)"
rc=0
# From the kernel tree: run elsewhere, inside a git work tree with the
# patch files modified, checkpatch reads them as changes to those files.
cd "$SRC"
# The base tree is Debian's source imported as one commit, without
# upstream's history: checkpatch cannot look up the commit a Fixes: tag
# names there and warns UNKNOWN_COMMIT_ID for every one. The ids and
# titles of the series' Fixes: tags are upstream's (see each patch's
# Link:); everything else checkpatch checks about the tag still runs.
for p in $(variant_patches series) $(variant_patches control) \
	 $(variant_patches broken | grep /selftests/broken/); do
	out=$("$SRC/scripts/checkpatch.pl" --strict --no-tree -q \
		--ignore UNKNOWN_COMMIT_ID "$p" 2>&1) || rc=1
	if [ -n "$out" ]; then
		echo "$out"
		rc=1
	fi
	log "checkpatch: $(basename "$p"): ${out:+not }clean"
done
# The kernel C sources outside the series.
for f in "$REPO"/benchmarks/*.c; do
	out=$("$SRC/scripts/checkpatch.pl" --strict --no-tree -q -f "$f" 2>&1) || rc=1
	if [ -n "$out" ]; then
		echo "$out"
		rc=1
	fi
	log "checkpatch: ${f#"$REPO"/}: ${out:+not }clean"
done
if command -v codespell >/dev/null; then
	codespell "$REPO/mm-patches" "$REPO/selftests" "$REPO/benchmarks" \
		"$REPO/Documentation" "$REPO/README.md" || rc=1
fi
PATCHDIR=$REPO/mm-patches "$REPO/scripts/maintainers.sh" --check || rc=1
"$REPO/scripts/cover-letter.sh" --check || rc=1
exit $rc
