#!/usr/bin/env bash
# HTTP benchmark (sourced by tools/bench for `tools/bench http`): a release server over the demo
# district on loopback, wrk with 64 connections against a trivial route (/health) and the
# single-point locate route in the same run, then one 1,000,000-point batch POST timed by curl.
# Usage: tools/bench http [--duration 10] [--points 1000000]
set -euo pipefail
DURATION=10; POINTS=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --points) POINTS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
ensure_packages wrk curl
# BENCH_SCRATCH=.build-rel keeps a release build apart from the debug one (no shared lock).
source tools/bench-server.sh
bench_server 18480 --max-batch "$POINTS" --max-body-mb 512

# Random points over the district's box (some fall outside: those answer with the nearest grid).
cat > "$WORK/locate.lua" <<'LUA'
math.randomseed(42)
request = function()
  local lon = 108.36 + math.random() * 0.16
  local lat = 24.25 + math.random() * 0.12
  return wrk.format("GET", string.format("/locate?lon=%.6f&lat=%.6f", lon, lat))
end
LUA
run_wrk() {  # $1 label, $2 path, [$3 script]
  local out
  if [ -n "${3:-}" ]; then out=$(wrk -t2 -c64 -d"${DURATION}s" --latency -s "$3" "http://127.0.0.1:$PORT$2")
  else out=$(wrk -t2 -c64 -d"${DURATION}s" --latency "http://127.0.0.1:$PORT$2"); fi
  local rps p50 p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  printf '%-28s %10s req/s   p50 %-8s p99 %-8s %s\n' "$1" "$rps" "$p50" "$p99" "$errors"
  echo "$rps" > "$WORK/$1.rps"
}
echo "== wrk, 2 threads, 64 connections, ${DURATION}s each, release, same server"
curl -sf "http://127.0.0.1:$PORT/locate?lon=108.43&lat=24.31" >/dev/null  # warm the Locator
run_wrk trivial /health
run_wrk locate /locate "$WORK/locate.lua"
python3 -c "
t=float(open('$WORK/trivial.rps').read()); l=float(open('$WORK/locate.rps').read())
print(f'locate keeps {100*l/t:.0f}% of the trivial route\'s requests/second')"

echo "== one batch POST of $POINTS points (JSON array of [lon,lat])"
python3 - "$WORK/points.json" "$POINTS" <<'PY'
import random, sys
random.seed(7)
n = int(sys.argv[2])
with open(sys.argv[1], "w") as f:
    f.write("[" + ",".join("[%.6f,%.6f]" % (108.36 + random.random() * 0.16, 24.25 + random.random() * 0.12) for _ in range(n)) + "]")
PY
ls -l "$WORK/points.json" | awk '{printf "body %.1f MB\n", $5/1e6}'
for i in 1 2 3; do
  # `Expect:` off: curl would otherwise wait a second for a 100-continue the server never sends.
  curl -s -H 'Expect:' -o "$WORK/answer.json" -w "run $i: HTTP %{http_code}, %{time_total} s total (upload done %{time_pretransfer}s, first byte %{time_starttransfer} s), answer %{size_download} bytes\n" \
    -H 'Content-Type: application/json' --data-binary @"$WORK/points.json" "http://127.0.0.1:$PORT/locate"
done
