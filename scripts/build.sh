#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build one kernel (VARIANT, CONFIG) in its own O= tree from the one source
# path, then the out-of-tree modules of selftests/ and benchmarks/ against
# it, and the series' lib/test_vmalloc.c as test_vmalloc_series.ko. Make
# and ccache skip whatever did not change.
# Usage: build.sh VARIANT CONFIG
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || die "usage: build.sh VARIANT CONFIG"
V=$1
C=$2
check_variant "$V"
check_config "$C"
need_tools gcc "${CROSS}gcc" make ccache flex bison bc
OBJ=$(objdir "$V" "$C")
FRAGS=$(config_frags "$C")
KMAKE="make -C $SRC O=$OBJ -j$(nproc) $KARCH_ARGS CC=ccache\ ${CROSS}gcc"
# KMSAN needs clang (v7.3.4: LLVM 17.0.1 or newer); Debian 12 has 14. The
# kernel and the modules are built with Debian 13's clang in the private
# root of trixie-root.sh, which sees the repository, the tree and ccache.
CLANG_ROOT=
case "+$C+" in
*+kmsan+*)
	[ "$HARCH" = x86_64 ] || die "$V/$C: KMSAN is built for x86_64 only here"
	"$REPO/scripts/trixie-root.sh" path >/dev/null || exit 1
	CCDIR=$(ccache --get-config cache_dir 2>/dev/null) || CCDIR=
	[ -z "$CCDIR" ] || mkdir -p "$CCDIR"
	export CCACHE_DIR=$CCDIR
	mkdir -p "$OBJ"
	CLANG_ROOT="$REPO/scripts/trixie-root.sh run $REPO $SRC $OBJ $CCDIR --"
	KMAKE="$CLANG_ROOT make -C $SRC O=$OBJ -j$(nproc) LLVM=1 CC=ccache\ clang"
	;;
esac
case "$HARCH" in
arm64) IMAGE=Image ;;
*) IMAGE=bzImage ;;
esac

# Check out the variant. Local changes are built only when the variant is
# already checked out (the quick loop: edit work/linux, make boot).
checkout() {
	local head

	git -C "$SRC" rev-parse --verify -q "refs/heads/$V" >/dev/null ||
		die "no branch $V in $SRC (run scripts/variants.sh)"
	head=$(git -C "$SRC" symbolic-ref -q --short HEAD || true)
	if ! git -C "$SRC" diff --quiet HEAD; then
		[ "$head" = "$V" ] ||
			die "source tree $SRC has local changes on ${head:-a detached HEAD}; commit or reset them before building $V"
		log "$V/$C: WARNING: building with the uncommitted changes in $SRC"
		return
	fi
	git -C "$SRC" checkout -q "$V"
}

# Every option a fragment asks for must survive olddefconfig.
check_options() {
	local lost

	lost=$(cat $FRAGS | awk -v cfg="$OBJ/.config" '
		BEGIN { while ((getline l < cfg) > 0) have[l] = 1 }
		/^CONFIG_/ { if (!have[$0]) print $0; next }
		/^# CONFIG_.* is not set/ {
			split($2, a, "="); sym = a[1]
			for (l in have) if (index(l, sym "=") == 1) { print $0; break }
		}')
	lost=$(echo "$lost" | grep -Ev "$(arch_foreign)" || true)
	[ -z "$lost" ] || die "$V/$C: options lost after olddefconfig: $(echo $lost)"
}

configure() {
	local stamp

	stamp=$( (cat $FRAGS; git -C "$SRC" rev-parse HEAD) | sha1sum | cut -d' ' -f1)
	if [ -f "$OBJ/.config" ] && [ "$(cat "$OBJ/.config.stamp" 2>/dev/null)" = "$stamp" ]; then
		return
	fi
	log "$V/$C: configure (tinyconfig + base + $C)"
	KCONFIG_MAKE="${CLANG_ROOT:+$CLANG_ROOT }make" \
		kconfig "$OBJ" $FRAGS -- $KARCH_ARGS ${CLANG_ROOT:+LLVM=1} || die "$V/$C: configuration failed, see $OBJ/config.log"
	check_options
	echo "$stamp" >"$OBJ/.config.stamp"
}

build_progress() {
	log "$V/$C: building, $(grep -c '^  CC' "$OBJ/build.log") files compiled so far"
}

build_kernel() {
	local rc=0

	log "$V/$C: build kernel ($OBJ, log: $OBJ/build.log)"
	# Not built until this run says so: a build that stops half-way
	# (an error, a full disk, ^C) leaves no marker that the initramfs,
	# a boot or a later run could trust.
	rm -f "$OBJ/commit" "$OBJ/initramfs.cpio" "$OBJ/ccache-stats.log"
	ticker_start 60 build_progress
	CCACHE_STATSLOG=$OBJ/ccache-stats.log eval "$KMAKE $IMAGE modules" >"$OBJ/build.log" 2>&1 || rc=$?
	ticker_stop
	if [ $rc -ne 0 ]; then
		grep -E 'error|Error|No space left' "$OBJ/build.log" | head -n 5 >&2 || true
		die "$V/$C: kernel build failed, see $OBJ/build.log"
	fi
}

# Out-of-tree modules: sources stay in the repo, objects go to $OBJ/ext.
build_ext() {
	local d

	for d in selftests benchmarks; do
		[ -f "$REPO/$d/Kbuild" ] || continue
		log "$V/$C: build $d modules"
		mkdir -p "$OBJ/ext/$d"
		CCACHE_STATSLOG=$OBJ/ccache-stats.log eval "$KMAKE M=$REPO/$d MO=$OBJ/ext/$d modules" >"$OBJ/ext/$d.log" 2>&1 ||
			die "$V/$C: $d modules failed to build, see $OBJ/ext/$d.log"
	done
}

# The series' lib/test_vmalloc.c, whose new tests (the run_test_mask bits
# after vrealloc_test) make check runs on every kernel: built against
# each kernel as test_vmalloc_series.ko, beside that kernel's own
# test_vmalloc.ko. The source is the base's file with the series' patches
# to it applied (none but the last touches it), so that stock and control
# get the same test as series.
build_series_test_vmalloc() {
	local d=$OBJ/ext/tv-src p n=0

	rm -rf "$d"
	mkdir -p "$d/lib"
	git -C "$SRC" show base:lib/test_vmalloc.c >"$d/lib/test_vmalloc.c" ||
		die "$V/$C: no lib/test_vmalloc.c in the base tree"
	for p in $(variant_patches series); do
		grep -q '^+++ b/lib/test_vmalloc\.c$' "$p" || continue
		# $d lies inside this repository's work tree, where git apply
		# would take the paths as the repository's and skip them
		# silently: keep it from finding this repository.
		(cd "$d" && GIT_CEILING_DIRECTORIES=${d%/*} \
			git apply --include=lib/test_vmalloc.c "$p") ||
			die "$V/$C: $(basename "$p") does not apply to the base's lib/test_vmalloc.c"
		n=$((n + 1))
	done
	[ $n -gt 0 ] || die "$V/$C: no patch of the series changes lib/test_vmalloc.c"
	git -C "$SRC" show base:lib/test_vmalloc.c | cmp -s - "$d/lib/test_vmalloc.c" &&
		die "$V/$C: the series' patches left lib/test_vmalloc.c as the base has it"
	mv "$d/lib/test_vmalloc.c" "$d/test_vmalloc_series.c"
	rmdir "$d/lib"
	echo 'obj-m += test_vmalloc_series.o' >"$d/Kbuild"
	log "$V/$C: build test_vmalloc_series (the series' lib/test_vmalloc.c, $n patch(es))"
	mkdir -p "$OBJ/ext/tv"
	CCACHE_STATSLOG=$OBJ/ccache-stats.log eval "$KMAKE M=$d MO=$OBJ/ext/tv modules" >"$OBJ/ext/tv.log" 2>&1 ||
		die "$V/$C: test_vmalloc_series failed to build, see $OBJ/ext/tv.log"
}

lock_tree
[ -n "$CLANG_ROOT" ] || ccache_check "${CROSS}gcc"
need_space "$BUILD" 2048 "a kernel build tree"
checkout
configure
build_kernel
build_ext
build_series_test_vmalloc
git -C "$SRC" rev-parse HEAD >"$OBJ/commit"
rate=$(ccache_rate "$OBJ/ccache-stats.log")
log "$V/$C: built $(make -s -C "$SRC" kernelversion) ($HARCH) at $(git -C "$SRC" rev-parse --short HEAD)${rate:+; $rate}"
