#!/usr/bin/env bash
# Soak (sourced by tools/bench for `tools/bench soak`): a release server over the demo district
# takes mixed traffic from wrk for --minutes (10 by default): single lookups, tiles, report
# figures, small batches and Open311 posts, 32 connections. Halfway, another process publishes a
# new generation (effective 10 s later) and revokes a key. Printed: requests, errors (non-2xx,
# socket errors), latency percentiles, resident memory at start, end and peak (sampled every
# 5 s), whether the new generation answered after its moment and the revoked key was refused.
# Usage: tools/bench soak [--minutes 10] [--connections 32]
set -euo pipefail
MINUTES=10; CONNECTIONS=32
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
ensure_packages wrk curl
source tools/bench-server.sh
bench_server 18490
BASE="http://127.0.0.1:$PORT"
CITIZEN="$("$BIN" keys create --name soak-citizen --role citizen 2>/dev/null | tail -1)"
VICTIM="$("$BIN" keys create --name soak-victim --role viewer 2>/dev/null | tail -1)"
VICTIM_ID="$("$BIN" keys list | awk '/soak-victim/ {print $1}' | head -1)"

cat > "$WORK/soak.lua" <<LUA
math.randomseed(11)
local citizen = "$CITIZEN"
local n = 0
request = function()
  n = n + 1
  local k = n % 10
  local lon = 108.36 + math.random() * 0.16
  local lat = 24.25 + math.random() * 0.12
  if k < 6 then
    return wrk.format("GET", string.format("/locate?lon=%.6f&lat=%.6f", lon, lat))
  elseif k == 6 then
    return wrk.format("GET", string.format("/tiles/grid/14/%d/%d.mvt", 13124 + math.random(0, 5), 7048 + math.random(0, 5)))
  elseif k == 7 then
    return wrk.format("GET", "/reports/figures?tier=community")
  elseif k == 8 then
    local body = "["
    for i = 1, 10 do
      body = body .. string.format("[%.6f,%.6f]", 108.36 + math.random() * 0.16, 24.25 + math.random() * 0.12) .. (i < 10 and "," or "]")
    end
    return wrk.format("POST", "/locate", {["Content-Type"] = "application/json"}, body)
  else
    local body = string.format("service_code=M001&lat=%.6f&long=%.6f&description=soak%d", lat, lon, n)
    return wrk.format("POST", "/open311/v2/requests.json",
      {["Content-Type"] = "application/x-www-form-urlencoded", ["Authorization"] = "Bearer " .. citizen}, body)
  end
end
LUA
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER/status"; }
echo "== soak: ${MINUTES} min, ${CONNECTIONS} connections, mixed traffic (60% locate, 10% tiles, 10% figures, 10% batches of 10, 10% Open311 posts)"
curl -sf "$BASE/locate?lon=108.43&lat=24.31" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"${MINUTES}m" --latency -s "$WORK/soak.lua" "$BASE/" > "$WORK/wrk.txt" 2>&1 &
WRK=$!
SECONDS_TOTAL=$((MINUTES * 60)); HALF=$((SECONDS_TOTAL / 2))
sleep 5; RSS_START="$(rss)"; PEAK="$RSS_START"
elapsed=5; PUBLISHED=""; REVOKED=""
while kill -0 "$WRK" 2>/dev/null; do
  sleep 5; elapsed=$((elapsed + 5))
  now="$(rss || echo 0)"; [ "${now:-0}" -gt "$PEAK" ] && PEAK="$now"
  if [ -z "$PUBLISHED" ] && [ "$elapsed" -ge "$HALF" ]; then
    EFFECTIVE="$(date -u -d '+10 seconds' +%Y-%m-%dT%H:%M:%SZ)"
    "$BIN" import units data/demo/units.geojson --generation soak-redraw --activate --effective "$EFFECTIVE" >/dev/null
    PUBLISHED="$EFFECTIVE"
    before="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $VICTIM" "$BASE/generations")"
    "$BIN" keys revoke "$VICTIM_ID" >/dev/null
    after="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $VICTIM" "$BASE/generations")"
    REVOKED="victim key: HTTP $before before 'keys revoke' in another process, $after right after"
    echo "   halfway: published soak-redraw effective $EFFECTIVE; $REVOKED"
  fi
done
RSS_END="$(rss)"
GEN="$(curl -s "$BASE/locate?lon=108.43&lat=24.31" | grep -o '"generation":"[^"]*"' | head -1)"
later="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $VICTIM" "$BASE/generations")"
kill -0 "$SERVER" 2>/dev/null && ALIVE=yes || ALIVE=no
echo "-- wrk"
grep -E "Requests/sec|requests in|Non-2xx|Socket errors|Latency|50%|90%|99%" "$WORK/wrk.txt" | sed 's/^/   /'
echo "-- server"
echo "   alive at the end: $ALIVE; resident memory: start ${RSS_START} kB, end ${RSS_END} kB, peak ${PEAK} kB ($(( (RSS_END - RSS_START) * 100 / RSS_START ))% growth)"
echo "   generation answering /locate at the end: $GEN (soak-redraw took effect at $PUBLISHED)"
echo "   $REVOKED; at the end: HTTP $later"
