#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What the caches shared by every clone hold (lib.sh): ccache and the
# downloads. make distclean removes WORK and prints this: the caches stay.
# Usage: caches.sh
. "$(dirname "$0")/lib.sh"

size() {
	if [ -d "$1" ]; then
		du -sh "$1" 2>/dev/null | cut -f1
	else
		echo "absent"
	fi
}

cc=$(ccache --get-config cache_dir 2>/dev/null || echo "?")
echo "left: ccache $cc ($(size "$cc"); 'ccache -C' empties it, 'ccache -s' shows it)"
echo "left: downloads $VMGFP_CACHE ($(size "$VMGFP_CACHE"); remove it to download again)"
