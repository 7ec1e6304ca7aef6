import Foundation
import GridDomain
import GridGeometry
import GridImport
import Testing

/// The streaming unit reader against the tree reader it replaced: the same units to the bit and
/// the same problems, for good files, broken ones, and everything Foundation let through.
@Suite struct UnitFeatureReaderTests {
    @Test func goodFeaturesReadAlike() throws {
        let reads = ReaderAgreement.expectSame(Doc.good).reads
        #expect(reads.map(\.unit.code) == ["450203", "450203001", "450203001001"])
        #expect(reads[1].unit.households == 12 && reads[1].unit.population == 40)
        #expect(reads[2].unit.attributesJSON == #"{"note":"a\/b"}"#)  // Foundation's escaped slash, kept
    }

    @Test func malformedDocumentsAreOneProblemNamingWhere() throws {
        let cut = String(Doc.good.prefix(Doc.good.count / 2))
        let broken = [
            "", "   ", "{", cut, Doc.good + " x", Doc.good.replacingOccurrences(of: "24.3", with: "24.3.1"),
            Doc.good.replacingOccurrences(of: "[108.4,24.3]", with: "[108.4,NaN]"), Doc.good.replacingOccurrences(of: "[108.4,24.3]", with: "[1e400,24.3]"),
            Doc.good.replacingOccurrences(of: "\"区\"", with: "\"\\x\""), Doc.good.replacingOccurrences(of: "\"区\"", with: "'区'"),
            Doc.good.replacingOccurrences(of: "[108.4,", with: "[,108.4,"), Doc.good.replacingOccurrences(of: ":\"区\"", with: "\"区\""),
            Doc.good.replacingOccurrences(of: "\"区\"", with: "\"\u{1}\""),
            Doc.collection([Doc.feature("\"code\":\"450203\",\"name\":\"区\",\"deep\":" + String(repeating: "[", count: 513) + String(repeating: "]", count: 513))]),
        ]
        for text in broken {
            let problems = ReaderAgreement.expectSame(text).problems
            #expect(problems.count == 1 && problems.first?.field == "json", "\(text.prefix(40))")
        }
        let truncated = ReaderAgreement.streaming(Data(cut.utf8)).problems.first?.reason ?? ""
        #expect(truncated.hasPrefix("malformed JSON: byte \(cut.utf8.count) (line "), "\(truncated)")
        let number = ReaderAgreement.streaming(Data(broken[5].utf8)).problems.first?.reason ?? ""
        #expect(number.contains("expected ',' or ']', found '.'"), "\(number)")
        let nan = ReaderAgreement.streaming(Data(broken[6].utf8)).problems.first?.reason ?? ""
        #expect(nan.contains("expected a value, found 'N'"), "\(nan)")
    }

    @Test func whatFoundationTookStillReads() throws {
        // A byte order mark, trailing commas, nesting up to 512 levels in the whole document (4
        // around a free attribute, 508 in it).
        let bom = ReaderAgreement.expectSame(Data([0xEF, 0xBB, 0xBF]) + Data(Doc.good.utf8))
        #expect(bom.reads.count == 3)
        let commas = Doc.good.replacingOccurrences(of: "\"name\":\"区\"", with: "\"name\":\"区\",").replacingOccurrences(of: "]]]", with: "],]],")
        #expect(ReaderAgreement.expectSame(commas).reads.count == 3)
        func nested(_ levels: Int) -> ReaderAgreement.Outcome {
            let deep = String(repeating: "[", count: levels) + "1" + String(repeating: "]", count: levels)
            return ReaderAgreement.expectSame(Doc.collection([Doc.feature("\"code\":\"450203\",\"name\":\"区\",\"deep\":\(deep)")]))
        }
        #expect(nested(508).reads.first?.unit.attributesJSON.hasPrefix("{\"deep\":[[[") == true)
        #expect(nested(509).problems.first?.reason.contains("nested more than 512 deep") == true)
        // UTF-16 and UTF-32, told by their byte order marks or the zeros of the first characters.
        for encoding: String.Encoding in [.utf16, .utf16LittleEndian, .utf16BigEndian, .utf32, .utf32LittleEndian, .utf32BigEndian] {
            let data = try #require(Doc.good.data(using: encoding))
            #expect(ReaderAgreement.expectSame(data).reads.count == 3, "\(encoding)")
        }
        // Numbers below a Double's range are 0, as Foundation read them.
        ReaderAgreement.expectSame(Doc.good.replacingOccurrences(of: "\"population\":40", with: "\"population\":4.9e-325"))
    }

    @Test func repeatedMembersTheLastWins() throws {
        let twice = [
            Doc.feature("\"code\":\"450204\",\"code\":\"450203\",\"name\":\"区\""),
            "{\"type\":\"Feature\",\"properties\":{\"code\":\"450299\"},\"properties\":{\"code\":\"450203\",\"name\":\"区\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\(Doc.square(1, 1, 1))},"
                + "\"geometry\":{\"type\":\"Polygon\",\"type\":\"MultiPolygon\",\"coordinates\":[\(Doc.square(108.4, 24.3, 0.01))]}}",
            "{\"type\":\"Feature\",\"type\":\"Nope\",\"properties\":{\"code\":\"450203\",\"name\":\"区\"}}",
        ]
        let reads = ReaderAgreement.expectSame(Doc.collection(twice)).problems
        #expect(reads.contains { $0.location == "feature 2" && $0.field == "type" })
        ReaderAgreement.expectSame(Doc.collection(Array(twice.prefix(2))))
        ReaderAgreement.expectSame("{\"type\":\"FeatureCollection\",\"features\":[],\"features\":[\(twice[0])]}")
        ReaderAgreement.expectSame("{\"type\":\"FeatureCollection\",\"features\":[\(twice[0])],\"features\":7}")
        ReaderAgreement.expectSame("{\"type\":\"Feature\",\"features\":[\(twice[0])],\"type\":\"FeatureCollection\"}")
    }

    @Test func membersComeInAnyOrder() throws {
        let geometryFirst = "{\"geometry\":{\"coordinates\":\(Doc.square(108.4, 24.3, 0.01)),\"type\":\"Polygon\"},"
            + "\"properties\":{\"name\":\"区\",\"code\":\"450203\"},\"type\":\"Feature\"}"
        #expect(ReaderAgreement.expectSame(Doc.collection([geometryFirst])).reads.count == 1)
        let featuresFirst = "{\"features\":[\(geometryFirst)],\"type\":\"FeatureCollection\"}"
        ReaderAgreement.expectSame(featuresFirst)
        // A crs member after the features changes how they are read: they are read again.
        let gcj = "{\"features\":[\(geometryFirst)],\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4547\"}},"
            + "\"type\":\"FeatureCollection\"}"
        ReaderAgreement.expectSame(gcj)
        let projected = gcj.replacingOccurrences(of: "108.4", with: "397473.8").replacingOccurrences(of: "24.3", with: "2544887.1")
            .replacingOccurrences(of: "0.01", with: "1000")
        let reads = ReaderAgreement.expectSame(projected).reads
        #expect(reads.first.map { abs($0.unit.geometry.polygons[0].exterior.points[0].lon - 113) < 0.01 } == true)
    }

    @Test func wrongTypesGetTheSameProblems() throws {
        let good = "\"code\":\"450203\",\"name\":\"区\""
        let features = [
            "7", "{\"type\":\"Feature\"}", "{\"type\":\"Feature\",\"properties\":[1]}",
            Doc.feature("\"code\":[4],\"name\":1"), Doc.feature("\"code\":true,\"name\":\" \""), Doc.feature("\"code\":450203.5,\"name\":\"区\""),
            Doc.feature("\"code\":450203,\"name\":\"区\""), Doc.feature("\"code\":4.50203e5,\"name\":\"区\""),
            Doc.feature("\"code\":\"  \",\"name\":\"区\""), Doc.feature("\"code\":\"4502x3\",\"name\":\"区\""),
            Doc.feature(good + ",\"tier\":null"), Doc.feature(good + ",\"tier\":3"), Doc.feature(good + ",\"tier\":\"planet\""),
            Doc.feature(good + ",\"tier\":{\"a\":[1,2]}"), Doc.feature(good + ",\"parent\":7"), Doc.feature(good + ",\"parent\":null"),
            Doc.feature(good + ",\"households\":-3,\"population\":1.5"), Doc.feature(good + ",\"households\":\"12\",\"population\":true"),
            Doc.feature(good + ",\"households\":1e12,\"population\":12.0"), Doc.feature(good + ",\"households\":999999999999,\"population\":0"),
            Doc.feature(good + ",\"households\":[1,{\"b\":null}],\"population\":{}"),
            Doc.feature(good, geometry: "null"), Doc.feature(good, geometry: "{\"type\":\"Point\",\"coordinates\":[1,2]}"),
            Doc.feature(good, geometry: "{\"type\":7}"), Doc.feature(good, geometry: "{\"type\":\"Polygon\"}"),
            Doc.feature(good, geometry: "{\"type\":\"MultiPolygon\"}"), Doc.feature(good, geometry: "{\"type\":\"MultiPolygon\",\"coordinates\":[]}"),
            Doc.feature(good, geometry: "{\"type\":\"Polygon\",\"coordinates\":\"x\"}"), Doc.feature(good, geometry: "{\"type\":\"Polygon\",\"coordinates\":[]}"),
            Doc.feature(good, geometry: "{\"type\":\"Polygon\",\"coordinates\":[7,[[1,2]]]}"),
            Doc.feature(good, geometry: "{\"type\":\"Polygon\",\"coordinates\":[[[1,2],[1],[\"a\",2]]]}"),
            Doc.feature(good, geometry: "{\"type\":\"Polygon\",\"coordinates\":[[[108.4,24.3],[108.5,true,3]]]}"),
            Doc.feature(good, geometry: "{\"type\":\"Polygon\",\"coordinates\":[[[108.4,24.3],{\"x\":[1,2.50]}]]}"),
            Doc.feature(good, geometry: "{\"type\":\"Polygon\",\"coordinates\":[[[108.4,24.3],[200,24.3]]]}"),
            Doc.feature(good, geometry: "{\"type\":\"Polygon\",\"coordinates\":[[[108.4,24.3],[108.5,24.3],[108.4,24.3]]]}"),
            Doc.feature(good, geometry: "{\"type\":\"Polygon\",\"coordinates\":[[[108.4,24.3],[108.5,24.3],[108.5,24.4],[108.4,24.4]]]}"),
            Doc.feature(good, geometry: "{\"type\":\"MultiPolygon\",\"coordinates\":[\(Doc.square(1, 1, 1)),7,[[[1,2]]],\(Doc.square(108.4, 24.3, 0.01))]}"),
            Doc.feature(good, geometry: "{\"type\":\"Polygon\",\"coordinates\":[[[108.4,24.3,9,\"z\"],[108.5,24.3],[108.5,24.4],[108.4,24.3]]]}"),
            Doc.feature(good, geometry: "{\"type\":\"Polygon\",\"coordinates\":[[[108,24],[108.5,24],[108.5,24.4],[108.0,24.0]]]}"),
            Doc.feature(good, geometry: "{\"type\":\"Polygon\",\"coordinates\":[[[-0,-0.0],[108.5,0],[108.5,24.4],[0,0]]]}"),
        ]
        let problems = ReaderAgreement.expectSame(Doc.collection(features)).problems
        #expect(problems.count > features.count)
        // Each alone too, so that one problem does not hide another's difference.
        for feature in features { ReaderAgreement.expectSame(Doc.collection([feature])) }
        ReaderAgreement.expectSame(Doc.collection([]))
        ReaderAgreement.expectSame("[1,2]")
        ReaderAgreement.expectSame("\"FeatureCollection\"")
        ReaderAgreement.expectSame("{\"type\":\"FeatureCollection\"}")
        ReaderAgreement.expectSame("{\"type\":\"FeatureCollection\",\"features\":{}}")
    }

    @Test func spacesAreTrimmedAsBefore() throws {
        let spaces = [" ", "\\t", "\u{A0}", "\u{3000}", "\u{2003}", "\u{180E}", "\u{FEFF}", "\\n", "\u{200B}"]
        var features: [String] = []
        for (k, space) in spaces.enumerated() {
            features.append(Doc.feature("\"code\":\"\(space)45020\(k)\(space)\",\"name\":\"\(space)区\(k)\(space)\",\"parent\":\"\(space)\""))
            features.append(Doc.feature("\"code\":\"45021\(k)\",\"name\":\"a\(space)\",\"tier\":\"District\""))
        }
        // A byte order mark opening a string (not written \ufeff) was dropped by Foundation, keys included.
        features.append("{\"\u{FEFF}type\":\"\u{FEFF}Feature\",\"properties\":{\"\u{FEFF}code\":\"\u{FEFF}\u{FEFF}450203\",\"name\":\"\u{FEFF}a\\nb\",\"x\":\"\\ufeffy\"},"
            + "\"geometry\":{\"type\":\"\u{FEFF}Polygon\",\"coordinates\":\(Doc.square(108.4, 24.3, 0.01))}}")
        ReaderAgreement.expectSame(Doc.collection(features))
        for feature in features { ReaderAgreement.expectSame(Doc.collection([feature])) }
    }

    @Test func theCRSMemberAsBefore() throws {
        func named(_ name: String) -> String {
            Doc.collection([Doc.feature("\"code\":\"450203\",\"name\":\"区\"")], extra: "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"\(name)\"}},")
        }
        for name in ["urn:ogc:def:crs:EPSG::4490", "urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4547", "gcj02", "nonsense", "EPSG:999999"] {
            for (crs, explicit) in [(CRS.wgs84, false), (.gcj02, true), (.cgcs2000, true), (.epsg(999_999), true)] {
                ReaderAgreement.expectSame(named(name), crs: crs, explicit: explicit)
            }
        }
        ReaderAgreement.expectSame(Doc.collection([Doc.feature("\"code\":\"450203\",\"name\":\"区\"")], extra: "\"crs\":7,"))
        ReaderAgreement.expectSame(Doc.good, crs: .gcj02, explicit: true)
        ReaderAgreement.expectSame(Doc.good, crs: .bd09, explicit: true)
    }

    /// `count` round grids of 41 vertices each, with a free attribute.
    static func grids(_ count: Int) -> [String] {
        (0..<count).map { k in
            let lon = 100 + Double(k % 200) * 0.01, lat = 20 + Double(k / 200) * 0.01
            let ring = (0...40).map { j -> String in
                let t = Double(j % 40) / 40 * 2 * Double.pi
                return "[\(lon + 0.004 * cos(t) + 0.005),\(lat + 0.004 * sin(t) + 0.005)]"
            }
            return Doc.feature("\"code\":\"450203001\(String(format: "%03d%03d", k / 1000 + 1, k % 1000))\",\"name\":\"g\(k)\",\"k\":\(k)",
                               geometry: "{\"type\":\"Polygon\",\"coordinates\":[[\(ring.joined(separator: ","))]]}")
        }
    }

    @Test func manyFeaturesReadAlike() throws {
        let outcome = ReaderAgreement.expectSame(Doc.collection(Self.grids(20_000)))
        #expect(outcome.reads.count == 20_000, "\(outcome.problems.prefix(2))")
    }

    /// A large features array is read by several threads in stretches; one thread or several,
    /// the outcome is the same to the bit, problems and the first syntax error included.
    @Test func oneThreadOrSeveralReadAlike() throws {
        var features = Self.grids(3_000)
        let good = Doc.collection(features)
        features[1_234] = Doc.feature("\"code\":7,\"name\":\"\"")
        features[2_345] = Doc.feature("\"code\":\"450203001001001\",\"name\":\"x\"", geometry: "{\"type\":\"Polygon\",\"coordinates\":[[[1,2]]]}")
        let problems = Doc.collection(features)
        features[2_900] = String(features[2_900].dropLast(2))  // a feature cut short: no longer JSON
        let broken = Doc.collection(features)
        let trailing = String(good.dropLast(3)) + ",\n]}"
        // Objects inside properties look like features to the threads' first guess, and so does
        // a member after the features array: the guesses fail, and the array is read in order.
        let objects = "\"x\":[" + Array(repeating: "{\"a\":1}", count: 300).joined(separator: ", ") + "],"
        let lookalikes = Doc.collection(Self.grids(3_000).map { $0.replacingOccurrences(of: "\"k\":", with: objects + "\"k\":") })
        let after = String(good.dropLast(1)) + ",\"extra\":[" + Array(repeating: "{\"a\":[1,2]}", count: 100_000).joined(separator: ",") + "]}"
        for text in [good, problems, broken, trailing, lookalikes, after] {
            var one = UnitFeatureReader(source: "t.geojson", crs: .gcj02, crsIsExplicit: true)
            one.threads = 1
            var several = one
            several.threads = 3
            let a = Result { try one.read(Data(text.utf8)) }, b = Result { try several.read(Data(text.utf8)) }
            switch (a, b) {
            case (.success(let x), .success(let y)):
                #expect(x.count == 3_000 && x.map(ReaderAgreement.stored) == y.map(ReaderAgreement.stored))
            case (.failure(let x as ImportRejected), .failure(let y as ImportRejected)):
                #expect(x.problems == y.problems && !x.problems.isEmpty)
            default:
                Issue.record("one thread: \(a), several: \(b)")
            }
        }
    }

    @Test func theDemoDistrictReadsAlike() throws {
        let data = try #require(FileManager.default.contents(atPath: Self.root.appendingPathComponent("data/demo/units.geojson").path))
        #expect(ReaderAgreement.expectSame(data).reads.count > 100)
        #expect(!ReaderAgreement.expectSame(data, crs: .gcj02, explicit: true).reads.isEmpty)
    }

    /// The real boundaries of Chancheng (4,295 units of 5 tiers, "micro" for micro-areas), in
    /// WGS84 and in GCJ-02, when a copy is on this machine.
    @Test(arguments: [("units.wgs84.geojson", CRS.wgs84), ("units.gcj02.geojson", .gcj02)])
    func realBoundariesReadAlike(file: String, crs: CRS) throws {
        guard let data = Self.chancheng(file) else { return }
        let reads = ReaderAgreement.expectSame(data, crs: crs, explicit: true).reads
        #expect(reads.count == 4_295)
        #expect(reads.contains { $0.unit.tier == .microArea })
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The committed gzip copy when there is one, else the shared data folder.
    static func chancheng(_ file: String) -> Data? {
        let packed = root.appendingPathComponent("data/real/chancheng/\(file).gz").path
        if FileManager.default.fileExists(atPath: packed) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/gzip")
            process.arguments = ["-dc", packed]
            let pipe = Pipe()
            process.standardOutput = pipe
            guard (try? process.run()) != nil else { return nil }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return process.terminationStatus == 0 ? data : nil
        }
        return FileManager.default.contents(atPath: "/work/shared/data/chancheng/\(file)")
    }
}
