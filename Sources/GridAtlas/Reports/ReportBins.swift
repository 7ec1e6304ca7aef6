import Foundation
import GridDomain
import GridGeometry
import GridStore

/// Reports counted in square or hexagonal cells of a fixed size in metres: a heat map that does not
/// depend on where boundaries run (a grid twice the size of its neighbour does not look twice as hot).
///
/// Cells are laid out in a ``LocalFrame`` (metres east and north of a centre) and written back as
/// WGS84 polygons. The centre is the district's, not the reports', so the same district gets the
/// same cells whatever the filter: two maps of different months can be compared cell by cell.
/// The frame is affine, so a cell's straight edges stay straight in lon/lat and a point lies in the
/// lon/lat polygon exactly when it lies in the metric cell.
public struct ReportBins: Sendable, Equatable {
    public enum Shape: String, Sendable, CaseIterable {
        /// `cell` metres a side.
        case square
        /// Pointy-top hexagons `cell` metres across the flats (the distance between neighbours'
        /// centres): each covers √3/2 · cell² m², 87% of the square of the same `cell`.
        case hex

        public static func query(_ text: String) throws(QueryError) -> Shape {
            guard let shape = Shape(rawValue: text.lowercased()) else {
                throw .badParameter(name: "shape", reason: "'\(text)' is not a cell shape; use square or hex")
            }
            return shape
        }
    }

    /// One cell holding reports: its column and row in the frame's lattice (for a hex, the axial
    /// q and r), the count, and its boundary in WGS84 (closed, counter-clockwise).
    public struct Cell: Sendable, Equatable {
        public var col: Int
        public var row: Int
        public var count: Int
        public var ring: [LonLat]
    }

    public static let minimumCellMetres = 10.0
    public static let maximumCellMetres = 100_000.0
    /// Most cells an answer may hold: a bigger map is too heavy for a browser to draw.
    public static let standardMaxCells = 50_000

    public let shape: Shape
    public let cellMetres: Double
    public let frame: LocalFrame
    /// Reports binned: the sum of the cells' counts.
    public let total: Int
    /// Cells with at least one report, by row then column.
    public let cells: [Cell]
    /// The generation whose district placed the frame, when there was one.
    public var generation: String?

    /// Bins `positions`, or refuses a cell size out of range or one that would need more than
    /// `maxCells` cells (naming the parameter `cell`).
    public init(positions: [ReportPosition], frame: LocalFrame, shape: Shape, cellMetres: Double,
                maxCells: Int = standardMaxCells) throws(QueryError) {
        guard cellMetres.isFinite, cellMetres >= Self.minimumCellMetres else {
            throw .badParameter(name: "cell", reason: "\(cellMetres) m is too small; cells are at least \(Int(Self.minimumCellMetres)) m")
        }
        guard cellMetres <= Self.maximumCellMetres else {
            throw .badParameter(name: "cell", reason: "\(cellMetres) m is too large; cells are at most \(Int(Self.maximumCellMetres)) m")
        }
        self.shape = shape
        self.cellMetres = cellMetres
        self.frame = frame
        var counts: [Key: Int] = [:]
        for p in positions {
            let key = Self.key(of: frame.metres(LonLat(p.lon, p.lat)), shape: shape, cell: cellMetres)
            counts[key, default: 0] += 1
            if counts.count > maxCells {
                throw .badParameter(name: "cell", reason: "\(Int(cellMetres)) m \(shape.rawValue) cells would be more than \(maxCells) cells holding reports; use larger cells or a narrower filter")
            }
        }
        total = positions.count
        cells = counts.keys.sorted { ($0.row, $0.col) < ($1.row, $1.col) }.map { key in
            Cell(col: key.col, row: key.row, count: counts[key]!,
                 ring: Self.ring(key, shape: shape, cell: cellMetres).map(frame.degrees))
        }
    }

    struct Key: Hashable {
        var col: Int
        var row: Int
    }

    /// The cell holding a WGS84 point (its column and row).
    public func cell(of p: LonLat) -> (col: Int, row: Int) {
        let key = Self.key(of: frame.metres(p), shape: shape, cell: cellMetres)
        return (key.col, key.row)
    }

    static func key(of m: LonLat, shape: Shape, cell: Double) -> Key {
        switch shape {
        case .square:
            return Key(col: Int((m.lon / cell).rounded(.down)), row: Int((m.lat / cell).rounded(.down)))
        case .hex:
            // Axial coordinates of pointy-top hexagons of circumradius R, rounded through cube
            // coordinates (q + r + s = 0): the nearest centre, which is the hexagon holding the point.
            let radius = cell / 3.squareRoot()
            let q = (m.lon * 3.squareRoot() / 3 - m.lat / 3) / radius
            let r = (m.lat * 2 / 3) / radius
            let s = -q - r
            var rq = q.rounded(), rr = r.rounded()
            let rs = s.rounded()
            let dq = abs(rq - q), dr = abs(rr - r), ds = abs(rs - s)
            if dq > dr && dq > ds {
                rq = -rr - rs
            } else if dr > ds {
                rr = -rq - rs
            }
            return Key(col: Int(rq), row: Int(rr))
        }
    }

    /// The cell's corners in frame metres, counter-clockwise, first repeated at the end.
    static func ring(_ key: Key, shape: Shape, cell: Double) -> [LonLat] {
        switch shape {
        case .square:
            let x0 = Double(key.col) * cell, y0 = Double(key.row) * cell
            return [LonLat(x0, y0), LonLat(x0 + cell, y0), LonLat(x0 + cell, y0 + cell), LonLat(x0, y0 + cell), LonLat(x0, y0)]
        case .hex:
            let radius = cell / 3.squareRoot()
            let cx = cell * (Double(key.col) + Double(key.row) / 2), cy = radius * 1.5 * Double(key.row)
            var corners = (0..<6).map { k -> LonLat in
                let angle = Double(30 + 60 * k) * .pi / 180
                return LonLat(cx + radius * cos(angle), cy + radius * sin(angle))
            }
            corners.append(corners[0])
            return corners
        }
    }

    /// A GeoJSON FeatureCollection: one Polygon feature per cell with `count`, `col` and `row`;
    /// top-level `shape`, `cell_m`, `count` (reports binned), `cells`, `centre` (the frame's
    /// origin), `generation` and the members in `extra` (the window) describe the map.
    public func geoJSON(extra: [(String, String)] = []) -> String {
        func quoted(_ s: String) -> String {
            (try? JSONEncoder().encode(s)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
        }
        var text: [UInt8] = []
        text += Array("{\"type\":\"FeatureCollection\",\"shape\":\"\(shape.rawValue)\",\"cell_m\":".utf8)
        FixedDecimal.append(cellMetres, decimals: FixedDecimal.metres, to: &text)
        text += Array(",\"count\":\(total),\"cells\":\(cells.count),\"centre\":[".utf8)
        FixedDecimal.append(frame.centre.lon, decimals: FixedDecimal.degrees, to: &text)
        text.append(UInt8(ascii: ","))
        FixedDecimal.append(frame.centre.lat, decimals: FixedDecimal.degrees, to: &text)
        text.append(UInt8(ascii: "]"))
        if let generation { text += Array(",\"generation\":\(quoted(generation))".utf8) }
        for (name, value) in extra { text += Array(",\(quoted(name)):\(quoted(value))".utf8) }
        text += Array(",\"features\":[".utf8)
        for (i, cell) in cells.enumerated() {
            text += Array("\(i > 0 ? "," : ""){\"type\":\"Feature\",\"id\":\"\(cell.col),\(cell.row)\",\"properties\":{\"count\":\(cell.count),\"col\":\(cell.col),\"row\":\(cell.row)},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[".utf8)
            for (k, p) in cell.ring.enumerated() {
                text += Array((k > 0 ? ",[" : "[").utf8)
                FixedDecimal.append(p.lon, decimals: FixedDecimal.degrees, to: &text)
                text.append(UInt8(ascii: ","))
                FixedDecimal.append(p.lat, decimals: FixedDecimal.degrees, to: &text)
                text.append(UInt8(ascii: "]"))
            }
            text += Array("]]}}".utf8)
        }
        text += Array("]}".utf8)
        return String(decoding: text, as: UTF8.self)
    }
}
