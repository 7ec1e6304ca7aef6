#!/usr/bin/env bash
# Real boundaries, end to end (sourced by tools/bench for `tools/bench real`): the whole path a
# user runs, as separate processes, on the real-boundary set data/real/chancheng (decompressed
# into .build/bench-real/) and on the synthetic 19,000-grid city with a five-kind position mix
# (`gridatlas-bench positions`), against the shapely 2 peer (tools/peer/shapely_resolve.py) on
# the same files in the same run:
#   - `gridatlas import units … --activate` and `import roster` into a fresh store on disk;
#   - `gridatlas resolve --input points.csv --output out.csv` cold (first run after the store was
#     written, page cache dropped when the kernel lets us) and warm (best of --repeats); the peer
#     the same way; wall time and peak resident memory of each (/usr/bin/time -f '%e %M');
#   - per kind of position (poi, uniform, vertex, edge, far): each kind's file through both,
#     positions/s beyond the start-up (a one-position file through the same path, run just before);
#   - start-to-first-answer: `gridatlas resolve LON LAT`, and `gridatlas serve` until the first
#     /locate answers (curl), timed from the process start;
#   - agreement (tools/peer/check_answers.py): against expected.csv (chancheng) or the vertex and
#     edge rows' grids (synthetic), with the peer (grids, nearest grid, nearest_m within 1 m), and
#     GCJ-02 positions (`--crs gcj02`) against the WGS84 answers.
# Usage: tools/bench real [--sets chancheng,synthetic] [--points 1000000] [--grids 19000]
#                         [--limit N] [--repeats 3] [--kind-repeats 2] [--port P (default: a free one)]
#   --points/--grids size the synthetic set; --limit N uses only the first N positions of each set.
# Figures go to standard output and to .build/bench-real/results.txt; docs/benchmarks.md records them.
set -euo pipefail
SETS=chancheng,synthetic; POINTS=1000000; GRIDS=19000; LIMIT=0; REPEATS=3; KIND_REPEATS=2; PORT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sets) SETS="$2"; shift 2 ;;
    --points) POINTS="$2"; shift 2 ;;
    --grids) GRIDS="$2"; shift 2 ;;
    --limit) LIMIT="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    --kind-repeats) KIND_REPEATS="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of tools/bench-real.sh)" >&2; exit 2 ;;
  esac
done
ensure_packages time curl gzip
ensure_peer_venv
[ -n "$PORT" ] || PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

echo "building release (gridatlas, gridatlas-bench)" >&2
# One product per call: given `--product` twice, swift build builds only the last one.
swift build -c release --product gridatlas >&2
swift build -c release --product gridatlas-bench >&2
BINDIR="$(swift build -c release --show-bin-path)"
GA="$BINDIR/gridatlas"; GB="$BINDIR/gridatlas-bench"
PEER=(tools/peer/shapely_resolve.py); CHECK=(tools/peer/check_answers.py)
ROOT=.build/bench-real
mkdir -p "$ROOT"
RESULTS="$ROOT/results.tsv"; : > "$RESULTS"
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; true' EXIT

note() { printf '%s\t%s\t%s\n' "$SET" "$1" "$2" >> "$RESULTS"; }

# The page cache: dropped before each cold run when the kernel lets this user do it.
CACHE_STATE="not tried"
drop_caches() {
  sync
  if (echo 3 > /proc/sys/vm/drop_caches) 2>/dev/null; then CACHE_STATE="dropped"; else CACHE_STATE="not permitted (files stay cached)"; fi
}

# timed NAME CMD...: runs CMD with its output in $DIR/NAME.log; sets T (wall s), M (peak RSS,
# MiB) and C (user + system CPU s: on a shared machine the wall time also counts waiting for a core).
timed() {
  local name="$1"; shift
  if ! /usr/bin/time -f '%e %M %U %S' -o "$DIR/$name.time" "$@" > "$DIR/$name.log" 2>&1; then
    echo "failed: $* (log: $DIR/$name.log)" >&2; tail -5 "$DIR/$name.log" >&2; exit 1
  fi
  local kb user sys
  read -r T kb user sys < "$DIR/$name.time"
  M=$((kb / 1024))
  C=$(awk "BEGIN{printf \"%.2f\", $user + $sys}")
}

# best NAME COUNT CMD...: the best wall time of COUNT runs (T, and M and C of that run).
best() {
  local name="$1" count="$2"; shift 2
  local bt="" bm="" bc=""
  for i in $(seq 1 "$count"); do
    timed "$name.$i" "$@"
    if [ -z "$bt" ] || awk "BEGIN{exit !($T < $bt)}"; then bt=$T; bm=$M; bc=$C; fi
  done
  T=$bt; M=$bm; C=$bc
}

gunzip_fresh() {  # $1 file.gz, $2 target: decompress when missing or older
  [ -f "$2" ] && [ "$2" -nt "$1" ] || gzip -dc "$1" > "$2"
}

prepare_chancheng() {
  DIR="$ROOT/chancheng"; mkdir -p "$DIR"
  local src=data/real/chancheng
  for f in units.wgs84.geojson points.csv points.gcj02.csv expected.csv roster.csv; do gunzip_fresh "$src/$f.gz" "$DIR/$f"; done
  UNITS="$DIR/units.wgs84.geojson"; POINTS_CSV="$DIR/points.csv"; GCJ_CSV="$DIR/points.gcj02.csv"
  EXPECTED="$DIR/expected.csv"; KINDS=""
  # The set's roster names its unit column `code`, which gridatlas reads as `unit_code`.
  ROSTER="$DIR/roster.csv"
}

prepare_synthetic() {
  DIR="$ROOT/synthetic-$GRIDS-$POINTS"; mkdir -p "$DIR"
  if [ ! -s "$DIR/kinds.csv" ]; then
    echo "generating the synthetic city ($GRIDS grids) and $POINTS positions" >&2
    "$GB" positions --grids "$GRIDS" --points "$POINTS" --out "$DIR" >&2
  fi
  UNITS="$DIR/units.geojson"; POINTS_CSV="$DIR/points.csv"; GCJ_CSV=""
  EXPECTED=""; KINDS="$DIR/kinds.csv"; ROSTER="$DIR/roster.csv"
}

# Positions (all, or the first --limit) and one file per kind, from the kind column of
# expected.csv (chancheng) or kinds.csv (synthetic), matched by id.
split_points() {
  if [ "$LIMIT" -gt 0 ]; then head -n $((LIMIT + 1)) "$POINTS_CSV" > "$DIR/run.points.csv"; else cp "$POINTS_CSV" "$DIR/run.points.csv"; fi
  P="$DIR/run.points.csv"
  N=$(($(wc -l < "$P") - 1))
  rm -f "$DIR"/kind-*.csv
  awk -F, -v dir="$DIR" -v col="$([ -n "$EXPECTED" ] && echo 5 || echo 2)" '
    NR == FNR { if (FNR > 1) kind[$1] = $col; next }
    FNR == 1 { header = $0; next }
    { k = kind[$1]; f = dir "/kind-" k ".csv"; if (!(f in seen)) { print header > f; seen[f] = 1 }; print >> f }
  ' "${EXPECTED:-$KINDS}" "$P"
  head -n 2 "$P" > "$DIR/one.csv"
}

run_set() {
  SET="$1"
  "prepare_$SET"
  split_points
  local grids; grids=$("$PEER_PYTHON" -c "import json,sys; print(sum(f['properties'].get('tier')=='grid' for f in json.load(open(sys.argv[1]))['features']))" "$UNITS")
  echo "== $SET: $grids grids, $N positions ($DIR)"
  note dir "$DIR"; note grids "$grids"; note positions "$N"
  local S="$DIR/store.sqlite"
  rm -f "$S" "$S-wal" "$S-shm"

  timed import-units "$GA" import units "$UNITS" --generation bench --activate --store "$S"
  note import_units_s "$T"; note import_units_mb "$M"; note import_units_cpu "$C"
  echo "import units: $T s (cpu $C s), $M MiB; $(head -1 "$DIR/import-units.log")"
  timed import-roster "$GA" import roster "$ROSTER" --store "$S"
  note import_roster_s "$T"; note import_roster_mb "$M"; note import_roster_cpu "$C"
  note store_mb "$(du -m "$S" | cut -f1)"
  echo "import roster: $T s (cpu $C s), $M MiB; $(head -1 "$DIR/import-roster.log")"

  drop_caches; note cache "$CACHE_STATE"
  timed resolve-cold "$GA" resolve --input "$P" --output "$DIR/out.cold.csv" --store "$S"
  note ga_cold_s "$T"; note ga_cold_mb "$M"; note ga_cold_cpu "$C"
  best resolve-warm "$REPEATS" "$GA" resolve --input "$P" --output "$DIR/out.csv" --store "$S"
  note ga_warm_s "$T"; note ga_warm_mb "$M"; note ga_warm_cpu "$C"
  note ga_runs_identical "$(cmp -s "$DIR/out.cold.csv" "$DIR/out.csv" && echo yes || echo NO)"
  echo "gridatlas resolve: cold $(cut -d' ' -f1 "$DIR/resolve-cold.time") s, warm best of $REPEATS $T s (cpu $C s), $M MiB (page cache: $CACHE_STATE)"

  drop_caches
  timed peer-cold "$PEER_PYTHON" "${PEER[@]}" --units "$UNITS" --points "$P" --output "$DIR/peer.cold.csv"
  note peer_cold_s "$T"; note peer_cold_mb "$M"; note peer_cold_cpu "$C"
  best peer-warm "$REPEATS" "$PEER_PYTHON" "${PEER[@]}" --units "$UNITS" --points "$P" --output "$DIR/peer.csv"
  note peer_warm_s "$T"; note peer_warm_mb "$M"; note peer_warm_cpu "$C"
  echo "shapely peer: cold $(cut -d' ' -f1 "$DIR/peer-cold.time") s, warm best of $REPEATS $T s (cpu $C s), $M MiB"
  grep '^shapely peer' "$DIR/peer-warm.$REPEATS.log" | sed 's/^/  /'

  # Start-up: one position through the same file path; then each kind's file, each run right
  # after a one-position run of the same tool, so that "beyond start-up" subtracts a start-up
  # measured under the same load (best of --kind-repeats pairs).
  best ga-one "$REPEATS" "$GA" resolve --input "$DIR/one.csv" --output "$DIR/one.out.csv" --store "$S"
  note ga_one_file_s "$T"; note ga_one_file_mb "$M"; note ga_start_s "$T"
  best peer-one "$REPEATS" "$PEER_PYTHON" "${PEER[@]}" --units "$UNITS" --points "$DIR/one.csv" --output "$DIR/one.peer.csv"
  note peer_one_file_s "$T"; note peer_one_file_mb "$M"; note peer_start_s "$T"
  for kind in poi uniform vertex edge far; do
    local f="$DIR/kind-$kind.csv"
    [ -f "$f" ] || continue
    note "kind_${kind}_n" "$(($(wc -l < "$f") - 1))"
    local tool
    for tool in ga peer; do
      local bk="" b0="" bm=""
      for i in $(seq 1 "$KIND_REPEATS"); do
        if [ "$tool" = ga ]; then
          timed "ga-one-$kind.$i" "$GA" resolve --input "$DIR/one.csv" --output "$DIR/one.out.csv" --store "$S"; local t0=$T
          timed "ga-$kind.$i" "$GA" resolve --input "$f" --output "$DIR/kind-$kind.out.csv" --store "$S"
        else
          timed "peer-one-$kind.$i" "$PEER_PYTHON" "${PEER[@]}" --units "$UNITS" --points "$DIR/one.csv" --output "$DIR/one.peer.csv"; local t0=$T
          timed "peer-$kind.$i" "$PEER_PYTHON" "${PEER[@]}" --units "$UNITS" --points "$f" --output "$DIR/kind-$kind.peer.csv"
        fi
        if [ -z "$bk" ] || awk "BEGIN{exit !($T < $bk)}"; then bk=$T; bm=$M; fi
        if [ -z "$b0" ] || awk "BEGIN{exit !($t0 < $b0)}"; then b0=$t0; fi
      done
      note "kind_${kind}_${tool}_s" "$bk"; note "kind_${kind}_${tool}_mb" "$bm"; note "kind_${kind}_${tool}_start_s" "$b0"
    done
  done

  # Start-to-first-answer: one position on the command line, and a server's first /locate.
  local lon lat
  IFS=, read -r lon lat < <(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "status") s = i; if ($i == "lon") x = i; if ($i == "lat") y = i }; next }
                                     $s == "inside" { print $x "," $y; exit }' "$DIR/out.csv")
  timed first-cli "$GA" resolve --store "$S" -- "$lon" "$lat"
  note first_cli_cold_s "$T"
  best first-cli-warm "$REPEATS" "$GA" resolve --store "$S" -- "$lon" "$lat"
  note first_cli_s "$T"; note first_cli_mb "$M"
  local t0 t1
  t0=$(date +%s%N)
  "$GA" serve --store "$S" --port "$PORT" --log-level warning > "$DIR/serve.log" 2>&1 &
  SERVER=$!
  until curl -sf -o "$DIR/first.json" "http://127.0.0.1:$PORT/locate?lon=$lon&lat=$lat"; do
    kill -0 "$SERVER" 2>/dev/null || { echo "gridatlas serve stopped (log: $DIR/serve.log)" >&2; exit 1; }
    [ $(($(date +%s%N) - t0)) -lt 300000000000 ] || { echo "no /locate answer within 300 s (log: $DIR/serve.log)" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%N)
  note first_serve_s "$(awk "BEGIN{printf \"%.2f\", ($t1 - $t0) / 1e9}")"
  note first_serve_mb "$(awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$SERVER/status")"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""

  echo "-- agreement"
  local oracle=(); [ -n "$EXPECTED" ] && oracle=(--expected "$EXPECTED")
  local kinds=(); [ -n "$KINDS" ] && kinds=(--kinds "$KINDS")
  "$PEER_PYTHON" "${CHECK[@]}" answers --gridatlas "$DIR/out.csv" --peer "$DIR/peer.csv" "${oracle[@]}" "${kinds[@]}" \
    --units "$UNITS" --points "$P" \
    --json "$DIR/check.json" | tee "$DIR/check.txt"

  if [ -n "$GCJ_CSV" ]; then
    local G="$DIR/run.gcj02.csv"
    if [ "$LIMIT" -gt 0 ]; then head -n $((LIMIT + 1)) "$GCJ_CSV" > "$G"; else cp "$GCJ_CSV" "$G"; fi
    best resolve-gcj02 "$REPEATS" "$GA" resolve --input "$G" --crs gcj02 --output "$DIR/out.gcj02.csv" --store "$S"
    note ga_gcj02_s "$T"; note ga_gcj02_mb "$M"; note ga_gcj02_cpu "$C"
    "$PEER_PYTHON" "${CHECK[@]}" gcj02 --wgs84 "$DIR/out.csv" --gcj02 "$DIR/out.gcj02.csv" --units "$UNITS" "${oracle[@]}" \
      --json "$DIR/gcj02.json" | tee "$DIR/gcj02.txt"
  fi
}

echo "GridAtlas real-boundary benchmark: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for set in ${SETS//,/ }; do
  case "$set" in
    chancheng|synthetic) run_set "$set" ;;
    *) echo "unknown set '$set': use chancheng and/or synthetic" >&2; exit 2 ;;
  esac
done
"$PEER_PYTHON" tools/peer/bench_table.py "$RESULTS" | tee "$ROOT/results.txt"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
