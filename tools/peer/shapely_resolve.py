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
  a local equirectangular frame (longitudes scaled by the cosine of the data's mean latitude) so
  that "nearest" is measured in ground distance rather than in raw degrees, which would stretch
  north-south distances by 1/cos(latitude).

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


def log(message):
    print(message, file=sys.stderr, flush=True)


class Stopwatch:
    """Collects the time of each named stage and prints it as it ends."""

    def __init__(self):
        self.start = time.perf_counter()
        self.last = self.start

    def lap(self, name, detail=""):
        now = time.perf_counter()
        log(f"shapely peer: {name:<28} {now - self.last:7.3f} s{('  ' + detail) if detail else ''}")
        self.last = now

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
    geometries = shapely.from_geojson([json.dumps(feat["geometry"]) for feat in grids])
    return codes, geometries


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
    """A local equirectangular frame: x = (lon - lon0) * cos(lat0), y = lat - lat0, in degrees
    of latitude. Distances in it are ground distances up to a scale, near lat0."""

    def __init__(self, lon0, lat0):
        self.lon0, self.lat0 = lon0, lat0
        self.k = math.cos(math.radians(lat0))

    def forward(self, coords):
        return np.column_stack(((coords[:, 0] - self.lon0) * self.k, coords[:, 1] - self.lat0))

    def inverse(self, coords):
        return np.column_stack((coords[:, 0] / self.k + self.lon0, coords[:, 1] + self.lat0))


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
    _, _, metres = pyproj.Geod(ellps="WGS84").inv(x[rows], y[rows], lonlat[:, 0], lonlat[:, 1])
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
