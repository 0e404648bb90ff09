#!/usr/bin/env bash
# Soak (not in CI): runs the real daemon at --poll-interval-ms 10 against a loopback chronyd pair
# (server -> client, both with -x: the system clock is never touched) and samples its VmRSS.
# A steady-state loop that allocates nothing keeps resident memory flat.
#
# Usage: scripts/soak-daemon-rss.sh [MINUTES] [SAMPLE_SECONDS]   (defaults 5 and 10)
#        SOAK_METRICS_LISTEN=127.0.0.1:9464 scripts/soak-daemon-rss.sh ...   also serves --metrics-listen
#        there and scrapes /metrics at every sample (the scrape path allocates; the loop must not)
# Needs: chronyd (scripts/install-deps.sh), artifacts/bin/clockbound (./build.sh or ./build.sh --jit),
#        root or chronyd's user (chronyd -x still runs as root here: -u root).
# Prints one line per sample (elapsed s, VmRSS kB), then first/last/min/max and the growth after
# the first minute (the warm-up: JIT, console logger, first chronyd replies).
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=${1:-5}
every=${2:-10}
bin=${CLOCKBOUND_BIN_DIR:-$PWD/artifacts/bin}/clockbound
[ -x "$bin" ] || { echo "soak: $bin missing: run ./build.sh first" >&2; exit 1; }
command -v chronyd >/dev/null || { echo "soak: chronyd missing: run scripts/install-deps.sh" >&2; exit 1; }

dir=$(mktemp -d /tmp/cb-soak-XXXXXX)
chmod 0770 "$dir"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for f in "$dir"/server/chronyd.pid "$dir"/client/chronyd.pid; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  sleep 1
  rm -rf "$dir"
}
trap cleanup EXIT

# A free UDP port for the server (any port is fine; chronyd reports a bind failure in its log).
port=$(( 20000 + RANDOM % 20000 ))

start_chronyd() { # name config-lines...
  local name=$1; shift
  mkdir -p "$dir/$name"; chmod 0770 "$dir/$name"
  {
    printf '%s\n' "$@"
    echo "cmdport 0"
    echo "bindcmdaddress $dir/$name/chronyd.sock"
    echo "pidfile $dir/$name/chronyd.pid"
  } > "$dir/$name/chrony.conf"
  chronyd -x -u root -f "$dir/$name/chrony.conf" -l "$dir/$name/chronyd.log"
  for _ in $(seq 100); do [ -S "$dir/$name/chronyd.sock" ] && return 0; sleep 0.1; done
  echo "soak: chronyd $name did not start:" >&2; cat "$dir/$name/chronyd.log" >&2; exit 1
}

start_chronyd server "local stratum 1" "port $port" "bindaddress 127.0.0.1" "allow 127.0.0.1"
start_chronyd client "server 127.0.0.1 port $port iburst minpoll -2 maxpoll 0" "port 0" "maxclockerror 50"
for _ in $(seq 300); do
  chronyc -h "$dir/client/chronyd.sock" -n -c tracking 2>/dev/null | awk -F, '$14 == "Normal" && $13 > 0 { ok = 1 } END { exit !ok }' && break
  sleep 0.1
done

"$bin" --chrony-socket "$dir/client/chronyd.sock" --shm-path "$dir/shm0" --shm-v1-path "$dir/shm" \
  --poll-interval-ms 10 -m 50 -d ${SOAK_METRICS_LISTEN:+--metrics-listen "$SOAK_METRICS_LISTEN"} > "$dir/daemon.log" 2>&1 &
daemon=$!
pids+=("$daemon")
sleep 1
kill -0 "$daemon" 2>/dev/null || { echo "soak: the daemon exited:" >&2; cat "$dir/daemon.log" >&2; exit 1; }

echo "soak: $bin, poll 10 ms, $minutes min, VmRSS every $every s (pid $daemon)"
echo "elapsed_s vmrss_kb"
start=$SECONDS
samples=()
times=()
while (( SECONDS - start < minutes * 60 )); do
  [ -n "${SOAK_METRICS_LISTEN:-}" ] && { curl -sf "http://$SOAK_METRICS_LISTEN/metrics" >/dev/null || echo "soak: scrape failed" >&2; }
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$daemon/status")
  echo "$(( SECONDS - start )) $rss"
  samples+=("$rss"); times+=("$(( SECONDS - start ))")
  sleep "$every"
done
rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$daemon/status")
echo "$(( SECONDS - start )) $rss"
samples+=("$rss"); times+=("$(( SECONDS - start ))")

min=${samples[0]}; max=${samples[0]}; after_warmup=""
for i in "${!samples[@]}"; do
  s=${samples[$i]}
  (( s < min )) && min=$s
  (( s > max )) && max=$s
  [ -z "$after_warmup" ] && (( times[i] >= 60 )) && after_warmup=$s
done
last=${samples[-1]}
echo "soak: first ${samples[0]} kB, last $last kB, min $min kB, max $max kB;" \
  "after the first minute: ${after_warmup:-n/a} kB -> $last kB ($(( last - ${after_warmup:-$last} )) kB)"
echo "soak: daemon log lines: $(wc -l < "$dir/daemon.log"); last status: $(grep -o 'Clock status [^(]*' "$dir/daemon.log" | tail -1)"
