#!/usr/bin/env bash
# The main job: build ClockBound, run the daemon against chronyd and show live bounds.
#  - uses the host's chronyd when its command socket answers;
#  - otherwise starts a private chronyd pair on loopback (server + client, both with -x: they
#    never touch the system clock) and points the daemon at the client;
#  - writes the segments under artifacts/run/ (paths it may always write) and runs
#    `clockboundctl watch` on them. Ctrl-C stops everything it started.
# Options: --seconds N  stop after N seconds (default: run until Ctrl-C)
#          --max-drift-rate PPM  passed to the daemon (default 50)
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

seconds=0
drift=50
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --max-drift-rate) drift=${2:?--max-drift-rate needs a number}; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (allowed: --seconds N, --max-drift-rate PPM)" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh
# Stale when a source input is newer than the daemon; bin/ and obj/ (e.g. after a `dotnet pack`) never count.
if [ ! -x artifacts/bin/clockbound ] || [ ! -x artifacts/bin/clockboundctl ] \
   || [ -n "$(find src Directory.Build.props Directory.Packages.props global.json \
                -name bin -prune -o -name obj -prune -o \
                -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name global.json \) \
                -newer artifacts/bin/clockbound -print -quit)" ]; then
  ./build.sh
fi

state="$root/artifacts/run"
rm -rf "$state"; mkdir -p "$state"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for f in "$state"/chrony-*/chronyd.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

socket=""
for candidate in /run/chrony/chronyd.sock /var/run/chrony/chronyd.sock; do
  if [ -S "$candidate" ] && chronyc -h "$candidate" -n tracking >/dev/null 2>&1; then socket=$candidate; break; fi
done

if [ -z "$socket" ]; then
  echo "run.sh: no chronyd answers on this host; starting a private pair on loopback (-x, clock untouched)"
  port=$(( 20000 + RANDOM % 20000 ))
  mkdir -m 0770 "$state/chrony-server" "$state/chrony-client"
  cat > "$state/chrony-server/chrony.conf" <<CONF
port $port
bindaddress 127.0.0.1
allow 127.0.0.1
local stratum 1
cmdport 0
bindcmdaddress $state/chrony-server/chronyd.sock
pidfile $state/chrony-server/chronyd.pid
driftfile $state/chrony-server/drift
CONF
  cat > "$state/chrony-client/chrony.conf" <<CONF
server 127.0.0.1 port $port iburst minpoll -2 maxpoll 0
port 0
cmdport 0
bindcmdaddress $state/chrony-client/chronyd.sock
pidfile $state/chrony-client/chronyd.pid
maxclockerror 50
CONF
  for side in server client; do
    chronyd -x -u root -f "$state/chrony-$side/chrony.conf" -l "$state/chrony-$side/chronyd.log"
  done
  socket="$state/chrony-client/chronyd.sock"
  echo -n "run.sh: waiting for the loopback chronyd to synchronise"
  for _ in $(seq 1 60); do
    # Synchronised with a cadence (update interval > 0): a report right after the first clock
    # update is stale by the daemon's rule (docs/daemon.md, "Staleness"), and the demo would open Unknown.
    if chronyc -h "$socket" -n -c tracking 2>/dev/null | awk -F, '$14 == "Normal" && $13 > 0 { ok = 1 } END { exit !ok }'; then break; fi
    echo -n "."; sleep 0.5
  done
  echo
fi

echo "run.sh: chronyd socket $socket; segments in $state (shm0 = v2, shm = v1)"
artifacts/bin/clockbound --max-drift-rate "$drift" --chrony-socket "$socket" \
  --shm-path "$state/shm0" --shm-v1-path "$state/shm" >"$state/clockbound.log" 2>&1 &
pids+=($!)
sleep 0.5
if ! kill -0 "${pids[0]}" 2>/dev/null; then
  echo "run.sh: the daemon exited; its log:" >&2; cat "$state/clockbound.log" >&2; exit 1
fi
echo "run.sh: daemon pid ${pids[0]}, log $state/clockbound.log; live bounds (Ctrl-C to stop):"
if [ "$seconds" -gt 0 ]; then
  timeout --foreground "$seconds" artifacts/bin/clockboundctl watch --shm-path "$state/shm0" || [ $? -eq 124 ]
else
  artifacts/bin/clockboundctl watch --shm-path "$state/shm0"
fi
