#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The To: and Cc: headers of the series' patches, from the kernel's own
# scripts/get_maintainer.pl on v7.3.4 with the series applied up to each
# patch: To: the maintainers of the files it touches, Cc: their
# reviewers and lists, linux-mm and linux-kernel always. The cover
# letter gets the union (To: every patch's To:, Cc: the rest).
#   maintainers.sh               rewrite the headers in place
#   maintainers.sh --check       fail, naming the patch, if one is stale
#   maintainers.sh --cover FILE  give FILE, a cover letter, the union
#                                and nothing else (scripts/cover-letter.sh
#                                on the letter it generates)
# PATCHDIR: the series directory (default: mm-patches/).
. "$(dirname "$0")/lib.sh"

PATCHDIR=${PATCHDIR:-$REPO/mm-patches}
case "$PATCHDIR" in /*) ;; *) PATCHDIR=$PWD/$PATCHDIR ;; esac
COVER=$PATCHDIR/0000-cover-letter.patch
# Always on Cc: (the series is an mm series).
ALWAYS_CC="linux-mm@kvack.org linux-kernel@vger.kernel.org"

MODE=rewrite
case "${1:-}" in
"") ;;
--check) MODE=check ;;
--cover)
	MODE=cover
	[ -f "${2:-}" ] || die "maintainers.sh --cover: no cover letter '${2:-}'"
	COVER=$2
	;;
*) die "usage: maintainers.sh [--check | --cover FILE]" ;;
esac

[ -f "$PATCHDIR/series" ] || die "no series file $PATCHDIR/series"
PATCHES=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$PATCHDIR/series" | grep . || true)
[ -n "$PATCHES" ] || die "$PATCHDIR/series lists no patches"
for p in $PATCHES; do
	[ -f "$PATCHDIR/$p" ] || die "$PATCHDIR/series lists $p, which is missing"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# show FILE: a path for messages, relative to the repository if inside.
show() {
	echo "${1#"$REPO"/}"
}

# addr ADDRESS: the bare address, lower case, for comparisons.
addr() {
	local a=${1##*<}

	a=${a%>*}
	echo "${a,,}"
}

# set_headers PATCH LIST OUT: PATCH with its To:/Cc: headers (and their
# continuation lines) replaced by LIST's ("To<TAB>address" lines, To
# first), written as git format-patch --to/--cc writes them: last in
# the header block, one address a line, joined by ",\n    ".
set_headers() {
	awk -F '\t' -v list="$2" '
		function flush(h,   i) {
			for (i = 1; i <= n[h]; i++)
				print (i == 1 ? h ": " : "    ") a[h, i] (i < n[h] ? "," : "")
		}
		BEGIN { while ((getline l < list) > 0) {
				split(l, f, "\t")
				a[f[1], ++n[f[1]]] = f[2]
			} }
		!body && /^$/ { flush("To"); flush("Cc"); body = 1; print; next }
		!body && /^[^ \t]/ { skip = tolower($0) ~ /^(to|cc):/ }
		!body && skip { next }
		{ print }
		END { exit !body }' "$1" >"$3" || die "$(show "$1"): no blank line ends its mail headers"
}

# union LIST...: the cover letter's headers from the patches' lists: every
# To: once, in order, then every Cc: that is not a To:.
union() {
	local seen=" " h k v a

	for h in To Cc; do
		while IFS=$'\t' read -r k v; do
			[ "$k" = "$h" ] || continue
			a=$(addr "$v")
			case "$seen" in *" $a "*) continue ;; esac
			seen="$seen$a "
			printf '%s\t%s\n' "$h" "$v"
		done < <(cat "$@")
	done
}

[ -f "$SRC/scripts/get_maintainer.pl" ] || die "no kernel tree at $SRC (run make fetch)"
git -C "$SRC" rev-parse -q --verify 'base^{commit}' >/dev/null ||
	die "no branch base (v7.3.4) in $SRC (run make fetch)"

# "With the patch applied": a patch may add F: lines to MAINTAINERS, so each patch
# is matched against base's MAINTAINERS plus the MAINTAINERS hunks of
# the patches up to and including it. New files need nothing more: F:
# patterns match by path.
# The options: MAINTAINERS only, nothing that depends on git history,
# the clone or the user, so that --check gives the same on every clone:
#   --no-git --no-git-fallback  no commit signers (Debian's base has no
#                               history; a KSRC clone would have some)
#   --no-fixes                  no authors of the commits Fixes: names,
#                               for the same reason
#   --no-keywords               K: patterns match the whole patch text,
#                               the commit message included: "riscv" or
#                               "csky" in a sentence pulls in those
#                               architectures' maintainers and lists,
#                               "clang" the LLVM people. Routing is by
#                               the files touched, the F: patterns.
#   --roles --no-rolestats      the role of each address, to split them
#   HOME=$tmp                   no ~/.get_maintainer.conf or .ignore
# get_maintainer.pl runs in $SRC: it resolves F: directories there (the
# series adds none, so any variant checked out there will do).
GM_OPTS="--no-git --no-git-fallback --no-fixes --no-keywords --roles --no-rolestats --no-substatus"
mkdir -p "$tmp/m0" "$tmp/gm" "$tmp/new"
git -C "$SRC" show base:MAINTAINERS >"$tmp/m0/MAINTAINERS"
maint=$tmp/m0/MAINTAINERS
i=0
pids=
for p in $PATCHES; do
	i=$((i + 1))
	if grep -q '^diff --git a/MAINTAINERS b/MAINTAINERS$' "$PATCHDIR/$p"; then
		mkdir -p "$tmp/m$i"
		cp "$maint" "$tmp/m$i/MAINTAINERS"
		git -C "$tmp/m$i" init -q
		git -C "$tmp/m$i" apply --include=MAINTAINERS "$PATCHDIR/$p" 2>"$tmp/m$i/err" ||
			die "$p: its MAINTAINERS hunk does not apply: $(head -n 1 "$tmp/m$i/err")"
		maint=$tmp/m$i/MAINTAINERS
	fi
	# One process a patch, all at once: 0.2-0.7 s each.
	# shellcheck disable=SC2086
	# PERL_HASH_SEED=0: get_maintainer.pl orders some addresses by
	# hash order, which perl randomizes per run (the two lists of
	# lib/test_vmalloc.c came out in either order).
	(cd "$SRC" && HOME=$tmp PERL_HASH_SEED=0 PERL_PERTURB_KEYS=0 exec perl scripts/get_maintainer.pl $GM_OPTS \
		--mpath "$maint" "$PATCHDIR/$p" </dev/null >"$tmp/gm/$p" 2>"$tmp/gm/$p.err") &
	pids="$pids $!"
done
for pid in $pids; do
	wait "$pid" || die "get_maintainer.pl failed on a patch: $(cat "$tmp"/gm/*.err | head -n 1)"
done

# Split by role: To: maintainers (M:; older get_maintainer.pl called
# some of them supporter or odd fixer), Cc: reviewers (R:) and lists
# (L:). An address comes once, with the role of its first section.
for p in $PATCHES; do
	[ ! -s "$tmp/gm/$p.err" ] || die "get_maintainer.pl on $p: $(head -n 1 "$tmp/gm/$p.err")"
	: >"$tmp/$p.to"
	: >"$tmp/$p.cc"
	while IFS= read -r line; do
		# The role may hold parentheses of its own
		# ("maintainer:TENSILICA XTENSA PORT (xtensa)").
		[[ "$line" =~ ^(.*[^ ])\ \(((maintainer|supporter|odd\ fixer|chief\ penguin|reviewer|open\ list|moderated\ list|subscriber\ list).*)\)$ ]] ||
			die "get_maintainer.pl on $p: no role in '$line'"
		v=${BASH_REMATCH[1]}
		case "${BASH_REMATCH[2]}" in
		maintainer:* | supporter:* | "odd fixer:"* | "chief penguin:"*) echo "$v" >>"$tmp/$p.to" ;;
		reviewer:* | "open list"* | "moderated list"* | "subscriber list"*) echo "$v" >>"$tmp/$p.cc" ;;
		*) die "get_maintainer.pl on $p: unknown role '${BASH_REMATCH[2]}' of $v" ;;
		esac
	done <"$tmp/gm/$p"
	[ -s "$tmp/$p.to" ] || die "get_maintainer.pl names no maintainer for $p"
	for l in $ALWAYS_CC; do
		grep -qiF "$l" "$tmp/$p.to" "$tmp/$p.cc" || echo "$l" >>"$tmp/$p.cc"
	done
	{ sed 's/^/To\t/' "$tmp/$p.to"; sed 's/^/Cc\t/' "$tmp/$p.cc"; } >"$tmp/$p.hdr"
	set_headers "$PATCHDIR/$p" "$tmp/$p.hdr" "$tmp/new/$p"
done
files=$PATCHES
if [ -f "$COVER" ]; then
	hdrs=()
	for p in $PATCHES; do
		hdrs+=("$tmp/$p.hdr")
	done
	union "${hdrs[@]}" >"$tmp/cover.hdr"
	set_headers "$COVER" "$tmp/cover.hdr" "$tmp/cover"
	if [ "$MODE" = cover ]; then
		cp "$tmp/cover" "$COVER"
		exit 0
	fi
	cp "$tmp/cover" "$tmp/new/$(basename "$COVER")"
	files="$(basename "$COVER") $files"
fi

stale=
n=0
for f in $files; do
	cmp -s "$tmp/new/$f" "$PATCHDIR/$f" && continue
	n=$((n + 1))
	[ -n "$stale" ] || stale=$f
	[ "$MODE" = check ] || cp "$tmp/new/$f" "$PATCHDIR/$f"
done
if [ "$MODE" = check ]; then
	[ "$n" -eq 0 ] ||
		die "$(show "$PATCHDIR/$stale")$([ "$n" -eq 1 ] || echo " and $((n - 1)) more"): To:/Cc: headers are stale (get_maintainer.pl); run scripts/maintainers.sh"
	log "maintainers: To:/Cc: headers up to date"
else
	log "maintainers: rewrote the To:/Cc: headers of $n of $(echo "$files" | wc -w) files in $(show "$PATCHDIR")"
fi
