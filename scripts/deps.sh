#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs; idempotent (only what is
# missing is installed, and apt-get runs only then).
. "$(dirname "$0")/lib.sh"

PKGS="build-essential bc bison flex libelf-dev libssl-dev cpio ccache git
xz-utils kmod qemu-system-x86 busybox-static python3 python3-scipy gnuplot-nox sparse
codespell perl file"
# make cross only (deps.sh cross): Debian 12's cross compilers (loongarch64
# comes from Debian 13: scripts/trixie-root.sh), and mmdebstrap for that.
CROSS_PKGS="gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-s390x-linux-gnu
gcc-mips64el-linux-gnuabi64 gcc-hppa64-linux-gnu gcc-hppa-linux-gnu
gcc-sh4-linux-gnu gcc-powerpc64le-linux-gnu gcc-powerpc-linux-gnu
gcc-sparc64-linux-gnu gcc-m68k-linux-gnu gcc-alpha-linux-gnu
gcc-riscv64-linux-gnu gcc-or1k-elf gcc-arc-linux-gnu mmdebstrap"
# ARCH=arm64 (deps.sh arm64): the cross compiler, its static C library
# (the guest's insmod), QEMU for arm64, and Debian's arm64 busybox-static,
# fetched with a private apt state (the system's sources, its state
# untouched) into the download cache ($VMGFP_CACHE/dl, lib.sh) and
# unpacked into $WORK/busybox-arm64.
ARM64_PKGS="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm"
[ "${1:-}" = cross ] && PKGS=$CROSS_PKGS
[ "${1:-}" = arm64 ] && PKGS=$ARM64_PKGS

arm64_busybox() {
	local a=$WORK/apt-arm64 opts deb ver dl=$VMGFP_CACHE/dl f

	[ -x "$WORK/busybox-arm64/bin/busybox" ] && return 0
	# The version of the host's busybox-static (the applet list comes
	# from it), kept in the download cache shared by every clone.
	ver=$(dpkg-query -W -f='${Version}' busybox-static 2>/dev/null) ||
		die "busybox-static is not installed (run 'make deps')"
	mkdir -p "$dl" 2>/dev/null && : 2>/dev/null >"$dl/.write-test" || dl=$WORK/dl
	rm -f "$dl/.write-test"
	mkdir -p "$dl"
	f=busybox-static_$(echo "$ver" | sed 's/:/%3a/')_arm64.deb
	deb=$dl/$f
	if ! [ -s "$deb" ] || ! (cd "$dl" && sha256sum --quiet -c "$f.sha256") >/dev/null 2>&1; then
		rm -f "$deb" "$deb.sha256"
		log "deps: fetching Debian's busybox-static $ver for arm64"
		mkdir -p "$a/lists/partial" "$a/cache/archives/partial"
		rm -rf "$a/deb"
		mkdir -p "$a/deb"
		opts="-o Dir::State::Lists=$a/lists -o Dir::Cache=$a/cache -o APT::Architectures::=arm64 -o Debug::NoLocking=1"
		# shellcheck disable=SC2086
		apt-get $opts update -qq >"$a/update.log" 2>&1 ||
			die "apt-get update (private arm64 state) failed, see $a/update.log"
		# shellcheck disable=SC2086
		(cd "$a/deb" && apt-get $opts download "busybox-static:arm64=$ver") >"$a/download.log" 2>&1 ||
			die "cannot download busybox-static:arm64=$ver, see $a/download.log"
		[ -s "$a/deb/$f" ] || die "the download of busybox-static:arm64=$ver left no $f, see $a/download.log"
		(cd "$a/deb" && sha256sum "$f" >"$f.sha256") &&
			mv "$a/deb/$f" "$deb" && mv "$a/deb/$f.sha256" "$deb.sha256" ||
			die "cannot store $f in $dl"
	fi
	rm -rf "$WORK/busybox-arm64.tmp"
	dpkg-deb -x "$deb" "$WORK/busybox-arm64.tmp" &&
		mv "$WORK/busybox-arm64.tmp" "$WORK/busybox-arm64" ||
		die "cannot unpack $deb"
}

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	log "deps: all packages present"
	[ "${1:-}" != arm64 ] || arm64_busybox
	exit 0
fi
[ "$(id -u)" = 0 ] || die "missing packages:$missing (run 'make deps' as root or install them)"
log "deps: installing$missing"
mkdir -p "$WORK"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || die "apt-get update failed: no access to the Debian archive?"
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >"$WORK/deps.log" 2>&1 ||
	die "apt-get install failed, see $WORK/deps.log"
[ "${1:-}" != arm64 ] || arm64_busybox
log "deps: done"
