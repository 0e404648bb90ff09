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

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test ClockBound.slnx -c Release --no-build --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log" || status=$?

# One closing line for the whole suite, summed over the test projects' summaries.
awk '/(Passed|Failed)! +- +Failed: /{
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
       n++ }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s; if (n == 0) exit 1 }' \
  <(sed 's/,//g' "$log") || { echo "test.sh: no test project reported a result" >&2; status=1; }
exit "$status"
