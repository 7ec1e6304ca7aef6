"""Times the map console in headless Chromium on a large district (tools/bench-console sets it
up): first drawing, tile fetches, zooming and panning, a click located, and, side by side in the
same page, the whole grid tier fetched and drawn as GeoJSON (what tiles avoid). Prints figures;
asserts nothing about speed."""

import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--key", required=True, help="a viewer key (report points need one)")
    parser.add_argument("--shots", required=True)
    args = parser.parse_args()
    os.makedirs(args.shots, exist_ok=True)
    b = Browser(1400, 900)
    b.open_page()
    b.navigate(args.base + "/console/js/api.js")
    b.wait_for("document.readyState === 'complete'", 30)
    b.evaluate(f"sessionStorage.setItem('gridatlas.key', {json.dumps(args.key)})")

    tiles_idle = """(() => { let busy = false; window.gridatlas.map.eachLayer(l => { if (l._loading) busy = true; }); return !busy; })()"""

    started = time.time()
    b.navigate(args.base + "/")
    b.wait_for("window.gridatlas && window.gridatlas.state.ready", 300, "the console on the large district")
    b.wait_for(tiles_idle, 300)
    first = time.time() - started
    state = b.evaluate("JSON.parse(JSON.stringify(window.gridatlas.state))")
    drawn = b.evaluate("window.gridatlas.drawnCodes().length")
    b.screenshot(os.path.join(args.shots, "bench-19000-first.png"))
    print(f"units: tier grid, {state['units']['count']} grids drawn as {state['units']['kind']}; {drawn} on screen at the district's extent")
    print(f"first drawing (page load to every panel and tile done, report points included): {first:.2f} s")
    t = state.get("timings", {})
    print(f"  in the page, ms since navigation: key checked {t.get('identified')}, units layer placed {t.get('units')}, "
          f"reports clustered {t.get('reports')}, dashboard {t.get('dashboard')}")
    # Again, with the server's caches warm (the generation's view is built once per process).
    started = time.time()
    b.navigate(args.base + "/")
    b.wait_for("window.gridatlas && window.gridatlas.state.ready", 300)
    b.wait_for(tiles_idle, 300)
    t = b.evaluate("JSON.parse(JSON.stringify(window.gridatlas.state.timings))")
    print(f"again, server warm: {time.time() - started:.2f} s (units layer placed {t.get('units')} ms, reports clustered "
          f"{t.get('reports')} ms, dashboard {t.get('dashboard')} ms)")
    points = state.get("reports", {}).get("points", {})
    print(f"report points clustered: {points.get('shown')} of {points.get('total')}")

    # Long tasks (main thread busy > 50 ms) from here on: what makes a page feel stuck.
    b.evaluate("""window.__long = []; new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long.push(e.duration); })
                  .observe({type: 'longtask', buffered: false}); performance.clearResourceTimings(); true""")
    steps = []
    centre = b.evaluate("(() => { const c = window.gridatlas.map.getCenter(); return [c.lat, c.lng]; })()")
    for i in range(12):
        lat = centre[0] + (i % 4 - 1.5) * 0.03
        lon = centre[1] + (i // 4 - 1) * 0.04
        zoom = [12, 14, 16][i % 3]
        t0 = time.time()
        b.evaluate(f"void window.gridatlas.map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
        time.sleep(0.05)
        b.wait_for(tiles_idle, 120)
        steps.append(time.time() - t0)
    b.screenshot(os.path.join(args.shots, "bench-19000-zoomed.png"))
    timings = b.evaluate("""performance.getEntriesByType('resource').filter(e => e.name.includes('/tiles/'))
                            .map(e => [e.duration, e.encodedBodySize])""")
    longs = b.evaluate("window.__long")
    durations = sorted(t[0] for t in timings)
    sizes = [t[1] for t in timings]
    print(f"zoom/pan steps (12, zooms 12/14/16): median {statistics.median(steps) * 1000:.0f} ms, "
          f"slowest {max(steps) * 1000:.0f} ms until every tile is drawn")
    if durations:
        print(f"tiles fetched in those steps: {len(durations)}, median {statistics.median(durations):.0f} ms, "
              f"p95 {durations[int(0.95 * (len(durations) - 1))]:.0f} ms, median {statistics.median(sizes) / 1024:.1f} KiB each")
    print(f"main-thread long tasks during the steps: {len(longs)}, longest {max(longs, default=0):.0f} ms, total {sum(longs):.0f} ms")

    # The first lookup builds the generation's Locator on the server (once per generation and
    # process); the clicks after it are what a dispatcher waits for.
    clicks = []
    for dx in (0, 60, -80, 120):
        t0 = time.time()
        b.evaluate("window.gridatlas.state.locate = null; true")
        p = b.evaluate("(() => { const c = window.gridatlas.map.getCenter(); return window.gridatlas.pagePoint(c.lng, c.lat); })()")
        b.click(p["x"] + dx, p["y"] + dx / 2)
        located = b.wait_for("window.gridatlas.state.locate", 60)
        clicks.append(located["ms"])  # measured in the page: from the click's handler to the answer shown
    print(f"a click located (request, answer, chain and worker shown): first {clicks[0]:.0f} ms (builds the Locator), "
          f"then median {statistics.median(clicks[1:]):.0f} ms")

    # The peer: the whole grid tier as one GeoJSON, fetched page by page and drawn with Leaflet.
    peer = b.evaluate("""(async () => {
        const t0 = performance.now(); let features = [], url = '/collections/grid/items?limit=10000', bytes = 0;
        while (url) {
          const r = await fetch(url, {headers: {Authorization: 'Bearer ' + API.key}});
          const text = await r.text(); bytes += text.length;
          const page = JSON.parse(text); features = features.concat(page.features);
          const next = (page.links || []).find(l => l.rel === 'next'); url = next ? next.href : null;
        }
        const fetched = performance.now();
        const layer = L.geoJSON({type: 'FeatureCollection', features}, {renderer: L.canvas(), style: {weight: 0.8}}).addTo(window.gridatlas.map);
        window.gridatlas.map.setView(window.gridatlas.map.getCenter(), 12, {animate: false});
        await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
        const drawn = performance.now();
        layer.remove();
        return {features: features.length, bytes, fetchMs: fetched - t0, drawMs: drawn - fetched};
    })()""", timeout=600)
    print(f"peer, one GeoJSON of the whole tier: {peer['features']} grids, {peer['bytes'] / 1048576:.1f} MiB, "
          f"fetch+parse {peer['fetchMs']:.0f} ms, draw {peer['drawMs']:.0f} ms, total {(peer['fetchMs'] + peer['drawMs']) / 1000:.2f} s")
    b.drain(0.3)
    errors = b.page_errors()
    print(f"page errors: {len(errors)}" + (f" ({errors[:3]})" if errors else ""))
    b.close()


if __name__ == "__main__":
    main()
