#!/usr/bin/env bash
# Runs the whole test suite: unit tests, torn-read stress, and integration tests against real
# chronyd instances on loopback and real daemon processes. Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
dotnet test ClockBound.slnx -c Release --logger "console;verbosity=normal" "$@"
