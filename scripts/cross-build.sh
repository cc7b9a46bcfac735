#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the series for other architectures with Debian's cross compilers:
# tinyconfig plus configs/cross/NAME.config, vmlinux only. One O= tree per
# architecture from the one source path. Debian 12's compilers, and
# Debian 13's for what Debian 12 lacks (loongarch64, from the private
# root of scripts/trixie-root.sh).
#
# Every build starts from an empty O= tree, so that its log holds every
# warning (ccache replays those of the files it does not compile again).
# A build with warnings (the compiler's, and modpost's "WARNING:" lines)
# is built again from v7.3.4 in another O= tree: a warning is new when
# v7.3.4 does not give it too (file and text, line numbers aside). 0 new
# warnings is the bar; the table counts both.
#
# Usage: cross-build.sh [VARIANT] [NAME...]   (default: series, every NAME
# of the table below; VARIANT drafts: the series and drafts/issue16)
. "$(dirname "$0")/lib.sh"

# NAME KERNEL-ARCH CROSS-PREFIX COMPILER-SOURCE (debian12 or debian13)
CROSS_TABLE="
arm64         arm64     aarch64-linux-gnu-        debian12
arm           arm       arm-linux-gnueabihf-      debian12
i386          i386      -                         debian12
s390          s390      s390x-linux-gnu-          debian12
mips          mips      mips64el-linux-gnuabi64-  debian12
parisc        parisc    hppa64-linux-gnu-         debian12
sh            sh        sh4-linux-gnu-            debian12
powerpc       powerpc   powerpc64le-linux-gnu-    debian12
ppc32         powerpc   powerpc-linux-gnu-        debian12
ppc-e500      powerpc   powerpc-linux-gnu-        debian12
sparc64       sparc     sparc64-linux-gnu-        debian12
sparc32       sparc     sparc64-linux-gnu-        debian12
m68k          m68k      m68k-linux-gnu-           debian12
m68k-sun3     m68k      m68k-linux-gnu-           debian12
m68k-coldfire m68k      m68k-linux-gnu-           debian12
alpha         alpha     alpha-linux-gnu-          debian12
riscv         riscv     riscv64-linux-gnu-        debian12
openrisc      openrisc  or1k-elf-                 debian12
arc           arc       arc-linux-gnu-            debian12
loongarch     loongarch loongarch64-linux-gnu-    debian13
"
KNOWN=$(echo "$CROSS_TABLE" | awk 'NF { print $1 }' | tr '\n' ' ')

V=${1:-series}
case "$V" in
stock|series|control|drafts) shift || true ;;
*) die "unknown variant '$V' for the cross builds (known: stock series control drafts)" ;;
esac
NAMES=${*:-$KNOWN}

# entry NAME: its table line, or a one-line error.
entry() {
	echo "$CROSS_TABLE" | awk -v n="$1" '$1 == n' | grep . ||
		die "unknown cross architecture '$1' (known: ${KNOWN% })"
}
need13='' missing=''
for a in $NAMES; do
	read -r _ _ cross src < <(entry "$a") || exit 1
	[ -f "$REPO/configs/cross/$a.config" ] || die "missing configs/cross/$a.config"
	[ "$cross" = - ] && cross=
	case "$src" in
	debian12) command -v "${cross}gcc" >/dev/null || missing="$missing ${cross}gcc" ;;
	debian13) need13=1 ;;
	esac
done
[ -z "$missing" ] || die "missing cross compiler(s):$missing (run 'scripts/deps.sh cross')"
need_tools make ccache flex bison bc
[ -z "$need13" ] || "$REPO/scripts/trixie-root.sh" path >/dev/null || exit 1
lock_tree
"$REPO/scripts/variants.sh" "$V"
[ "$V" = stock ] || "$REPO/scripts/variants.sh" stock
hold_head
OUT=$WORK/results/cross-$V
mkdir -p "$OUT"
: >"$OUT/summary"
CCDIR=$(ccache --get-config cache_dir 2>/dev/null) || CCDIR=
failed=

progress() {
	log "cross/$a: $(grep -c '^  CC' "$PROGRESS_LOG") files compiled so far"
}

# build NAME VARIANT OBJ: configure and build vmlinux; returns make's status.
build() {
	local a=$1 v=$2 obj=$3 karch cross src frag lost run=() rc=0

	read -r _ karch cross src < <(entry "$a")
	[ "$cross" = - ] && cross=
	if [ "$src" = debian13 ]; then
		mkdir -p "$obj"
		[ -z "$CCDIR" ] || mkdir -p "$CCDIR"
		run=("$REPO/scripts/trixie-root.sh" run "$SRC" "$obj" ${CCDIR:+"$CCDIR"} --)
		export CCACHE_DIR=$CCDIR
	else
		ccache_check "${cross}gcc"
	fi
	git -C "$SRC" checkout -q --detach "$v" || die "cross/$a: cannot check out $v in $SRC"
	need_space "$BUILD" 2048 "the cross build tree of $a"
	rm -rf "$obj" || die "cross/$a: cannot empty $obj"
	frag=$REPO/configs/cross/$a.config
	KCONFIG_MAKE="${run[*]} make" kconfig "$obj" "$frag" -- ARCH="$karch" CROSS_COMPILE="$cross" ||
		die "cross/$a: configuration failed, see $obj/config.log"
	lost=$( (grep '^CONFIG_' "$frag" | while read -r l; do
		grep -qx "$l" "$obj/.config" || echo "$l"; done
		sed -n 's/^# \(CONFIG_[A-Z0-9_]*\) is not set$/\1/p' "$frag" | while read -r o; do
		! grep -q "^$o=" "$obj/.config" || echo "$o=n"; done) | tr '\n' ' ')
	[ -z "$lost" ] || die "cross/$a: options lost after olddefconfig: $lost"
	PROGRESS_LOG=$obj/build.log
	ticker_start 60 progress
	"${run[@]}" make -C "$SRC" O="$obj" ARCH="$karch" CROSS_COMPILE="$cross" \
		-j"$(nproc)" CC="ccache ${cross}gcc" vmlinux >"$obj/build.log" 2>&1 || rc=$?
	ticker_stop
	return $rc
}

# warnings LOG: the compiler's and modpost's warnings, line and column
# numbers dropped, sorted (repeats kept: comm counts them).
warnings() {
	{ grep -E ': warning: |^WARNING: ' "$1" || true; } |
		sed -E 's/:[0-9]+:[0-9]+: warning: /: warning: /; s/:[0-9]+: warning: /: warning: /' | sort
}

for a in $NAMES; do
	read -r _ karch cross src < <(entry "$a")
	[ "$cross" = - ] && cross=
	OBJ=$BUILD/cross-$a-$V
	log "cross/$a: configure and build vmlinux ($V, tinyconfig + configs/cross/$a.config, ${cross:-host }gcc from $src, log: $OBJ/build.log)"
	t=$(date +%s)
	rc=0
	build "$a" "$V" "$OBJ" || rc=$?
	s=$(( $(date +%s) - t ))
	lv=$(sed -n 's/^CONFIG_PGTABLE_LEVELS=//p' "$OBJ/.config")
	if [ "$src" = debian13 ]; then
		cc=$("$REPO/scripts/trixie-root.sh" run -- "${cross}gcc" --version | head -n 1)
	else
		cc=$("${cross}gcc" --version | head -n 1)
	fi
	if [ $rc -ne 0 ]; then
		grep -E 'error|Error' "$OBJ/build.log" | head -n 5 >&2 || true
		printf '%s\t%s\t%s\t%s\tFAILED\t%ss\t-\n' "$a" "$a.config" "${lv:-?}" "$cc" "$s" >>"$OUT/summary"
		log "cross/$a: $V does not build, see $OBJ/build.log"
		failed="$failed $a"
		continue
	fi
	warn=$(warnings "$OBJ/build.log" | wc -l)
	new=0
	if [ "$warn" -gt 0 ] && [ "$V" != stock ]; then
		log "cross/$a: $warn compiler warning(s); building v7.3.4 to tell the new ones"
		BOBJ=$BUILD/cross-$a-stock
		build "$a" stock "$BOBJ" || die "cross/$a: v7.3.4 does not build, see $BOBJ/build.log"
		new=$(comm -23 <(warnings "$OBJ/build.log") <(warnings "$BOBJ/build.log") | wc -l)
		comm -23 <(warnings "$OBJ/build.log") <(warnings "$BOBJ/build.log") | sed 's/^/  new: /' >&2
		git -C "$SRC" checkout -q --detach "$V"
	fi
	result=ok
	[ "$new" -eq 0 ] || { result="$new NEW WARNING(S)"; failed="$failed $a"; }
	printf '%s\t%s\t%s\t%s\t%s\t%ss\t%s (%s new)\n' "$a" "$a.config" "${lv:-?}" \
		"$cc" "$result" "$s" "$warn" "$new" >>"$OUT/summary"
	log "cross/$a: $V builds (${s}s, $warn compiler warning(s), $new new, ${lv:-?} page-table levels)"
done
log "cross: summary in $OUT/summary"
{
	printf 'arch\tconfig (tinyconfig +)\tlevels\tcompiler\tresult\ttime\twarnings\n'
	cat "$OUT/summary"
} | column -t -s "$(printf '\t')" 2>/dev/null || cat "$OUT/summary"
[ -z "$failed" ] || die "cross: failed:$failed"
