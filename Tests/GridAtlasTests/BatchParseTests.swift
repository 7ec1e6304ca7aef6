import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import Testing

/// Reading batch bodies: the three formats agree, a bad point keeps the batch going with its own
/// message, and an unreadable body fails naming where.
@Suite struct BatchParseTests {
    let moment = Dates.parse("2026-03-02T09:15:00+08:00")!

    @Test func theThreeFormatsGiveTheSameAnswers() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let points = BatchResolveTests.lattice(3_000)
        let ids = points.indices.map { $0 % 7 == 0 ? "点 \"\($0)\", a\\b" : "p\($0)" }
        let at: [String?] = points.indices.map { $0 % 5 == 0 ? "2025-06-01T08:00:00+08:00" : nil }
        let options = BatchOptions(at: moment, includePhones: true)
        let json = try BatchRun.answer(BatchBodies.json(points, ids: ids, at: at), .json, atlas: atlas, options: options)
        let geojson = try BatchRun.answer(BatchBodies.geojson(points, ids: ids, at: at), .geojson, atlas: atlas, options: options)
        let csv = try BatchRun.answer(BatchBodies.csv(points, ids: ids, at: at), .csv, atlas: atlas, options: options)
        #expect(json.results.count == points.count)
        #expect((json.results as NSArray).isEqual(geojson.results as NSArray))
        #expect((json.results as NSArray).isEqual(csv.results as NSArray))
        #expect(json.results.map { $0["id"] as? String } == ids)
        // Pairs carry no ids; otherwise the same answers.
        let pairs = try BatchRun.answer(BatchBodies.pairs(points), .json, atlas: atlas, options: options)
        for i in points.indices where at[i] == nil {
            var expected = json.results[i]
            expected["id"] = nil
            #expect((pairs.results[i] as NSDictionary).isEqual(expected as NSDictionary))
        }
    }

    @Test func numbersReadAsSwiftReadsThem() throws {
        let texts = ["0", "-0", "108.43", "24.000000000000004", "108.43123456789012345678", "1e2", "1E-2", "-12.5e+1",
                     "0.1", "179.99999999999997", "4.9406564584124654e-324", "1.7976931348623157e308", "123456789012345678901234567890"]
        let body = Array(("[" + texts.map { "[\($0),\($0)]" }.joined(separator: ",") + "]").utf8)
        let batch = try PointBatch.parse(body, format: .json)
        for (i, text) in texts.enumerated() {
            #expect(batch.positions[i].lon.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
        var rng = SystemRandomNumberGenerator()
        let randoms = (0..<2_000).map { _ in Double.random(in: -180...180, using: &rng) }
        let many = try PointBatch.parse(Array(("[" + randoms.map { "[\($0),0]" }.joined(separator: ",") + "]").utf8), format: .json)
        #expect(many.positions.map(\.lon) == randoms)
    }

    @Test func aBadPointGetsItsOwnMessageAndTheBatchGoesOn() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let body = #"""
            [[108.43, 24.31], {"lon":108.43}, {"lon":"abc","lat":24.3,"id":"x"}, [NaN, 24.3], [108.4, -Infinity],
             [200, 24.3], [108.4, 95], {"lon":108.4,"lat":24.3,"crs":"foo","id":7}, {"lon":108.4,"lat":24.3,"at":"2026-13-01"},
             {"lon":108.4,"lat":24.3,"crs":"EPSG:999999"}, "hello", [1e400, 24.3], {"lon":108.4,"lat":24.3,"at":"2020-01-01"},
             {"lon":108.43,"lat":24.31,"id":"ok","extra":{"a":[1,{"b":"}]"}],"c":null,"d":[[],{}]}},
             {"lng":"108.43","latitude":" 24.31 "}, [108.43], {"lon":108.4,"lat":24.3,"lng":108.5}, {"lat":null,"lon":true},
             {"lon":108.4,"lat":24.3,"id":{"a":1}}, [108.43,24.31,120.5], {"lon":"NaN","lat":24.3}]
            """#
        let answer = try BatchRun.answer(Array(body.utf8), .json, atlas: atlas, options: BatchOptions(at: moment))
        let expected: [Int: String] = [
            1: "lat: missing",
            2: #"lon: "abc" is not a number"#,
            3: "lon: NaN is not a finite number",
            4: "lat: -Infinity is not a finite number",
            5: "lon: 200 is outside -180..180",
            6: "lat: 95 is outside -90..90",
            7: "crs: unknown CRS 'foo': use EPSG:<code> (e.g. EPSG:4326, EPSG:4490, EPSG:4547), wgs84, cgcs2000, gcj02 or bd09",
            8: "at: '2026-13-01' is not a date: use 2026-01-01 (midnight UTC+08:00) or an ISO 8601 date-time such as 2026-01-01T09:30:00+08:00",
            10: "point: a string is neither [lon, lat] nor an object with lon and lat",
            11: "lon: the number is too large to be finite",
            12: "at: no published generation is in force at 2020-01-01T00:00:00+08:00",
            15: "lat: missing",
            16: "lon: a second longitude for the same point (lon, lng, longitude or x)",
            17: "lon: true is not a number",
            18: "id: an object is not a string or a number",
            20: #"lon: "NaN" is not a finite number"#,
        ]
        #expect(answer.results.count == 21)
        #expect(answer.top["errors"] as? Int == expected.count + 1)  // + the unknown EPSG code
        for (i, result) in answer.results.enumerated() {
            #expect(result["index"] as? Int == i)
            if i == 9 {
                #expect(answer.error(i)?.hasPrefix("crs: ") == true && answer.error(i)?.contains("999999") == true)
            } else if let message = expected[i] {
                #expect(answer.error(i) == message, "point \(i)")
                #expect(result["status"] == nil)
            } else {
                #expect(answer.error(i) == nil, "point \(i): \(answer.error(i) ?? "")")
                #expect(result["status"] as? String == "inside", "point \(i)")
            }
        }
        #expect(answer.results[2]["id"] as? String == "x")  // echoed on a problem too
        #expect(answer.results[7]["id"] as? Int == 7)
        #expect(answer.results[13]["id"] as? String == "ok")
    }

    @Test func badFeaturesAndRowsKeepTheBatchGoing() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let geojson = #"""
            {"features":[
              {"type":"Feature","id":"f0","properties":{"id":"ignored","at":"2025-01-01"},"geometry":{"coordinates":[108.43,24.31],"type":"Point"}},
              {"type":"Feature","geometry":{"type":"LineString","coordinates":[[108.43,24.31],[108.44,24.32]]},"properties":{"id":5}},
              {"type":"Feature","geometry":null,"properties":null},
              {"type":"Feature","properties":{"id":"no geometry"}},
              [108.43,24.31],
              {"type":"Feature","properties":{"crs":"gcj02","id":"g"},"geometry":{"type":"Point","coordinates":[108.43,24.31,80]}}
            ],"type":"FeatureCollection","bbox":[1,2,3,4]}
            """#
        let answer = try BatchRun.answer(Array(geojson.utf8), .geojson, atlas: atlas, options: BatchOptions(at: moment))
        #expect(answer.results.map { $0["id"] as? String } == ["f0", nil, nil, "no geometry", nil, "g"])
        #expect(answer.results[1]["id"] as? Int == 5)
        #expect(answer.results[0]["at"] as? String == "2025-01-01T00:00:00+08:00" && answer.results[0]["status"] as? String == "inside")
        #expect(answer.error(1) == "geometry: a LineString is not a Point")
        #expect(answer.error(2) == "geometry: null, so the feature has no position")
        #expect(answer.error(3) == "geometry: missing")
        #expect(answer.error(4) == "feature: an array is not a Feature object")
        #expect(answer.error(5) == nil && answer.results[5]["status"] as? String == "inside")

        let csv = "\u{FEFF}ID, Longitude ,LAT,note\n1,108.43,24.31,\"a, \"\"quoted\"\"\nnote\"\n2,abc,24.31,x\n\n3,108.43\n4,108.43,,y\r\n5,\"108.43\",\"24.31\",\n"
        let rows = try BatchRun.answer(Array(csv.utf8), .csv, atlas: atlas, options: BatchOptions(at: moment))
        #expect(rows.results.map { $0["id"] as? String } == ["1", "2", nil, "4", "5"])
        #expect(rows.error(0) == nil && rows.results[0]["status"] as? String == "inside")
        #expect(rows.error(1) == #"lon: "abc" is not a number"#)
        #expect(rows.error(2) == "row: 2 fields, but the header has 4 (line 6)")
        #expect(rows.error(3) == "lat: missing")
        #expect(rows.error(4) == nil)
    }

    @Test func anUnreadableBodyFailsNamingWhere() throws {
        func jsonError(_ text: String, _ format: BatchFormat = .json) -> BatchInputError? {
            do { _ = try PointBatch.parse(Array(text.utf8), format: format) } catch { return error }
            return nil
        }
        func position(_ error: BatchInputError?) -> [Int]? {
            guard case .malformedJSON(let offset, let line, let column, _)? = error else { return nil }
            return [offset, line, column]
        }
        #expect(position(jsonError("")) == [0, 1, 1])
        #expect(position(jsonError("[[1,2] [3,4]]")) == [7, 1, 8])
        #expect(jsonError("[[1,2] [3,4]]")?.description == "byte 7 (line 1, column 8): expected ',' or ']', found '['")
        #expect(position(jsonError("[\n [1,2],\n [1,2}\n]")) == [15, 3, 6])
        #expect(position(jsonError("[[1,2],")) == [7, 1, 8])
        #expect(jsonError("[[1,2],")?.description.contains("the document ends") == true)
        #expect(position(jsonError("[[\"网格\" x]]")) == [11, 1, 8])  // columns count characters, not bytes
        #expect(position(jsonError("[[01,2]]")) == [3, 1, 4])  // "0", then a digit where , or ] must come
        #expect(position(jsonError("[[1.,2]]")) == [2, 1, 3])
        #expect(position(jsonError("[[1,2],]")) == [7, 1, 8])
        #expect(position(jsonError("[[1,2]] x")) == [8, 1, 9])
        #expect(position(jsonError(#"[{"id":"a\x","lon":1,"lat":2}]"#)) == [9, 1, 10])
        #expect(position(jsonError(#"[{"id":"\ud800","lon":1,"lat":2}]"#)) == [8, 1, 9])
        #expect(position(jsonError("[{\"id\":\"a\tb\",\"lon\":1,\"lat\":2}]")) == [9, 1, 10])
        #expect(position(jsonError("[{\"id\":\"abc")) == [7, 1, 8])
        #expect(position(jsonError("[{\"lon\":1,\"lat\":2,\"z\":tru}]")) == [22, 1, 23])
        #expect(position(jsonError("{\"lon\":1}")) != nil)  // an object is no array of points
        #expect(position(jsonError("[" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "]")) != nil)
        #expect(position(jsonError("[{\"lon\":1,\"lat\":2,\"z\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}]")) == nil)

        // GeoJSON that is no FeatureCollection.
        #expect(jsonError(#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}"#, .geojson)?.description
                == #"byte 8 (line 1, column 9): the document's type is "Feature", not FeatureCollection"#)
        #expect(position(jsonError("[[1,2]]", .geojson)) == [0, 1, 1])
        #expect(position(jsonError(#"{"type":"FeatureCollection"}"#, .geojson)) != nil)
        #expect(position(jsonError(#"{"features":[]}"#, .geojson)) != nil)

        // CSV without the columns, or with broken quoting.
        #expect(jsonError("name,x_coord\na,1\n", .csv) == .malformedCSV(
            line: 1, reason: "the header needs a longitude column (lon, lng, longitude or x) and a latitude column (lat, latitude or y)"))
        #expect(jsonError("", .csv) == .malformedCSV(line: 1, reason: "the body is empty: a header line is required"))
        #expect(jsonError("lon,lat\n1,2\n3,\"4\n\n", .csv) == .malformedCSV(line: 3, reason: "a quoted field is never closed"))
        #expect(jsonError("lon,lat\n1,2\n3,4\"x\n", .csv)?.description.hasPrefix("line 3: a double quote inside an unquoted field") == true)
    }

    @Test func moreThanTheLimitIsRefused() throws {
        let points = (0..<6).map { LonLat(108.4 + Double($0) * 0.001, 24.3) }
        for (body, format) in [(BatchBodies.pairs(points), BatchFormat.json), (BatchBodies.geojson(points), .geojson),
                               (BatchBodies.csv(points), .csv)] {
            #expect(throws: BatchInputError.tooManyPoints(limit: 5)) { _ = try PointBatch.parse(body, format: format, maxPoints: 5) }
            #expect(try PointBatch.parse(body, format: format, maxPoints: 6).count == 6)
        }
        #expect(BatchInputError.tooManyPoints(limit: 100_000).description.contains("100000"))
        #expect(try PointBatch.parse(Array("[]".utf8), format: .json).count == 0)
    }

    @Test func contentTypesPickTheFormats() {
        #expect(BatchFormat(contentType: "application/json; charset=utf-8") == .json)
        #expect(BatchFormat(contentType: "application/geo+json") == .geojson)
        #expect(BatchFormat(contentType: "text/csv") == .csv)
        #expect(BatchFormat(contentType: "text/plain") == nil)
        #expect(BatchAnswerFormat(accept: "text/csv, application/json;q=0.5") == .csv)
        #expect(BatchAnswerFormat(accept: "application/json, text/csv") == .json)
        #expect(BatchAnswerFormat(accept: nil) == .json && BatchAnswerFormat(accept: "*/*") == .json)
    }
}
