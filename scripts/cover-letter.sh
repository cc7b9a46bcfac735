#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Refresh the generated parts of mm-patches/0000-cover-letter.patch (patch
# count, shortlog, diffstat, base-commit) from the series as it is, and the
# benchmark table of the letter and README.md's short one from the
# committed result set; the subject and the text written by hand are kept.
#   cover-letter.sh [BODYFILE]   BODYFILE: subject on line 1, then the text
#                                (only to create or replace the text)
#   cover-letter.sh --check      fail if the generated parts are stale
. "$(dirname "$0")/lib.sh"

COVER=$REPO/mm-patches/0000-cover-letter.patch
CHECK=
[ "${1:-}" = --check ] && { CHECK=1; shift; }
lock_tree
"$REPO/scripts/variants.sh" series
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -n "${1:-}" ]; then
	subject=$(head -n 1 "$1")
	tail -n +3 "$1" >"$tmp/body"
else
	[ -f "$COVER" ] || die "no $COVER yet: give a body file"
	subject=$(sed -n 's/^Subject: \[PATCH [0-9]*\/[0-9]*\] //p' "$COVER")
	# The text: after the Subject header's blank line, up to the shortlog.
	awk 'state == 0 && /^Subject: / { state = 1; next }
	     state == 1 && /^$/ { state = 2; next }
	     state == 2 && /^vmalloc-gfp \([0-9]+\):$/ { exit }
	     state == 2 { print }' "$COVER" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$tmp/body"
fi
[ -n "$subject" ] || die "no subject for the cover letter"

git -C "$SRC" format-patch -q --cover-letter --base=base -o "$tmp/out" base..series
gen=$tmp/out/0000-cover-letter.patch
# The benchmark table (benchmarks/results/cover.txt, written by
# scripts/bench-report.py) replaces the block of the same first line, up
# to the next blank line, in the letter and in README.md.
BENCH=$REPO/benchmarks/results/cover.txt
splice() {
	python3 - "$1" "$BENCH" <<'PY'
import sys
path, table = sys.argv[1], open(sys.argv[2]).read().rstrip('\n').split('\n')
lines = open(path).read().split('\n')
if table[0] not in lines:
    sys.exit('error: %s has no benchmark table starting "%s"' % (path, table[0].strip()))
i = lines.index(table[0])
j = i
while j < len(lines) and lines[j].strip():
    j += 1
lines[i:j] = table
open(path, 'w').write('\n'.join(lines))
PY
}
# README.md's short table: the cases of README_CASES from the same set,
# as Markdown, with the significance from benchmarks/results/table.md;
# it replaces the block under its header row, up to the next blank line.
README_CASES="vmalloc_1p vmalloc_64p __vmalloc_nofs __vmalloc_nowait vmalloc_newpt kvmalloc_nofs vm_map_ram_16p percpu_kernel"
readme_table() {
	python3 - "$1" "$BENCH" "$REPO/benchmarks/results/table.md" $README_CASES <<'PY'
import re
import sys
path, bench, tablemd, cases = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
head = "| case | v7.3.4 | series | control | series - v7.3.4 | significant (Welch, 5%) |"
rows = {}
for line in open(bench).read().split('\n')[1:]:
    f = line.split()
    if len(f) == 6:
        rows[f[0]] = f[1:]
sig = {}
for line in open(tablemd):
    m = re.match(r'^\| (\S+) \|.*\| (\*\*yes\*\*|no) \(p=[0-9.]+\) \|$', line)
    if m and m.group(1) not in sig:
        sig[m.group(1)] = 'yes' if m.group(2).startswith('**') else 'no'
out = [head, "|---|---:|---:|---:|---:|---|"]
for c in cases:
    if c not in rows:
        sys.exit('error: case %s is not in %s' % (c, bench))
    st, se, co, d, pct = rows[c]
    out.append("| `%s` | %s | %s | %s | %s (%s) | %s |" % (c, st, se, co, d, pct, sig.get(c, '?')))
lines = open(path).read().split('\n')
if head not in lines:
    sys.exit('error: %s has no fast-path table starting "%s"' % (path, head))
i = lines.index(head)
j = i
while j < len(lines) and lines[j].strip():
    j += 1
lines[i:j] = out
open(path, 'w').write('\n'.join(lines))
PY
}
if [ -f "$BENCH" ]; then
	splice "$tmp/body" || die "cover letter: no benchmark table to refresh"
	cp "$REPO/README.md" "$tmp/README.md"
	readme_table "$tmp/README.md" || die "README.md: no fast-path table to refresh"
fi

python3 - "$gen" "$subject" "$tmp/body" <<'PY'
import sys
gen, subject, body = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().rstrip('\n')
s = open(gen).read()
s = s.replace('*** SUBJECT HERE ***', subject, 1)
s = s.replace('*** BLURB HERE ***', body, 1)
# A fixed date: the letter changes only when its content does.
import re
s = re.sub(r'^Date: .*$', 'Date: Thu, 1 Jan 2026 00:00:00 +0000', s, count=1, flags=re.M)
s = re.sub(r'^From [0-9a-f]{40} ', 'From 0000000000000000000000000000000000000000 ', s, count=1, flags=re.M)
open(gen, 'w').write(s)
PY
# The To:/Cc: headers: the union of the patches' (scripts/maintainers.sh).
PATCHDIR=$REPO/mm-patches "$REPO/scripts/maintainers.sh" --cover "$gen"
if [ -n "$CHECK" ]; then
	cmp -s "$gen" "$COVER" ||
		die "mm-patches/0000-cover-letter.patch is stale (shortlog, diffstat, base-commit or benchmark table); run scripts/cover-letter.sh"
	[ ! -f "$BENCH" ] || cmp -s "$tmp/README.md" "$REPO/README.md" ||
		die "README.md's fast-path table differs from benchmarks/results/cover.txt; run scripts/cover-letter.sh"
	log "cover letter: up to date"
else
	cp "$gen" "$COVER"
	[ ! -f "$BENCH" ] || cp "$tmp/README.md" "$REPO/README.md"
	log "cover letter: wrote $COVER"
fi
