#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The correctness pipeline: build the debug kernels of the variants, boot
# each with the selftests and upstream's test_vmalloc smoke test, compare
# every result with selftests/expected.txt. Ends with "N passed, N failed,
# N skipped"; exits 0 only when every expectation held.
# Usage: check.sh [VARIANT...]   (default: stock series control)
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || set -- $VARIANTS_ALL
for v in "$@"; do
	check_variant "$v"
done
CONFIG=debug
# Smoke: upstream's default tests (run_test_mask=7), fewer loops under TCG.
SMOKE="test_loop_count=${SMOKE_LOOPS:-1000}"
RUNNER="/tests/vmalloc_gfp.sh -m /modules/vmalloc_gfp_test.ko"
# PTE mappings everywhere: kvmalloc() and vmalloc_huge() would otherwise
# map 2 MiB pages and allocate no PTE page (DESIGN.md section 4).
export EXTRA_CMDLINE="nohugevmalloc ${EXTRA_CMDLINE:-}"

# The series' quality checks, run when series is among the kernels:
# QUALITY="checkpatch intree bisect static bench" by default ("" for none; add
# "cross" for the cross builds, otherwise a target of their own, 'make
# cross', to keep make check within CI's time).
QUALITY=${QUALITY-checkpatch intree bisect static bench}

lock_tree
"$REPO/scripts/deps.sh"
"$REPO/scripts/fetch.sh"
"$REPO/scripts/variants.sh" "$@"

RES=$WORK/results/check-$(date +%Y%m%d-%H%M%S)
mkdir -p "$RES"
ln -sfn "$(basename "$RES")" "$WORK/results/check-latest"
cp "$TREE/BASE" "$RES/BASE"

# quality NAME COMMAND...: run one check, record pass or fail, go on.
quality() {
	local name=$1 t=$(date +%s) rc=0

	shift
	log "quality: $name: $*"
	"$@" 2>&1 | tee "$RES/quality-$name.log" >&2 || rc=$?
	t=$(( $(date +%s) - t ))
	if [ $rc -eq 0 ]; then
		echo "pass $name (${t}s)" >>"$RES/quality.txt"
	else
		echo "fail $name (${t}s): $(grep -m1 '^error: ' "$RES/quality-$name.log" ||
			echo "exit $rc"), log: $RES/quality-$name.log" >>"$RES/quality.txt"
	fi
}

case " $* " in
*" series "*)
	for q in $QUALITY; do
		case $q in
		checkpatch) quality checkpatch "$REPO/scripts/checkpatch.sh" ;;
		intree) quality intree-test "$REPO/scripts/intree-test.sh" verify ;;
		bisect) quality bisect-bench "$REPO/scripts/bisect-check.sh" bench ;;
		static) quality static "$REPO/scripts/static-check.sh" ;;
		bench) quality bench-smoke "$REPO/scripts/bench-smoke.sh" ;;
		cross)
			"$REPO/scripts/deps.sh" cross
			quality cross "$REPO/scripts/cross-build.sh" series
			;;
		*) die "unknown quality check '$q' (known: checkpatch intree bisect static bench cross)" ;;
		esac
	done
	;;
esac

for v in "$@"; do
	"$REPO/scripts/build.sh" "$v" "$CONFIG"
	"$REPO/scripts/initramfs.sh" "$v" "$CONFIG"
done

boot_progress() {
	log "$1/$CONFIG: boot $2: $(grep -cE '^(not )?ok ' "$RES/$1/$2.ktap" 2>/dev/null || true) cases done"
}

# boot_plan KERNEL NAME COMMAND...: one boot running the given commands.
boot_plan() {
	local v=$1 name=$2 plan=$RES/$1/$2.plan status

	shift 2
	mkdir -p "$RES/$v"
	printf '%s\n' "$@" >"$plan"
	ticker_start 30 boot_progress "$v" "$name"
	status=$("$REPO/scripts/boot.sh" "$v" "$CONFIG" "$RES/$v" "$name" "$plan") || true
	ticker_stop
	log "$v/$CONFIG: boot $name: ${status:-FAILED} ($RES/$v/$name.console.log)"
}

for v in "$@"; do
	iso=$("$REPO/scripts/report.py" isolated "$v")
	log "$v/$CONFIG: boot main (test_vmalloc smoke, selftests)"
	boot_plan "$v" main "/tests/test_vmalloc.sh $SMOKE" \
		"$RUNNER${iso:+ -x $(echo $iso | tr ' ' ,)}"
	n=0
	for c in $iso; do
		n=$((n + 1))
		log "$v/$CONFIG: isolated boot $n/$(echo $iso | wc -w): $c"
		boot_plan "$v" "iso-$c" "$RUNNER $c"
	done
done
"$REPO/scripts/report.py" judge "$RES" "$@"
