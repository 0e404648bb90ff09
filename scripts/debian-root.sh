#!/usr/bin/env bash
# Makes a clean Debian bookworm root from Debian packages with mmdebstrap, for the package tests
# (a root to `dpkg -i` the .deb into) and the container image (imported with podman).
#
#   scripts/debian-root.sh OUT PACKAGE...
#   scripts/debian-root.sh --shared PACKAGE...
#
# OUT ending in .tar: the root as a tarball (owners, modes and device nodes kept), for
# `podman import`. Any other OUT: a directory the root is extracted into (must not exist yet, or be
# empty); extracting needs root. --shared: the root extracted once under
# artifacts/debian-root/HASH.root/ and its path printed on stdout; it is shared by every caller, so
# use it only read-only (as an overlayfs lower directory: the package tests do). PACKAGE...:
# packages beyond the essential set and apt (the `apt` variant), e.g. chrony.
#
# The root is fetched from the host's configured Debian mirror: the active apt sources that name
# bookworm (CLOCKBOUND_DEBIAN_SOURCES=FILE overrides, a sources.list or deb822 .sources file). It
# is cached as artifacts/debian-root/HASH.tar, HASH covering this script, the sorted package list
# and those sources, so a second run with the same list is a copy (or nothing, with --shared).
# Prints the cached tarball's path on stdout (with --shared, the shared directory's).
set -euo pipefail

usage() { echo "usage: $0 OUT PACKAGE...   (OUT: DIR, or FILE.tar)" >&2; exit 2; }
[ $# -ge 1 ] || usage
out=$1
shift
case "$out" in --shared) ;; -*) usage ;; esac

repo=$(cd "$(dirname "$0")/.." && pwd)
script="$repo/scripts/debian-root.sh"
suite=bookworm

command -v mmdebstrap >/dev/null 2>&1 || {
  echo "debian-root: mmdebstrap is missing: run scripts/install-deps.sh (or apt-get install mmdebstrap)" >&2; exit 1; }

sources=()
if [ -n "${CLOCKBOUND_DEBIAN_SOURCES:-}" ]; then
  [ -f "$CLOCKBOUND_DEBIAN_SOURCES" ] || {
    echo "debian-root: CLOCKBOUND_DEBIAN_SOURCES=$CLOCKBOUND_DEBIAN_SOURCES is not a file" >&2; exit 1; }
  sources=("$CLOCKBOUND_DEBIAN_SOURCES")
else
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    # Only files apt reads (these suffixes) that serve this suite: a third-party repository
    # (another suite name) must not leak into the root.
    [ -f "$f" ] && grep -Eq "^[^#]*\b$suite\b" "$f" && sources+=("$f")
  done
  [ ${#sources[@]} -gt 0 ] || {
    echo "debian-root: no apt source for $suite under /etc/apt; set CLOCKBOUND_DEBIAN_SOURCES to a sources file naming a $suite mirror" >&2; exit 1; }
fi

packages=$(printf '%s\n' "$@" | sort -u | paste -sd, -)
key=$( { cat "$script"; echo "packages=$packages"; cat "${sources[@]}"; } | sha256sum | cut -c1-16)
cache_dir="$repo/artifacts/debian-root"
cache="$cache_dir/$key.tar"
mkdir -p "$cache_dir"

# One build per key at a time: a second caller waits for the first and then finds the cache.
exec 9>"$cache_dir/$key.lock"
flock 9
if [ ! -s "$cache" ]; then
  echo "debian-root: building $suite root with ${packages:-no extra packages} (cache $cache)" >&2
  started=$(date +%s)
  tmp="$cache.tmp.$$"
  trap 'rm -f "$tmp"' EXIT
  include=()
  [ -n "$packages" ] && include=(--include="$packages")
  # --variant=apt: the essential set plus apt, so a container can `apt install ./x.deb`.
  # The sources go in as mirror arguments (files), and become the root's own apt sources.
  mmdebstrap --quiet --variant=apt --format=tar "${include[@]}" \
    "$suite" "$tmp" "${sources[@]}" >&2
  mv -f "$tmp" "$cache"
  trap - EXIT
  echo "debian-root: built in $(( $(date +%s) - started )) s" >&2
fi

case "$out" in
  --shared)
    shared="$cache_dir/$key.root"
    if [ ! -d "$shared" ]; then
      rm -rf "$shared.tmp"
      mkdir "$shared.tmp"
      tar -C "$shared.tmp" --numeric-owner -xpf "$cache"
      mv "$shared.tmp" "$shared"
    fi
    echo "$shared"
    exit 0
    ;;
  *.tar)
    mkdir -p "$(dirname "$out")"
    cp -f "$cache" "$out"
    ;;
  *)
    if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
      echo "debian-root: $out exists and is not empty; give a new directory" >&2; exit 1
    fi
    mkdir -p "$out"
    # --numeric-owner: the root's own users, whatever the host's /etc/passwd says.
    tar -C "$out" --numeric-owner -xpf "$cache"
    ;;
esac
echo "$cache"
