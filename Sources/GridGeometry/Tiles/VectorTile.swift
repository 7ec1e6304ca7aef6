/// A Mapbox Vector Tile (spec 2.1) of polygon and point layers, written as the protocol-buffer bytes a map
/// library decodes: one layer per call to ``addLayer(_:features:)``, coordinates quantised to
/// the tile's `extent` grid.
///
/// Rings are projected to Web Mercator tile coordinates (y down), rounded to the grid, and
/// repeated points dropped: at low zoom that alone thins a 200-vertex grid to a handful of points.
/// A ring left with fewer than three distinct points draws nothing and is skipped. Exterior rings
/// are written clockwise on screen and holes anticlockwise, as the spec asks. Shapes are not
/// clipped to the tile: the spec allows coordinates outside the extent, and the caller passes
/// only shapes whose box meets the tile.
public struct VectorTile {
    public struct Feature {
        public enum Geometry {
            case polygons(MultiPolygon)
            /// A label's anchor, say.
            case point(LonLat)
        }

        public var id: UInt64
        public var geometry: Geometry
        public var properties: [(String, Value)]

        public init(id: UInt64, shape: MultiPolygon, properties: [(String, Value)]) {
            self.init(id: id, geometry: .polygons(shape), properties: properties)
        }

        public init(id: UInt64, geometry: Geometry, properties: [(String, Value)]) {
            self.id = id
            self.geometry = geometry
            self.properties = properties
        }
    }

    public enum Value: Hashable {
        case string(String)
        case int(Int64)
        case double(Double)
    }

    public let address: TileAddress
    public let extent: Int
    private var bytes: [UInt8] = []

    public init(address: TileAddress, extent: Int = 4096) {
        self.address = address
        self.extent = extent
    }

    /// The encoded tile.
    public var data: [UInt8] { bytes }

    /// Adds a layer; features that draw nothing at this zoom are left out. Returns how many were written.
    @discardableResult
    public mutating func addLayer(_ name: String, features: [Feature]) -> Int {
        var layer = ProtobufWriter()
        layer.uint(field: 15, 2)
        layer.string(field: 1, name)
        var keys: [String: UInt32] = [:], keyList: [String] = []
        var values: [Value: UInt32] = [:], valueList: [Value] = []
        var written = 0
        for feature in features {
            let geometry: [UInt32], type: UInt64
            switch feature.geometry {
            case .polygons(let shape): (geometry, type) = (commands(for: shape), 3)  // POLYGON
            case .point(let point): (geometry, type) = (commands(for: point), 1)     // POINT
            }
            guard !geometry.isEmpty else { continue }
            var tags: [UInt32] = []
            for (key, value) in feature.properties {
                if keys[key] == nil { keys[key] = UInt32(keyList.count); keyList.append(key) }
                if values[value] == nil { values[value] = UInt32(valueList.count); valueList.append(value) }
                tags += [keys[key]!, values[value]!]
            }
            var message = ProtobufWriter()
            message.uint(field: 1, feature.id)
            message.packed(field: 2, tags)
            message.uint(field: 3, type)
            message.packed(field: 4, geometry)
            layer.message(field: 2, message)
            written += 1
        }
        for key in keyList { layer.string(field: 3, key) }
        for value in valueList {
            var message = ProtobufWriter()
            switch value {
            case .string(let text): message.string(field: 1, text)
            case .double(let number): message.double(field: 3, number)
            case .int(let number): message.sint(field: 6, number)
            }
            layer.message(field: 4, message)
        }
        layer.uint(field: 5, UInt64(extent))
        var tile = ProtobufWriter(bytes)
        tile.message(field: 3, layer)
        bytes = tile.bytes
        return written
    }

    /// The geometry commands of one shape: MoveTo, LineTo, ClosePath per ring, with deltas from
    /// the cursor (which carries over between rings, as the spec says).
    func commands(for shape: MultiPolygon) -> [UInt32] {
        var out: [UInt32] = []
        var cursor = (x: 0, y: 0)
        for polygon in shape.polygons {
            let exterior = ring(polygon.exterior)
            guard exterior.count >= 3 else { continue }
            for (index, points) in ([exterior] + polygon.holes.map(ring)).enumerated() where points.count >= 3 {
                var points = points
                // Positive area in y-down tile coordinates is clockwise on screen: exteriors, by the spec.
                let clockwise = Self.doubleArea(points) > 0
                if clockwise != (index == 0) { points.reverse() }
                out.append(Self.command(1, count: 1))
                out += [Self.zigzag(points[0].x - cursor.x), Self.zigzag(points[0].y - cursor.y)]
                cursor = points[0]
                out.append(Self.command(2, count: points.count - 1))
                for p in points.dropFirst() {
                    out += [Self.zigzag(p.x - cursor.x), Self.zigzag(p.y - cursor.y)]
                    cursor = p
                }
                out.append(Self.command(7, count: 1))
            }
        }
        return out
    }

    /// One MoveTo to the point, in tile grid coordinates (outside the extent is allowed, as for rings).
    func commands(for point: LonLat) -> [UInt32] {
        let q = grid(point)
        return [Self.command(1, count: 1), Self.zigzag(q.x), Self.zigzag(q.y)]
    }

    func grid(_ p: LonLat) -> (x: Int, y: Int) {
        let m = TileAddress.mercator(p, zoom: address.z)
        let scale = Double(extent)
        return (Int(((m.x - Double(address.x)) * scale).rounded()), Int(((m.y - Double(address.y)) * scale).rounded()))
    }

    /// A ring in tile grid coordinates without its closing point or repeats; empty when it has no area left.
    func ring(_ ring: Ring) -> [(x: Int, y: Int)] {
        var out: [(x: Int, y: Int)] = []
        for p in ring.points {
            let q = grid(p)
            if let last = out.last, last == q { continue }
            out.append(q)
        }
        if out.count > 1, out.first! == out.last! { out.removeLast() }
        return out.count >= 3 && Self.doubleArea(out) != 0 ? out : []
    }

    static func doubleArea(_ points: [(x: Int, y: Int)]) -> Int {
        var sum = 0
        for i in points.indices {
            let a = points[i], b = points[(i + 1) % points.count]
            sum += a.x * b.y - b.x * a.y
        }
        return sum
    }

    static func command(_ id: UInt32, count: Int) -> UInt32 { (id & 0x7) | (UInt32(count) << 3) }

    static func zigzag(_ n: Int) -> UInt32 { UInt32(truncatingIfNeeded: (n << 1) ^ (n >> 63)) }
}
