#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run upstream's lib/test_vmalloc.ko and turn its "Summary:" lines into
# KTAP, one line per test ("test_vmalloc_<name>"). The module always fails
# to load (-EAGAIN) by design, so its load status says nothing: a test
# passes when every worker's Summary line reports "failed: 0" and a pass.
# Usage: test_vmalloc.sh [-m MODULE.ko] [PARAM=VALUE...]
MOD=/modules/test_vmalloc.ko
if [ "$1" = -m ]; then
	MOD=$2
	shift 2
fi
dmesg -c >/dev/null
echo "vmgfp-case: test_vmalloc" >/dev/kmsg
insmod "$MOD" "$@" >/dev/null 2>&1
sums=$(dmesg -c | sed -n 's/^.*Summary: //p')
echo "KTAP version 1"
if [ -z "$sums" ]; then
	echo "1..1"
	echo "# no Summary line from test_vmalloc.ko ($MOD $*)"
	echo "not ok 1 test_vmalloc"
	exit 1
fi
echo "$sums" | awk '
	{ name = $1
	  if (!(name in seen)) { seen[name] = 1; order[++n] = name }
	  print "# " $0
	  if ($3 > 0) passed[name]++
	  if ($5 != 0) failed[name]++ }
	END {
	  print "1.." n
	  for (i = 1; i <= n; i++) {
	      name = order[i]
	      if (!failed[name] && passed[name]) { print "ok " i " test_vmalloc_" name; pass++ }
	      else { print "not ok " i " test_vmalloc_" name; fail++ }
	  }
	  printf "# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n", pass, fail
	  exit fail > 0 }'
