#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run upstream's lib/test_vmalloc.ko and turn its "Summary:" lines into
# KTAP, one line per test ("test_vmalloc_<name>"). The module always fails
# to load (-EAGAIN) by design, so its load status says nothing: a test
# passes when every worker's Summary line reports "failed: 0" and a pass.
# Usage: test_vmalloc.sh [-m MODULE.ko] [-n PREFIX] [PARAM=VALUE...]
#   -n: the test lines' prefix (default test_vmalloc), for a second run
#       in one boot (the stress run: stress_test_vmalloc_<name>)
MOD=/modules/test_vmalloc.ko
PREFIX=test_vmalloc
while [ $# -gt 1 ]; do
	case $1 in
	-m) MOD=$2 ;;
	-n) PREFIX=$2 ;;
	*) break ;;
	esac
	shift 2
done
dmesg -c >/dev/null
echo "vmgfp-case: $PREFIX" >/dev/kmsg
insmod "$MOD" "$@" >/dev/null 2>&1
sums=$(dmesg -c | sed -n 's/^.*Summary: //p')
echo "KTAP version 1"
if [ -z "$sums" ]; then
	echo "1..1"
	echo "# no Summary line from test_vmalloc.ko ($MOD $*)"
	echo "not ok 1 $PREFIX"
	exit 1
fi
echo "$sums" | awk -v prefix="$PREFIX" '
	{ name = $1
	  if (!(name in seen)) { seen[name] = 1; order[++n] = name }
	  print "# " $0
	  if ($3 > 0) passed[name]++
	  if ($5 != 0) failed[name]++ }
	END {
	  print "1.." n
	  for (i = 1; i <= n; i++) {
	      name = order[i]
	      if (!failed[name] && passed[name]) { print "ok " i " " prefix "_" name; pass++ }
	      else { print "not ok " i " " prefix "_" name; fail++ }
	  }
	  printf "# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n", pass, fail
	  exit fail > 0 }'
