#!/usr/bin/env python3
"""Checks answers of `gridatlas resolve --input` (and of the shapely peer) against an oracle and
against each other; prints a compact report and optionally writes it as JSON.

Two modes:

    check_answers.py answers --gridatlas out.csv [--expected expected.csv] [--peer peer.csv]
                             [--kinds kinds.csv] [--json summary.json]
    check_answers.py gcj02 --wgs84 out.csv --gcj02 out.gcj02.csv --units units.geojson
                           [--expected expected.csv] [--json summary.json]

Columns are found by their header names. gridatlas's answer has the input's columns and then
`status,wgs84_lon,...,grid,...,nearest_grid,nearest_m,error`; the peer's has
`id,status,grid,nearest_grid,nearest_m`. Rows are matched by `id`.

`expected.csv` (`id,expected,boundary,near,kind`): `expected` empty means no grid covers the
position (outside); on boundary rows `expected` lists every covering grid, `|`-joined, and the
answer must be one of them; `near` lists every grid within 1e-9 degrees. What counts as wrong:
a grid that does not cover the position, "outside" (or a gap) where a grid covers it, a grid
where none covers it. An answer among `near` but not among `expected` is counted apart, as
"near only" (within 1e-9 degrees of a grid it is not in).

Without expected.csv (the synthetic city), `--kinds` gives `id,kind[,boundary]`: on `vertex` and
`edge` rows `boundary` lists the grids holding that vertex or edge, which serves as the oracle
for those rows (any of them is right); the other rows are compared with the peer only. Where
gridatlas and the peer pick different grids for a position both grids cover, that is counted as
a boundary tie (both right), not as a disagreement.

`gcj02`: the same positions given in GCJ-02 must land in the same grids as in WGS84, except
within about 1e-7 degrees of an edge (the datum round trip moves a position by up to that much).
Every disagreement is measured: its distance in degrees to the nearest edge of the grids
involved (the units GeoJSON is read only for those few).
"""

import argparse
import json
import sys
from collections import Counter

import numpy as np
import pandas as pd

KINDS_ORDER = ["poi", "uniform", "vertex", "edge", "far"]


def read_answers(path):
    """An answers CSV reduced to id, status, grid, nearest_grid, nearest_m (strings, '' if empty)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in ("id", "status", "grid", "nearest_grid", "nearest_m") if c not in table.columns]
    if missing:
        sys.exit(f"{path}: missing column(s) {', '.join(missing)}")
    return table[["id", "status", "grid", "nearest_grid", "nearest_m"]].set_index("id")


def read_kinds(args, expected):
    """(kind per id or None, covering grids per id for boundary rows or None)."""
    if args.kinds:
        table = pd.read_csv(args.kinds, dtype=str, keep_default_na=False).set_index("id")
        boundary = table["boundary"] if "boundary" in table.columns else None
        return table["kind"], boundary
    if expected is not None:
        return expected["kind"], expected["expected"].where(expected["boundary"] != "", "")
    return None, None


def by_kind(kinds, ids):
    """Groups of ids by kind, in the usual order, plus 'all'."""
    groups = {"all": ids}
    if kinds is not None:
        k = kinds.reindex(ids).fillna("?")
        for kind in KINDS_ORDER + sorted(set(k) - set(KINDS_ORDER)):
            members = ids[(k == kind).to_numpy()]
            if len(members):
                groups[kind] = members
    return groups


def against_expected(answers, expected):
    """Per id: 'ok', 'near_only', 'wrong_grid', 'outside_but_covered' or 'grid_but_outside'."""
    joined = answers.join(expected[["expected", "near"]], how="inner")
    verdict = []
    for grid, exp, near in zip(joined["grid"], joined["expected"], joined["near"]):
        covering = exp.split("|") if exp else []
        if grid in covering or (not grid and not covering):
            verdict.append("ok")
        elif grid and near and grid in near.split("|"):
            verdict.append("near_only")
        elif not grid:
            verdict.append("outside_but_covered")
        elif not covering:
            verdict.append("grid_but_outside")
        else:
            verdict.append("wrong_grid")
    return pd.Series(verdict, index=joined.index)


def against_peer(ours, peer, boundary):
    """Per id agreement on the grid (a different grid among those covering a boundary position
    is a tie, not a disagreement), and for positions both call outside, on the nearest grid
    and the distance (absolute difference in metres)."""
    joined = ours.add_suffix("_g").join(peer.add_suffix("_p"), how="inner")
    same_grid = joined["grid_g"] == joined["grid_p"]
    tie = pd.Series(False, index=joined.index)
    if boundary is not None:
        sets = boundary.reindex(joined.index).fillna("")
        tie = pd.Series([(not same) and bool(b) and g in b.split("|") and p in b.split("|")
                         for same, b, g, p in zip(same_grid, sets, joined["grid_g"], joined["grid_p"])],
                        index=joined.index)
    both_out = (joined["grid_g"] == "") & (joined["grid_p"] == "")
    same_nearest = joined["nearest_grid_g"] == joined["nearest_grid_p"]
    mg = pd.to_numeric(joined["nearest_m_g"], errors="coerce")
    mp = pd.to_numeric(joined["nearest_m_p"], errors="coerce")
    diff = (mg - mp).abs()
    return pd.DataFrame({"same_grid": same_grid | tie, "tie": tie, "both_out": both_out, "same_nearest": same_nearest, "m_diff": diff})


def reference_metres(units_path, rows, step_deg=1e-5):
    """For (lon, lat, [grid codes]) rows: the geodesic distance in metres from the position to
    the nearest boundary of any of those grids, measured with pyproj's Geod to every point of
    the boundary densified to `step_deg` (about 1 m): slow, exact enough to say which of two
    answers is nearer the truth."""
    import pyproj
    import shapely

    with open(units_path, encoding="utf-8") as f:
        features = json.load(f)["features"]
    wanted = {code for _, _, codes in rows for code in codes}
    vertices = {}
    for feat in features:
        code = str(feat["properties"]["code"])
        if feat["properties"].get("tier") == "grid" and code in wanted:
            line = shapely.segmentize(shapely.boundary(shapely.from_geojson(json.dumps(feat["geometry"]))), step_deg)
            vertices[code] = shapely.get_coordinates(line)
    geod = pyproj.Geod(ellps="WGS84")
    out = []
    for lon, lat, codes in rows:
        coords = np.vstack([vertices[c] for c in codes if c in vertices])
        _, _, d = geod.inv(np.full(len(coords), lon), np.full(len(coords), lat), coords[:, 0], coords[:, 1])
        out.append(float(d.min()))
    return out


def nearest_truth(args, ours, peer, versus, kinds, limit=2000):
    """Where gridatlas and the peer disagree on nearest_m by more than 1 m: which is nearer the
    geodesic distance to the boundary of the two grids they named (a sample of `limit` rows)."""
    rows = versus[versus["both_out"].astype(bool) & (versus["m_diff"] > 1.0)]
    if not len(rows) or not args.units:
        return None
    # Every row of the rarer kinds, and an evenly spaced sample of the rest (far ones, mostly).
    k_all = kinds.reindex(rows.index).fillna("?") if kinds is not None else pd.Series("?", index=rows.index)
    rare = rows.index[(k_all != "far").to_numpy()][: limit // 2]
    rest = rows.index[(k_all == "far").to_numpy()]
    if len(rest) > limit - len(rare):
        rest = rest[np.unique(np.linspace(0, len(rest) - 1, limit - len(rare)).astype(int))]
    ids = rare.append(rest)
    lonlat = pd.read_csv(args.points, dtype={"id": str}).set_index("id").reindex(ids)
    items = [(float(lonlat.loc[i, "lon"]), float(lonlat.loc[i, "lat"]),
              [ours.loc[i, "nearest_grid"], peer.loc[i, "nearest_grid"]]) for i in ids]
    truth = np.array(reference_metres(args.units, items))
    g = pd.to_numeric(ours.loc[ids, "nearest_m"]).to_numpy()
    p = pd.to_numeric(peer.loc[ids, "nearest_m"]).to_numpy()
    k = kinds.reindex(ids).fillna("?").to_numpy() if kinds is not None else np.array(["?"] * len(ids))
    result = {}
    for kind in ["all"] + sorted(set(k)):
        m = np.ones(len(ids), bool) if kind == "all" else (k == kind)
        eg, ep = np.abs(g[m] - truth[m]), np.abs(p[m] - truth[m])
        result[kind] = {"rows": int(m.sum()), "gridatlas_nearer": int((eg < ep).sum()), "peer_nearer": int((ep < eg).sum()),
                        "gridatlas_max_error_m": float(eg.max()), "peer_max_error_m": float(ep.max()),
                        "gridatlas_max_rel_error": float((eg / truth[m]).max()), "peer_max_rel_error": float((ep / truth[m]).max())}
    print(f"nearest_m against a densified geodesic reference (grids the two named; {len(ids):,} of {len(rows):,} rows with |Δm| > 1 m):")
    for kind, v in result.items():
        print(f"  {kind:<8} {v['rows']:>6,} rows: gridatlas nearer {v['gridatlas_nearer']:,}, peer nearer {v['peer_nearer']:,}; "
              f"max error gridatlas {v['gridatlas_max_error_m']:.2f} m ({v['gridatlas_max_rel_error']:.1e}), "
              f"peer {v['peer_max_error_m']:.2f} m ({v['peer_max_rel_error']:.1e})")
    return result


def summarise_answers(args):
    ours = read_answers(args.gridatlas)
    report = {"positions": len(ours), "kinds": {}}
    expected = None
    if args.expected:
        expected = pd.read_csv(args.expected, dtype=str, keep_default_na=False).set_index("id")
    kinds, boundary = read_kinds(args, expected)
    statuses = Counter(ours["status"])
    report["status"] = dict(statuses)
    oracle = expected
    if oracle is None and boundary is not None:
        # The synthetic city: the grids holding a vertex or edge are the oracle for those rows.
        rows = boundary[boundary != ""]
        oracle = pd.DataFrame({"expected": rows, "near": ""}, index=rows.index)
    report["oracle"] = "expected.csv" if expected is not None else ("boundary rows of --kinds" if oracle is not None else "none")

    verdict_g = against_expected(ours, oracle) if oracle is not None else None
    peer = read_answers(args.peer) if args.peer else None
    verdict_p = against_expected(peer, oracle) if (peer is not None and oracle is not None) else None
    versus = against_peer(ours, peer, boundary) if peer is not None else None

    for kind, ids in by_kind(kinds, ours.index).items():
        row = {"positions": int(len(ids))}
        if verdict_g is not None:
            v = Counter(verdict_g.reindex(ids).dropna())
            row["checked"] = int(sum(v.values()))
            row["gridatlas_vs_expected"] = dict(v)
            row["gridatlas_wrong"] = int(sum(n for k, n in v.items() if k not in ("ok", "near_only")))
        if verdict_p is not None:
            v = Counter(verdict_p.reindex(ids).dropna())
            row["peer_vs_expected"] = dict(v)
            row["peer_wrong"] = int(sum(n for k, n in v.items() if k not in ("ok", "near_only")))
        if versus is not None:
            s = versus.reindex(ids).dropna(subset=["same_grid"])
            out = s[s["both_out"].astype(bool)]
            d = out["m_diff"].dropna()
            row["grid_disagreements"] = int((~s["same_grid"].astype(bool)).sum())
            row["boundary_ties"] = int(s["tie"].astype(bool).sum())
            row["both_outside"] = int(len(out))
            row["nearest_grid_disagreements"] = int((~out["same_nearest"].astype(bool)).sum())
            row["nearest_m_within_1m"] = int((d <= 1.0).sum())
            row["nearest_m_max_diff"] = float(d.max()) if len(d) else 0.0
            row["nearest_m_median_diff"] = float(d.median()) if len(d) else 0.0
        report["kinds"][kind] = row

    print_answers(report, oracle is not None, peer is not None)
    if versus is not None and args.units and args.points:
        report["nearest_truth"] = nearest_truth(args, ours, peer, versus, kinds)
    if args.examples and verdict_g is not None:
        bad = verdict_g[~verdict_g.isin(["ok", "near_only"])]
        for i in bad.index[: args.examples]:
            kind = kinds.get(i, "?") if kinds is not None else "?"
            print(f"  wrong: id {i} ({kind}): gridatlas {ours.loc[i, 'status']} {ours.loc[i, 'grid']!r}, "
                  f"expected {oracle.loc[i, 'expected']!r}, near {oracle.loc[i, 'near']!r}")
    if args.examples and versus is not None:
        differs = versus[~versus["same_grid"].astype(bool)]
        for i in differs.index[: args.examples]:
            print(f"  differs: id {i}: gridatlas {ours.loc[i, 'grid']!r}, peer {peer.loc[i, 'grid']!r}")
        out = versus[versus["both_out"].astype(bool)].sort_values("m_diff", ascending=False)
        for i in out.index[: min(3, args.examples)]:
            print(f"  nearest: id {i} ({kinds.get(i, '?') if kinds is not None else '?'}): gridatlas "
                  f"{ours.loc[i, 'nearest_grid']} {ours.loc[i, 'nearest_m']} m, peer {peer.loc[i, 'nearest_grid']} {peer.loc[i, 'nearest_m']} m")
    return report


def print_answers(report, has_oracle, has_peer):
    print(f"answers: {report['positions']:,} positions; status {report['status']}; oracle: {report['oracle']}")
    head = f"  {'kind':<8} {'n':>9}"
    if has_oracle:
        head += f" {'checked':>9} {'gridatlas wrong':>15} {'near only':>9} {'peer wrong':>10}"
    if has_peer:
        head += (f" {'grid differs':>12} {'ties':>6} {'both out':>9} {'nearest differs':>15}"
                 f" {'|Δm|≤1':>9} {'max |Δm|':>10}")
    print(head)
    for kind, row in report["kinds"].items():
        line = f"  {kind:<8} {row['positions']:>9,}"
        if has_oracle:
            if row.get("checked"):
                near_only = row["gridatlas_vs_expected"].get("near_only", 0)
                line += f" {row['checked']:>9,} {row['gridatlas_wrong']:>15,} {near_only:>9,} {row.get('peer_wrong', 0):>10,}"
            else:
                line += f" {'-':>9} {'-':>15} {'-':>9} {'-':>10}"
        if has_peer:
            line += (f" {row['grid_disagreements']:>12,} {row['boundary_ties']:>6,} {row['both_outside']:>9,}"
                     f" {row['nearest_grid_disagreements']:>15,} {row['nearest_m_within_1m']:>9,} {row['nearest_m_max_diff']:>10.2f}")
        print(line)


def edge_distance(units_path, rows):
    """For (lon, lat, [grid codes]) rows: the distance in degrees from the position to the
    nearest boundary of any of those grids."""
    import shapely  # only this mode needs geometry

    with open(units_path, encoding="utf-8") as f:
        features = json.load(f)["features"]
    wanted = {code for _, _, codes in rows for code in codes}
    boundary = {str(feat["properties"]["code"]): shapely.boundary(shapely.from_geojson(json.dumps(feat["geometry"])))
                for feat in features
                if feat["properties"].get("tier") == "grid" and str(feat["properties"]["code"]) in wanted}
    return [min((shapely.distance(boundary[c], shapely.Point(lon, lat)) for c in codes if c in boundary), default=float("inf"))
            for lon, lat, codes in rows]


def summarise_gcj02(args):
    wgs = pd.read_csv(args.wgs84, dtype=str, keep_default_na=False).set_index("id")
    gcj = pd.read_csv(args.gcj02, dtype=str, keep_default_na=False).set_index("id")
    joined = wgs[["lon", "lat", "grid"]].join(gcj[["grid"]].rename(columns={"grid": "grid_gcj"}), how="inner")
    differs = joined[joined["grid"] != joined["grid_gcj"]]
    rows = [(float(r.lon), float(r.lat), [c for c in (r.grid, r.grid_gcj) if c]) for r in differs.itertuples()]
    distances = np.array(edge_distance(args.units, rows)) if rows else np.array([])
    near = int((distances <= args.near).sum())
    report = {"positions": int(len(joined)), "disagreements": int(len(differs)), "near_edge": near,
              "near_threshold_deg": args.near,
              "max_edge_distance_deg": float(distances.max()) if len(distances) else 0.0}
    if args.expected:
        kinds = pd.read_csv(args.expected, dtype=str, keep_default_na=False).set_index("id")["kind"]
        report["by_kind"] = dict(Counter(kinds.reindex(differs.index).fillna("?")))
    print(f"GCJ-02 against WGS84: {report['positions']:,} positions, {report['disagreements']:,} in another grid, "
          f"{near:,} of them within {args.near:g}° of an edge (farthest {report['max_edge_distance_deg']:.2e}°)"
          + (f"; by kind {report['by_kind']}" if "by_kind" in report else ""))
    for (i, r), d in list(zip(differs.iterrows(), distances))[: args.examples]:
        print(f"  id {i}: WGS84 {r['grid']!r}, GCJ-02 {r['grid_gcj']!r}, {d:.2e}° from an edge")
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    a = sub.add_parser("answers", help="gridatlas's answers against expected.csv and/or the peer's")
    a.add_argument("--gridatlas", required=True)
    a.add_argument("--expected")
    a.add_argument("--peer")
    a.add_argument("--kinds", help="id,kind[,boundary] (when there is no expected.csv)")
    a.add_argument("--units", help="units GeoJSON: with --points, nearest_m disagreements are measured against a geodesic reference")
    a.add_argument("--points", help="the positions file (id,lon,lat)")
    a.add_argument("--examples", type=int, default=5, help="wrong answers to print")
    a.add_argument("--json")
    g = sub.add_parser("gcj02", help="GCJ-02 answers against the WGS84 answers for the same ids")
    g.add_argument("--wgs84", required=True)
    g.add_argument("--gcj02", required=True)
    g.add_argument("--units", required=True, help="units GeoJSON (WGS84), to measure how near an edge each disagreement is")
    g.add_argument("--expected", help="for the kind of each disagreement")
    g.add_argument("--near", type=float, default=1e-7, help="degrees from an edge that count as near")
    g.add_argument("--examples", type=int, default=5)
    g.add_argument("--json")
    args = parser.parse_args()
    report = summarise_answers(args) if args.mode == "answers" else summarise_gcj02(args)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
