#!/usr/bin/env bash
# Prints the environment that makes podman use the project's settings, for a shell:
#   eval "$(scripts/podman-env.sh)"; podman images
# CONTAINERS_CONF: deploy/container/containers.conf (runc, no default ulimits).
# CONTAINERS_STORAGE_CONF: kept if already set; otherwise artifacts/containers/storage.conf, written
# here, a store of the project's own under artifacts/containers/, so the host's images and
# containers are never touched (and `rm -rf artifacts` removes everything the tests made).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
conf="$repo/artifacts/containers/storage.conf"
storage=${CONTAINERS_STORAGE_CONF:-$conf}
if [ "$storage" = "$conf" ] && [ ! -s "$conf" ]; then
  mkdir -p "$repo/artifacts/containers"
  cat > "$conf.tmp.$$" <<CONF
# Written by scripts/podman-env.sh: the project's own podman store.
[storage]
driver = "overlay"
graphroot = "$repo/artifacts/containers/storage"
runroot = "$repo/artifacts/containers/runroot"
CONF
  mv -f "$conf.tmp.$$" "$conf"
fi
printf 'export CONTAINERS_CONF=%q\n' "$repo/deploy/container/containers.conf"
printf 'export CONTAINERS_STORAGE_CONF=%q\n' "$storage"
