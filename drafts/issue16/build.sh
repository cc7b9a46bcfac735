#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the issue-16 drafts for the architectures they touch: a kernel tree
# with mm-patches/ and these drafts applied (git am), tinyconfig plus a
# fragment, vmlinux, Debian 12's cross compilers (deps: scripts/deps.sh
# cross, and gcc-powerpc64le-linux-gnu gcc-sparc64-linux-gnu
# gcc-m68k-linux-gnu). Temporary: issue 16 moves these architectures into
# scripts/cross-build.sh, which builds the series the same way.
# Usage: build.sh TREE OUTDIR [NAME...]
set -u
TREE=$1 OUT=$2
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
CROSS=$HERE/../../configs/cross
for name in ${*:-x86_64 arm mips parisc sh s390 powerpc sparc64 m68k m68ksun3}; do
	case $name in
	x86_64) k=x86_64 c= ;;
	arm) k=arm c=arm-linux-gnueabihf- ;;
	mips) k=mips c=mips64el-linux-gnuabi64- ;;
	parisc) k=parisc c=hppa64-linux-gnu- ;;
	sh) k=sh c=sh4-linux-gnu- ;;
	s390) k=s390 c=s390x-linux-gnu- ;;
	powerpc) k=powerpc c=powerpc64le-linux-gnu- ;;
	sparc64) k=sparc c=sparc64-linux-gnu- ;;
	m68k|m68ksun3) k=m68k c=m68k-linux-gnu- ;;
	*) echo "build.sh: unknown '$name'" >&2; exit 1 ;;
	esac
	frag=$HERE/configs/$name.config
	[ -f "$frag" ] || frag=$CROSS/$name.config
	O=$OUT/$name
	rm -rf "$O" && mkdir -p "$O"
	M="make -C $TREE O=$O ARCH=$k CROSS_COMPILE=$c"
	t=$(date +%s)
	{ $M tinyconfig && "$TREE/scripts/kconfig/merge_config.sh" -m -O "$O" "$O/.config" "$frag" &&
	  $M olddefconfig; } >"$O/config.log" 2>&1
	lost=$(grep '^CONFIG_' "$frag" | while read -r l; do grep -qx "$l" "$O/.config" || echo "$l"; done)
	lv=$(sed -n 's/^CONFIG_PGTABLE_LEVELS=//p' "$O/.config")
	rc=0
	$M -j"$(nproc)" CC="ccache ${c}gcc" vmlinux >"$O/build.log" 2>&1 || rc=$?
	echo "$name rc=$rc levels=$lv warnings=$(grep -c ': warning: ' "$O/build.log") time=$(( $(date +%s) - t ))s lost=[$(echo $lost)]"
	grep -E ': error:' "$O/build.log" | head -n 8
done
