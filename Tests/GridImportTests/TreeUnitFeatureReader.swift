import Foundation
import GridDomain
import GridGeometry
import GridImport

/// The unit reader as it was before the streaming one: Foundation's JSONSerialization builds the
/// whole document's tree, then each feature is judged from it. Kept here, unchanged but for its
/// name and the `Read` type it returns, as the reference the streaming reader must agree with on
/// every unit and every problem (the wording of a malformed document's reason aside).
struct TreeUnitFeatureReader {
    typealias Read = UnitFeatureReader.Read

    public let source: String
    public let crs: CRS
    /// True when `crs` was chosen by the user: a file declaring another CRS is then an error.
    public let crsIsExplicit: Bool

    public init(source: String, crs: CRS, crsIsExplicit: Bool) {
        self.source = source
        self.crs = crs
        self.crsIsExplicit = crsIsExplicit
    }

    static let knownProperties: Set<String> = ["code", "name", "tier", "parent", "households", "population"]

    public func read(_ data: Data) throws(ImportRejected) -> [Read] {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw ImportRejected([problem("file", "json", "malformed JSON: \(detail)")])
        }
        guard let collection = root as? [String: Any], collection["type"] as? String == "FeatureCollection" else {
            throw ImportRejected([problem("file", "type", "expected a GeoJSON FeatureCollection")])
        }
        guard let features = collection["features"] as? [Any] else {
            throw ImportRejected([problem("file", "features", "a FeatureCollection needs a 'features' array")])
        }
        let effectiveCRS = try resolveCRS(declaredBy: collection["crs"])
        let converter: CoordinateConverter
        do { converter = try CoordinateConverter(from: effectiveCRS) } catch {
            throw ImportRejected([problem("file", "crs", error.description)])
        }

        var reads: [Read] = []
        var problems: [ImportProblem] = []
        for (index, raw) in features.enumerated() {
            var local: [ImportProblem] = []
            if let read = readFeature(raw, index: index, converter: converter, problems: &local) {
                reads.append(read)
            }
            problems += local
        }
        if features.isEmpty { problems.append(problem("file", "features", "the FeatureCollection has no features")) }
        guard problems.isEmpty else { throw ImportRejected(problems) }
        return reads
    }

    /// The CRS to read with: the user's, unless only the file names one (the 2008 GeoJSON `crs`
    /// member QGIS still writes). A conflict between the two is refused rather than guessed.
    private func resolveCRS(declaredBy member: Any?) throws(ImportRejected) -> CRS {
        guard let member = member as? [String: Any], let properties = member["properties"] as? [String: Any],
              let name = properties["name"] as? String else { return crs }
        let declared: CRS
        do { declared = try CRS(parsing: Self.normalizeURN(name)) } catch {
            throw ImportRejected([problem("file", "crs", error.description)])
        }
        let same = Self.datum(declared) == Self.datum(crs)
        if crsIsExplicit && !same {
            throw ImportRejected([problem("file", "crs",
                "the file declares \(declared) but the import was told \(crs); pass --crs \(declared) or remove the file's crs member")])
        }
        return crsIsExplicit ? crs : declared
    }

    private static func datum(_ crs: CRS) -> String {
        switch crs {
        case .wgs84, .cgcs2000: "EPSG:4326"
        case .epsg(let code) where code == 4326 || code == 4490: "EPSG:4326"
        default: crs.description
        }
    }

    /// `urn:ogc:def:crs:EPSG::4490` → `EPSG:4490`; `urn:ogc:def:crs:OGC:1.3:CRS84` → `CRS84`.
    static func normalizeURN(_ name: String) -> String {
        let lower = name.lowercased()
        if lower.hasSuffix("crs84") { return "wgs84" }
        if lower.hasPrefix("urn:ogc:def:crs:epsg:"), let code = name.split(separator: ":").last { return "EPSG:\(code)" }
        return name
    }

    private func problem(_ location: String, _ field: String, _ reason: String, code: String? = nil) -> ImportProblem {
        ImportProblem(source: source, location: location, code: code, field: field, reason: reason)
    }

    private func readFeature(_ raw: Any, index: Int, converter: CoordinateConverter, problems: inout [ImportProblem]) -> Read? {
        let at = "feature \(index)"
        guard let feature = raw as? [String: Any], feature["type"] as? String == "Feature" else {
            problems.append(problem(at, "type", "expected an object with \"type\": \"Feature\""))
            return nil
        }
        let properties = feature["properties"] as? [String: Any] ?? [:]
        var code: String?
        switch properties["code"] {
        case let text as String where !text.trimmingCharacters(in: .whitespaces).isEmpty:
            code = text.trimmingCharacters(in: .whitespaces)
        case let number as NSNumber where !number.isBoolean && number.doubleValue.rounded() == number.doubleValue:
            code = String(number.int64Value)
        default:
            problems.append(problem(at, "properties.code", "required: the unit's code as a string of digits"))
        }
        var name = (properties["name"] as? String)?.trimmingCharacters(in: .whitespaces) ?? ""
        if name.isEmpty { problems.append(problem(at, "properties.name", "required: a non-empty name", code: code)) }
        // The same name rule as the streaming reader (no control characters, at most 200 characters).
        if let reason = TextRule.name.problem(with: name) {
            problems.append(problem(at, "properties.name", reason, code: code))
            name = String(name.prefix(TextRule.maxNameCharacters))
        }

        var tier: Tier?
        if let declared = properties["tier"] {
            if let text = declared as? String, let parsed = Tier(name: text) { tier = parsed } else {
                problems.append(problem(at, "properties.tier",
                    "unknown tier \(declared); use district, subdistrict, community, grid or micro_area", code: code))
            }
        }
        if tier == nil, let code {
            do { tier = try UnitCode.tier(of: code) } catch {
                problems.append(problem(at, "properties.code", error.description, code: code))
            }
        }
        var declaredParent: String?
        if let parent = properties["parent"], !(parent is NSNull) {
            if let text = parent as? String { declaredParent = text.trimmingCharacters(in: .whitespaces) } else {
                problems.append(problem(at, "properties.parent", "must be a string code", code: code))
            }
        }
        func count(_ key: String) -> Int? {
            guard let value = properties[key], !(value is NSNull) else { return nil }
            if let number = value as? NSNumber, !number.isBoolean,
               number.doubleValue >= 0, number.doubleValue.rounded() == number.doubleValue, number.doubleValue < 1e12 {
                return number.intValue
            }
            problems.append(problem(at, "properties.\(key)", "must be a non-negative whole number, got \(value)", code: code))
            return nil
        }
        let households = count("households"), population = count("population")

        let geometry = readGeometry(feature["geometry"], at: at, code: code, converter: converter, problems: &problems)
        let extra = properties.filter { !Self.knownProperties.contains($0.key) }
        var attributes = "{}"
        if !extra.isEmpty, let data = try? JSONSerialization.data(withJSONObject: extra, options: [.sortedKeys]) {
            attributes = String(decoding: data, as: UTF8.self)
        }
        guard let code, let tier, let geometry, !name.isEmpty else { return nil }
        let unit = AreaUnit(code: code, tier: tier, name: name,
                            parentCode: declaredParent ?? UnitCode.parentCode(of: code),
                            geometry: geometry, households: households, population: population, attributesJSON: attributes)
        return Read(unit: unit, source: source, featureIndex: index, declaredParent: declaredParent)
    }

    private func readGeometry(_ raw: Any?, at: String, code: String?, converter: CoordinateConverter,
                              problems: inout [ImportProblem]) -> MultiPolygon? {
        guard let geometry = raw as? [String: Any], let type = geometry["type"] as? String else {
            problems.append(problem(at, "geometry", "required: a Polygon or MultiPolygon", code: code))
            return nil
        }
        let coordinates = geometry["coordinates"]
        let before = problems.count
        var polygons: [Polygon] = []
        switch type {
        case "Polygon":
            if let polygon = readPolygon(coordinates, path: "geometry.coordinates", at: at, code: code, converter: converter, problems: &problems) {
                polygons = [polygon]
            }
        case "MultiPolygon":
            guard let parts = coordinates as? [Any], !parts.isEmpty else {
                problems.append(problem(at, "geometry.coordinates", "a MultiPolygon needs an array of polygons", code: code))
                return nil
            }
            for (k, part) in parts.enumerated() {
                if let polygon = readPolygon(part, path: "geometry.coordinates[\(k)]", at: at, code: code, converter: converter, problems: &problems) {
                    polygons.append(polygon)
                }
            }
        default:
            problems.append(problem(at, "geometry.type", "\(type) is not areal: units must be Polygon or MultiPolygon", code: code))
            return nil
        }
        return problems.count == before ? MultiPolygon(polygons) : nil
    }

    private func readPolygon(_ raw: Any?, path: String, at: String, code: String?, converter: CoordinateConverter,
                             problems: inout [ImportProblem]) -> Polygon? {
        guard let ringsRaw = raw as? [Any], !ringsRaw.isEmpty else {
            problems.append(problem(at, path, "a polygon needs an array of rings", code: code))
            return nil
        }
        var rings: [Ring] = []
        for (r, ringRaw) in ringsRaw.enumerated() {
            guard let positions = ringRaw as? [Any] else {
                problems.append(problem(at, "\(path)[\(r)]", "a ring must be an array of positions", code: code))
                return nil
            }
            var points: [LonLat] = []
            points.reserveCapacity(positions.count)
            for (k, positionRaw) in positions.enumerated() {
                let field = "\(path)[\(r)][\(k)]"
                guard let position = positionRaw as? [Any], position.count >= 2,
                      let xn = position[0] as? NSNumber, let yn = position[1] as? NSNumber,
                      !xn.isBoolean, !yn.isBoolean else {
                    problems.append(problem(at, field, "a position must be [x, y] numbers, got \(positionRaw)", code: code))
                    return nil
                }
                let x = xn.correctlyRounded, y = yn.correctlyRounded
                let input = LonLat(x, y)
                if converter.crs.isGeographicDegrees && !input.isInRange {
                    problems.append(problem(at, field,
                        "coordinate out of range: (\(x), \(y)) is not a longitude in [-180, 180] and latitude in [-90, 90]", code: code))
                    return nil
                }
                do { points.append(try converter.toWGS84(input)) } catch {
                    problems.append(problem(at, field, "cannot convert (\(x), \(y)) from \(converter.crs): \(error.description)", code: code))
                    return nil
                }
            }
            guard points.count >= 4 else {
                problems.append(problem(at, "\(path)[\(r)]", "a ring needs at least 4 positions, got \(points.count)", code: code))
                return nil
            }
            guard let first = positions.first as? [Any], let last = positions.last as? [Any],
                  (first[0] as? NSNumber) == (last[0] as? NSNumber), (first[1] as? NSNumber) == (last[1] as? NSNumber) else {
                problems.append(problem(at, "\(path)[\(r)]", "the ring is not closed: its last position must repeat the first", code: code))
                return nil
            }
            // Conversion of the same input gives the same output, but keep the ring closed to the bit.
            points[points.count - 1] = points[0]
            rings.append(Ring(points))
        }
        return Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
    }
}

extension NSNumber {
    /// The Double nearest the number as written: Foundation keeps long numbers as a Decimal whose
    /// own conversion can be an ulp off, the decimal text read again by `Double(String)` is not.
    var correctlyRounded: Double {
        if let decimal = self as? NSDecimalNumber, let exact = Double(decimal.stringValue) { return exact }
        return doubleValue
    }

    /// JSON `true`/`false` also arrive as NSNumber; they are not numbers here.
    var isBoolean: Bool { String(cString: objCType) == "c" }
}
