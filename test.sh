#!/usr/bin/env bash
# Runs the whole test suite: unit tests, torn-read stress, and integration tests against real
# chronyd instances on loopback and real daemon processes. Installs what it needs (chrony) and
# builds the shipped NativeAOT binaries first, since the integration tests run them.
# Extra arguments go to `dotnet test` (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
./build.sh
export CLOCKBOUND_BIN_DIR="$PWD/artifacts/bin"
dotnet test ClockBound.slnx -c Release --no-build --logger "console;verbosity=normal" "$@"
