#!/usr/bin/env bash
# Runs the whole test suite: unit tests, torn-read stress, and integration tests against real
# chronyd instances on loopback and real daemon processes. Installs what it needs (chrony) and
# builds the shipped NativeAOT binaries first, since the integration tests run them.
# Extra arguments go to `dotnet test` (e.g. --filter).
# A test that runs longer than CLOCKBOUND_TEST_HANG_TIMEOUT (default 5m) is stopped with a
# minidump of the test host (under TestResults/) and fails the run, instead of hanging CI.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
./build.sh
# The clean Debian root the package tests install into (tests/ClockBound.Deploy.Tests): made once
# (mmdebstrap, minutes) and cached under artifacts/debian-root, here rather than inside a test, so
# a cold cache never runs into the hang timeout.
scripts/debian-root.sh --shared chrony >/dev/null
# The daemon's image for tests/ClockBound.Container.Tests (makes the .deb if needed; cached by content).
scripts/container-image.sh >/dev/null
export CLOCKBOUND_BIN_DIR="$PWD/artifacts/bin"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test ClockBound.slnx -c Release --no-build --logger "console;verbosity=minimal" \
  --blame-hang-timeout "${CLOCKBOUND_TEST_HANG_TIMEOUT:-5m}" --blame-hang-dump-type mini \
  "$@" 2>&1 | tee "$log" || status=$?

# One closing line for the whole suite, summed over the test projects' summaries. A test host
# stopped by the hang timeout (or crashed) is not in those counts: it is added as aborted, with the
# test that was running, so the line never reads as a clean pass.
awk '/(Passed|Failed)! +- +Failed: /{
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
       n++ }
     /^Test Run Aborted/ { a++ }
     running { gsub(/^ +| +$/, ""); if ($0 != "") stuck = stuck " " $0; running = 0 }
     /The test running when the crash occurred/ { running = 1 }
     END { printf "%d passed, %d failed, %d skipped", p, f, s
           if (a > 0) printf ", %d test run(s) aborted (hang timeout or crash; running:%s; dumps under TestResults/)", a, stuck
           printf "\n"; if (n == 0) exit 1 }' \
  <(sed 's/,//g' "$log") || { echo "test.sh: no test project reported a result" >&2; status=1; }
exit "$status"
