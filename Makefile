# SPDX-License-Identifier: GPL-2.0
# vmalloc-gfp: the targets read as the README's verbs.
#
#   make             the main job (see README.md)
#   make check       build, boot and test stock, series and control
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

.PHONY: all check deps fetch variants kernel kernels boot checkpatch clean distclean help

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

checkpatch: fetch
	$(S)/checkpatch.sh

clean:
	rm -rf $(or $(WORK),work)/results

distclean:
	rm -rf $(or $(WORK),work)

help:
	@sed -n '2,9p' Makefile
