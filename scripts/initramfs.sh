#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the initramfs of one kernel: busybox-static, the guest init, the
# test and benchmark modules built for that kernel, and the runners.
# A boot appends a small cpio holding its /plan (see boot.sh).
# Usage: initramfs.sh VARIANT CONFIG
. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || die "usage: initramfs.sh VARIANT CONFIG"
check_variant "$1"
check_config "$2"
OBJ=$(objdir "$1" "$2")
# The guest's busybox: the host's, or for arm64 Debian's arm64 package
# (scripts/deps.sh arm64 fetches it). Its applet list comes from the
# host's busybox of the same Debian version.
case "$HARCH" in
arm64) BUSYBOX=${BUSYBOX:-$WORK/busybox-arm64/bin/busybox} ;;
*) BUSYBOX=${BUSYBOX:-/bin/busybox} ;;
esac
need_tools cpio "${CROSS}gcc"
[ -x "$BUSYBOX" ] && file -L "$BUSYBOX" | grep -q 'statically linked' ||
	die "$BUSYBOX is not a static busybox (install busybox-static; arm64: scripts/deps.sh arm64)"
[ -f "$OBJ/commit" ] || die "kernel $1/$2 is not built (run scripts/build.sh $1 $2)"

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE"/{bin,sbin,usr/bin,proc,sys,dev,tmp,tests,modules}
cp "$BUSYBOX" "$STAGE/bin/busybox"
for a in $(/bin/busybox --list); do
	[ "$a" = busybox ] || ln -s busybox "$STAGE/bin/$a"
done
install -m 755 "$REPO/scripts/guest/init" "$STAGE/init"
# arm64's virt machine has one UART: the KTAP goes to a virtio console.
[ "$HARCH" != arm64 ] || sed -i 's,/dev/ttyS1,/dev/hvc0,g' "$STAGE/init"
# A real insmod: busybox's runs a failing module's init twice.
rm -f "$STAGE/bin/insmod"
${CROSS}gcc -static -Os -Wall -o "$STAGE/bin/insmod" "$REPO/scripts/guest/insmod.c" ||
	die "cannot build scripts/guest/insmod.c (static glibc: libc6-dev; arm64: libc6-dev-arm64-cross)"
find "$OBJ/ext" -name '*.ko' -exec cp {} "$STAGE/modules/" \; 2>/dev/null || true
find "$OBJ/lib" -maxdepth 1 -name 'test_vmalloc.ko' -exec cp {} "$STAGE/modules/" \;
for f in "$REPO"/selftests/*.sh "$REPO"/benchmarks/*.sh "$REPO"/scripts/guest/*.sh; do
	[ -f "$f" ] && install -m 755 "$f" "$STAGE/tests/"
done
# Reproducible: fixed times, no host inode numbers (deterministic boots).
find "$STAGE" -exec touch -h -d @1767225600 {} +
(cd "$STAGE" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 --reproducible) >"$OBJ/initramfs.cpio.tmp"
mv "$OBJ/initramfs.cpio.tmp" "$OBJ/initramfs.cpio"
log "$1/$2: initramfs $(du -h "$OBJ/initramfs.cpio" | cut -f1) with $(find "$STAGE/modules" -name "*.ko" | wc -l) module(s)"
