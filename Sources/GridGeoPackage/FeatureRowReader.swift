import Foundation
import GRDB
import GridDomain
import GridGeometry
import GridImport

/// Turns the rows of one feature table into units, with the rules ``UnitFeatureReader`` applies
/// to GeoJSON properties; problems name the layer, the fid and the column as the file spells it.
struct FeatureRowReader {
    let source: String
    let layer: FeatureLayer

    /// Columns GridAtlas gives a meaning, by lower-cased name.
    static let known: Set<String> = ["code", "name", "tier", "parent", "parent_code", "households", "population"]
    /// Written at export for people to read, recomputed at import: never an attribute.
    static let derived: Set<String> = ["area_m2"]

    /// The column a role is read from, found ignoring case (`parent` before `parent_code`).
    private func column(_ names: String...) -> String? {
        for name in names {
            if let found = layer.columns.first(where: { $0.lowercased() == name }) { return found }
        }
        return nil
    }

    func read(_ db: Database, converter: CoordinateConverter, problems: inout [ImportProblem]) throws -> [UnitFeatureReader.Read] {
        guard layer.hasGeometryColumn, layer.columns.contains(layer.geometryColumn) else {
            problems.append(problem(layer.location, layer.geometryColumn,
                "no geometry column: gpkg_geometry_columns names none for this table, or names one the table lacks"))
            return []
        }
        let codeColumn = column("code"), nameColumn = column("name")
        let missing = [("code", codeColumn), ("name", nameColumn)].filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty, let codeColumn, let nameColumn else {
            problems.append(problem(layer.location, missing.joined(separator: ", "),
                "missing column\(missing.count == 1 ? "" : "s"): every unit needs code and name (the table has \(layer.columns.joined(separator: ", ")))"))
            return []
        }
        let roles = Roles(code: codeColumn, name: nameColumn, tier: column("tier"), parent: column("parent", "parent_code"),
                          households: column("households"), population: column("population"),
                          attributes: column("attributes"))
        let taken = Set([layer.geometryColumn, layer.idColumn].compactMap { $0 } + [roles.attributes].compactMap { $0 })
        let free = layer.columns.filter {
            !taken.contains($0) && !Self.known.contains($0.lowercased()) && !Self.derived.contains($0.lowercased())
        }
        let q = GeoPackageSchema.quoted
        let id = layer.idColumn.map(q) ?? "rowid"
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(id) AS \"gridatlas fid\", * FROM \(q(layer.table)) ORDER BY \(id)")
        var reads: [UnitFeatureReader.Read] = []
        var count = 0
        while let row = try cursor.next() {
            count += 1
            let fid: Int64 = row["gridatlas fid"]
            if let read = readRow(row, fid: fid, roles: roles, free: free, converter: converter, problems: &problems) { reads.append(read) }
        }
        if count == 0 { problems.append(problem(layer.location, "-", "the table has no features")) }
        return reads
    }

    struct Roles {
        var code: String, name: String, tier: String?, parent: String?, households: String?, population: String?, attributes: String?
    }

    private func readRow(_ row: Row, fid: Int64, roles: Roles, free: [String], converter: CoordinateConverter,
                         problems: inout [ImportProblem]) -> UnitFeatureReader.Read? {
        let at = "\(layer.location), fid \(fid)"
        let before = problems.count
        var code: String?
        switch (row[roles.code] as DatabaseValue).storage {
        case .string(let text) where !text.trimmingCharacters(in: .whitespaces).isEmpty: code = text.trimmingCharacters(in: .whitespaces)
        case .int64(let number) where number >= 0: code = String(number)
        default: problems.append(problem(at, roles.code, "required: the unit's code as text of digits, got \(Self.show(row[roles.code]))"))
        }
        func report(_ field: String, _ reason: String) { problems.append(problem(at, field, reason, code: code)) }

        let name = (row[roles.name] as String?)?.trimmingCharacters(in: .whitespaces) ?? ""
        if name.isEmpty { report(roles.name, "required: a non-empty name") }
        if let reason = TextRule.name.problem(with: name) { report(roles.name, reason) }
        var tier: Tier?
        var tierRefused = false
        if let column = roles.tier, case let value = row[column] as DatabaseValue, !value.isNull {
            if case .string(let text) = value.storage, let parsed = Tier(name: text.trimmingCharacters(in: .whitespaces)) { tier = parsed } else {
                report(column, "unknown tier \(Self.show(value)); use district, subdistrict, community, grid or micro_area")
                tierRefused = true
            }
        }
        if tier == nil, !tierRefused, let code {
            do { tier = try UnitCode.tier(of: code) } catch { report(roles.code, error.description) }
        }
        var declaredParent: String?
        if let column = roles.parent {
            switch (row[column] as DatabaseValue).storage {
            case .null: break
            case .string(let text): declaredParent = text.trimmingCharacters(in: .whitespaces).isEmpty ? nil : text.trimmingCharacters(in: .whitespaces)
            case .int64(let number): declaredParent = String(number)
            default: report(column, "must be a unit code as text, got \(Self.show(row[column]))")
            }
        }
        func count(_ column: String?) -> Int? {
            guard let column else { return nil }
            switch (row[column] as DatabaseValue).storage {
            case .null: return nil
            case .int64(let n) where n >= 0 && n < 1_000_000_000_000: return Int(n)
            case .double(let d) where d >= 0 && d < 1e12 && d.rounded() == d: return Int(d)
            default:
                report(column, "must be a non-negative whole number, got \(Self.show(row[column]))")
                return nil
            }
        }
        let households = count(roles.households), population = count(roles.population)
        let geometry = readGeometry(row[layer.geometryColumn], at: at, code: code, converter: converter, problems: &problems)
        let attributes = self.attributes(row, free: free, json: roles.attributes)
        guard problems.count == before, let code, let tier, let geometry else { return nil }
        let unit = AreaUnit(code: code, tier: tier, name: name, parentCode: declaredParent ?? UnitCode.parentCode(of: code),
                            geometry: geometry, households: households, population: population, attributesJSON: attributes)
        return UnitFeatureReader.Read(unit: unit, source: source, featureIndex: Int(fid), declaredParent: declaredParent,
                                      location: at, fieldPrefix: "")
    }

    /// Free columns by their own names, plus the keys of the `attributes` JSON object the
    /// columns do not already give (text that is no JSON object is kept as it is).
    private func attributes(_ row: Row, free: [String], json column: String?) -> String {
        var object: [String: Any] = [:]
        for name in free {
            switch (row[name] as DatabaseValue).storage {
            case .int64(let n): object[name] = NSNumber(value: n)
            case .double(let d) where d.isFinite: object[name] = NSNumber(value: d)
            case .string(let text): object[name] = text
            default: break  // NULL, and BLOBs, which no attribute of GridAtlas holds
            }
        }
        if let column, let text = row[column] as String?, !text.isEmpty {
            let parsed = AttributeLayout.parse(text)
            if parsed.isEmpty && text.trimmingCharacters(in: .whitespaces) != "{}" { object[column] = object[column] ?? text }
            for (key, value) in parsed where object[key] == nil { object[key] = value }
        }
        guard !object.isEmpty, let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    private func readGeometry(_ value: DatabaseValue, at: String, code: String?, converter: CoordinateConverter,
                              problems: inout [ImportProblem]) -> MultiPolygon? {
        let field = layer.geometryColumn
        func fail(_ reason: String) -> MultiPolygon? {
            problems.append(problem(at, field, reason, code: code))
            return nil
        }
        guard case .blob(let data) = value.storage else {
            return fail(value.isNull ? "required: a Polygon or MultiPolygon" : "bad geometry blob: \(Self.show(value)) is not a BLOB")
        }
        let decoded: GeoPackageBinary.Decoded
        do { decoded = try GeoPackageBinary.decode([UInt8](data)) } catch {
            if case .notAreal = error { return fail(error.description) }
            return fail("bad geometry blob: \(error.description)")
        }
        if decoded.srsID != layer.srsID {
            return fail("bad geometry blob: it declares srs_id \(decoded.srsID) but the column declares \(layer.srsID)")
        }
        if decoded.isEmpty { return fail("empty geometry: a unit needs an area") }
        var polygons: [Polygon] = []
        for (k, polygon) in decoded.shape.polygons.enumerated() {
            var rings: [Ring] = []
            for (r, ring) in polygon.rings.enumerated() {
                let place = decoded.shape.polygons.count == 1 ? "ring \(r)" : "polygon \(k) ring \(r)"
                guard ring.points.count >= 4 else { return fail("\(place) needs at least 4 positions, got \(ring.points.count)") }
                guard ring.points.first == ring.points.last else {
                    return fail("\(place) is not closed: its last position must repeat the first")
                }
                var points: [LonLat] = []
                points.reserveCapacity(ring.points.count)
                for p in ring.points {
                    if converter.crs.isGeographicDegrees && !p.isInRange {
                        return fail("\(place): coordinate out of range: (\(p.lon), \(p.lat)) is not a longitude in [-180, 180] and latitude in [-90, 90]")
                    }
                    do { points.append(try converter.toWGS84(p)) } catch {
                        return fail("\(place): cannot convert (\(p.lon), \(p.lat)) from \(converter.crs): \(error.description)")
                    }
                }
                // Conversion of the same input gives the same output, but keep the ring closed to the bit.
                points[points.count - 1] = points[0]
                rings.append(Ring(points))
            }
            polygons.append(Polygon(exterior: rings[0], holes: Array(rings.dropFirst())))
        }
        return MultiPolygon(polygons)
    }

    /// A cell's value as a message shows it.
    static func show(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "NULL"
        case .int64(let n): String(n)
        case .double(let d): String(d)
        case .string(let s): "'\(s)'"
        case .blob(let b): "a \(b.count)-byte BLOB"
        }
    }

    private func problem(_ location: String, _ field: String, _ reason: String, code: String? = nil) -> ImportProblem {
        ImportProblem(source: source, location: location, code: code, field: field, reason: reason)
    }
}
