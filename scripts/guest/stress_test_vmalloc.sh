#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Upstream's lib/test_vmalloc.ko as a stress test: a thread per CPU
# (nr_threads), loaded again and again until SECONDS have passed. One KTAP
# line per test, stress_test_vmalloc_<name>: ok when every load passed it.
# Usage: stress_test_vmalloc.sh SECONDS [PARAM=VALUE...]
secs=${1:?usage: stress_test_vmalloc.sh SECONDS [PARAM=VALUE...]}
shift
cpus=$(grep -c ^processor /proc/cpuinfo)
t0=$(date +%s)
runs=0
: >/tmp/stress_tv.ktap
while :; do
	runs=$((runs + 1))
	test_vmalloc.sh -n stress_test_vmalloc nr_threads="$cpus" "$@" >>/tmp/stress_tv.ktap
	[ $(($(date +%s) - t0)) -lt "$secs" ] || break
done
echo "KTAP version 1"
echo "# stress_test_vmalloc: $runs loads, nr_threads=$cpus, $(($(date +%s) - t0)) s, $*"
awk '
	/^(not )?ok [0-9]+ / {
		name = ($1 == "not") ? $4 : $3
		if (!(name in seen)) { seen[name] = 1; order[++n] = name }
		if ($1 == "not") failed[name]++; else passed[name]++
	}
	END {
		print "1.." n
		for (i = 1; i <= n; i++) {
			name = order[i]
			printf "# %s: passed %d, failed %d loads\n", name, passed[name], failed[name]
			if (failed[name] || !passed[name]) { print "not ok " i " " name; bad++ }
			else print "ok " i " " name
		}
		exit bad > 0
	}' /tmp/stress_tv.ktap
