#!/usr/bin/env bash
# Soak of the soundness scenarios (tests/ClockBound.Soundness.Tests, Category=Scenario): the same
# real chronyd -x / reference NTP server / clockbound set-ups as ./test.sh runs, with longer
# phases and more chronyd restarts, several rounds. Not part of ./test.sh or CI.
#
#   CLOCKBOUND_SOUNDNESS_PHASE_SECONDS  seconds per measured phase (default here 180; ./test.sh: 6)
#   CLOCKBOUND_SOUNDNESS_RESTARTS       chronyd restarts in the restart scenario (default here 4; ./test.sh: 1)
#   SOAK_ROUNDS                         how many times to run all scenarios (default 1)
#   CLOCKBOUND_BIN_DIR                  the binaries to test (default: ./build.sh --jit, then artifacts/bin)
#
# Wall time of one round is about the restart scenario's (RESTARTS + 1) x PHASE seconds. Prints
# each scenario's figures (readings, misses, smallest margin) and keeps the whole output in
# artifacts/soak-soundness/. Exits non-zero if any scenario failed.
set -euo pipefail
cd "$(dirname "$0")/.."

export CLOCKBOUND_SOUNDNESS_PHASE_SECONDS="${CLOCKBOUND_SOUNDNESS_PHASE_SECONDS:-180}"
export CLOCKBOUND_SOUNDNESS_RESTARTS="${CLOCKBOUND_SOUNDNESS_RESTARTS:-4}"
rounds="${SOAK_ROUNDS:-1}"

if [ -z "${CLOCKBOUND_BIN_DIR:-}" ]; then
  ./build.sh --jit
  export CLOCKBOUND_BIN_DIR="$PWD/artifacts/bin"
fi
dotnet build tests/ClockBound.Soundness.Tests -c Release -nologo -v quiet

mkdir -p artifacts/soak-soundness
log="artifacts/soak-soundness/$(date -u +%Y%m%dT%H%M%SZ).log"
echo "soak-soundness: phase ${CLOCKBOUND_SOUNDNESS_PHASE_SECONDS} s, ${CLOCKBOUND_SOUNDNESS_RESTARTS} restarts, ${rounds} round(s); output in $log"
status=0
for round in $(seq 1 "$rounds"); do
  echo "--- round $round" | tee -a "$log"
  dotnet test tests/ClockBound.Soundness.Tests -c Release --no-build --filter "Category=Scenario" \
    --logger "console;verbosity=detailed" >> "$log" 2>&1 || status=$?
  # The figures: one block per scenario and segment.
  sed -n "$(grep -n -- "--- round $round" "$log" | tail -1 | cut -d: -f1),\$p" "$log" \
    | grep -E "^ === |^ v[12] shm|^   (Synchronized|FreeRunning):|^ +(Passed|Failed) ClockBound|Total tests|^ +(Passed|Failed):" \
    | sed -E 's/, \|T - system clock\| up to [^,]*//'
done
exit "$status"
