#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copy one benchmark run into benchmarks/results/ (the committed result
# set): its table, plot, raw data, metadata and every boot's output (the
# console logs stay in work/), then refresh the benchmark table of the
# cover letter and README.md from it (scripts/cover-letter.sh).
# Usage: bench-keep.sh [RESULTS_DIR]   (default: work/results/bench-latest)
. "$(dirname "$0")/lib.sh"

R=$(readlink -f "${1:-$WORK/results/bench-latest}")
[ -s "$R/table.md" ] && [ -s "$R/cover.txt" ] && [ -s "$R/ratio.png" ] ||
	die "$R is not a complete benchmark run (table.md, cover.txt, ratio.png)"
grep -q DIFFERENT "$R/repro.txt" && die "$R: a seed did not reproduce; not keeping it"
D=$REPO/benchmarks/results
rm -rf "$D"
mkdir -p "$D"
cp "$R"/{table.md,cover.txt,ratio.png,raw.csv,meta.txt,repro.txt,kvm.txt} "$D/"
cp "$R"/bloat-*.txt "$R"/size-*.txt "$D/"
# One plan: the others differ only in seed=.
plans=("$R"/plan-seed-*)
cp "${plans[0]}" "$D/"
(cd "$R" && find tcg $([ -d "$R/kvm" ] && echo kvm) -name '*.ktap') | while read -r f; do
	mkdir -p "$D/$(dirname "$f")"
	cp "$R/$f" "$D/$f"
done
echo "$(basename "$R")" >"$D/RUN"
"$REPO/scripts/cover-letter.sh"
log "bench-keep: $R -> benchmarks/results/ ($(du -sh "$D" | cut -f1)); cover letter and README refreshed"
