import Foundation
import GridDomain
import GridGeometry
import GridImport
import Testing

/// Runs the streaming reader and the tree reader on the same bytes and says how they compare:
/// the same units to the bit (geometry as WKB, attributes as stored text), or the same problems
/// in the same order. A malformed document is the one place their words differ: Foundation's
/// reason against the cursor's byte, line and column; both still name the file, field `json`.
enum ReaderAgreement {
    enum Outcome {
        case units([UnitFeatureReader.Read])
        case rejected([ImportProblem])

        var problems: [ImportProblem] {
            if case .rejected(let problems) = self { return problems }
            return []
        }

        var reads: [UnitFeatureReader.Read] {
            if case .units(let reads) = self { return reads }
            return []
        }
    }

    static func streaming(_ data: Data, crs: CRS = .wgs84, explicit: Bool = false, source: String = "t.geojson") -> Outcome {
        do { return .units(try UnitFeatureReader(source: source, crs: crs, crsIsExplicit: explicit).read(data)) } catch {
            return .rejected(error.problems)
        }
    }

    static func tree(_ data: Data, crs: CRS = .wgs84, explicit: Bool = false, source: String = "t.geojson") -> Outcome {
        do { return .units(try TreeUnitFeatureReader(source: source, crs: crs, crsIsExplicit: explicit).read(data)) } catch {
            return .rejected(error.problems)
        }
    }

    /// Every field of a read as it would be stored, geometry as WKB bytes.
    static func stored(_ read: UnitFeatureReader.Read) -> [String] {
        let unit = read.unit
        return [unit.code, unit.tier.rawValue, unit.name, unit.parentCode ?? "-", unit.households.map(String.init) ?? "-",
                unit.population.map(String.init) ?? "-", unit.attributesJSON, WKB.encode(unit.geometry).map { String($0, radix: 16) }.joined(),
                read.source, String(read.featureIndex), read.declaredParent ?? "-", read.location, read.fieldPrefix]
    }

    /// Records an issue unless both readers give the same outcome; returns the streaming one.
    @discardableResult
    static func expectSame(_ data: Data, crs: CRS = .wgs84, explicit: Bool = false,
                           sourceLocation: SourceLocation = #_sourceLocation) -> Outcome {
        let new = streaming(data, crs: crs, explicit: explicit), old = tree(data, crs: crs, explicit: explicit)
        switch (new, old) {
        case (.units(let a), .units(let b)):
            #expect(a.count == b.count, "\(a.count) units against \(b.count)", sourceLocation: sourceLocation)
            for (x, y) in zip(a, b) where stored(x) != stored(y) {
                let fields = zip(stored(x), stored(y)).enumerated().filter { $0.element.0 != $0.element.1 }
                    .map { "field \($0.offset): \($0.element.0.prefix(200)) against \($0.element.1.prefix(200))" }
                Issue.record("feature \(x.featureIndex) differs: \(fields.joined(separator: "; "))", sourceLocation: sourceLocation)
                break
            }
        case (.rejected(let a), .rejected(let b)):
            if let first = b.first, first.field == "json" {
                #expect(a.count == 1 && a[0].field == "json" && a[0].location == "file" && a[0].reason.hasPrefix("malformed JSON: "),
                        "\(a) against \(b)", sourceLocation: sourceLocation)
            } else {
                #expect(a == b, "\(a.map(\.description)) against \(b.map(\.description))", sourceLocation: sourceLocation)
            }
        default:
            Issue.record("streaming: \(new.problems.prefix(3).map(\.description)); tree: \(old.problems.prefix(3).map(\.description))",
                         sourceLocation: sourceLocation)
        }
        return new
    }

    @discardableResult
    static func expectSame(_ text: String, crs: CRS = .wgs84, explicit: Bool = false,
                           sourceLocation: SourceLocation = #_sourceLocation) -> Outcome {
        expectSame(Data(text.utf8), crs: crs, explicit: explicit, sourceLocation: sourceLocation)
    }
}

/// Small GeoJSON texts for the tests.
enum Doc {
    static func square(_ lon: Double, _ lat: Double, _ size: Double) -> String {
        "[[[\(lon),\(lat)],[\(lon + size),\(lat)],[\(lon + size),\(lat + size)],[\(lon),\(lat + size)],[\(lon),\(lat)]]]"
    }

    static func feature(_ properties: String, geometry: String? = nil) -> String {
        let shape = geometry ?? "{\"type\":\"Polygon\",\"coordinates\":\(square(108.4, 24.3, 0.01))}"
        return "{\"type\":\"Feature\",\"properties\":{\(properties)},\"geometry\":\(shape)}"
    }

    static func collection(_ features: [String], extra: String = "") -> String {
        "{\"type\":\"FeatureCollection\",\(extra)\"features\":[\n" + features.joined(separator: ",\n") + "\n]}"
    }

    /// A district, a subdistrict and a community, all good.
    static let good = collection([
        feature("\"code\":\"450203\",\"name\":\"区\""),
        feature("\"code\":\"450203001\",\"name\":\"街道\",\"households\":12,\"population\":40"),
        feature("\"code\":\"450203001001\",\"name\":\"社区\",\"tier\":\"community\",\"parent\":\"450203001\",\"note\":\"a/b\"")
    ])
}
