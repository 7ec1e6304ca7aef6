import Foundation
import GridDomain
import GridGeometry

/// One pass over a GeoJSON document's bytes that builds units as it goes: no object tree, every
/// coordinate read straight into the rings that keep it.
///
/// The tree reader it replaces saw the whole document before judging it, so members could come
/// in any order and the last of a repeated name won. This one keeps both rules without a second
/// pass in the usual case: it reads the features as soon as it meets them, with the CRS known by
/// then, and reads them again from where they start only when a `crs` member comes after them
/// (or a repeated one changes it). A geometry whose `coordinates` come before its `type` is
/// handled the same way, within the geometry. Problems are judged in the tree reader's order
/// once the document has been read to its end: a document that is not JSON is only that.
struct UnitDocumentReader {
    var cursor: JSONCursor
    let settings: UnitFeatureReader
    /// What is wrong with the file, in the order the tree reader listed it.
    private(set) var problems: [ImportProblem] = []
    /// Positions of the ring being read, before conversion (reused from ring to ring).
    var ring: [LonLat] = []
    var scratch: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, settings: UnitFeatureReader) {
        cursor = JSONCursor(bytes)
        // Foundation's JSONSerialization, which read these files before, takes both: files that
        // imported then still import.
        cursor.allowsTrailingCommas = true
        cursor.refusesInfiniteNumbers = true
        cursor.skipByteOrderMark()
        self.settings = settings
    }

    /// The features array as read with one CRS.
    struct Features {
        /// Where the array starts, to read it again with another CRS.
        var offset: Int
        var crs: CRS?
        var reads: [UnitFeatureReader.Read] = []
        var problems: [ImportProblem] = []
        var count = 0
    }

    /// The units of the document, or none with ``problems`` saying why.
    mutating func readDocument() throws(JSONSyntaxError) -> [UnitFeatureReader.Read] {
        cursor.skipWhitespace()
        guard cursor.current == 0x7B && !cursor.atEnd else {
            if cursor.atEnd { throw cursor.error("the document is empty: expected a GeoJSON FeatureCollection") }
            try cursor.skipValue()
            try finish()
            problems = [settings.problem("file", "type", "expected a GeoJSON FeatureCollection")]
            return []
        }
        cursor.i += 1
        var isCollection = false
        var features: Features?
        var featuresIsArray = false
        var crsMember: Range<Int>?
        // The CRS read with, from the crs member met so far; nil when it cannot be used.
        var crs: CRS? = settings.crs
        if cursor.hasMembers(close: 0x7D) {
            repeat {
                switch try readKey() {
                case "type":
                    cursor.skipWhitespace()
                    if cursor.current == 0x22 {
                        try readString()
                        isCollection = scratch.elementsEqual("FeatureCollection".utf8)
                    } else {
                        try cursor.skipValue(depth: 1)
                        isCollection = false
                    }
                case "features":
                    cursor.skipWhitespace()
                    featuresIsArray = cursor.current == 0x5B
                    if featuresIsArray, let crs, let converter = try? CoordinateConverter(from: crs) {
                        features = try readFeatures(converter: converter)
                    } else {
                        features = featuresIsArray ? Features(offset: cursor.i, crs: nil) : nil
                        try cursor.skipValue(depth: 1)
                    }
                case "crs":
                    cursor.skipWhitespace()
                    let start = cursor.i
                    try cursor.skipValue(depth: 1)
                    crsMember = start..<cursor.i
                    crs = try? settings.resolveCRS(declaredBy: crsMemberValue(crsMember))
                default:
                    try cursor.skipValue(depth: 1)
                }
            } while try cursor.nextMember(close: 0x7D)
        }
        try finish()

        // The tree reader's order: the collection, its features, the CRS, then each feature.
        guard isCollection else {
            problems = [settings.problem("file", "type", "expected a GeoJSON FeatureCollection")]
            return []
        }
        guard featuresIsArray, var features else {
            problems = [settings.problem("file", "features", "a FeatureCollection needs a 'features' array")]
            return []
        }
        let effective: CRS
        do { effective = try settings.resolveCRS(declaredBy: crsMemberValue(crsMember)) } catch {
            problems = error.problems
            return []
        }
        let converter: CoordinateConverter
        do { converter = try CoordinateConverter(from: effective) } catch {
            problems = [settings.problem("file", "crs", error.description)]
            return []
        }
        if features.crs != effective {
            let end = cursor.i
            cursor.i = features.offset
            features = try readFeatures(converter: converter)
            cursor.i = end
        }
        problems = features.problems
        if features.count == 0 { problems.append(settings.problem("file", "features", "the FeatureCollection has no features")) }
        return problems.isEmpty ? features.reads : []
    }

    /// Nothing but whitespace may follow the top-level value.
    private mutating func finish() throws(JSONSyntaxError) {
        cursor.skipWhitespace()
        guard cursor.atEnd else { throw cursor.error("unexpected \(JSONCursor.describe(cursor.current)) after the top-level value") }
    }

    private func crsMemberValue(_ range: Range<Int>?) -> Any? {
        range.flatMap { FoundationJSON.value(UnsafeBufferPointer(rebasing: cursor.bytes[$0])) }
    }

    /// Reads the string at the cursor into `scratch`, decoded as Foundation decoded it: a byte
    /// order mark written as the string's first character (not as `\ufeff`) is dropped, as
    /// `JSONSerialization` dropped it (so `"\u{FEFF}code"` is the member `code`).
    mutating func readString() throws(JSONSyntaxError) {
        let start = cursor.i + 1
        try cursor.readString(into: &scratch)
        let b = cursor.bytes
        if start + 2 < b.count, b[start] == 0xEF, b[start + 1] == 0xBB, b[start + 2] == 0xBF { scratch.removeFirst(3) }
    }

    /// Reads `"name" :` and returns the name (member names are short).
    mutating func readKey() throws(JSONSyntaxError) -> String {
        cursor.skipWhitespace()
        guard cursor.current == 0x22 && !cursor.atEnd else { throw cursor.unexpected(expected: "a member name in quotes") }
        try readString()
        try cursor.expect(0x3A, "':'")
        return String(decoding: scratch, as: UTF8.self)
    }

    /// The features array at the cursor, each feature read with `converter`: a large one by
    /// several threads at once (`UnitDocumentReader+Stretches.swift`), with the same outcome.
    private mutating func readFeatures(converter: CoordinateConverter) throws(JSONSyntaxError) -> Features {
        let start = cursor.i
        if let (features, end) = readInStretches(arrayAt: start, crs: converter.crs) {
            cursor.i = end
            return features
        }
        var features = Features(offset: start, crs: converter.crs)
        cursor.i += 1
        guard cursor.hasMembers(close: 0x5D) else { return features }
        repeat {
            var local: [ImportProblem] = []
            if let read = try readFeature(index: features.count, converter: converter, problems: &local) {
                features.reads.append(read)
            }
            features.problems += local
            features.count += 1
        } while try cursor.nextMember(close: 0x5D)
        return features
    }
}
