#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot one built kernel with some selftest cases (all when none is named)
# and print their KTAP: the quick loop after changing one file.
# Usage: boot-cases.sh VARIANT CONFIG [CASE...]
. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: boot-cases.sh VARIANT CONFIG [CASE...]"
V=$1 C=$2
shift 2
check_variant "$V"
check_config "$C"
OUT=$WORK/results/boot-$V-$C-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
echo "/tests/vmalloc_gfp.sh -m /modules/vmalloc_gfp_test.ko $*" >"$OUT/plan"
export EXTRA_CMDLINE="nohugevmalloc ${EXTRA_CMDLINE:-}"
# 2 GiB: the faults cases under KASAN and kmemleak run 1 GiB out of memory.
export MEM=${MEM:-2G}
log "$V/$C: boot with ${*:-all cases}"
status=$("$REPO/scripts/boot.sh" "$V" "$C" "$OUT" boot "$OUT/plan") || true
cat "$OUT/boot.ktap"
log "$V/$C: ${status:-FAILED}; console log: $OUT/boot.console.log"
case "$status" in DONE*) ;; *) exit 1 ;; esac
