#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Provide the base source as a git tree with one commit on branch "base":
# Debian's linux-source-7.3 (pinned version, private apt state, cached
# download), or a clone of the user's KSRC tree at its HEAD.
. "$(dirname "$0")/lib.sh"

APT=$WORK/apt
NOTE=$TREE/BASE
# The download is kept in the cache shared by every clone (lib.sh), or in
# WORK where the cache cannot be written.
DL=$VMGFP_CACHE/dl
if ! mkdir -p "$DL" 2>/dev/null || ! : 2>/dev/null >"$DL/.write-test"; then
	log "fetch: $DL is not writable: downloading into $WORK/dl"
	DL=$WORK/dl
	mkdir -p "$DL"
fi
rm -f "$DL/.write-test"

apt_private() {
	apt-get -o Dir::Etc::sourcelist="$APT/sources.list" \
		-o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$APT/lists" \
		-o Dir::State::status="$APT/status" \
		-o Dir::Cache="$APT/cache" \
		-o APT::Get::List-Cleanup=0 \
		-o Debug::NoLocking=1 "$@"
}

apt_cache_private() {
	apt-cache -o Dir::Etc::sourcelist="$APT/sources.list" \
		-o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$APT/lists" \
		-o Dir::State::status="$APT/status" \
		-o Dir::Cache="$APT/cache" "$@"
}

# Download the .deb (pinned version, or the newest with a loud warning)
# and print its path.
# cached_ok DEB: the file is whole, by the checksum taken when apt had
# verified it; a damaged or unverified one is removed.
cached_ok() {
	[ -s "$1" ] || return 1
	if [ -f "$1.sha256" ] && (cd "$(dirname "$1")" && sha256sum --quiet -c "$(basename "$1").sha256") >/dev/null 2>&1; then
		return 0
	fi
	log "fetch: cached $(basename "$1") has no valid checksum (damaged or incomplete): removing it"
	rm -f "$1" "$1.sha256"
	return 1
}

download_deb() {
	local deb want=$DL/${DEB_PKG}_${DEB_VERSION}_all.deb ver f

	if cached_ok "$want"; then
		log "fetch: using the cached $want"
		echo "$want"
		return
	fi
	deb=
	for f in "$DL"/"${DEB_PKG}"_*_all.deb; do
		[ -f "$f" ] && cached_ok "$f" && deb=$f
	done
	mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$DL"
	: >"$APT/status"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $DEB_MIRROR $DEB_SUITE main" \
		>"$APT/sources.list"
	log "fetch: apt-get update ($DEB_SUITE, private state in $APT)"
	if ! apt_private update -qq >"$APT/update.log" 2>&1 ||
	   [ -z "$(find "$APT/lists" -maxdepth 1 -name '*_Packages*')" ]; then
		[ -n "$deb" ] && { echo "$deb"; return; }
		die "no access to the Debian archive ($DEB_MIRROR $DEB_SUITE), see $APT/update.log"
	fi
	ver=$DEB_VERSION
	if ! apt_cache_private show "$DEB_PKG=$DEB_VERSION" >/dev/null 2>&1; then
		ver=$(apt_cache_private policy "$DEB_PKG" | awk '/Candidate:/ { print $2 }')
		[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
			die "$DEB_PKG is not in $DEB_SUITE"
		log "WARNING: $DEB_PKG $DEB_VERSION is gone from the archive; using $ver"
	fi
	log "fetch: downloading $DEB_PKG=$ver into $DL"
	# Into a directory of its own, then renamed with its checksum: an
	# interrupted download (or a full disk) leaves nothing a later run
	# takes for the package.
	f=${DEB_PKG}_${ver}_all.deb
	rm -rf "$DL/partial.$$"
	mkdir -p "$DL/partial.$$"
	if ! (cd "$DL/partial.$$" && apt_private download "$DEB_PKG=$ver" >"$APT/download.log" 2>&1) ||
	   [ ! -s "$DL/partial.$$/$f" ]; then
		rm -rf "$DL/partial.$$"
		die "download of $DEB_PKG=$ver failed, see $APT/download.log"
	fi
	(cd "$DL/partial.$$" && sha256sum "$f" >"$f.sha256") &&
		mv "$DL/partial.$$/$f" "$DL/$f" && mv "$DL/partial.$$/$f.sha256" "$DL/$f.sha256" ||
		{ rm -rf "$DL/partial.$$"; die "cannot store the download in $DL"; }
	rm -rf "$DL/partial.$$"
	echo "$DL/$f"
}

import_deb() {
	local deb=$1 ver tmp

	ver=$(dpkg-deb -f "$deb" Version)
	need_space "$TREE" 4096 "unpacking and importing the source"
	tmp=$TREE/linux.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	log "fetch: unpacking $(basename "$deb")"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO --wildcards "./usr/src/$DEB_PKG.tar.xz" |
		tar -xJ -C "$tmp" --strip-components=1
	log "fetch: importing into git (one commit, about 40 s)"
	git -C "$tmp" init -q -b base
	# No automatic gc: after a 90000-file import it repacks in the
	# background for minutes, holding the tree lock and a CPU.
	git -C "$tmp" config gc.auto 0
	# Debian's top-level .gitignore ends with "/*" (packaging): add -f.
	git -C "$tmp" add -f -A .
	GIT_AUTHOR_DATE=$GIT_COMMITTER_DATE git -C "$tmp" commit -q \
		-m "Linux $(make -s -C "$tmp" kernelversion) (Debian $DEB_PKG $ver)"
	mv "$tmp" "$SRC"
	if [ "$ver" = "$DEB_VERSION" ]; then
		echo "base: Debian $DEB_PKG $ver" >"$NOTE"
	else
		echo "base: Debian $DEB_PKG $ver (WARNING: not the pinned $DEB_VERSION)" >"$NOTE"
	fi
}

clone_ksrc() {
	local head

	git -C "$KSRC" rev-parse --verify -q HEAD >/dev/null ||
		die "KSRC=$KSRC is not a git tree with a commit"
	head=$(git -C "$KSRC" rev-parse HEAD)
	if [ -d "$SRC/.git" ] && [ "$(git -C "$SRC" rev-parse base)" = "$head" ]; then
		return
	fi
	rm -rf "$SRC"
	mkdir -p "$TREE"
	log "fetch: cloning KSRC=$KSRC at $head (the original is not touched)"
	git clone -q --shared --no-checkout "$KSRC" "$SRC"
	git -C "$SRC" checkout -q -b base "$head"
	echo "base: KSRC=$KSRC $head ($(make -s -C "$SRC" kernelversion))" >"$NOTE"
}

lock_tree
if [ -n "${KSRC:-}" ]; then
	clone_ksrc
elif ! git -C "$SRC" rev-parse --verify -q base >/dev/null 2>&1; then
	need_tools apt-get dpkg-deb tar xz git
	deb=$(download_deb) || exit 1
	import_deb "$deb"
fi
log "fetch: $(cat "$NOTE")"
grep -q WARNING "$NOTE" && log "$(cat "$NOTE")"
exit 0
