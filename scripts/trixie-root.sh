#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Tools Debian 12 lacks (the loongarch64 cross compiler, a clang new
# enough for KMSAN), from Debian 13 (trixie), in a private root made with
# mmdebstrap: the system's apt sources and state stay untouched. The root
# is cached in VMGFP_CACHE and shared by every clone on the machine.
#
# Usage: trixie-root.sh path
#          make the root if it is missing, half-made or stale; print it
#        trixie-root.sh run DIR... -- COMMAND...
#          run COMMAND in the root, with each DIR bound at its own path
#          (a private mount namespace: nothing stays mounted afterwards)
#
# A root is current when its stamp names this script's package list and
# suite. It is made in a temporary directory and renamed only when
# mmdebstrap succeeded, so an interrupted run leaves no half-made root:
# the next run removes the leftover and starts clean.
. "$(dirname "$0")/lib.sh"

SUITE=trixie
MIRROR=${TRIXIE_MIRROR:-http://deb.debian.org/debian}
# The kernel's build dependencies, the compilers, and ccache.
ROOT_PKGS="make bc bison flex libelf-dev libssl-dev python3 perl cpio kmod
xz-utils file ccache gcc clang lld llvm gcc-loongarch64-linux-gnu"
# shellcheck disable=SC2086,SC2116
PKG_LIST=$(echo $ROOT_PKGS)
ROOT=$VMGFP_CACHE/trixie-root
STAMP="suite=$SUITE packages=$PKG_LIST"

root_current() {
	[ -f "$ROOT/.vmgfp-stamp" ] && [ "$(cat "$ROOT/.vmgfp-stamp")" = "$STAMP" ]
}

make_root() {
	local tmp=$ROOT.tmp log=$VMGFP_CACHE/trixie-root.log

	root_current && return 0
	[ "$(id -u)" = 0 ] || die "the Debian 13 root $ROOT is missing or stale, and making it needs root"
	command -v mmdebstrap >/dev/null || {
		log "trixie-root: installing mmdebstrap (Debian 12)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null 2>&1 ||
			die "cannot install mmdebstrap (apt-get install mmdebstrap failed)"
	}
	mkdir -p "$VMGFP_CACHE" || die "cannot create $VMGFP_CACHE"
	if [ -e "$ROOT" ]; then
		log "trixie-root: $ROOT is stale or half-made; removing it"
		rm -rf "$ROOT" || die "cannot remove the stale root $ROOT"
	fi
	rm -rf "$tmp"
	need_space "$VMGFP_CACHE" 4096 "the Debian 13 root"
	log "trixie-root: making $ROOT with mmdebstrap ($SUITE: $PKG_LIST), log: $log"
	if ! mmdebstrap --mode=root --variant=apt --components=main \
		--include="${PKG_LIST// /,}" \
		"$SUITE" "$tmp" "$MIRROR" >"$log" 2>&1; then
		rm -rf "$tmp"
		die "cannot make the Debian 13 root: mmdebstrap $SUITE failed, see $log"
	fi
	echo "$STAMP" >"$tmp/.vmgfp-stamp"
	mv "$tmp" "$ROOT" || die "cannot move $tmp to $ROOT"
	log "trixie-root: $ROOT ready ($(du -sh "$ROOT" | cut -f1))"
}

# run DIR... -- COMMAND...
run_in_root() {
	local dirs=() d

	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		d=$(realpath -m "$1") || die "bad directory '$1'"
		[ -d "$d" ] || die "no directory $d to bind into the root"
		dirs+=("$d")
		shift
	done
	[ "${1:-}" = -- ] && [ $# -ge 2 ] || die "usage: trixie-root.sh run DIR... -- COMMAND..."
	shift
	root_current || die "the Debian 13 root $ROOT is missing or stale (run 'scripts/trixie-root.sh path')"
	[ "$(id -u)" = 0 ] || die "running in the Debian 13 root needs root (chroot)"
	# shellcheck disable=SC2016
	exec unshare --mount --propagation private bash -c '
		set -e
		root=$1 n=$2
		shift 2
		mount -t proc proc "$root/proc"
		mount --rbind /dev "$root/dev"
		for i in $(seq "$n"); do
			mkdir -p "$root$1"
			mount --bind "$1" "$root$1"
			shift
		done
		exec chroot "$root" /usr/bin/env -i HOME="$HOME" PATH=/usr/local/bin:/usr/bin:/bin \
			CCACHE_DIR="${CCACHE_DIR:-}" CCACHE_BASEDIR="${CCACHE_BASEDIR:-}" \
			CCACHE_NOHASHDIR=1 LANG=C.UTF-8 \
			KBUILD_BUILD_TIMESTAMP="$KBUILD_BUILD_TIMESTAMP" \
			KBUILD_BUILD_USER="$KBUILD_BUILD_USER" \
			KBUILD_BUILD_HOST="$KBUILD_BUILD_HOST" \
			KBUILD_BUILD_VERSION="$KBUILD_BUILD_VERSION" "$@"
	' root "$ROOT" "${#dirs[@]}" "${dirs[@]}" "$@"
}

case "${1:-}" in
path) make_root; echo "$ROOT" ;;
run) shift; run_in_root "$@" ;;
*) die "usage: trixie-root.sh path | run DIR... -- COMMAND..." ;;
esac
