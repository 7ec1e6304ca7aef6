#!/usr/bin/env python3
"""The shapely peer of `gridatlas resolve --input`: which grid covers each position, and for the
positions no grid covers, the nearest grid and the distance to it in metres.

    shapely_resolve.py --units units.geojson --points points.csv --output answers.csv

Reads the units GeoJSON (only features whose `tier` is `grid`) and a points CSV with columns
`id,lon,lat` (WGS84), and writes `id,status,grid,nearest_grid,nearest_m` where status is
`inside`, `outside` or `error` (a position that is not a number). It is written the way a
competent GIS developer would write it with shapely 2, so that the benchmark compares gridatlas
with a fair, fast peer:

- one STRtree over the grid polygons, each polygon prepared (GEOS builds its point-in-polygon
  index once), and the bulk paths only: the tree's box query for every position in one call,
  then `intersects_xy` per grid over all of that grid's candidates in one vectorized call. For a
  point, `intersects` is `covers`: a position on a boundary is covered by every grid it touches.
- a position covered by several grids (on a shared edge or vertex) gets one of them,
  deterministically: the lowest code.
- the positions no grid covers: `STRtree.query_nearest` gives the nearest grid (ties: the lowest
  code), `shortest_line` the nearest point of its boundary, and pyproj's `Geod` on the WGS84
  ellipsoid the distance in metres from the position to that point. The nearest search runs in
  a local equirectangular frame in metres around the grids' centre (see LocalFrame), so that
  "nearest" is ground distance, not raw degrees (which stretch north-south distances by
  1/cos(latitude)). Beyond 5 km any plane frame misjudges which grid is nearest (by up to a
  few metres per kilometre): there the vertices of the grids' convex hull, where the nearest
  point of a far position lies, are measured geodesically too, and the nearer answer kept.

Timings go to standard error, one line per stage, then the total.
"""

import argparse
import json
import math
import sys
import time

import numpy as np
import pandas as pd
import pyproj
import shapely


# Beyond this distance (metres) from the grids, the nearest grid is also sought among the vertices
# of their convex hull, measured geodesically.
FAR_METRES = 5_000.0


def log(message):
    print(message, file=sys.stderr, flush=True)


class Stopwatch:
    """Prints the wall time of each named stage as it ends, and the CPU time beside it (on a
    shared machine the wall time also counts waiting for a core)."""

    def __init__(self):
        self.start = time.perf_counter()
        self.last = self.start
        self.last_cpu = time.process_time()

    def lap(self, name, detail=""):
        now, cpu = time.perf_counter(), time.process_time()
        log(f"shapely peer: {name:<24} {now - self.last:7.3f} s (cpu {cpu - self.last_cpu:6.3f} s){('  ' + detail) if detail else ''}")
        self.last, self.last_cpu = now, cpu

    def total(self):
        return time.perf_counter() - self.start


def load_grids(path):
    """The grid-tier features as (codes, geometries), sorted by code so that the index of a
    grid is its rank by code: the lowest index among several grids is the lowest code."""
    with open(path, encoding="utf-8") as f:
        collection = json.load(f)
    grids = [feat for feat in collection["features"] if feat.get("properties", {}).get("tier") == "grid"]
    grids.sort(key=lambda feat: str(feat["properties"]["code"]))
    codes = np.array([str(feat["properties"]["code"]) for feat in grids], dtype=object)
    geometries = np.array([polygon(feat["geometry"]) for feat in grids], dtype=object)
    return codes, geometries


def polygon(geometry):
    """A GeoJSON Polygon or MultiPolygon as a shapely geometry, built from coordinate arrays
    (several times faster than going through shapely.from_geojson or shape())."""
    def one(rings):
        holes = [np.asarray(h, dtype=float) for h in rings[1:]]
        return shapely.polygons(np.asarray(rings[0], dtype=float), holes=holes or None)
    if geometry["type"] == "Polygon":
        return one(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return shapely.multipolygons([one(p) for p in geometry["coordinates"]])
    raise ValueError(f"a grid must be a Polygon or MultiPolygon, not {geometry['type']}")


def covering_grid(tree, grids, x, y):
    """Per position, the index of the lowest-coded grid covering it, or -1."""
    best = np.full(len(x), len(grids), dtype=np.int64)
    valid = np.isfinite(x) & np.isfinite(y)
    rows = np.flatnonzero(valid)
    if len(rows) == 0:
        return np.full(len(x), -1, dtype=np.int64)
    # Box candidates for every position in one call: pairs (position, grid).
    pairs = tree.query(shapely.points(x[rows], y[rows]))
    position, grid = rows[pairs[0]], pairs[1]
    if len(grid) == 0:
        return np.full(len(x), -1, dtype=np.int64)
    # Grouped by grid, each prepared polygon tests all of its candidates in one vectorized call.
    order = np.argsort(grid, kind="stable")
    position, grid = position[order], grid[order]
    starts = np.flatnonzero(np.r_[True, grid[1:] != grid[:-1]])
    ends = np.r_[starts[1:], len(grid)]
    hit = np.zeros(len(grid), dtype=bool)
    for s, e in zip(starts, ends):
        hit[s:e] = shapely.intersects_xy(grids[grid[s]], x[position[s:e]], y[position[s:e]])
    # Lowest index (= lowest code) among the grids covering each position.
    np.minimum.at(best, position[hit], grid[hit])
    best[best == len(grids)] = -1
    return best


class LocalFrame:
    """A local equirectangular frame in metres on the WGS84 ellipsoid around (lon0, lat0):
    x = (lon - lon0) * N cos(lat0), y = (lat - lat0) * M, with M and N the meridional and
    prime-vertical radii of curvature there (degrees to radians folded in). It is conformal at
    lat0 and within a few parts per thousand across a city, so "nearest" in it is nearest on
    the ground; a sphere's cos(lat0) alone would stretch one axis by about 0.5% against the
    other and pick the wrong one of two grids a few metres apart in distance."""

    A, E2 = 6378137.0, 0.00669437999014

    def __init__(self, lon0, lat0):
        self.lon0, self.lat0 = lon0, lat0
        s = math.sin(math.radians(lat0))
        w = 1 - self.E2 * s * s
        self.kx = self.A / math.sqrt(w) * math.cos(math.radians(lat0)) * math.pi / 180
        self.ky = self.A * (1 - self.E2) / w ** 1.5 * math.pi / 180

    def forward(self, coords):
        return np.column_stack(((coords[:, 0] - self.lon0) * self.kx, (coords[:, 1] - self.lat0) * self.ky))

    def inverse(self, coords):
        return np.column_stack((coords[:, 0] / self.kx + self.lon0, coords[:, 1] / self.ky + self.lat0))


def nearest_grid(grids, x, y, rows):
    """For the positions `rows`: (index of the nearest grid, metres to its boundary)."""
    xmin, ymin, xmax, ymax = shapely.total_bounds(grids)
    frame = LocalFrame((xmin + xmax) / 2, (ymin + ymax) / 2)
    framed = shapely.transform(grids, frame.forward)
    points = shapely.transform(shapely.points(x[rows], y[rows]), frame.forward)
    tree = shapely.STRtree(framed)
    pairs = tree.query_nearest(points, all_matches=True)
    # Equidistant grids (a nearest point on a shared edge or vertex): the lowest code.
    which = np.full(len(rows), len(grids), dtype=np.int64)
    np.minimum.at(which, pairs[0], pairs[1])
    # The nearest point of that grid's boundary: the first point of the shortest line.
    lines = shapely.shortest_line(framed[which], points)
    nearest = shapely.get_coordinates(shapely.get_point(lines, 0))
    lonlat = frame.inverse(nearest)
    geod = pyproj.Geod(ellps="WGS84")
    _, _, metres = geod.inv(x[rows], y[rows], lonlat[:, 0], lonlat[:, 1])
    # Far away a plane frame misjudges which grid is nearest; there the nearest point of the
    # grids is one of the vertices of their convex hull, so measure those geodesically too and
    # keep whichever answer is nearer.
    far = np.flatnonzero(metres > FAR_METRES)
    if len(far):
        hull = shapely.get_coordinates(shapely.convex_hull(shapely.geometrycollections(grids)))[:-1]
        owners = shapely.STRtree(grids).query(shapely.points(hull), predicate="intersects")
        owner = np.full(len(hull), len(grids), dtype=np.int64)
        np.minimum.at(owner, owners[0], owners[1])
        for chunk in np.array_split(far, max(1, len(far) * len(hull) // 2_000_000)):
            px = np.repeat(x[rows][chunk], len(hull))
            py = np.repeat(y[rows][chunk], len(hull))
            _, _, d = geod.inv(px, py, np.tile(hull[:, 0], len(chunk)), np.tile(hull[:, 1], len(chunk)))
            d = d.reshape(len(chunk), len(hull))
            k = d.argmin(axis=1)
            better = d[np.arange(len(chunk)), k] < metres[chunk]
            which[chunk[better]] = owner[k[better]]
            metres[chunk[better]] = d[np.arange(len(chunk)), k][better]
    return which, np.round(metres, 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", required=True, help="units GeoJSON (WGS84); only tier == grid features are used")
    parser.add_argument("--points", required=True, help="CSV with id,lon,lat")
    parser.add_argument("--output", required=True, help="answers CSV: id,status,grid,nearest_grid,nearest_m")
    args = parser.parse_args()

    watch = Stopwatch()
    codes, grids = load_grids(args.units)
    watch.lap("read grids", f"{len(grids):,} grids")
    tree = shapely.STRtree(grids)
    shapely.prepare(grids)
    watch.lap("STRtree + prepare")

    table = pd.read_csv(args.points, usecols=["id", "lon", "lat"], dtype={"id": str})
    x = pd.to_numeric(table["lon"], errors="coerce").to_numpy(dtype=float)
    y = pd.to_numeric(table["lat"], errors="coerce").to_numpy(dtype=float)
    watch.lap("read points", f"{len(table):,} positions")

    inside = covering_grid(tree, grids, x, y)
    covered = inside >= 0
    watch.lap("covering grid", f"{covered.sum():,} inside")

    valid = np.isfinite(x) & np.isfinite(y)
    outside = np.flatnonzero(valid & ~covered)
    nearest_code = np.full(len(x), "", dtype=object)
    nearest_m = np.full(len(x), np.nan)
    if len(outside):
        which, metres = nearest_grid(grids, x, y, outside)
        nearest_code[outside] = codes[which]
        nearest_m[outside] = metres
    watch.lap("nearest grid (outside)", f"{len(outside):,} outside")

    status = np.where(covered, "inside", np.where(valid, "outside", "error"))
    grid_code = np.full(len(x), "", dtype=object)
    grid_code[covered] = codes[inside[covered]]
    answers = pd.DataFrame({"id": table["id"], "status": status, "grid": grid_code,
                            "nearest_grid": nearest_code, "nearest_m": nearest_m})
    answers.to_csv(args.output, index=False, float_format="%.2f")
    watch.lap("write answers")
    total = watch.total()
    log(f"shapely peer: total {total:.3f} s for {len(x):,} positions ({len(x) / total:,.0f} positions/s); "
        f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), pyproj {pyproj.__version__}")


if __name__ == "__main__":
    main()
