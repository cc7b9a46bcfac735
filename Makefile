# SPDX-License-Identifier: GPL-2.0
# vmalloc-gfp: the targets read as the README's verbs.
#
#   make             the main job (see README.md)
#   make check       build, boot and test stock, series and control, and
#                    run the series' quality checks (checkpatch, in-tree
#                    test, bisect-check, static-check); make cross for
#                    the cross builds
#
# Variables: KSRC=/path/to/linux (your own tree, cloned, never modified),
# VARIANTS="stock series control", VARIANT=, CONFIG=debug|bench,
# CASES="case ...", WORK=work, ACCEL=tcg|kvm|auto, BOOT_TIMEOUT=300.

VARIANTS ?= stock series control
VARIANT ?= stock
CONFIG ?= debug
CASES ?=
export KSRC WORK ACCEL BOOT_TIMEOUT

S := scripts

.PHONY: all check deps fetch variants kernel kernels boot checkpatch \
	intree-test bisect-check static-check cross clean distclean help

all: check

check:
	$(S)/check.sh $(VARIANTS)

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

# The series' quality checks; make check runs all of them.
checkpatch: fetch
	$(S)/checkpatch.sh
	$(S)/intree-test.sh verify

# Regenerate the in-tree test patch from selftests/vmalloc_gfp_test.c.
intree-test: fetch
	$(S)/intree-test.sh generate

# Every prefix of the series builds (CONFIG=bench unless given).
bisect-check: fetch
	$(S)/bisect-check.sh $(if $(filter command line,$(origin CONFIG)),$(CONFIG),bench)

# No new W=1 or sparse warning in the C files the series changes.
static-check: fetch
	$(S)/static-check.sh

# Cross builds of the series: ARCHES="arm64 arm i386 s390 mips".
ARCHES ?= arm64 arm i386 s390
cross: fetch
	$(S)/deps.sh cross
	$(S)/cross-build.sh series $(ARCHES)

clean:
	rm -rf $(or $(WORK),work)/results

distclean:
	rm -rf $(or $(WORK),work)

help:
	@sed -n '2,11p' Makefile
