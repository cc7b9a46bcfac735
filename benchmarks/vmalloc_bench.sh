#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runner for vmalloc_bench.ko: load it once with the given parameters and
# print its KTAP and "result ..." lines on stdout. Works in the harness's
# initramfs (busybox sh) and on any system with the module built.
#
# Usage: vmalloc_bench.sh [-m MODULE.ko] [PARAM=VALUE...]
#   PARAM: cases= loops= repeat= warmup= seed= clock= list=1
#   (modinfo -p vmalloc_bench.ko describes them)
# Exit status: 0 every case passed, 1 a case failed or the load failed.
NAME=vmalloc_bench
MOD=
if [ "$1" = -m ]; then
	MOD=$2
	shift 2
fi
[ -n "$MOD" ] || MOD=/modules/$NAME.ko
[ -f "$MOD" ] || MOD=$(dirname "$0")/$NAME.ko

dmesg -c >/dev/null
echo "vmgfp-case: $NAME $*" >/dev/kmsg
insmod "$MOD" "$@" >/dev/null 2>&1
rc=$?
dmesg -c | sed -n "s/^.*$NAME: //p"
grep -q "^$NAME " /proc/modules 2>/dev/null && rmmod "$NAME"
if [ $rc -ne 0 ]; then
	echo "# $NAME: load failed (rc $rc), see the kernel log"
	exit 1
fi
exit 0
