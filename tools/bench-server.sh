# Shared by the HTTP benchmarks (sourced): `bench_server PORT [serve options...]` builds gridatlas
# in release (in $BENCH_SCRATCH when set), loads the demo district and the catalogue into a fresh
# store under $WORK, starts `gridatlas serve` in the background ($SERVER, stopped on exit) and
# waits for /health. Sets BIN, WORK, PORT.
bench_server() {
  PORT="$1"; shift
  local scratch=(); [ -n "${BENCH_SCRATCH:-}" ] && scratch=(--scratch-path "$BENCH_SCRATCH")
  swift build -c release --product gridatlas "${scratch[@]}" >&2
  BIN="$(swift build -c release --show-bin-path "${scratch[@]}")/gridatlas"
  WORK="$(mktemp -d)"
  trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
  export GRIDATLAS_STORE="$WORK/bench.sqlite"
  "$BIN" import units data/demo/units.geojson --generation demo-2024 --activate --effective 2024-01-01 >/dev/null
  "$BIN" import roster data/demo/roster.csv >/dev/null
  "$BIN" catalogue import >/dev/null
  "$BIN" serve --port "$PORT" --log-level warning "$@" &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
}
