#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs; idempotent (only what is
# missing is installed, and apt-get runs only then).
. "$(dirname "$0")/lib.sh"

PKGS="build-essential bc bison flex libelf-dev libssl-dev cpio ccache git
xz-utils kmod qemu-system-x86 busybox-static python3 python3-scipy gnuplot-nox sparse
codespell perl file"
# make cross only (deps.sh cross): Debian's cross compilers.
CROSS_PKGS="gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-s390x-linux-gnu
gcc-mips64el-linux-gnuabi64"
[ "${1:-}" = cross ] && PKGS=$CROSS_PKGS

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	log "deps: all packages present"
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
log "deps: done"
