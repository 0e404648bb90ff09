#!/usr/bin/env bash
# Installs what ClockBound's build, packages and tests need on a fresh Debian/Ubuntu host, from
# Debian packages:
#   chrony (chronyd, chronyc)        the tests' private chronyd instances
#   systemd (systemd-analyze)        the unit tests
#   dpkg-dev, fakeroot, lintian      building and checking the .deb (./package.sh)
#   rpm (rpmbuild, rpm)              building the .rpm and installing it into a scratch root
#   mmdebstrap                       the clean Debian root (scripts/debian-root.sh)
#   podman, runc, uidmap             the container tests (runc: crun fails on hybrid cgroups)
#   catatonit                        podman's pause process, for pods (podman kube play)
# Idempotent: installs only what is missing (after `apt-get update`), nothing when all is there.
# Packages are installed without starting their services: our tests and demo run their own
# chronyd instances on loopback with -x, and must never start one that steers the host clock.
set -euo pipefail

if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
  echo "install-deps: the .NET 10 SDK is required (https://dot.net); 'dotnet --list-sdks' shows none" >&2
  exit 1
fi

# command -> Debian package that provides it
needs=(
  chronyd:chrony chronyc:chrony systemd-analyze:systemd
  dpkg-deb:dpkg dpkg-shlibdeps:dpkg-dev fakeroot:fakeroot lintian:lintian
  rpmbuild:rpm rpm:rpm mmdebstrap:mmdebstrap
  podman:podman runc:runc newuidmap:uidmap catatonit:catatonit
  promtool:prometheus
)
missing=()
for need in "${needs[@]}"; do
  cmd=${need%%:*} pkg=${need#*:}
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$cmd" ] && [ ! -x "/sbin/$cmd" ]; then
    case " ${missing[*]} " in *" $pkg "*) ;; *) missing+=("$pkg") ;; esac
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: missing ${missing[*]} and this host has no apt-get; install those packages (their commands: chronyd chronyc systemd-analyze dpkg-deb dpkg-shlibdeps fakeroot lintian rpmbuild rpm mmdebstrap podman runc newuidmap catatonit) and retry" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi

echo "install-deps: installing ${missing[*]} (service start suppressed)" >&2
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  # 101 = "action forbidden": invoke-rc.d will not start chronyd (or podman's units) during the install.
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  created_policy=1
fi
cleanup() { if [ "$created_policy" = 1 ]; then $SUDO rm -f "$policy"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for need in "${needs[@]}"; do
  cmd=${need%%:*}
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || [ -x "/sbin/$cmd" ] || {
    echo "install-deps: ${need#*:} installed but $cmd is not on PATH" >&2; exit 1; }
done
echo "install-deps: $(chronyd -v 2>&1 | head -1)" >&2
