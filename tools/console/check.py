"""Drives the map console in headless Chromium against live GridAtlas servers (tools/check-console
starts them) and checks what the page shows against the HTTP API. Screenshots go to --shots.
Exit status 1 when any scenario fails."""

import argparse
import collections
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402
import scenarios as s  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keyed", required=True, help="base URL of a server started with --reads keyed")
    parser.add_argument("--public", required=True, help="base URL of a server with public reads")
    parser.add_argument("--viewer", required=True)
    parser.add_argument("--dispatcher", required=True)
    parser.add_argument("--planner", required=True)
    parser.add_argument("--draft", required=True, help="a draft that redraws some grids")
    parser.add_argument("--holed", required=True, help="a draft with a gap")
    parser.add_argument("--shots", required=True)
    args = parser.parse_args()
    os.makedirs(args.shots, exist_ok=True)

    browser = Browser()
    browser.open_page()
    results = []

    def run(name, fn):
        started = time.time()
        try:
            detail = fn()
            results.append((name, True, time.time() - started, detail))
            print(f"check-console: PASS {name} ({time.time() - started:.1f} s){' — ' + str(detail) if detail else ''}", flush=True)
        except Exception as error:  # noqa: BLE001 (every failure is reported, then the next scenario runs)
            results.append((name, False, time.time() - started, error))
            print(f"check-console: FAIL {name}: {error}", flush=True)
            if not isinstance(error, s.Failure):
                traceback.print_exc()
            try:
                browser.screenshot(os.path.join(args.shots, f"failed-{name}.png"))
            except Exception:  # noqa: BLE001
                pass

    keyed = s.Console(browser, args.keyed, args.shots, key=args.viewer)
    grids = {f["properties"]["code"] for f in keyed.api("/collections/grid/items", limit=10000)["features"]}

    run("asks-for-a-key", lambda: s.key_flow(keyed, args.viewer, "viewer")["role"])

    def units():
        painted = s.units_drawn(keyed, grids, "geojson")
        keyed.shot("02-units-geojson")
        return f"{len(grids)} grids, {painted['paths']} paths"
    run("units-drawn-geojson", units)

    def click():
        located = s.locate_by_click(keyed, 108.4127, 24.2987, 150)
        s.expect(len(located["candidates"]) >= 2, f"a click 150 m from a border gave candidates {located['candidates']}")
        keyed.wait_tiles()
        keyed.shot("03-locate-click")
        return f"grid {located['grid']}, candidates {located['candidates']}"
    run("click-to-locate", click)

    def pasted():
        gcj = s.locate_pasted(keyed, "108.434160, 24.307293", "gcj02")
        bd = s.locate_pasted(keyed, "108.440600, 24.313300", "bd09")
        keyed.shot("04-locate-pasted")
        return f"GCJ-02 → {gcj['grid']}, BD-09 → {bd['grid']}"
    run("paste-coordinate", pasted)

    def search():
        unit = s.search(keyed, "花岭")
        s.expect(not unit["phones"], "a viewer key was shown workers' phone numbers")
        return f"{unit['code']} ({unit['households']} households)"
    run("search-and-unit-panel", search)

    def reports():
        points = keyed.api("/reports/points", limit=100000)
        counts = collections.Counter(f["properties"]["matter"] for f in points["features"])
        matter = counts.most_common(1)[0][0] if counts else "M001"
        total, narrowed = s.reports_filtered(keyed, matter)
        keyed.wait_tiles()
        keyed.shot("05-reports-clustered")
        return f"{total} reports, {narrowed} of matter {matter}"
    run("reports-filtered", reports)

    def density():
        shown = s.density_and_warnings(keyed)
        keyed.shot("06-density-warnings")
        return f"density total {shown['density']['total']}, warned grids {shown['warnings']['grids']} {shown['warnings']['levels']}"
    run("density-and-warnings", density)

    def dashboard():
        state = s.dashboard(keyed)
        keyed.shot("07-dashboard")
        return f"{state['monthlyReports']} reports in 12 months, {state['communities']} communities ranked"
    run("leaders-dashboard", dashboard)

    planner = s.Console(browser, args.keyed, args.shots, key=args.planner)

    def planning():
        planner.open(key=args.planner)
        state = s.planner(planner, args.draft, args.holed)
        return f"{state['flows']} moved areas, {state['balanceRows']} balance rows"
    run("planner-view", planning)

    def tiles():
        planner.open("?geojson_limit=0", key=args.planner)
        painted = s.units_drawn(planner, grids, "tiles")
        planner.b.evaluate("void window.gridatlas.map.setZoom(window.gridatlas.map.getZoom() + 2, {animate: false})")
        planner.wait_tiles()
        planner.shot("09-units-tiles-zoomed")
        return f"{painted['canvases']} canvases, {painted['share']:.0%} painted"
    run("units-drawn-tiles", tiles)

    def phones():
        dispatcher = s.Console(browser, args.keyed, args.shots, key=args.dispatcher)
        dispatcher.open(key=args.dispatcher)
        unit = s.search(dispatcher, "花岭社区第10网格")
        s.expect(unit["phones"], "a dispatcher key was not shown workers' phone numbers")
        return unit["code"]
    run("dispatcher-sees-phones", phones)

    def anonymous():
        public = s.Console(browser, args.public, args.shots)
        public.open()
        s.expect(not browser.evaluate("document.getElementById('key-dialog').open"), "a public server asked for a key")
        identity = public.state(".identity")
        s.expect(identity.get("role") is None and not identity["sees"]["report_points"], f"anonymous identity {identity}")
        s.expect(browser.evaluate("!document.getElementById('reports-points-note').hidden"), "no note that points need a key")
        s.expect("points" not in public.state(".reports"), "report points loaded for an anonymous caller")
        s.units_drawn(public, grids, "geojson")
        public.shot("10-public-anonymous")
        return "units drawn, points withheld"
    run("public-anonymous", anonymous)

    browser.drain(0.5)
    errors = browser.page_errors()
    run("no-page-errors", lambda: s.expect(not errors, f"the page logged errors: {errors[:5]}") or "none")
    browser.close()

    failed = [r for r in results if not r[1]]
    print(f"check-console: {len(results) - len(failed)} of {len(results)} passed; screenshots in {args.shots}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
