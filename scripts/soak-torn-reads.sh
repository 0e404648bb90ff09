#!/usr/bin/env bash
# Torn-read soak of the segment reader (not run in CI). A writer process publishes
# StressValue(k) (every field derived from k, so a mixed copy is recognisable) while reader
# processes, each with several threads and a SegmentReader per thread, copy the segment with
# pread under the seqlock (SegmentReader.ReadFresh) and check every snapshot.
#
#   scripts/soak-torn-reads.sh [total-reads] [reader-processes] [threads-per-process] [write-interval-us]
#
# Defaults: 10^8 reads, 2 processes x 2 threads, one update every 20 us. An interval of 0 makes
# the writer publish back to back: then nearly every copy (three preads, a few microseconds)
# overlaps an update and the readers serve their last good snapshot instead (still consistent).
# Prints each process's counts and the total; exits 1 if any snapshot was inconsistent,
# went back in time, or failed.
set -euo pipefail

reads=${1:-100000000}
processes=${2:-2}
threads=${3:-2}
interval=${4:-20}

root=$(cd "$(dirname "$0")/.." && pwd)
dotnet build -c Release "$root/tests/ClockBound.Shm.TestHost" -v quiet -nologo >/dev/null
host="$root/tests/ClockBound.Shm.TestHost/bin/Release/net10.0/ClockBound.Shm.TestHost.dll"

work=$(mktemp -d)
cleanup() {
  exec 3>&- 2>/dev/null || true
  if [[ -n "${writer:-}" ]]; then kill "$writer" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
segment="$work/shm0"

# The writer stops when its stdin closes: keep it open on fd 3 until the readers are done.
mkfifo "$work/stdin"
dotnet "$host" write "$segment" 2 "$interval" <"$work/stdin" >"$work/writer.out" &
writer=$!
exec 3>"$work/stdin"
until grep -q ready "$work/writer.out" 2>/dev/null; do sleep 0.1; done

started=$(date +%s)
per_process=$(( reads / processes ))
pids=()
for ((i = 0; i < processes; i++)); do
  dotnet "$host" soak "$segment" 2 "$per_process" "$threads" >"$work/reader$i.out" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
elapsed=$(( $(date +%s) - started ))

exec 3>&-
wait "$writer"
writes=$(grep -o 'writes=[0-9]*' "$work/writer.out")

total_reads=0 inconsistent=0 regressions=0 errors=0 changes=0
for ((i = 0; i < processes; i++)); do
  line=$(cat "$work/reader$i.out")
  echo "reader process $i ($threads threads): $line"
  field() { grep -o "$1=[0-9]*" <<<"$line" | cut -d= -f2; }
  total_reads=$(( total_reads + $(field reads) ))
  inconsistent=$(( inconsistent + $(field inconsistent) ))
  regressions=$(( regressions + $(field regressions) ))
  errors=$(( errors + $(field errors) ))
  changes=$(( changes + $(field changes) ))
done
echo "writer (one update every ${interval} us): $writes"
echo "total: reads=$total_reads inconsistent=$inconsistent regressions=$regressions errors=$errors changes=$changes in ${elapsed} s"
if (( inconsistent == 0 && regressions == 0 && errors == 0 )); then exit 0; else exit 1; fi
