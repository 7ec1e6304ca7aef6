"""What tools/check-console asks of the map console in a real (headless) Chromium: each scenario
drives the page as a user would (clicks on the map, typing, choosing filters) and compares what
the page shows with what the HTTP API answers to the same question, asked here directly."""

import json
import os
import time
import urllib.parse
import urllib.request

from cdp import Browser, CDPError


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


class Console:
    """One browser page on one server, with the API beside it for expected answers."""

    def __init__(self, browser, base, shots, key=None):
        self.b, self.base, self.shots, self.key = browser, base, shots, key

    def api(self, path, **params):
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v not in (None, "")})
        request = urllib.request.Request(self.base + path + ("?" + query if query else ""))
        if self.key:
            request.add_header("Authorization", "Bearer " + self.key)
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)

    def state(self, path=""):
        return self.b.evaluate(f"JSON.parse(JSON.stringify(window.gridatlas.state{path}))")

    def open(self, query="", key=None):
        """Loads the page (with `key` in the tab's storage, as the key dialog leaves it) and waits
        until its first drawing is done."""
        self.b.navigate(self.base + "/console/js/api.js")  # same origin, to reach sessionStorage
        self.b.wait_for("document.readyState === 'complete'", 30)
        self.b.evaluate("sessionStorage.clear()")
        if key:
            self.b.evaluate(f"sessionStorage.setItem('gridatlas.key', {json.dumps(key)})")
        self.b.navigate(self.base + "/" + query)
        self.b.wait_for("window.gridatlas && (window.gridatlas.state.ready || document.body.dataset.asksKey)", 90,
                        "the console to draw or to ask for a key")

    def wait_tiles(self):
        """Until every tile layer has finished loading (Leaflet's own `_loading` flags)."""
        self.b.wait_for("""(() => { let busy = false; window.gridatlas.map.eachLayer(l => { if (l._loading) busy = true; });
                            return !busy; })()""", 90, "tiles to load")
        time.sleep(0.3)

    def shot(self, name):
        path = os.path.join(self.shots, name + ".png")
        self.b.screenshot(path)
        return path

    def painted_share(self):
        """Share of the map's pixels painted by units (tile canvases, or GeoJSON paths in SVG)."""
        return self.b.evaluate("""(() => {
            const canvases = [...document.querySelectorAll('#map .leaflet-tile-container canvas')];
            let painted = 0, total = 0;
            for (const c of canvases) {
              const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              for (let i = 3; i < data.length; i += 16) { total++; if (data[i] > 0) painted++; }
            }
            const paths = document.querySelectorAll('#map .leaflet-overlay-pane path').length;
            return {canvases: canvases.length, share: total ? painted / total : 0, paths};
        })()""")

    def click_lonlat(self, lon, lat):
        p = self.b.evaluate(f"window.gridatlas.pagePoint({lon}, {lat})")
        self.b.click(p["x"], p["y"])

    def choose(self, selector, value):
        """Picks an option as a user's choice does: the value changes and `change` fires."""
        self.b.evaluate(f"""(() => {{ const s = document.querySelector({json.dumps(selector)}); s.value = {json.dumps(value)};
                            s.dispatchEvent(new Event('change', {{bubbles: true}})); }})()""")

    def tab(self, name):
        self.b.click_selector(f"nav.tabs button[data-panel={name}]")
        self.b.wait_for(f"window.gridatlas.state.panel === '{name}'", 10)


def units_drawn(c, expected_grids, kind):
    """The grids of the district are all on screen at the district's extent, each once."""
    units = c.state(".units")
    expect(units.get("tier") == "grid" and units.get("kind") == kind, f"grid tier drawn as {kind}: {units}")
    c.wait_tiles()
    drawn = set(c.b.evaluate("window.gridatlas.drawnCodes()"))
    expect(drawn == expected_grids, f"{kind}: drew {len(drawn)} grids, the store has {len(expected_grids)}; "
           f"missing {sorted(expected_grids - drawn)[:5]}, unknown {sorted(drawn - expected_grids)[:5]}")
    painted = c.painted_share()
    if kind == "tiles":
        # Tiles around the district (kept for panning) are blank: a tenth painted is the district.
        expect(painted["canvases"] > 0 and painted["share"] > 0.1, f"tile canvases barely painted: {painted}")
    else:
        expect(painted["paths"] >= len(expected_grids), f"fewer SVG paths than grids: {painted}")
    return painted


def locate_by_click(c, lon, lat, accuracy):
    c.tab("locate")
    c.b.type_into("#panel-locate input[name=accuracy]", str(accuracy))
    c.b.evaluate("window.gridatlas.state.locate = null")
    c.click_lonlat(lon, lat)
    located = c.b.wait_for("window.gridatlas.state.locate", 30, "the click to be located")
    clicked = located["wgs84"]
    # The page clicked where it drew (lon, lat): the pixel it hit is within a few metres.
    expect(abs(clicked[0] - lon) < 1e-4 and abs(clicked[1] - lat) < 1e-4, f"click landed at {clicked}, aimed at {lon},{lat}")
    answer = c.api("/locate", lon=clicked[0], lat=clicked[1], accuracy=accuracy)
    grid = next((u["code"] for u in answer["units"] if u["tier"] == "grid"), None)
    expect(located["grid"] == grid, f"page says grid {located['grid']}, /locate says {grid}")
    expect(located["candidates"] == [x["code"] for x in answer.get("candidates", [])],
           f"candidates differ: page {located['candidates']}, API {answer.get('candidates')}")
    circles = c.b.evaluate("document.querySelectorAll('#map .leaflet-overlay-pane path').length")
    expect(circles > 0, "no accuracy circle or candidate outline drawn")
    return located


def locate_pasted(c, text, crs):
    c.tab("locate")
    c.b.type_into("#panel-locate input[name=coordinate]", text)
    c.choose("#panel-locate select[name=crs]", crs)
    c.b.evaluate("window.gridatlas.state.locate = null")
    c.b.click_selector("#panel-locate button[type=submit]")
    located = c.b.wait_for("window.gridatlas.state.locate", 30, "the pasted coordinate to be located")
    lon, lat = [float(x) for x in text.split(",")]
    answer = c.api("/locate", lon=lon, lat=lat, crs=crs)
    grid = next((u["code"] for u in answer["units"] if u["tier"] == "grid"), None)
    expect(located.get("grid") == grid, f"{crs} {text}: page says {located}, /locate says {grid}")
    expect(abs(located["wgs84"][0] - answer["wgs84"][0]) < 1e-7, "the page's WGS84 point differs from the API's")
    return located


def reports_filtered(c, matter):
    c.tab("reports")
    c.b.wait_for("window.gridatlas.state.reports && !window.gridatlas.state.reports.busy", 60)
    shown = c.state(".reports")
    f = shown["filters"]
    everything = c.api("/reports/points", limit=1, **{k: f.get(k) for k in ("from", "to")})
    expect(shown["points"]["total"] == everything["total"], f"page shows {shown['points']} reports, API counts {everything['total']}")
    expect(everything["total"] > 0, "the store has no reports in the window: nothing to check")
    markers = c.b.evaluate("window.gridatlas.reports.points.getLayers().length")
    expect(markers == shown["points"]["shown"], f"{markers} markers in the cluster layer, state says {shown['points']['shown']}")
    clusters = c.b.evaluate("document.querySelectorAll('#map .marker-cluster').length")
    expect(clusters > 0, "no clusters drawn")
    c.choose("#panel-reports select[name=matter]", matter)
    c.b.evaluate("window.gridatlas.state.reports = {busy: true}")
    c.b.click_selector("#panel-reports button[type=submit]")
    c.b.wait_for("window.gridatlas.state.reports && !window.gridatlas.state.reports.busy", 60, "the filtered reports")
    narrowed = c.state(".reports")
    expected = c.api("/reports/points", limit=1, matter=matter, **{k: f.get(k) for k in ("from", "to")})
    expect(narrowed["points"]["total"] == expected["total"], f"matter {matter}: page {narrowed['points']}, API {expected['total']}")
    expect(0 < narrowed["points"]["total"] < everything["total"], f"matter {matter} did not narrow: {narrowed['points']}")
    return everything["total"], narrowed["points"]["total"]


def density_and_warnings(c):
    c.tab("reports")
    c.b.click_selector("#panel-reports input[name=density]")
    c.b.wait_for("window.gridatlas.state.reports && !window.gridatlas.state.reports.busy && window.gridatlas.state.reports.density", 60,
                 "the density choropleth")
    shown = c.state(".reports")
    f = shown["filters"]
    density = c.api("/reports/density", tier="grid", **{k: f.get(k) for k in ("from", "to", "matter")})
    expect(shown["density"]["total"] == density["total"], f"density total: page {shown['density']}, API {density['total']}")
    warnings = c.api("/warnings", min_level=1)
    expect(shown["warnings"]["grids"] == len(warnings["grids"]), f"warned grids: page {shown['warnings']}, API {len(warnings['grids'])}")
    c.wait_tiles()
    outlines = c.b.evaluate("window.gridatlas.reports.warnings.getLayers().length")
    expect(outlines == len(warnings["grids"]), f"{outlines} warning outlines drawn for {len(warnings['grids'])} warned grids")
    return shown


def dashboard(c):
    c.tab("dashboard")
    state = c.b.wait_for("window.gridatlas.state.dashboard && window.gridatlas.state.dashboard.months && window.gridatlas.state.dashboard", 60)
    # The dashboard follows the reports panel's filters (a matter chosen there narrows it too).
    f = state["filters"]
    monthly = c.api("/reports/monthly", months=12, matter=f.get("matter"), department=f.get("department"))
    figures = c.api("/reports/figures", by="community", **{k: f.get(k) for k in ("from", "to", "matter", "department", "status")})
    expect(state["total"] == figures["total"], f"dashboard totals {state['total']}, /reports/figures {figures['total']}")
    expect(state["monthlyReports"] == sum(m["reports"] for m in monthly["months"]), f"monthly sum: page {state['monthlyReports']}")
    bars = c.b.evaluate("document.querySelectorAll('#panel-dashboard svg.chart')[0].querySelectorAll('rect.bar').length")
    expect(bars == 12, f"{bars} month bars drawn, 12 expected")
    ranked = c.b.evaluate("document.querySelectorAll('#panel-dashboard svg.ranking rect.bar').length")
    expect(ranked == state["communities"] and ranked > 0, f"{ranked} community bars for {state['communities']} communities")
    closing = c.b.evaluate("document.querySelector('[data-kpi=closing_rate] .value').textContent")
    rate = state["total"]["closing_rate"]
    expect(closing == f"{rate * 100:.1f}%", f"closing rate shown {closing}, figures say {rate}")
    return state


def search(c, text):
    c.b.type_into("#search", text)
    c.b.wait_for(f"window.gridatlas.state.search && window.gridatlas.state.search.query === {json.dumps(text)}", 20, "search results")
    expected = c.api("/units/search", q=text, limit=15)["units"]
    found = c.state(".search")["codes"]
    expect(found == [u["code"] for u in expected], f"search {text!r}: page {found}, API {[u['code'] for u in expected]}")
    c.b.evaluate("window.gridatlas.state.unit = null")
    c.b.click_selector("#search-results li a")
    unit = c.b.wait_for("window.gridatlas.state.unit", 20, "the chosen unit's panel")
    expect(unit["code"] == expected[0]["code"], f"chose {expected[0]['code']}, panel shows {unit}")
    detail = c.api(f"/units/{unit['code']}")
    expect(unit["households"] == detail["households"], f"households: panel {unit['households']}, API {detail['households']}")
    return unit


def key_flow(c, key, role):
    """The keyed server: the page asks for a key, refuses a wrong one, accepts the right one."""
    c.open()
    expect(c.b.evaluate("document.getElementById('key-dialog').open"), "a keyed server's console did not ask for a key")
    expect(not c.b.evaluate("window.gridatlas.drawnCodes().length"), "units drawn before any key was given")
    c.shot("01-asks-for-key")
    c.b.type_into("#key-dialog input[name=key]", "ga_wrong_key")
    c.b.evaluate("document.querySelector('#key-dialog .message').textContent = ''")
    c.b.click_selector("#key-dialog button[value=use]")
    message = c.b.wait_for("document.querySelector('#key-dialog .message').textContent", 20, "the refusal")
    expect("not known" in message, f"a wrong key was not refused clearly: {message!r}")
    c.b.type_into("#key-dialog input[name=key]", key)
    c.b.click_selector("#key-dialog button[value=use]")
    time.sleep(0.5)  # the page reloads with the key
    c.b.wait_for("window.gridatlas && window.gridatlas.state.ready", 90, "the console after the key")
    identity = c.state(".identity")
    expect(identity["role"] == role, f"page took the key as {identity}")
    return identity


def planner(c, draft, holed):
    expect(c.b.evaluate("!document.querySelector('nav.tabs button[data-panel=planning]').hidden"), "planning tab hidden for a planner")
    c.tab("planning")
    c.choose("#panel-planning select[name=draft]", holed)
    state = c.b.wait_for(f"window.gridatlas.state.planner && window.gridatlas.state.planner.draft === {json.dumps(holed)} "
                         "&& !window.gridatlas.state.planner.busy && window.gridatlas.state.planner", 90, "the holed draft")
    report = c.api(f"/generations/{holed}/validation")
    expect(state["validation"]["errors"] == report["errors"] and report["errors"] > 0, f"validation: page {state.get('validation')}, API {report['errors']}")
    expect(state["problemFeatures"] == len(report["problems"]), f"problem layer has {state['problemFeatures']} of {len(report['problems'])}")
    c.wait_tiles()
    c.shot("07-planner-problems")
    c.choose("#panel-planning select[name=draft]", draft)
    state = c.b.wait_for(f"window.gridatlas.state.planner && window.gridatlas.state.planner.draft === {json.dumps(draft)} "
                         "&& !window.gridatlas.state.planner.busy && window.gridatlas.state.planner", 90, "the redraw draft")
    flows = c.api(f"/generations/{draft}/diff", format="geojson", layer="flows", tier="grid")
    balance = c.api(f"/generations/{draft}/balance")
    expect(state.get("flows") == len(flows["features"]) and state["flows"] > 0, f"moved areas: page {state.get('flows')}, API {len(flows['features'])}")
    expect(state.get("balanceRows") == len(balance["rows"]), f"balance rows: page {state.get('balanceRows')}, API {len(balance['rows'])}")
    table_rows = c.b.evaluate("document.querySelectorAll('#panel-planning table.balance-table tbody tr').length")
    expect(table_rows > 0, "the balance table is empty")
    c.wait_tiles()
    c.shot("08-planner-diff-balance")
    return state
