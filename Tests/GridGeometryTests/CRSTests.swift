import Testing
@testable import GridGeometry

@Suite("CRS parsing")
struct CRSTests {
    @Test(arguments: [
        ("EPSG:4326", CRS.wgs84),
        ("4326", .wgs84),
        ("wgs84", .wgs84),
        ("WGS84", .wgs84),
        ("epsg:4326", .wgs84),
        ("  EPSG:4326 ", .wgs84),
        ("CGCS2000", .cgcs2000),
        ("EPSG:4490", .cgcs2000),
        ("4490", .cgcs2000),
        ("gcj02", .gcj02),
        ("GCJ-02", .gcj02),
        ("GCJ02", .gcj02),
        ("bd09", .bd09),
        ("BD-09", .bd09),
        ("EPSG:4547", .epsg(4547)),
        ("4547", .epsg(4547)),
        ("EPSG:3857", .epsg(3857)),
    ])
    func parsesKnownNames(text: String, expected: CRS) throws {
        let crs = try CRS(parsing: text)
        #expect(crs == expected, "'\(text)' parsed as \(crs)")
    }

    @Test(arguments: ["foo", "EPSG:", "", "   ", "EPSG:abc", "EPSG:0", "EPSG:4326x", "EPSG:43.26", "wgs-84x"])
    func rejectsBadNames(text: String) {
        let error = #expect(throws: CRS.UnknownName.self, "'\(text)' should not parse") {
            try CRS(parsing: text)
        }
        #expect(error?.text == text)
        #expect(error?.description.contains("'\(text)'") == true, "\(String(describing: error?.description))")
    }

    /// A minus sign inside an EPSG number is a negative code, not a separator: "EPSG:-3" must be
    /// rejected like "EPSG:0" (hyphens are only dropped from names such as "GCJ-02" and "BD-09").
    @Test(arguments: ["EPSG:-3", "-4326", "EPSG:-4547"])
    func rejectsNegativeCodes(text: String) {
        do {
            let error = #expect(throws: CRS.UnknownName.self, "'\(text)' should not parse") {
                let crs = try CRS(parsing: text)
                Issue.record("'\(text)' parsed as \(crs)")
            }
            #expect(error?.description.contains("'\(text)'") == true)
        }
    }

    @Test(arguments: [CRS.wgs84, .cgcs2000, .gcj02, .bd09, .epsg(4547), .epsg(3857)])
    func descriptionParsesBack(crs: CRS) throws {
        #expect(try CRS(parsing: crs.description) == crs, "\(crs.description)")
    }

    @Test func descriptionsAreTheCanonicalNames() {
        #expect(CRS.wgs84.description == "EPSG:4326")
        #expect(CRS.cgcs2000.description == "EPSG:4490")
        #expect(CRS.gcj02.description == "gcj02")
        #expect(CRS.bd09.description == "bd09")
        #expect(CRS.epsg(4547).description == "EPSG:4547")
    }

    @Test func geographicDegreesFlag() {
        #expect(CRS.wgs84.isGeographicDegrees)
        #expect(CRS.cgcs2000.isGeographicDegrees)
        #expect(CRS.gcj02.isGeographicDegrees)
        #expect(CRS.bd09.isGeographicDegrees)
        #expect(!CRS.epsg(4547).isGeographicDegrees)
    }
}
