# SPDX-License-Identifier: GPL-2.0
# vmalloc-gfp: the targets read as the README's verbs.
#
#   make             the main job: build stock, series and control in the
#                    bench config, benchmark them, print the comparison
#   make check       build, boot and test stock, series and control
#                    (lockdep, fault injection, KASAN, a stress boot of
#                    series) and stable (stock + patch 1: the cases it
#                    fixes), each kernel booting as soon as it is built;
#                    the series' quality checks (checkpatch, bench
#                    input, then bisect-check beside the
#                    boots; static-check and bench-smoke are targets of
#                    their own); series on arm64 beside the x86_64 boots
#                    (the kernel-mask faults cases, no KASAN, no stress:
#                    ARM64_SET=full ARM64_CONFIG=debug+faults+kasan for
#                    more; ARM64=0 for none); make check ARCH=arm64
#                    VARIANTS=series for the full arm64 check alone;
#                    make cross for the cross builds (20 configs, 17
#                    architectures); make kmsan for the series under
#                    KMSAN (clang from Debian 13)
#
# Variables: KSRC=/path/to/linux (your own tree, cloned, never modified),
# VARIANTS="stock series control" (make check adds stable unless given), VARIANT=, CONFIG=debug|bench|faults|kasan|kmsan
# joined by + (default debug+faults+kasan), CASES="case ...", WORK=work,
# VMGFP_CACHE (downloads; ccache keeps its own directory), BOOT_JOBS,
# ACCEL=tcg|kvm|auto, BOOT_TIMEOUT=300, STRESS_SECS=30 (make stress: 150);
# for make/make bench: SEEDS="1 2 ... 10", LOOPS=1001, REPEAT=1, WARMUP=16,
# BENCH_CASES=case,case, TV_LOOPS=1000, TV_MASK=7, KVM_RUNS=10.

VARIANTS ?= stock series control
VARIANT ?= stock
CONFIG ?= debug+faults+kasan
CASES ?=
export KSRC WORK VMGFP_CACHE ACCEL BOOT_TIMEOUT BOOT_JOBS STRESS_SECS ARM64 ARM64_SET ARM64_CONFIG
export SEEDS LOOPS REPEAT WARMUP BENCH_CASES TV_LOOPS TV_MASK KVM_RUNS

S := scripts

.PHONY: all bench bench-smoke check stress broken-check deps fetch variants kernel kernels boot checkpatch \
	bisect-check static-check cross kmsan clean distclean help

all: bench

# The main job: stock, series and control in the bench config, the
# benchmarks on each, the comparison table (work/results/bench-latest/).
bench:
	BENCH_COMMAND='make$(if $(MAKECMDGOALS), $(MAKECMDGOALS))$(if $(MAKEOVERRIDES), $(MAKEOVERRIDES))' \
		$(S)/bench.sh $(VARIANTS)

# make check adds stable to the default kernels, not to a list given.
check:
	$(S)/check-all.sh $(if $(filter command line environment,$(origin VARIANTS)),$(VARIANTS),$(VARIANTS) stable)

# The series' tests with the full stress run: 150 s for each of its two
# parts (make check runs 30 s), no quality checks.
stress:
	STRESS_SECS=$(or $(STRESS_SECS),150) QUALITY= $(S)/check.sh series

deps:
	$(S)/deps.sh

fetch: deps
	$(S)/fetch.sh

variants: fetch
	$(S)/variants.sh $(VARIANTS)

# One kernel: make kernel VARIANT=control CONFIG=debug
kernel: fetch
	$(S)/variants.sh $(VARIANT)
	$(S)/build.sh $(VARIANT) $(CONFIG)
	$(S)/initramfs.sh $(VARIANT) $(CONFIG)

kernels: fetch
	$(S)/variants.sh $(VARIANTS)
	for v in $(VARIANTS); do \
		$(S)/build.sh $$v $(CONFIG) && $(S)/initramfs.sh $$v $(CONFIG) || exit 1; \
	done

# Rebuild one kernel and boot it with some cases:
#   make boot VARIANT=control CASES="vmalloc_nofs_lockdep"
boot: kernel
	$(S)/boot-cases.sh $(VARIANT) $(CONFIG) $(CASES)

# The benchmark pipeline: bad input refused, a short run of stock and
# series (not a measurement).
bench-smoke: fetch
	$(S)/bench-smoke.sh

# The faults cases against a scratch copy of the series with a broken
# error path (selftests/broken/): each must catch the leak.
broken-check:
	$(S)/broken-check.sh

# The series' quality checks. make check runs checkpatch, bisect-check
# and bench-input; static-check, bench-smoke and cross are targets of
# their own.
checkpatch: fetch
	$(S)/checkpatch.sh

# Every prefix of the series builds (CONFIG=bench unless given).
bisect-check: fetch
	$(S)/bisect-check.sh $(if $(filter command line,$(origin CONFIG)),$(CONFIG),bench)

# No new W=1 or sparse warning in the C files the series changes.
static-check: fetch
	$(S)/static-check.sh

# Cross builds of the series: every architecture cross-build.sh knows
# (ARCHES="arm64 s390" for fewer; VARIANT=drafts for the series with
# drafts/issue16).
cross: fetch
	$(S)/deps.sh cross
	$(S)/cross-build.sh $(if $(filter command line environment,$(origin VARIANT)),$(VARIANT),series) $(ARCHES)

# KMSAN (x86_64 only): the series built with Debian 13's clang (private
# root, scripts/trixie-root.sh) in debug+faults+kmsan and booted with the
# quick set of the selftests, no stress boot, no quality checks.
kmsan: fetch
	CHECK_CONFIG=debug+faults+kmsan CHECK_SET=quick STRESS_SECS=0 QUALITY= \
		MEM=$(or $(MEM),6G) $(S)/check.sh series

clean:
	rm -rf $(or $(WORK),work)/results

# The caches shared by every clone (ccache, downloads) stay: it says where.
distclean:
	rm -rf $(or $(WORK),work)
	@$(S)/caches.sh

help:
	@sed -n '2,28p' Makefile
