#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Refresh the generated parts of mm-patches/0000-cover-letter.patch (patch
# count, shortlog, diffstat, base-commit) from the series as it is; the
# subject and the text written by hand are kept.
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
if [ -n "$CHECK" ]; then
	cmp -s "$gen" "$COVER" ||
		die "mm-patches/0000-cover-letter.patch is stale (shortlog, diffstat or base-commit); run scripts/cover-letter.sh"
	log "cover letter: up to date"
else
	cp "$gen" "$COVER"
	log "cover letter: wrote $COVER"
fi
