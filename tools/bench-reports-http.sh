#!/usr/bin/env bash
# Report intake over HTTP (sourced by tools/bench for `tools/bench reports-http`): a release server
# over the demo district on loopback, wrk with 64 connections posting Open311 requests
# (form-encoded, random points and matters, a citizen key), and /health in the same run.
# Usage: tools/bench reports-http [--duration 10]
set -euo pipefail
DURATION=10
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
ensure_packages wrk curl
source tools/bench-server.sh
bench_server 18481
# Made after the server started: it reads a key it does not know yet at once.
KEY=$("$BIN" keys create --name "bench citizen app" --role citizen 2>/dev/null)

cat > "$WORK/post.lua" <<LUA
math.randomseed(42)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Bearer $KEY"
request = function()
  local lon = 108.36 + math.random() * 0.16
  local lat = 24.25 + math.random() * 0.12
  local body = string.format("service_code=M%03d&lat=%.6f&long=%.6f&description=bench", math.random(1, 96), lat, lon)
  return wrk.format(nil, "/open311/v2/requests.json", nil, body)
end
LUA
echo "== wrk, 2 threads, 64 connections, ${DURATION}s each, release, same server"
for run in health post; do
  if [ $run = health ]; then out=$(wrk -t2 -c64 -d"${DURATION}s" --latency "http://127.0.0.1:$PORT/health")
  else out=$(wrk -t2 -c64 -d"${DURATION}s" --latency -s "$WORK/post.lua" "http://127.0.0.1:$PORT"); fi
  printf '%-22s %10s req/s   p50 %-8s p99 %-8s %s\n' "$run" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1=="50%" {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')" \
    "$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')"
done
kill $SERVER; wait $SERVER 2>/dev/null || true
echo "reports stored: $("$BIN" reports list --limit 1000000 | wc -l)"
