// One tier of one generation drawn as the map itself (no base map is reachable from a dispatch
// centre). Small tiers come as one GeoJSON page from /collections/{tier}/items; large ones (the
// 19,000 grids of a city) as Mapbox Vector Tiles from /tiles/{tier}/{z}/{x}/{y}.mvt, decoded by
// mvt.js and painted on canvas tiles, with names from the tile's `{tier}_labels` point layer.
//
// Both kinds take the same style: a fill per unit (plain colours by parent, or a choropleth the
// reports panel sets), a stroke, and one highlighted unit.
"use strict";

const UnitStyle = {
  // Pastel fills by parent code, so neighbouring communities read apart.
  palette: ["#e8dcc4", "#d6e6cf", "#d5e0ec", "#eddad9", "#e4dbec", "#f0e6c0", "#cfe5e3", "#e9d5c0"],
  plainFill(props) {
    const key = props.parent || props.parent_code || props.code || "";
    let h = 0;
    for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
    return UnitStyle.palette[h % UnitStyle.palette.length];
  },
};

// Vector tiles on canvas. Decoded tiles are kept while on screen so a restyle repaints without
// fetching again.
const UnitTileLayer = L.GridLayer.extend({
  initialize(options) {
    L.GridLayer.prototype.initialize.call(this, Object.assign({ tileSize: 256, updateWhenZooming: false, keepBuffer: 1 }, options));
    this.decoded = new Map();
  },

  createTile(coords, done) {
    const tile = document.createElement("canvas");
    const ratio = window.devicePixelRatio || 1, size = this.getTileSize();
    tile.width = size.x * ratio;
    tile.height = size.y * ratio;
    const key = this._tileCoordsToKey(coords);
    API.bytes(`/tiles/${this.options.tier}/${coords.z}/${coords.x}/${coords.y}.mvt`, { generation: this.options.generation })
      .then((buffer) => {
        const layers = MVT.decode(buffer);
        this.decoded.set(key, { layers, coords, canvas: tile });
        this.paint(tile, layers, coords);
        done(null, tile);
      })
      .catch((error) => done(error, tile));  // Leaflet fires `tileerror` with it
    return tile;
  },

  _removeTile(key) {
    this.decoded.delete(key);
    L.GridLayer.prototype._removeTile.call(this, key);
  },

  // Codes of the units drawn in the tiles now on screen.
  drawnCodes() {
    const codes = new Set();
    for (const { layers } of this.decoded.values()) {
      const layer = layers[this.options.tier];
      if (layer) for (const f of layer.features) codes.add(f.properties.code);
    }
    return codes;
  },

  restyle() {
    for (const { layers, coords, canvas } of this.decoded.values()) this.paint(canvas, layers, coords);
  },

  paint(canvas, layers, coords) {
    const ctx = canvas.getContext("2d"), ratio = canvas.width / this.getTileSize().x;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const layer = layers[this.options.tier];
    if (!layer) return;
    const scale = this.getTileSize().x / layer.extent, style = this.options.style;
    let minX, minY, maxX, maxY;
    const trace = (polygon) => {
      for (const ring of polygon) {
        ring.forEach((p, i) => {
          const x = p.x * scale, y = p.y * scale;
          if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
          if (x < minX) minX = x; if (x > maxX) maxX = x; if (y < minY) minY = y; if (y > maxY) maxY = y;
        });
        ctx.closePath();
      }
    };
    for (const feature of layer.features) {
      const fill = style.fill(feature.properties);
      ctx.beginPath();
      minX = minY = Infinity; maxX = maxY = -Infinity;
      feature.geometry.forEach(trace);
      // A unit a few pixels across at city zoom is drawn by its fill alone: stroking 19,000 of
      // them would paint the district solid. Lines thin as units shrink on screen.
      const size = Math.max(maxX - minX, maxY - minY);
      if (fill) {
        ctx.globalAlpha = style.fillOpacity;
        ctx.fillStyle = fill;
        ctx.fill("evenodd");
        ctx.globalAlpha = 1;
      }
      const selected = feature.properties.code === style.highlight;
      if (!selected && size < 6) continue;
      ctx.lineWidth = selected ? 3 : Math.min(style.weight, size / 12);
      ctx.strokeStyle = selected ? "#d7263d" : style.stroke;
      ctx.setLineDash(style.dash && !selected ? style.dash : []);
      ctx.stroke();
    }
    const labels = layers[this.options.tier + "_labels"];
    if (labels && style.labels) this.paintLabels(ctx, labels, scale, coords.z);
  },

  // A name is written only where the unit is large enough on screen to hold it.
  paintLabels(ctx, labels, scale, zoom) {
    ctx.font = "12px 'Noto Sans CJK SC', 'Noto Sans', sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.85)";
    ctx.fillStyle = "#333";
    for (const feature of labels.features) {
      const p = feature.geometry[0] && feature.geometry[0][0];
      if (!p) continue;
      const metresPerPixel = 156543.03 * Math.cos((this._lat || 0) * Math.PI / 180) / Math.pow(2, zoom);
      const side = Math.sqrt(feature.properties.area_m2 || 0) / metresPerPixel;
      const text = feature.properties.name;
      if (side < ctx.measureText(text).width + 8) continue;
      ctx.strokeText(text, p.x * scale, p.y * scale);
      ctx.fillText(text, p.x * scale, p.y * scale);
    }
  },

  onAdd(map) {
    this._lat = map.getCenter().lat;
    L.GridLayer.prototype.onAdd.call(this, map);
  },
});

// A small tier as one GeoJSON layer with permanent name tooltips.
class UnitGeoJSONLayer {
  constructor(options) {
    this.options = options;
    this.group = L.featureGroup();
    this.codes = new Set();
  }

  async load() {
    const data = await API.get(`/collections/${this.options.tier}/items`, { limit: this.options.count, generation: this.options.generation });
    this.layer = L.geoJSON(data, {
      style: (feature) => this.featureStyle(feature.properties),
      onEachFeature: (feature, layer) => {
        this.codes.add(feature.properties.code);
        if (this.options.style.labels) {
          layer.bindTooltip(feature.properties.name, { permanent: true, direction: "center", className: "unit-label" });
        }
      },
    });
    this.group.addLayer(this.layer);
    return this;
  }

  // As on the tiles: a name only where the unit is wide and tall enough on screen to hold it.
  fitLabels() {
    if (!this.map || !this.layer || !this.options.style.labels) return;
    this.layer.eachLayer((layer) => {
      const bounds = layer.getBounds(), map = this.map;
      const ne = map.latLngToContainerPoint(bounds.getNorthEast()), sw = map.latLngToContainerPoint(bounds.getSouthWest());
      const fits = ne.x - sw.x > layer.feature.properties.name.length * 12 + 10 && sw.y - ne.y > 22;
      if (fits) layer.openTooltip(); else layer.closeTooltip();
    });
  }

  featureStyle(props) {
    const style = this.options.style, fill = style.fill(props), selected = props.code === style.highlight;
    return {
      color: selected ? "#d7263d" : style.stroke, weight: selected ? 3 : style.weight + 0.5, dashArray: style.dash && !selected ? style.dash.join(",") : null,
      fillColor: fill || "#000", fillOpacity: fill ? style.fillOpacity : 0,
    };
  }

  drawnCodes() { return this.codes; }
  restyle() { if (this.layer) this.layer.setStyle((feature) => this.featureStyle(feature.properties)); }
  addTo(map) {
    this.map = map;
    this.group.addTo(map);
    this.onZoom = () => this.fitLabels();
    map.on("zoomend", this.onZoom);
    this.fitLabels();
    return this;
  }

  remove() {
    if (this.map) this.map.off("zoomend", this.onZoom);
    this.group.remove();
  }
}

// Picks the kind by how many units the tier has in that generation.
const UnitLayers = {
  // `?geojson_limit=0` in the page's address forces tiles (the browser tests draw both ways).
  geoJSONLimit: Number(new URLSearchParams(location.search).get("geojson_limit") ?? 600),
  async make(tier, generation, style) {
    const first = await API.get(`/collections/${tier}/items`, { limit: 1, generation });
    const count = first.numberMatched || 0;
    if (count <= this.geoJSONLimit) {
      const layer = new UnitGeoJSONLayer({ tier, generation, style, count: Math.max(1, count) });
      layer.kind = "geojson";
      layer.count = count;
      return layer.load();
    }
    const layer = new UnitTileLayer({ tier, generation, style });
    layer.kind = "tiles";
    layer.count = count;
    return layer;
  },
};
