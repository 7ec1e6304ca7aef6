import Dispatch
import Foundation
import GridDomain
import GridGeometry
import GridImport
import Synchronization

/// Resolves a CSV of positions into a CSV of answers, in input order, on every core.
///
/// Input columns: `lon`/`lng`/`x` and `lat`/`y` (required), `at` (optional: each row resolves
/// against the generation and roster of its own moment), anything else passed through. A bad row
/// gets `status=error` and a message; it never stops the batch.
public struct BatchResolver: Sendable {
    public let atlas: Atlas
    public let crs: CRS
    public let generation: String?
    public let defaultAt: Date

    public init(atlas: Atlas, crs: CRS, generation: String?, defaultAt: Date) {
        self.atlas = atlas
        self.crs = crs
        self.generation = generation
        self.defaultAt = defaultAt
    }

    public static let answerColumns = ["status", "wgs84_lon", "wgs84_lat", "generation", "district", "subdistrict", "community",
                                       "grid", "grid_name", "micro_area", "worker_id", "worker_name", "worker_phone",
                                       "nearest_grid", "nearest_m", "error"]

    public struct MissingColumn: Error, CustomStringConvertible {
        public var description: String {
            "line 1: the header needs a longitude column (lon, lng, longitude or x) and a latitude column (lat, latitude or y)"
        }
    }

    /// - Parameter progress: called after each slice of rows with (rows done, rows in all), from any thread.
    public func run(_ table: CSVTable, progress: @Sendable (Int, Int) -> Void = { _, _ in }) throws -> String {
        guard let lonColumn = ["lon", "lng", "longitude", "x"].lazy.compactMap(table.column).first,
              let latColumn = ["lat", "latitude", "y"].lazy.compactMap(table.column).first else { throw MissingColumn() }
        let columns = Columns(lon: lonColumn, lat: latColumn, at: table.column("at"))
        _ = try CoordinateConverter(from: crs)  // an unknown CRS fails the batch once, up front
        let roster = try atlas.roster()
        let records = table.records
        let chunk = 20_000
        let chunks = (records.count + chunk - 1) / chunk
        let outputs = Mutex([String?](repeating: nil, count: chunks))
        let done = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            // A converter and caches per slice: PROJ transformations are not shared between threads.
            guard let converter = try? CoordinateConverter(from: crs) else { return }
            var slice = Slice(converter: converter, roster: roster)
            var text = ""
            text.reserveCapacity(chunk * 160)
            for record in records[(k * chunk)..<min(records.count, (k + 1) * chunk)] {
                for field in record.fields {
                    Self.append(field, to: &text)
                    text += ","
                }
                answer(record.fields, columns, &slice, into: &text)
                text += "\n"
            }
            outputs.withLock { $0[k] = text }
            let finished = done.add(min(chunk, records.count - k * chunk), ordering: .relaxed).newValue
            progress(finished, records.count)
        }
        let header = (table.header + Self.answerColumns).map(Self.quote).joined(separator: ",") + "\n"
        return outputs.withLock { header + $0.compactMap { $0 }.joined() }
    }

    struct Columns {
        var lon: Int, lat: Int, at: Int?
    }

    /// What one slice of rows keeps between rows: the converter, and the answers that repeat.
    struct Slice {
        let converter: CoordinateConverter
        let roster: Roster
        var answerers: [Date: Answerer] = [:]
        var responsible: [ResponsibleKey: RosterEntry?] = [:]
    }

    struct ResponsibleKey: Hashable {
        var grid: Int32
        var generation: Int64
        var moment: Double
    }

    private func answer(_ fields: [String], _ columns: Columns, _ slice: inout Slice, into text: inout String) {
        func failure(_ message: String) {
            text += "error"
            text += String(repeating: ",", count: Self.answerColumns.count - 1)
            Self.append(message, to: &text)
        }
        guard let x = Double(fields[columns.lon].trimmingCharacters(in: .whitespaces)), x.isFinite else {
            return failure("lon '\(fields[columns.lon])' is not a number")
        }
        guard let y = Double(fields[columns.lat].trimmingCharacters(in: .whitespaces)), y.isFinite else {
            return failure("lat '\(fields[columns.lat])' is not a number")
        }
        var moment = defaultAt
        if let at = columns.at, !fields[at].trimmingCharacters(in: .whitespaces).isEmpty {
            guard let parsed = Dates.parse(fields[at]) else { return failure(Dates.Invalid(text: fields[at]).description) }
            moment = parsed
        }
        let input = LonLat(x, y)
        if crs.isGeographicDegrees && !input.isInRange {
            return failure("(\(x), \(y)) is out of range for longitude [-180, 180] and latitude [-90, 90]")
        }
        let wgs: LonLat
        do { wgs = try slice.converter.toWGS84(input) } catch { return failure(error.description) }
        let answerer: Answerer
        if let known = slice.answerers[moment] {
            answerer = known
        } else {
            do {
                let generation = try atlas.generation(named: generation, at: moment)
                answerer = Answerer(locator: try atlas.locator(for: generation), roster: slice.roster, at: moment, generation: generation)
                slice.answerers[moment] = answerer
            } catch {
                return failure("\(error)")
            }
        }
        let locator = answerer.locator
        let location = locator.locate(wgs)
        text += location.status.rawValue
        text += ","
        // Positions already in WGS84 are echoed as given, not re-formatted.
        if case .wgs84 = crs { text += fields[columns.lon] } else { text += String(wgs.lon) }
        text += ","
        if case .wgs84 = crs { text += fields[columns.lat] } else { text += String(wgs.lat) }
        text += ","
        Self.append(answerer.generation.name, to: &text)
        for id in [location.district, location.subdistrict, location.community, location.grid] {
            text += ","
            if id >= 0 { text += locator.units[Int(id)].code }
        }
        text += ","
        if location.grid >= 0 { Self.append(locator.units[Int(location.grid)].name, to: &text) }
        text += ","
        if location.microArea >= 0 { text += locator.units[Int(location.microArea)].code }
        text += ","
        if location.grid >= 0 {
            let key = ResponsibleKey(grid: location.grid, generation: answerer.generation.id, moment: moment.timeIntervalSince1970)
            let worker: RosterEntry?
            if let cached = slice.responsible[key] { worker = cached } else {
                worker = slice.roster.responsible(for: locator.units[Int(location.grid)].code, at: moment)
                slice.responsible[key] = worker
            }
            if let worker {
                Self.append(worker.workerId, to: &text)
                text += ","
                Self.append(worker.name, to: &text)
                text += ","
                Self.append(worker.phone, to: &text)
            } else {
                text += ",,"
            }
            text += ",,,"
        } else if let hit = locator.nearest(to: wgs, tier: .grid) {
            text += ",,,"
            text += locator.units[Int(hit.unit)].code
            text += ","
            text += String((hit.metres * 100).rounded() / 100)
            text += ","
        } else {
            text += ",,,,,"
        }
    }

    /// Appends a field, quoted only when it holds a comma, a quote or a line break.
    static func append(_ field: String, to text: inout String) {
        if field.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
            text += quote(field)
        } else {
            text += field
        }
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
