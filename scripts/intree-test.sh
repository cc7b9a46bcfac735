#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The in-tree copy of the selftests' test module is generated, never edited:
#   intree-test.sh generate   write mm-patches/NNNN-lib-add-test_vmalloc_gfp...
#                             from selftests/vmalloc_gfp_test.c (the last
#                             patch of the series) and list it in
#                             mm-patches/series
#   intree-test.sh verify     fail unless the file that patch adds is
#                             byte for byte selftests/vmalloc_gfp_test.c
. "$(dirname "$0")/lib.sh"

SRCFILE=$REPO/selftests/vmalloc_gfp_test.c
SUBJECT="lib: add test_vmalloc_gfp, a test of vmalloc's gfp handling"
NAME_GLOB='*-lib-add-test_vmalloc_gfp-*.patch'

find_patch() {
	find "$REPO/mm-patches" -maxdepth 1 -name "$NAME_GLOB" | sort | tail -n 1
}

# The content of the file a patch creates: its '+' lines.
added_file() {
	awk -v f="$2" '
		$0 == "+++ b/" f { on = 1; next }
		on && /^diff --git / { exit }
		on && /^@@/ { next }
		on && /^\+/ { print substr($0, 2) }' "$1"
}

verify() {
	local p

	p=$(find_patch)
	[ -n "$p" ] || die "no in-tree test patch ($NAME_GLOB) in mm-patches/"
	grep -qxF "$(basename "$p")" "$REPO/mm-patches/series" ||
		die "$(basename "$p") is not listed in mm-patches/series"
	if ! added_file "$p" lib/test_vmalloc_gfp.c | cmp -s - "$SRCFILE"; then
		die "$(basename "$p") does not add selftests/vmalloc_gfp_test.c as it is now; run 'make intree-test'"
	fi
	log "intree-test: $(basename "$p") adds selftests/vmalloc_gfp_test.c unchanged"
}

generate() {
	local old n p patches

	lock_tree
	WT=$TREE/intree-wt; wt=$WT
	old=$(find_patch)
	patches=$(variant_patches series | grep -v -- "-lib-add-test_vmalloc_gfp-" || true)
	n=$(( $(echo "$patches" | grep -c . || true) + 1 ))
	git -C "$SRC" worktree remove --force "$wt" >/dev/null 2>&1 || rm -rf "$wt"
	git -C "$SRC" worktree prune
	git -C "$SRC" worktree add -q --detach "$wt" base
	trap 'git -C "$SRC" worktree remove --force "$WT" >/dev/null 2>&1 || true' EXIT
	for p in $patches; do
		git -C "$wt" am -q "$p" || die "in-tree test: $(basename "$p") does not apply"
	done
	cp "$SRCFILE" "$wt/lib/test_vmalloc_gfp.c"
	python3 - "$wt" <<'PY'
import sys
wt = sys.argv[1]
kc = wt + '/lib/Kconfig.debug'
s = open(kc).read()
anchor = 'config TEST_WORKQUEUE\n'
entry = '''config TEST_VMALLOC_GFP
	tristate "Test that vmalloc honours the caller's gfp mask"
	depends on MMU && m
	help
	  This builds the "test_vmalloc_gfp" module. It calls vmalloc(),
	  vmalloc_node(), vmalloc_huge(), vmalloc_array(), kvmalloc_node(),
	  vrealloc(), kvrealloc() and alloc_percpu_gfp() with GFP_KERNEL,
	  GFP_NOFS, GFP_NOIO, GFP_NOWAIT, GFP_ATOMIC, __GFP_NORETRY,
	  __GFP_RETRY_MAYFAIL and __GFP_NOFAIL, and with NOFS and NOIO
	  scopes, in places where the call has to allocate new kernel page
	  tables. It checks with lockdep and with tracepoint probes that
	  every nested allocation, the page tables included, obeys the
	  caller's mask, and that non-blocking calls do not sleep. The
	  results are printed in KTAP format; "run=" selects cases and
	  "list=1" lists them. The lockdep checks need PROVE_LOCKING.

	  If unsure, say N.

'''


def insert_after(path, anchor, text):
    """Insert text after the first line equal to anchor."""
    s = open(path).read()
    assert anchor in s, (path, anchor)
    open(path, 'w').write(s.replace(anchor, anchor + text, 1))


assert 'config TEST_VMALLOC_GFP\n' not in open(kc).read()
s = open(kc).read()
assert anchor in s
open(kc, 'w').write(s.replace(anchor, entry + anchor, 1))
insert_after(wt + '/lib/Makefile',
             'obj-$(CONFIG_TEST_VMALLOC) += test_vmalloc.o\n',
             'obj-$(CONFIG_TEST_VMALLOC_GFP) += test_vmalloc_gfp.o\n')
insert_after(wt + '/MAINTAINERS', 'F:\tlib/test_vmalloc.c\n',
             'F:\tlib/test_vmalloc_gfp.c\n')
PY
	git -C "$wt" add -f lib/test_vmalloc_gfp.c lib/Kconfig.debug lib/Makefile MAINTAINERS
	GIT_AUTHOR_DATE="2026-01-01T00:00:00+0000" \
		git -C "$wt" -c core.hooksPath=/dev/null commit -q -F - <<MSG
$SUBJECT

The earlier patches make every allocation that vmalloc(), kvmalloc(),
vrealloc() and the percpu allocator make for a caller follow the
caller's gfp mask, the kernel page tables included. lib/test_vmalloc.c
exercises the allocator but does not look at the masks of the nested
allocations, and nothing in the tree would notice if a page table
allocation went back to GFP_KERNEL or to a PF_MEMALLOC scope.

Add test_vmalloc_gfp, a module that calls each entry point with each
caller mask where the call must allocate a new page table page (it
proves that with lookup_address() on x86 and skips elsewhere), and
checks four things: lockdep sees no fs_reclaim recursion for GFP_NOFS
and GFP_NOIO callers; tracepoint probes on the page and slab
allocators see no nested allocation that may use more reserves, enter
direct reclaim, do fs or io reclaim, or invoke the OOM killer when the
caller's mask forbids it; GFP_NOWAIT and GFP_ATOMIC calls do not sleep
in atomic context; __GFP_NORETRY and __GFP_RETRY_MAYFAIL page tables
are not downgraded to no reclaim at all. Results are KTAP, one case a
line.

On v7.3 the test reports the reserve access of non-blocking,
__GFP_NORETRY and __GFP_RETRY_MAYFAIL page tables and the sleeping
vrealloc() that the earlier patches fix.

Signed-off-by: vmalloc-gfp <vmalloc-gfp@example.org>
MSG
	# Rewrite the whole series, so that every patch is numbered out of
	# the new total; the other patches keep their content.
	for p in $patches; do
		rm -f "$p"
	done
	[ -z "$old" ] || rm -f "$old"
	{
		grep '^#' "$REPO/mm-patches/series" || true
		git -C "$wt" format-patch -o "$REPO/mm-patches" base..HEAD |
			sed 's,^.*/,,'
	} >"$REPO/mm-patches/series.new"
	mv "$REPO/mm-patches/series.new" "$REPO/mm-patches/series"
	# format-patch wrote no To:/Cc: headers.
	"$REPO/scripts/maintainers.sh"
	p=$(find_patch)
	log "intree-test: wrote $(basename "$p") (patch $n of the series) and renumbered the series"
}

case "${1:-}" in
generate) generate ;;
verify) verify ;;
*) die "usage: intree-test.sh generate|verify" ;;
esac
