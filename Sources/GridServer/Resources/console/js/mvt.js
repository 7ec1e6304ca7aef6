// A Mapbox Vector Tile (spec 2.1) decoder: protocol-buffer wire format in, layers of features
// with properties and geometry in tile coordinates out. Written for GridAtlas's tiles (polygons
// and label points) but follows the spec for every geometry type.
"use strict";

const MVT = (() => {
  class Reader {
    constructor(buffer) { this.bytes = new Uint8Array(buffer); this.pos = 0; this.utf8 = new TextDecoder("utf-8"); }
    get done() { return this.pos >= this.bytes.length; }
    varint() {
      let result = 0, shift = 0, b;
      do {
        if (this.pos >= this.bytes.length) throw new Error("MVT: truncated varint");
        b = this.bytes[this.pos++];
        // Multiplication, not <<, so values above 2^31 stay exact.
        result += (b & 0x7f) * Math.pow(2, shift);
        shift += 7;
      } while (b & 0x80);
      return result;
    }
    sint() { const n = this.varint(); return n % 2 === 1 ? -(n + 1) / 2 : n / 2; }
    bytesField() {
      const len = this.varint(), start = this.pos;
      this.pos += len;
      if (this.pos > this.bytes.length) throw new Error("MVT: truncated field");
      return this.bytes.subarray(start, this.pos);
    }
    string() { return this.utf8.decode(this.bytesField()); }
    double() {
      const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8);
      this.pos += 8;
      return view.getFloat64(0, true);
    }
    float() {
      const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 4);
      this.pos += 4;
      return view.getFloat32(0, true);
    }
    packed() {
      const sub = new Reader(this.bytesField()), out = [];
      while (!sub.done) out.push(sub.varint());
      return out;
    }
    skip(wire) {
      if (wire === 0) this.varint();
      else if (wire === 1) this.pos += 8;
      else if (wire === 2) this.bytesField();
      else if (wire === 5) this.pos += 4;
      else throw new Error("MVT: unknown wire type " + wire);
    }
    // Calls fn(field, wire) for each field; fn returns false when it did not read the field.
    fields(fn) {
      while (!this.done) {
        const key = this.varint(), field = Math.floor(key / 8), wire = key & 7;
        if (fn(field, wire) === false) this.skip(wire);
      }
    }
  }

  function value(bytes) {
    const r = new Reader(bytes);
    let v = null;
    r.fields((field) => {
      switch (field) {
        case 1: v = r.string(); break;
        case 2: v = r.float(); break;
        case 3: v = r.double(); break;
        case 4: v = r.varint(); break;       // int64 (non-negative here)
        case 5: v = r.varint(); break;       // uint64
        case 6: v = r.sint(); break;         // sint64
        case 7: v = r.varint() !== 0; break; // bool
        default: return false;
      }
    });
    return v;
  }

  // Geometry commands to rings (or points): [[{x, y}, ...], ...] in tile coordinates.
  function geometry(commands) {
    const parts = [];
    let x = 0, y = 0, i = 0, part = null;
    while (i < commands.length) {
      const command = commands[i] & 7, count = commands[i] >> 3;
      i++;
      if (command === 7) { if (part && part.length) part.push(part[0]); continue; }
      for (let k = 0; k < count; k++) {
        const n1 = commands[i++], n2 = commands[i++];
        x += (n1 % 2 === 1) ? -(n1 + 1) / 2 : n1 / 2;
        y += (n2 % 2 === 1) ? -(n2 + 1) / 2 : n2 / 2;
        if (command === 1) { part = [{ x, y }]; parts.push(part); }
        else if (command === 2) part.push({ x, y });
        else throw new Error("MVT: unknown command " + command);
      }
    }
    return parts;
  }

  // Rings to polygons: an exterior (positive area in y-down coordinates, clockwise on screen)
  // starts a polygon, the rings after it with negative area are its holes.
  function polygons(rings) {
    const out = [];
    for (const ring of rings) {
      let area = 0;
      for (let i = 0; i + 1 < ring.length; i++) area += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y;
      if (area > 0 || out.length === 0) out.push([ring]);
      else out[out.length - 1].push(ring);
    }
    return out;
  }

  const TYPES = { 1: "Point", 2: "LineString", 3: "Polygon" };

  function layer(bytes) {
    const r = new Reader(bytes);
    const raw = [], keys = [], values = [];
    let name = "", extent = 4096, version = 1;
    r.fields((field) => {
      switch (field) {
        case 15: version = r.varint(); break;
        case 1: name = r.string(); break;
        case 2: raw.push(r.bytesField()); break;
        case 3: keys.push(r.string()); break;
        case 4: values.push(value(r.bytesField())); break;
        case 5: extent = r.varint(); break;
        default: return false;
      }
    });
    const features = raw.map((bytes) => {
      const f = new Reader(bytes);
      let id = null, tags = [], type = 0, commands = [];
      f.fields((field) => {
        switch (field) {
          case 1: id = f.varint(); break;
          case 2: tags = f.packed(); break;
          case 3: type = f.varint(); break;
          case 4: commands = f.packed(); break;
          default: return false;
        }
      });
      const properties = {};
      for (let i = 0; i + 1 < tags.length; i += 2) properties[keys[tags[i]]] = values[tags[i + 1]];
      const parts = geometry(commands);
      return { id, type: TYPES[type] || "Unknown", properties, geometry: type === 3 ? polygons(parts) : parts };
    });
    return { name, version, extent, features };
  }

  // The tile's layers by name.
  function decode(buffer) {
    const r = new Reader(buffer), layers = {};
    r.fields((field) => {
      if (field !== 3) return false;
      const l = layer(r.bytesField());
      layers[l.name] = l;
    });
    return layers;
  }

  return { decode };
})();
