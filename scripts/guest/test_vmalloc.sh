#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run lib/test_vmalloc.ko (upstream's, or the series' built out of tree
# as test_vmalloc_series.ko) and turn its "Summary:" lines into KTAP, one
# line per test ("test_vmalloc_<name>"). The module always fails to load
# (-EAGAIN) by design, so its load status says nothing: a test passes
# when every worker's Summary line reports "failed: 0" and a pass; it is
# skipped ("# SKIP" with the module's "<name>: skipped: <reason>" line)
# when the workers only skipped it (the series' module counts skipped
# runs after "xfailed:"); anything else fails.
# Usage: test_vmalloc.sh [-m MODULE.ko] [-n PREFIX] [-c NAME] [PARAM=VALUE...]
#   -n: the test lines' prefix (default test_vmalloc), for a second run
#       in one boot (the stress run: stress_test_vmalloc_<name>)
#   -c: the one test this run must report (its run_test_mask bit given
#       among the parameters): the kernel log's case marker names it,
#       and a run without its Summary line fails it by name
MOD=/modules/test_vmalloc.ko
PREFIX=test_vmalloc
NAME=
while [ $# -gt 1 ]; do
	case $1 in
	-m) MOD=$2 ;;
	-n) PREFIX=$2 ;;
	-c) NAME=$2 ;;
	*) break ;;
	esac
	shift 2
done
dmesg -c >/dev/null
echo "vmgfp-case: $PREFIX${NAME:+_$NAME}" >/dev/kmsg
insmod "$MOD" "$@" >/dev/null 2>&1
log=$(dmesg -c)
sums=$(echo "$log" | sed -n 's/^.*Summary: //p')
[ -z "$NAME" ] || sums=$(echo "$sums" | grep "^$NAME " || true)
echo "KTAP version 1"
if [ -z "$sums" ]; then
	echo "1..1"
	[ -r "$MOD" ] || echo "# no module $MOD"
	echo "# no Summary line${NAME:+ of $NAME} from $(basename "$MOD") ($MOD $*)"
	echo "not ok 1 $PREFIX${NAME:+_$NAME}"
	exit 1
fi
# The skip reasons: "<name>: skipped: <reason>" lines.
skips=$(echo "$log" | sed -n 's/^.*[] ]\([a-z0-9_]*\): skipped: /\1 /p')
{
	echo "$skips" | sed 's/^/skip /'
	echo "$sums" | sed 's/^/sum /'
} | awk -v prefix="$PREFIX" '
	$1 == "skip" { name = $2; $1 = $2 = ""; sub(/^ +/, ""); why[name] = $0; next }
	$1 != "sum" { next }
	{ $1 = ""; sub(/^ +/, ""); name = $1
	  if (!(name in seen)) { seen[name] = 1; order[++n] = name }
	  print "# " $0
	  sk = 0
	  for (i = 2; i < NF; i++)
	      if ($i == "skipped:") sk = $(i + 1)
	  if ($3 > 0) passed[name]++
	  if ($5 != 0) failed[name]++
	  if (sk > 0) skipped[name]++ }
	END {
	  print "1.." n
	  for (i = 1; i <= n; i++) {
	      name = order[i]
	      if (!failed[name] && passed[name]) { print "ok " i " " prefix "_" name; pass++ }
	      else if (!failed[name] && skipped[name]) {
	          print "ok " i " " prefix "_" name " # SKIP " (why[name] != "" ? why[name] : "skipped by the module"); skip++ }
	      else { print "not ok " i " " prefix "_" name; fail++ }
	  }
	  printf "# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n", pass, fail, skip
	  exit fail > 0 }'
