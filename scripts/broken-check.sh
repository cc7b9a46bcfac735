#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The negative check of the fault-injection cases on the series itself:
# build "broken", a scratch copy of the series with a broken error path
# (selftests/broken/: the area leaked when mapping its pages fails), boot
# it with the faults cases of the vmalloc entry points, and pass only when
# each of them fails through the leak check. make check shows the same
# cases passing on series.
# Ends with "N passed, N failed"; exits 0 only when every case was caught.
# Usage: broken-check.sh
. "$(dirname "$0")/lib.sh"

[ $# -eq 0 ] || die "usage: broken-check.sh (no arguments)"
CONFIG=${CHECK_CONFIG:-debug+faults+kasan}
check_config "$CONFIG"
case "+$CONFIG+" in
*+faults+*) ;;
*) die "CHECK_CONFIG=$CONFIG has no faults fragment: the faults cases would skip" ;;
esac

lock_tree
"$REPO/scripts/deps.sh"
"$REPO/scripts/fetch.sh"
"$REPO/scripts/variants.sh" broken
"$REPO/scripts/build.sh" broken "$CONFIG"
"$REPO/scripts/initramfs.sh" broken "$CONFIG"

# The faults cases whose call takes the broken path: those control fails
# (the kernel mask of every vmalloc entry point). ALL=1: the vmalloc entry
# points with every mask but __GFP_NOFAIL (its page tables cannot fail on
# the series), 63 cases.
if [ "${ALL:-0}" = 1 ]; then
	cases=$(awk '!/^#/ && $1 ~ /_faults$/ && $1 !~ /^percpu_|_nofs_nofail_faults$/ { print $1 }' \
		"$REPO/selftests/expected.txt")
else
	cases=$(awk '!/^#/ && $1 ~ /_faults$/ && $4 == "fail" { print $1 }' \
		"$REPO/selftests/expected.txt")
fi
[ -n "$cases" ] || die "no faults case in selftests/expected.txt"
RES=$WORK/results/broken-$(date +%Y%m%d-%H%M%S)
mkdir -p "$RES"
echo "/tests/vmalloc_gfp.sh -m /modules/vmalloc_gfp_test.ko" $cases >"$RES/plan"
log "broken/$CONFIG: boot with $(echo $cases | wc -w) faults cases"
status=$(EXTRA_CMDLINE="nohugevmalloc ${EXTRA_CMDLINE:-}" BOOT_TIMEOUT=${BOOT_TIMEOUT:-1200} MEM=${MEM:-2G} \
	"$REPO/scripts/boot.sh" broken "$CONFIG" "$RES" boot "$RES/plan") || true
log "broken/$CONFIG: boot ${status:-FAILED} ($RES/boot.console.log)"

# A case is caught when it fails with the leak check's diagnostic.
caught=0 missed=0
for c in $cases; do
	if awk -v c="$c" '/^# leak: / { leak = 1; next }
		/^(not )?ok [0-9]+ / { if ($0 ~ ("^not ok [0-9]+ " c "$") && leak) found = 1; leak = 0 }
		END { exit !found }' "$RES/boot.ktap"; then
		caught=$((caught + 1))
	else
		missed=$((missed + 1))
		echo "FAIL broken $c: not caught by the leak check (KTAP: $RES/boot.ktap)"
	fi
done
echo "broken-check: $caught of $((caught + missed)) faults cases caught the leaked area; results: $RES"
case "$status" in DONE*) ;; *) missed=$((missed + 1)); echo "FAIL broken: boot ${status:-FAILED}" ;; esac
echo "$caught passed, $missed failed"
[ $missed -eq 0 ]
