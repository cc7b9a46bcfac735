# SPDX-License-Identifier: GPL-2.0
# Common definitions for the harness scripts. Sourced, never run.
#
# Environment (all optional):
#   WORK      work directory (default: <repo>/work), ignored by git
#   KSRC      a user's own kernel git tree to use instead of Debian's 7.3.4;
#             it is cloned, never modified
#   ACCEL     tcg (default), kvm, or auto (KVM where a probe boot works)
#   BOOT_TIMEOUT  seconds before a boot is stopped (default 300)

set -eu
set -o pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-$REPO/work}
case "$WORK" in /*) ;; *) WORK=$PWD/$WORK ;; esac

# ARCH: x86_64 (default) or arm64: built with Debian's aarch64-linux-gnu-gcc
# and booted under qemu-system-aarch64 (virt machine, TCG); its build trees
# end in -arm64. Kept apart from the kernel's own ARCH: the kernel's make
# gets ARCH= and CROSS_COMPILE= on its command line (KARCH_ARGS).
HARCH=${HARCH:-${ARCH:-x86_64}}
case "$HARCH" in
x86_64) ARCH_SUFFIX= KARCH_ARGS= CROSS= ;;
arm64) ARCH_SUFFIX=-arm64 KARCH_ARGS="ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-" CROSS=aarch64-linux-gnu- ;;
*) printf 'error: ARCH must be x86_64 or arm64, not "%s"\n' "$HARCH" >&2; exit 1 ;;
esac
# The scripts this one runs see HARCH; the kernel's make must not see
# ARCH=x86_64 from the environment.
export HARCH
unset ARCH

VARIANTS_ALL="stock series control"
# Not in the default list: broken = series + selftests/broken/ (a scratch
# copy of the series with a broken error path, scripts/broken-check.sh);
# stable = base + the series' first patch alone, the fix meant for the
# stable trees (make check runs the cases it fixes on it); drafts = series
# + drafts/issue16/series (work in progress, read only when named: make
# cross VARIANT=drafts).
VARIANTS_EXTRA="broken stable drafts"
# A config is one fragment of configs/ or several joined by "+", merged in
# that order over base.config (CONFIG=debug+faults: debug, then faults).
CONFIGS_ALL="debug bench faults kasan kmsan"

# Debian's package of the base source, pinned.
DEB_PKG=linux-source-7.3
DEB_VERSION=7.3.4-1~bpo13+1
DEB_SUITE=trixie-backports
DEB_MIRROR=${DEB_MIRROR:-http://deb.debian.org/debian}

# One source path for every variant (ccache and make only skip work when
# the path stays the same): Debian's base, or a clone of KSRC.
if [ -n "${KSRC:-}" ]; then
	TREE=$WORK/ksrc
else
	TREE=$WORK
fi
SRC=$TREE/linux
BUILD=$TREE/build

# Caches shared by every clone on this machine, where kernel developers
# keep theirs: ccache in ccache's own default directory,
# ${XDG_CACHE_HOME:-$HOME/.cache}/ccache (CCACHE_DIR or ccache.conf move
# it; the harness does not set it), and the downloads (Debian's source
# package, the arm64 busybox) in VMGFP_CACHE. WORK, the trees and the
# results, stays per clone. CCACHE_BASEDIR makes the paths under WORK
# relative, so a clone at another path hits the same entries; hash_dir
# off for the same reason where a config adds -g. Depend mode: a miss
# costs the compile alone, without the extra preprocessor run of
# ccache's default mode (make check builds most of its kernels cold on a
# fresh machine).
VMGFP_CACHE=${VMGFP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vmalloc-gfp}
case "$VMGFP_CACHE" in /*) ;; *) VMGFP_CACHE=$PWD/$VMGFP_CACHE ;; esac
export VMGFP_CACHE
export CCACHE_BASEDIR=$WORK
export CCACHE_NOHASHDIR=1
[ -n "${CCACHE_NODEPEND:-}" ] || export CCACHE_DEPEND=1

# Fixed identity and dates: re-applying the same patches yields the same
# commits, so nothing is rebuilt that did not change.
export GIT_AUTHOR_NAME=vmalloc-gfp GIT_AUTHOR_EMAIL=vmalloc-gfp@example.org
export GIT_COMMITTER_NAME=vmalloc-gfp GIT_COMMITTER_EMAIL=vmalloc-gfp@example.org
export GIT_COMMITTER_DATE="2026-01-01T00:00:00+0000"

# Reproducible kernel builds: the same source gives the same objects. The
# build number too: the banner seeds the guest's random state, so "#5"
# against "#1" moves benchmark figures by a few instructions.
export KBUILD_BUILD_TIMESTAMP="2026-01-01" KBUILD_BUILD_USER=vmgfp KBUILD_BUILD_HOST=vmgfp
export KBUILD_BUILD_VERSION=1

T0=${VMGFP_T0:-$(date +%s)}
export VMGFP_T0=$T0

# log STAGE MESSAGE...: progress with elapsed time since the run started.
log() {
	local s=$(( $(date +%s) - T0 ))

	printf '[%02d:%02d] %s%s\n' $((s / 60)) $((s % 60)) "${ARCH_SUFFIX:+${HARCH}: }" "$*" >&2
}

# die MESSAGE...: one clear line and a non-zero exit.
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

check_variant() {
	case " $VARIANTS_ALL $VARIANTS_EXTRA " in
	*" $1 "*) ;;
	*) die "unknown variant '$1' (known: $VARIANTS_ALL $VARIANTS_EXTRA)" ;;
	esac
}

check_config() {
	local f

	[ -n "$1" ] || die "empty config name (known: $CONFIGS_ALL, joined by +)"
	for f in ${1//+/ }; do
		case " $CONFIGS_ALL " in
		*" $f "*) ;;
		*) die "unknown config '$f' in '$1' (known: $CONFIGS_ALL, joined by +)" ;;
		esac
		[ -f "$REPO/configs/$f.config" ] || die "missing configs/$f.config"
	done
}

# config_frags CONFIG: the fragment files, base.config first, then the
# architecture's (configs/arch/, not for x86_64).
config_frags() {
	local f

	printf '%s' "$REPO/configs/base.config"
	[ -z "$ARCH_SUFFIX" ] || printf ' %s' "$REPO/configs/arch/$HARCH.config"
	for f in ${1//+/ }; do
		printf ' %s' "$REPO/configs/$f.config"
	done
	echo
}

# objdir VARIANT CONFIG: the build tree of one kernel.
objdir() {
	echo "$BUILD/$1-${2//+/_}$ARCH_SUFFIX"
}

# Options of the common fragments that another architecture does not have
# (x86-only): not an error when olddefconfig drops them there.
arch_foreign() {
	case "$HARCH" in
	arm64) echo 'CONFIG_(ACPI|EARLY_PRINTK|UNWINDER_FRAME_POINTER|KERNEL_GZIP)=' ;;
	*) echo '^$' ;;
	esac
}

# Patch list of a variant, one path a line (empty for stock).
variant_patches() {
	local list=

	case "$1" in
	stock) return 0 ;;
	stable)
		variant_patches series | head -n 1
		return 0
		;;
	series) list=$REPO/mm-patches/series ;;
	control) list=$REPO/selftests/control/series ;;
	broken)
		variant_patches series
		list=$REPO/selftests/broken/series
		;;
	drafts)
		variant_patches series
		list=$REPO/drafts/issue16/series
		;;
	esac
	[ -f "$list" ] || die "missing $list"
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$list" | while read -r p; do
		[ -n "$p" ] && echo "$(dirname "$list")/$p"
	done
	return 0
}

# bench_cases: the case names of benchmarks/vmalloc_bench.c, from its
# table (the module's source is the only list).
bench_cases() {
	sed -n 's/^[[:space:]]*\(VB_VMALLOC(\|{ \.name = \)"\([^"]*\)".*/\2/p' \
		"$REPO/benchmarks/vmalloc_bench.c"
}

# Serialise the runs that use the one source tree; children of a locked
# run inherit the lock.
lock_tree() {
	[ -z "${VMGFP_LOCKED:-}" ] || return 0
	mkdir -p "$TREE"
	exec 9>"$TREE/.lock"
	flock -n 9 || die "another run is using $TREE (lock $TREE/.lock)"
	export VMGFP_LOCKED=1
	# No boot of an earlier run waits for a slot any more.
	rm -rf "$WORK/.boot-slots/wait"
}

# ticker_start SECONDS COMMAND...: progress, COMMAND every SECONDS in the
# background, without the tree lock; ticker_stop ends it and its sleep.
ticker_start() {
	local s=$1

	shift
	# fd 3: the caller's stderr for the progress lines; the subshell's own
	# stderr is closed so that ticker_stop leaves no "Terminated" behind.
	( exec 9>&- 3>&2 2>/dev/null; while sleep "$s"; do "$@" 2>&3; done ) &
	TICKER=$!
}

ticker_stop() {
	pkill -P "$TICKER" 2>/dev/null || true
	kill "$TICKER" 2>/dev/null || true
	wait "$TICKER" 2>/dev/null || true
}

# kconfig OBJ FRAG... [-- MAKEARG...]: tinyconfig, the fragments merged
# over it, olddefconfig, in the build tree OBJ (log: OBJ/config.log).
# KCONFIG_MAKE: the make command (default make; a wrapper such as
# "scripts/trixie-root.sh run ... -- make" for a compiler of another root).
kconfig() {
	local obj=$1 frags=

	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		frags="$frags $1"
		shift
	done
	[ $# -gt 0 ] && shift
	mkdir -p "$obj"
	{
		${KCONFIG_MAKE:-make} -C "$SRC" O="$obj" "$@" tinyconfig &&
		"$SRC/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" $frags &&
		${KCONFIG_MAKE:-make} -C "$SRC" O="$obj" "$@" olddefconfig
	} >"$obj/config.log" 2>&1
}

# hold_head: the source tree must be clean; whatever is checked out now
# is checked out again when the script exits.
hold_head() {
	git -C "$SRC" diff --quiet HEAD ||
		die "source tree $SRC has local changes; commit or reset them"
	HELD_HEAD=$(git -C "$SRC" symbolic-ref -q --short HEAD || git -C "$SRC" rev-parse HEAD)
	trap 'git -C "$SRC" checkout -q "$HELD_HEAD" 2>/dev/null || true' EXIT
}

need_tools() {
	local t missing=

	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
	done
	[ -z "$missing" ] || die "missing tool(s):$missing (run 'make deps')"
}

# ccache_check CC: use ccache only where it can work; otherwise one line
# saying why, and the build goes on without it (CCACHE_DISABLE: ccache
# then runs the compiler directly). A compiler other than the one that
# filled the cache is named too: its entries only miss, never hit wrongly
# (ccache hashes the compiler into every key).
ccache_check() {
	local cc=$1 dir free ver rec old

	[ -z "${CCACHE_DISABLE:-}" ] || return 0
	if ! dir=$(ccache --get-config cache_dir 2>&1); then
		log "ccache: unusable ($dir): building without it"
		export CCACHE_DISABLE=1
		return 0
	fi
	if ! mkdir -p "$dir" 2>/dev/null || ! : 2>/dev/null >"$dir/.vmgfp-write-test"; then
		log "ccache: $dir is not writable: building without it"
		export CCACHE_DISABLE=1
		return 0
	fi
	rm -f "$dir/.vmgfp-write-test"
	free=$(df -Pk "$dir" | awk 'NR == 2 { print int($4 / 1024) }') || true
	if [ "${free:-0}" -lt "${CCACHE_MIN_FREE_MB:-1024}" ]; then
		log "ccache: only ${free:-0} MiB free for $dir: building without it"
		export CCACHE_DISABLE=1
		return 0
	fi
	ver=$("$cc" --version 2>/dev/null | head -n 1) || true
	rec=$VMGFP_CACHE/ccache-compilers
	old=$(sed -n "s|^$cc: ||p" "$rec" 2>/dev/null | tail -n 1) || true
	if [ -n "$old" ] && [ "$old" != "$ver" ]; then
		log "ccache: entries for $cc in $dir came from '$old', this is '$ver': they miss (no wrong hits, ccache hashes the compiler)"
	fi
	if [ "$old" != "$ver" ] && mkdir -p "$VMGFP_CACHE" 2>/dev/null; then
		{ grep -v "^$cc: " "$rec" 2>/dev/null || true; echo "$cc: $ver"; } >"$rec.tmp" &&
			mv "$rec.tmp" "$rec" || true
	fi
	return 0
}

# ccache_rate STATSLOG: "N of M compiles from ccache (P%)" from a build's
# stats log (CCACHE_STATSLOG), or nothing.
ccache_rate() {
	[ -s "$1" ] || return 0
	awk '/^(direct|preprocessed)_cache_hit$/ { hit++ }
		/^cache_miss$/ { miss++ }
		END { n = hit + miss
			if (n) printf "%d of %d compiles from ccache (%d%%)\n", hit, n, 100 * hit / n }' "$1"
}

# need_space DIR MIB WHAT: stop before starting WHAT when DIR's file
# system has less than MIB MiB free (a full disk mid-build leaves
# nothing a later run trusts, but stopping first says why at once).
need_space() {
	local free

	mkdir -p "$1"
	free=$(df -Pk "$1" | awk 'NR == 2 { print int($4 / 1024) }') || true
	[ "${free:-0}" -ge "$2" ] ||
		die "only ${free:-0} MiB free in $1; $3 needs about $2 MiB"
}

# with_boot_slot PRIO COMMAND...: run COMMAND (a function or a program)
# while holding one of BOOT_JOBS boot slots, lock files shared by every
# check of this work directory (make check's x86_64 and arm64 parts). A
# free slot goes to the waiting boot of the lowest PRIO (main boots 1,
# the stress boot 2, one-case boots 3), first come first served within
# one: the long boots start first, the short ones fill in at the end.
with_boot_slot() {
	local prio=$1 n=${BOOT_JOBS:-$(nproc)} k fd rc w d=$WORK/.boot-slots best f

	shift
	mkdir -p "$d/wait"
	w=$prio-$(date +%s%N)-$BASHPID
	: >"$d/wait/$w"
	while :; do
		# A second for the boots queued at the same moment to queue
		# too, then the first waiter whose process still lives.
		sleep 1
		best=
		for f in $(ls "$d/wait" 2>/dev/null | sort); do
			if kill -0 "${f##*-}" 2>/dev/null; then
				best=$f
				break
			fi
			rm -f "$d/wait/$f"
		done
		if [ "$best" = "$w" ]; then
			for k in $(seq 1 "$n"); do
				exec {fd}>"$d/$k"
				if flock -n "$fd"; then
					rm -f "$d/wait/$w"
					rc=0
					"$@" || rc=$?
					exec {fd}>&-
					return $rc
				fi
				exec {fd}>&-
			done
		fi
	done
}

# kill_tree PID...: stop the processes and everything they started.
kill_tree() {
	local p c

	for p in "$@"; do
		c=$(pgrep -P "$p" 2>/dev/null || true)
		kill "$p" 2>/dev/null || true
		# shellcheck disable=SC2086
		[ -z "$c" ] || kill_tree $c
	done
}
