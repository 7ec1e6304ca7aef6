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
        public var description: String { "line 1: the header needs a longitude column (lon, lng or x) and a latitude column (lat or y)" }
    }

    /// - Parameter progress: called now and then with (rows done, rows in all), from any thread.
    public func run(_ table: CSVTable, progress: @Sendable (Int, Int) -> Void = { _, _ in }) throws -> String {
        guard let lonColumn = ["lon", "lng", "longitude", "x"].lazy.compactMap(table.column).first,
              let latColumn = ["lat", "latitude", "y"].lazy.compactMap(table.column).first else { throw MissingColumn() }
        let atColumn = table.column("at")
        _ = try CoordinateConverter(from: crs)  // an unknown CRS fails the batch once, up front
        let roster = try atlas.roster()
        let records = table.records
        let chunk = 20_000
        let chunks = (records.count + chunk - 1) / chunk
        let outputs = Mutex([String?](repeating: nil, count: chunks))
        let done = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            // A converter per chunk: PROJ transformations are not shared between threads.
            guard let converter = try? CoordinateConverter(from: crs) else { return }
            var text = ""
            var answerers: [Date: Answerer] = [:]
            var responsible: [String: RosterEntry?] = [:]
            for record in records[(k * chunk)..<min(records.count, (k + 1) * chunk)] {
                text += record.fields.map(Self.quote).joined(separator: ",")
                text += ","
                text += answer(record.fields, lon: lonColumn, lat: latColumn, at: atColumn, converter: converter, roster: roster,
                               answerers: &answerers, responsible: &responsible).map(Self.quote).joined(separator: ",")
                text += "\n"
            }
            outputs.withLock { $0[k] = text }
            let finished = done.add(min(chunk, records.count - k * chunk), ordering: .relaxed).newValue
            progress(finished, records.count)
        }
        let header = (table.header + Self.answerColumns).map(Self.quote).joined(separator: ",") + "\n"
        return outputs.withLock { header + $0.compactMap { $0 }.joined() }
    }

    private func answer(_ fields: [String], lon: Int, lat: Int, at: Int?, converter: CoordinateConverter, roster: Roster,
                        answerers: inout [Date: Answerer], responsible: inout [String: RosterEntry?]) -> [String] {
        func failure(_ message: String) -> [String] {
            ["error"] + Array(repeating: "", count: Self.answerColumns.count - 2) + [message]
        }
        guard let x = Double(fields[lon].trimmingCharacters(in: .whitespaces)), x.isFinite else {
            return failure("lon '\(fields[lon])' is not a number")
        }
        guard let y = Double(fields[lat].trimmingCharacters(in: .whitespaces)), y.isFinite else {
            return failure("lat '\(fields[lat])' is not a number")
        }
        var moment = defaultAt
        if let at, !fields[at].trimmingCharacters(in: .whitespaces).isEmpty {
            guard let parsed = Dates.parse(fields[at]) else { return failure(Dates.Invalid(text: fields[at]).description) }
            moment = parsed
        }
        let input = LonLat(x, y)
        if converter.crs.isGeographicDegrees && !input.isInRange {
            return failure("(\(x), \(y)) is out of range for longitude [-180, 180] and latitude [-90, 90]")
        }
        let wgs: LonLat
        do { wgs = try converter.toWGS84(input) } catch { return failure(error.description) }
        let answerer: Answerer
        if let known = answerers[moment] {
            answerer = known
        } else {
            do {
                let generation = try atlas.generation(named: generation, at: moment)
                answerer = Answerer(locator: try atlas.locator(for: generation), roster: roster, at: moment, generation: generation)
                answerers[moment] = answerer
            } catch {
                return failure("\(error)")
            }
        }
        let locator = answerer.locator
        let location = locator.locate(wgs)
        func code(_ id: Int32) -> String { id >= 0 ? locator.units[Int(id)].code : "" }
        var row = [location.status.rawValue, String(wgs.lon), String(wgs.lat), answerer.generation.name,
                   code(location.district), code(location.subdistrict), code(location.community), code(location.grid),
                   location.grid >= 0 ? locator.units[Int(location.grid)].name : "", code(location.microArea)]
        if location.grid >= 0 {
            let gridCode = code(location.grid)
            let key = "\(gridCode)|\(moment.timeIntervalSince1970)"
            let worker: RosterEntry?
            if let cached = responsible[key] { worker = cached } else {
                worker = roster.responsible(for: gridCode, at: moment)
                responsible[key] = worker
            }
            row += [worker?.workerId ?? "", worker?.name ?? "", worker?.phone ?? "", "", ""]
        } else if let hit = locator.nearest(to: wgs, tier: .grid) {
            row += ["", "", "", locator.units[Int(hit.unit)].code, String((hit.metres * 100).rounded() / 100)]
        } else {
            row += ["", "", "", "", ""]
        }
        return row + [""]
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
