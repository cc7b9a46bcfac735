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

# The lock: exclusive while the root is made or replaced, shared while a
# command runs in it (held through the exec), so that one clone never
# removes a root another is compiling in.
take_lock() {
	mkdir -p "$VMGFP_CACHE" || die "cannot create $VMGFP_CACHE"
	exec 8>"$VMGFP_CACHE/trixie-root.lock" || die "cannot open $VMGFP_CACHE/trixie-root.lock"
	flock "$1" 8 || die "cannot lock $VMGFP_CACHE/trixie-root.lock"
}

make_root() {
	local tmp=$ROOT.tmp log=$VMGFP_CACHE/trixie-root.log

	root_current && return 0
	[ "$(id -u)" = 0 ] || die "the Debian 13 root $ROOT is missing or stale, and making it needs root"
	take_lock -x
	root_current && return 0
	command -v mmdebstrap >/dev/null || {
		log "trixie-root: installing mmdebstrap (Debian 12)"
		{ apt-get update -qq &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap; } >/dev/null 2>&1 ||
			die "cannot install mmdebstrap (apt-get install mmdebstrap failed)"
	}
	if [ -e "$ROOT" ]; then
		log "trixie-root: $ROOT is stale or half-made; removing it"
		rm -rf --one-file-system "$ROOT" || die "cannot remove the stale root $ROOT"
	fi
	rm -rf --one-file-system "$tmp" || die "cannot remove the leftover $tmp"
	need_space "$VMGFP_CACHE" 4096 "the Debian 13 root"
	log "trixie-root: making $ROOT with mmdebstrap ($SUITE: $PKG_LIST), log: $log"
	# unshare mode: mmdebstrap's mounts live in a namespace of its own,
	# so a killed run leaves nothing mounted on the host.
	if ! mmdebstrap --mode=unshare --variant=apt --components=main \
		--include="${PKG_LIST// /,}" \
		"$SUITE" "$tmp" "$MIRROR" >"$log" 2>&1; then
		rm -rf --one-file-system "$tmp"
		die "cannot make the Debian 13 root: mmdebstrap $SUITE failed, see $log"
	fi
	echo "$STAMP" >"$tmp/.vmgfp-stamp"
	mv "$tmp" "$ROOT" || die "cannot move $tmp to $ROOT"
	log "trixie-root: $ROOT ready ($(du -sh "$ROOT" | cut -f1))"
}

# run DIR... -- COMMAND...: each DIR is bound at the path the caller
# uses (absolute, symlinks kept), whatever its real path is.
run_in_root() {
	local dirs=() d env=() v

	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		case "$1" in /*) d=$1 ;; *) d=$PWD/$1 ;; esac
		[ -d "$d" ] || die "no directory $d to bind into the root"
		dirs+=("$d")
		shift
	done
	[ "${1:-}" = -- ] && [ $# -ge 2 ] || die "usage: trixie-root.sh run DIR... -- COMMAND..."
	shift
	[ "$(id -u)" = 0 ] || die "running in the Debian 13 root needs root (chroot)"
	take_lock -s
	root_current || die "the Debian 13 root $ROOT is missing or stale (run 'scripts/trixie-root.sh path')"
	# The environment the build needs, ccache's settings included.
	for v in $(compgen -e); do
		case "$v" in
		CCACHE_*|KBUILD_BUILD_*|HOME) env+=("$v=${!v}") ;;
		esac
	done
	# shellcheck disable=SC2016
	exec unshare --mount --propagation private bash -c '
		set -e
		root=$1 n=$2
		shift 2
		mount -t proc proc "$root/proc"
		mount --rbind /dev "$root/dev"
		for i in $(seq "$n"); do
			mkdir -p "$root$1"
			mount --rbind "$(realpath "$1")" "$root$1"
			shift
		done
		n=$1
		shift
		env=()
		for i in $(seq "$n"); do
			env+=("$1")
			shift
		done
		exec chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin \
			LANG=C.UTF-8 "${env[@]}" "$@"
	' root "$ROOT" "${#dirs[@]}" "${dirs[@]}" "${#env[@]}" "${env[@]}" "$@"
}

case "${1:-}" in
path) make_root; echo "$ROOT" ;;
run) shift; run_in_root "$@" ;;
*) die "usage: trixie-root.sh path | run DIR... -- COMMAND..." ;;
esac
