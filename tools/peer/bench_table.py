#!/usr/bin/env python3
"""Renders the figures `tools/bench real` collected as Markdown tables, one per data set, ready to
paste into docs/benchmarks.md.

    bench_table.py .build/bench-real/results.tsv

results.tsv holds `set<TAB>name<TAB>value` lines written by tools/bench-real.sh; each set's folder
(`dir`) holds check.json (and gcj02.json for chancheng) from check_answers.py.
"""

import json
import os
import sys
from collections import defaultdict

KINDS = ["poi", "uniform", "vertex", "edge", "far"]
KIND_NAMES = {"poi": "around places", "uniform": "uniform over the box", "vertex": "on shared vertices",
              "edge": "on shared edges", "far": "far outside"}


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def rate(n, seconds):
    """Positions per second, or '-' when the time is within the start-up's noise."""
    return f"{n / seconds:,.0f}/s" if seconds and seconds > 0.05 else "- (within start-up noise)"


def table(name, r):
    folder = r.get("dir")
    n = int(num(r["positions"]))
    lines = [f"**{name}**: {int(num(r['grids'])):,} grids, {n:,} positions; page cache before cold runs: {r.get('cache', '?')}",
             "",
             "| | gridatlas | shapely peer |",
             "|---|---|---|"]

    def row(what, ga, peer="-"):
        lines.append(f"| {what} | {ga} | {peer} |")

    def cpu(key):
        return f" (cpu {num(r[key]):.2f} s)" if key in r else ""

    row("import units + roster into a fresh store: wall (cpu), peak",
        f"{num(r['import_units_s']):.2f}{cpu('import_units_cpu')} + {num(r['import_roster_s']):.2f}{cpu('import_roster_cpu')} s, "
        f"{max(int(num(r['import_units_mb'])), int(num(r['import_roster_mb'])))} MiB (store {r['store_mb']} MB)",
        "- (reads the GeoJSON on every run)")
    ga_cold, ga_warm = num(r["ga_cold_s"]), num(r["ga_warm_s"])
    p_cold, p_warm = num(r["peer_cold_s"]), num(r["peer_warm_s"])
    row("resolve the file, cold (first run)", f"{ga_cold:.2f} s{cpu('ga_cold_cpu')}, {r['ga_cold_mb']} MiB",
        f"{p_cold:.2f} s{cpu('peer_cold_cpu')}, {r['peer_cold_mb']} MiB")
    row("resolve the file, warm (best of runs)", f"{ga_warm:.2f} s{cpu('ga_warm_cpu')}, {r['ga_warm_mb']} MiB ({rate(n, ga_warm)})",
        f"{p_warm:.2f} s{cpu('peer_warm_cpu')}, {r['peer_warm_mb']} MiB ({rate(n, p_warm)})")
    row("**end to end, warm: gridatlas wall time / peer wall time**", f"**{ga_warm / p_warm:.2f}×**"
        + (f" ({p_warm / ga_warm:.1f}× faster)" if ga_warm < p_warm else f" ({ga_warm / p_warm:.1f}× slower)"), "1")
    if "ga_warm_cpu" in r and "peer_warm_cpu" in r:
        row("the same in CPU time (gridatlas uses both cores, the peer one)", f"{num(r['ga_warm_cpu']) / num(r['peer_warm_cpu']):.2f}×", "1")
    row("same answers cold and warm", r.get("ga_runs_identical", "?"))
    ga0, p0 = num(r["ga_start_s"]), num(r["peer_start_s"])
    row("a one-position file (start-up of the path)", f"{ga0:.2f} s, {r['ga_one_file_mb']} MiB", f"{p0:.2f} s, {r['peer_one_file_mb']} MiB")
    for kind in KINDS:
        if f"kind_{kind}_n" not in r:
            continue
        k = int(num(r[f"kind_{kind}_n"]))
        gs, ps = num(r[f"kind_{kind}_ga_s"]), num(r[f"kind_{kind}_peer_s"])
        g0, q0 = num(r.get(f"kind_{kind}_ga_start_s", ga0)), num(r.get(f"kind_{kind}_peer_start_s", p0))
        row(f"{kind} ({KIND_NAMES[kind]}), {k:,}: whole process (start-up); positions/s beyond start-up",
            f"{gs:.2f} s ({g0:.2f} s); {rate(k, gs - g0)}", f"{ps:.2f} s ({q0:.2f} s); {rate(k, ps - q0)}")
    row("first answer: `gridatlas resolve LON LAT` (first / best)",
        f"{num(r['first_cli_cold_s']):.2f} / {num(r['first_cli_s']):.2f} s, {r['first_cli_mb']} MiB", f"{p0:.2f} s (one-position file)")
    row("first answer: `gridatlas serve` until `/locate` answers", f"{num(r['first_serve_s']):.2f} s, {r['first_serve_mb']} MiB")
    if "ga_gcj02_s" in r:
        row("GCJ-02 file (`--crs gcj02`), warm", f"{num(r['ga_gcj02_s']):.2f} s{cpu('ga_gcj02_cpu')}, {r['ga_gcj02_mb']} MiB")

    check_path = os.path.join(folder, "check.json") if folder else None
    if check_path and os.path.exists(check_path):
        check = json.load(open(check_path))
        lines += ["", f"Agreement (oracle: {check['oracle']}; peer: shapely):", "",
                  "| kind | n | checked | gridatlas wrong | peer wrong | grid differs from peer | boundary ties | both outside | nearest grid differs | nearest_m within 1 m | max \\|Δ nearest_m\\| |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for kind, c in check["kinds"].items():
            checked = c.get("checked")
            lines.append(f"| {kind} | {c['positions']:,} | {f'{checked:,}' if checked else '-'} | "
                         f"{c.get('gridatlas_wrong', '-') if checked else '-'} | {c.get('peer_wrong', '-') if checked else '-'} | "
                         f"{c['grid_disagreements']:,} | {c['boundary_ties']:,} | {c['both_outside']:,} | "
                         f"{c['nearest_grid_disagreements']:,} | {c['nearest_m_within_1m']:,} | {c['nearest_m_max_diff']:.2f} m |")
        truth = check.get("nearest_truth")
        if truth:
            lines += ["", "Where the two nearest_m differ by more than 1 m, against a geodesic reference (distance to the "
                          "two named grids' boundaries densified to ~1 m, pyproj Geod):", "",
                      "| kind | rows | gridatlas nearer | peer nearer | max error gridatlas | max error peer |", "|---|---|---|---|---|---|"]
            for kind, v in truth.items():
                lines.append(f"| {kind} | {v['rows']:,} | {v['gridatlas_nearer']:,} | {v['peer_nearer']:,} | "
                             f"{v['gridatlas_max_error_m']:.2f} m ({v['gridatlas_max_rel_error']:.0e}) | "
                             f"{v['peer_max_error_m']:.2f} m ({v['peer_max_rel_error']:.0e}) |")
    gcj_path = os.path.join(folder, "gcj02.json") if folder else None
    if gcj_path and os.path.exists(gcj_path):
        g = json.load(open(gcj_path))
        lines += ["", f"GCJ-02 positions against the WGS84 answers: {g['disagreements']:,} of {g['positions']:,} in another grid, "
                      f"{g['near_edge']:,} of them within {g['near_threshold_deg']:g}° of an edge "
                      f"(farthest {g['max_edge_distance_deg']:.1e}°)" + (f"; by kind {g['by_kind']}" if g.get("by_kind") else "") + "."]
    return "\n".join(lines)


def main():
    results = sys.argv[1]
    sets = defaultdict(dict)
    order = []
    for line in open(results, encoding="utf-8"):
        s, key, value = line.rstrip("\n").split("\t", 2)
        if s not in sets:
            order.append(s)
        sets[s][key] = value
    for s in order:
        print(table(s, sets[s]))
        print()


if __name__ == "__main__":
    main()
