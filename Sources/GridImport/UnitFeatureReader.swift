import Foundation
import GridDomain
import GridGeometry

/// Reads a GeoJSON FeatureCollection (RFC 7946) of units and converts every vertex from the
/// declared CRS into WGS84 lon/lat. It checks what a file alone can tell (structure, fields,
/// numbers, ranges, closed rings); ``UnitValidator`` checks how units fit together.
///
/// Properties read: `code` (required), `name` (required), `tier` (optional: inferred from the
/// code length), `parent` (optional: inferred from the code), `households`, `population`
/// (non-negative integers). Every other property is kept as a free attribute.
///
/// The document is walked once over its bytes (``UnitDocumentReader``), building units as it
/// goes: a city of 93 MB used to become an object tree of every coordinate first (seconds and
/// gigabytes). What it accepts and refuses, and every message, are those of the tree reader it
/// replaced, which read with Foundation's `JSONSerialization`; the tests hold the two to that.
public struct UnitFeatureReader: Sendable {
    /// A unit read from a file, with where it came from.
    public struct Read: Sendable {
        public var unit: AreaUnit
        public var source: String
        public var featureIndex: Int
        /// The `parent` property exactly as the file gave it, if it did.
        public var declaredParent: String?
        /// Where in the source: `feature 12` in GeoJSON, `layer grid, fid 12` in a GeoPackage.
        public var location: String
        /// How the source names a field in messages: `properties.` in GeoJSON, nothing in a
        /// GeoPackage (whose columns carry the names themselves).
        public var fieldPrefix: String

        public init(unit: AreaUnit, source: String, featureIndex: Int, declaredParent: String?,
                    location: String? = nil, fieldPrefix: String = "properties.") {
            self.unit = unit
            self.source = source
            self.featureIndex = featureIndex
            self.declaredParent = declaredParent
            self.location = location ?? "feature \(featureIndex)"
            self.fieldPrefix = fieldPrefix
        }

        /// A field's name as this source spells it (`properties.code` or `code`).
        public func field(_ name: String) -> String { fieldPrefix + name }
    }

    public let source: String
    public let crs: CRS
    /// True when `crs` was chosen by the user: a file declaring another CRS is then an error.
    public let crsIsExplicit: Bool
    /// Threads reading a large features array (each a stretch of features, with a converter of its own).
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init(source: String, crs: CRS, crsIsExplicit: Bool) {
        self.source = source
        self.crs = crs
        self.crsIsExplicit = crsIsExplicit
    }

    static let knownProperties: Set<String> = ["code", "name", "tier", "parent", "households", "population"]

    public func read(_ data: Data) throws(ImportRejected) -> [Read] {
        let text: Data
        switch FoundationJSON.text(of: data) {
        case .utf8: text = data
        case .transcoded(let utf8): text = utf8
        case .undecodable: throw ImportRejected([problem("file", "json", "malformed JSON: the text is neither UTF-8, UTF-16 nor UTF-32")])
        }
        let outcome = text.withUnsafeBytes { raw -> Result<[Read], ImportRejected> in
            var reader = UnitDocumentReader(raw.assumingMemoryBound(to: UInt8.self), settings: self)
            do throws(JSONSyntaxError) {
                let reads = try reader.readDocument()
                return reader.problems.isEmpty ? .success(reads) : .failure(ImportRejected(reader.problems))
            } catch {
                return .failure(ImportRejected([problem("file", "json", "malformed JSON: \(error.description)")]))
            }
        }
        return try outcome.get()
    }

    /// The CRS to read with: the user's, unless only the file names one (the 2008 GeoJSON `crs`
    /// member QGIS still writes). A conflict between the two is refused rather than guessed.
    /// `member` is the `crs` member as Foundation reads it (it is small, and rare).
    func resolveCRS(declaredBy member: Any?) throws(ImportRejected) -> CRS {
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

    func problem(_ location: String, _ field: String, _ reason: String, code: String? = nil) -> ImportProblem {
        ImportProblem(source: source, location: location, code: code, field: field, reason: reason)
    }
}
