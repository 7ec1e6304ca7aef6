import Foundation
import GridDomain
import GridAtlas
import GridGeometry
import GridPlanning

/// The JSON body of `POST /drafts/{name}/edits`: one edit, named by `op`, with the members that
/// edit takes. Geometries are GeoJSON geometry objects or WKT text, in `crs` (WGS84 by default).
struct EditBody: Decodable {
    var op: String
    var code: String?
    var codes: [String]?
    var into: String?
    var parent: String?
    var newCode: String?
    var geometry: JSONValue?
    var line: JSONValue?
    var crs: String?
    var names: [String]?
    var name: String?
    var households: JSONValue?
    var population: JSONValue?
    var adjustNeighbours: Bool?

    enum CodingKeys: String, CodingKey {
        case op, code, codes, into, parent, geometry, line, crs, names, name, households, population
        case newCode = "new_code"
        case adjustNeighbours = "adjust_neighbours"
    }

    static let members: Set<String> = ["op", "code", "codes", "into", "parent", "new_code", "geometry", "line", "crs", "names", "name",
                                       "households", "population", "adjust_neighbours"]
    static let operations = ["replace", "split", "merge", "move", "renumber", "set"]

    /// Most households or people a unit may be given: far above any real one (a city district
    /// has about a million people), low enough that sums over a city stay exact.
    static let maxCount: Int64 = 1_000_000_000

    static func edit(from data: Data) throws -> UnitEdit {
        let body = try JSONBody.decode(EditBody.self, from: data, members: members)
        try body.checkText()
        return try body.edit()
    }

    /// Codes, names and the CRS are names: one line of plain text, at most 200 characters (a
    /// code or name of a megabyte once went into the change log). WKT in `geometry` is not one.
    func checkText() throws {
        let single: [(String, String?)] = [("code", code), ("into", into), ("parent", parent), ("new_code", newCode),
                                           ("crs", crs), ("name", name), ("op", op)]
        for (member, value) in single {
            if let value, let problem = TextRule.name.problem(with: value) { throw Problem.badParameter(member, problem) }
        }
        for (member, list) in [("codes", codes), ("names", names)] {
            guard let list else { continue }
            guard list.count <= 1000 else { throw Problem.badParameter(member, "lists \(list.count) items; at most 1000") }
            for value in list {
                if let problem = TextRule.name.problem(with: value) { throw Problem.badParameter(member, problem) }
            }
        }
    }

    func edit() throws -> UnitEdit {
        switch op {
        case "replace":
            let shape = try readGeometry(geometry, member: "geometry")
            guard case .areas(let areas) = shape else { throw Problem.badParameter("geometry", "must be a Polygon or MultiPolygon") }
            return .replace(code: try required(code, "code"), geometry: areas, adjustNeighbours: adjustNeighbours ?? true)
        case "split":
            let shape = try readGeometry(line, member: "line")
            guard case .lines(let lines) = shape, lines.count == 1 else { throw Problem.badParameter("line", "must be one LineString") }
            return .split(code: try required(code, "code"), line: lines[0], codes: codes, names: names)
        case "merge":
            guard let codes, codes.count >= 2 else { throw Problem.badParameter("codes", "must list at least two units to merge") }
            return .merge(codes: codes, into: into)
        case "move":
            return .move(code: try required(code, "code"), parent: try required(parent, "parent"), newCode: newCode)
        case "renumber":
            if code == nil, let parent { return .renumberChildren(parent: parent) }
            return .renumber(code: try required(code, "code"), newCode: try required(newCode, "new_code"))
        case "set":
            return .set(code: try required(code, "code"), name: name, households: try count(households, "households"),
                        population: try count(population, "population"))
        default:
            throw Problem.badParameter("op", "'\(op)' is not an edit; use one of \(Self.operations.joined(separator: ", "))")
        }
    }

    private func required(_ value: String?, _ member: String) throws -> String {
        guard let value, !value.isEmpty else { throw Problem.badParameter(member, "is required for op '\(op)'") }
        return value
    }

    /// Absent: leave as is; null: unknown; a whole number 0 or more: the new value.
    private func count(_ value: JSONValue?, _ member: String) throws -> Int?? {
        switch value {
        case nil: return nil
        case .null?: return .some(nil)
        case .integer(let n)? where n >= 0 && n <= Self.maxCount: return .some(Int(n))
        default: throw Problem.badParameter(member, "must be a whole number from 0 to \(Self.maxCount), or null for unknown")
        }
    }

    private func readGeometry(_ value: JSONValue?, member: String) throws -> SimpleGeometry {
        let text: String
        switch value {
        case .string(let wkt)?: text = wkt
        case .object?:
            text = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        default: throw Problem.badParameter(member, "is required for op '\(op)': a GeoJSON geometry object or WKT text")
        }
        var crs = CRS.wgs84
        if let name = self.crs {
            do { crs = try CRS(parsing: name) } catch { throw Problem.badParameter("crs", "\(error)") }
        }
        do { return try QueryGeometry(text: text, crs: crs).wgs84 } catch {
            throw Problem.badParameter(member, error.description)
        }
    }
}
