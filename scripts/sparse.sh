#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the path of a sparse that the kernel accepts (scripts/checker-valid.sh:
# v7.3 needs __typeof_unqual__, which Debian 12's sparse 0.6.4 lacks). Uses
# the system's if it passes; otherwise builds sparse from Debian's source
# package (sid, through a private apt state) into $WORK/tools once.
. "$(dirname "$0")/lib.sh"

valid() {
	"$SRC/scripts/checker-valid.sh" "$1" -m64 2>/dev/null | grep -qx 1
}

[ -x "$SRC/scripts/checker-valid.sh" ] || die "no kernel tree at $SRC (run make fetch)"
if command -v sparse >/dev/null && valid sparse; then
	command -v sparse
	exit 0
fi
TOOLS=$WORK/tools
if [ -x "$TOOLS/bin/sparse" ] && valid "$TOOLS/bin/sparse"; then
	echo "$TOOLS/bin/sparse"
	exit 0
fi
need_tools apt-get make gcc tar
APT=$WORK/apt-sid
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$TOOLS/src"
cat >"$APT/sources.list" <<SRC
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $DEB_MIRROR sid main
SRC
O="-o Dir::Etc::sourcelist=$APT/sources.list -o Dir::Etc::sourceparts=- \
-o Dir::State::Lists=$APT/lists -o Dir::State::status=/var/lib/dpkg/status \
-o Dir::Cache=$APT/cache -o APT::Sandbox::User=root"
log "sparse: the system's is too old for v7.3; building Debian sid's source package" >&2
# shellcheck disable=SC2086
apt-get $O update -qq >"$TOOLS/sparse.log" 2>&1 ||
	die "sparse: apt-get update for sid sources failed, see $TOOLS/sparse.log"
rm -rf "$TOOLS/src"/*
# shellcheck disable=SC2086
(cd "$TOOLS/src" && apt-get $O source --download-only sparse) >>"$TOOLS/sparse.log" 2>&1 ||
	die "sparse: downloading the source package failed, see $TOOLS/sparse.log"
tar -C "$TOOLS/src" -xf "$(ls "$TOOLS/src"/sparse_*.orig.tar.* | head -n 1)"
d=$(ls -d "$TOOLS/src"/sparse-*/ | head -n 1)
make -C "$d" -j"$(nproc)" sparse >>"$TOOLS/sparse.log" 2>&1 ||
	die "sparse: build failed, see $TOOLS/sparse.log"
mkdir -p "$TOOLS/bin"
cp "$d/sparse" "$TOOLS/bin/sparse"
valid "$TOOLS/bin/sparse" || die "sparse: the built sparse is not accepted by the kernel either"
log "sparse: built $(basename "$d") from Debian sid's source" >&2
echo "$TOOLS/bin/sparse"
