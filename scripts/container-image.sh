#!/usr/bin/env bash
# Builds the daemon's container image here, with no container registry:
#   1. a Debian bookworm root with chrony, made from Debian packages by mmdebstrap
#      (scripts/debian-root.sh, cached under artifacts/debian-root/ by its package list),
#      imported with `podman import` as localhost/clockbound-base:HASH;
#   2. deploy/container/Containerfile on that base (--build-arg BASE=...), which installs the
#      project's .deb, tagged localhost/clockbound:VERSION.
# Each step is skipped when its inputs are unchanged: the base by the root's hash, the image by a
# hash of the Containerfile, the .deb, the base and this script (kept as a label on the image).
# Prints the image reference on stdout.
#
# Usage: scripts/container-image.sh [--deb FILE]
#   --deb FILE   the package to install (default: artifacts/packages/clockbound_*_ARCH.deb, made
#                with ./package.sh --no-build when missing or older than artifacts/bin/clockbound)
#
# Podman runs with the project's deploy/container/containers.conf (CONTAINERS_CONF) and, unless
# CONTAINERS_STORAGE_CONF is already set, a store of its own under artifacts/containers/ (a
# storage.conf written there), so the host's podman configuration and images are never touched.
# scripts/podman-env.sh prints the same settings for a shell: eval "$(scripts/podman-env.sh)".
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

deb=
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) deb=${2:?--deb needs a file}; shift ;;
    *) echo "container-image: unknown argument '$1' (usage: scripts/container-image.sh [--deb FILE])" >&2; exit 2 ;;
  esac
  shift
done

for tool in podman mmdebstrap dpkg-deb sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "container-image: $tool is missing: run scripts/install-deps.sh" >&2; exit 1; }
done
eval "$(scripts/podman-env.sh)"

case "$(dpkg --print-architecture)" in
  amd64|arm64) arch=$(dpkg --print-architecture) ;;
  *) echo "container-image: unsupported architecture $(dpkg --print-architecture)" >&2; exit 1 ;;
esac

if [ -z "$deb" ]; then
  newest() { ls -t artifacts/packages/clockbound_*_"$arch".deb 2>/dev/null | head -1 || true; }
  deb=$(newest)
  if [ -z "$deb" ] || [ artifacts/bin/clockbound -nt "$deb" ]; then
    echo "container-image: making the .deb from artifacts/bin (./package.sh --no-build)" >&2
    ./package.sh --no-build >&2
    deb=$(newest)
  fi
fi
[ -f "$deb" ] || { echo "container-image: no package at '$deb': run ./package.sh, or give --deb FILE" >&2; exit 1; }
version=$(dpkg-deb --field "$deb" Version)
tag=${version%-*} # the upstream version: 0.1.0-1 -> 0.1.0
image=localhost/clockbound:$tag

# 1. The base: chrony from Debian, so the package's dependency is met without a network.
started=$(date +%s)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root_tar=$(scripts/debian-root.sh "$tmp/root.tar" chrony | tail -1)
base=localhost/clockbound-base:$(basename "$root_tar" .tar)
if ! podman image exists "$base"; then
  echo "container-image: importing $root_tar as $base" >&2
  podman import --quiet "$root_tar" "$base" >/dev/null
fi
rm -f "$tmp/root.tar"

# 2. The image, from the Containerfile users build, on that base.
base_id=$(podman image inspect --format '{{.Id}}' "$base")
key=$( { cat deploy/container/Containerfile "$0"; sha256sum < "$deb"; echo "$base_id"; } | sha256sum | cut -c1-16)
if [ "$(podman image inspect --format '{{index .Labels "io.clockbound.image-key"}}' "$image" 2>/dev/null || true)" = "$key" ]; then
  echo "container-image: $image is up to date (key $key)" >&2
else
  echo "container-image: building $image from $(basename "$deb") on $base" >&2
  cp "$deb" "$tmp/"
  podman build --quiet --pull=never --network=none --layers=false \
    --build-arg "BASE=$base" --label "io.clockbound.image-key=$key" \
    --label "org.opencontainers.image.version=$version" \
    -f deploy/container/Containerfile -t "$image" "$tmp" >/dev/null
fi
echo "container-image: $image ready in $(( $(date +%s) - started )) s" >&2
echo "$image"
