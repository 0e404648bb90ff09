#!/usr/bin/env bash
# Installs what ClockBound's main job and tests need on a fresh Debian/Ubuntu host:
# chrony (chronyd + chronyc) and systemd-analyze (Debian package systemd; the unit's tests run it).
# Idempotent: does nothing when both are already there.
# The package is installed without starting its service: our tests and demo run their own
# chronyd instances on loopback with -x, and must never start one that steers the host clock.
set -euo pipefail

if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
  echo "install-deps: the .NET 10 SDK is required (https://dot.net); 'dotnet --list-sdks' shows none" >&2
  exit 1
fi
# promtool (Debian package prometheus) checks the daemon's /metrics text in the integration tests,
# which parse it themselves without it. Installed as root only, its service kept from starting.
if ! command -v promtool >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; made_policy=1; fi
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null; } \
    || echo "install-deps: prometheus (promtool) not installed; the metrics tests use their own parser only" >&2
  if [ "$made_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
fi
if command -v chronyd >/dev/null 2>&1 && command -v chronyc >/dev/null 2>&1 \
   && command -v systemd-analyze >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: chrony or systemd-analyze is missing and this host has no apt-get; install chrony (chronyd, chronyc) and systemd (systemd-analyze) and retry" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root (or sudo) to install chrony and systemd" >&2; exit 1; }
  SUDO="sudo"
fi

echo "install-deps: installing chrony and systemd (service start suppressed)" >&2
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  # 101 = "action forbidden": invoke-rc.d will not start chronyd during the install.
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  created_policy=1
fi
cleanup() { if [ "$created_policy" = 1 ]; then $SUDO rm -f "$policy"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chrony systemd >/dev/null
command -v chronyd >/dev/null && command -v chronyc >/dev/null || {
  echo "install-deps: chrony installed but chronyd/chronyc not on PATH" >&2; exit 1; }
command -v systemd-analyze >/dev/null || {
  echo "install-deps: systemd installed but systemd-analyze not on PATH" >&2; exit 1; }
echo "install-deps: $(chronyd -v 2>&1 | head -1)" >&2
