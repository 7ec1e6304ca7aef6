import Foundation
import GridDomain
import GridGeometry

/// One feature: its members in any order, then judged as the tree reader judged them.
extension UnitDocumentReader {
    /// A property's value as the document gave it. Strings are decoded; anything else keeps its
    /// place in the document, so that Foundation can be asked about the rare value that needs it.
    enum PropertyValue {
        case absent
        case null
        case string(String)
        case number(Range<Int>)
        /// An array, an object, `true` or `false`.
        case other(Range<Int>)
    }

    /// The properties the reader knows, and the others kept as free attributes.
    struct Properties {
        var code = PropertyValue.absent
        var name = PropertyValue.absent
        var tier = PropertyValue.absent
        var parent = PropertyValue.absent
        var households = PropertyValue.absent
        var population = PropertyValue.absent
        var extra: [(key: String, value: PropertyValue)] = []
    }

    /// The feature at the cursor, or nil with `problems` saying why.
    mutating func readFeature(index: Int, converter: CoordinateConverter,
                              problems: inout [ImportProblem]) throws(JSONSyntaxError) -> UnitFeatureReader.Read? {
        let at = "feature \(index)"
        cursor.skipWhitespace()
        guard cursor.current == 0x7B && !cursor.atEnd else {
            try cursor.skipValue(depth: 2)
            problems.append(settings.problem(at, "type", "expected an object with \"type\": \"Feature\""))
            return nil
        }
        cursor.i += 1
        var isFeature = false
        var properties = Properties()
        var geometry: (shape: MultiPolygon?, problems: [ImportProblem]) = (nil, [settings.problem(at, "geometry", "required: a Polygon or MultiPolygon")])
        if cursor.hasMembers(close: 0x7D) {
            repeat {
                switch try readKey() {
                case "type":
                    cursor.skipWhitespace()
                    if cursor.current == 0x22 {
                        try readString()
                        isFeature = scratch.elementsEqual("Feature".utf8)
                    } else {
                        try cursor.skipValue(depth: 3)
                        isFeature = false
                    }
                case "properties":
                    properties = try readProperties()
                case "geometry":
                    var found: [ImportProblem] = []
                    let shape = try readGeometry(at: at, converter: converter, problems: &found)
                    geometry = (shape, found)
                default:
                    try cursor.skipValue(depth: 3)
                }
            } while try cursor.nextMember(close: 0x7D)
        }
        guard isFeature else {
            problems.append(settings.problem(at, "type", "expected an object with \"type\": \"Feature\""))
            return nil
        }
        return judge(properties, geometry: geometry, index: index, at: at, problems: &problems)
    }

    /// The properties object at the cursor; any other value counts as no properties.
    private mutating func readProperties() throws(JSONSyntaxError) -> Properties {
        var properties = Properties()
        cursor.skipWhitespace()
        guard cursor.current == 0x7B && !cursor.atEnd else {
            try cursor.skipValue(depth: 3)
            return properties
        }
        cursor.i += 1
        guard cursor.hasMembers(close: 0x7D) else { return properties }
        repeat {
            let key = try readKey()
            let value = try readPropertyValue()
            switch key {
            case "code": properties.code = value
            case "name": properties.name = value
            case "tier": properties.tier = value
            case "parent": properties.parent = value
            case "households": properties.households = value
            case "population": properties.population = value
            default: properties.extra.append((key, value))
            }
        } while try cursor.nextMember(close: 0x7D)
        return properties
    }

    private mutating func readPropertyValue() throws(JSONSyntaxError) -> PropertyValue {
        cursor.skipWhitespace()
        let start = cursor.i
        switch cursor.current {
        case 0x22:
            try readString()
            return .string(String(decoding: scratch, as: UTF8.self))
        case 0x2D, 0x30...0x39:
            _ = try cursor.readNumber()
            return .number(start..<cursor.i)
        case 0x6E where cursor.matches("null"):
            cursor.i += 4
            return .null
        default:
            try cursor.skipValue(depth: 4)
            return .other(start..<cursor.i)
        }
    }

    /// The value as Foundation read it: `String`, `NSNumber`, `NSNull`, arrays, dictionaries.
    private func foundation(_ value: PropertyValue) -> Any? {
        switch value {
        case .absent: nil
        case .null: NSNull()
        case .string(let text): text
        case .number(let range), .other(let range): FoundationJSON.value(UnsafeBufferPointer(rebasing: cursor.bytes[range]))
        }
    }

    /// How the tree reader showed a value in a message.
    private func shown(_ value: PropertyValue) -> String {
        switch value {
        case .string(let text): text
        default: foundation(value).map { "\($0)" } ?? ""
        }
    }

    /// A count (`households`, `population`) written as a plain whole number, read without
    /// Foundation; nil for any other spelling.
    private func plainCount(_ range: Range<Int>) -> Int? {
        guard range.count <= 12 else { return nil }
        var value = 0
        for k in range {
            let digit = cursor.bytes[k] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// The feature's fields checked in the tree reader's order, with its messages.
    private func judge(_ properties: Properties, geometry: (shape: MultiPolygon?, problems: [ImportProblem]), index: Int, at: String,
                       problems: inout [ImportProblem]) -> UnitFeatureReader.Read? {
        func problem(_ field: String, _ reason: String, code: String?) -> ImportProblem {
            settings.problem(at, field, reason, code: code)
        }
        var code: String?
        switch properties.code {
        case .string(let text) where !Self.trimmed(text).isEmpty:
            code = Self.trimmed(text)
        case .number:
            if let number = foundation(properties.code) as? NSNumber, !number.isBoolean, number.doubleValue.rounded() == number.doubleValue {
                code = String(number.int64Value)
            }
        default:
            break
        }
        if code == nil { problems.append(problem("properties.code", "required: the unit's code as a string of digits", code: nil)) }
        var name = ""
        if case .string(let text) = properties.name { name = Self.trimmed(text) }
        if name.isEmpty { problems.append(problem("properties.name", "required: a non-empty name", code: code)) }
        if let reason = TextRule.name.problem(with: name) {
            problems.append(problem("properties.name", reason, code: code))
            name = String(name.prefix(TextRule.maxNameCharacters))  // later messages quote it
        }

        var tier: Tier?
        switch properties.tier {
        case .absent: break
        case .string(let text) where Self.tier(text) != nil: tier = Self.tier(text)
        default:
            problems.append(problem("properties.tier",
                "unknown tier \(shown(properties.tier)); use district, subdistrict, community, grid or micro_area", code: code))
        }
        if tier == nil, let code {
            do { tier = try UnitCode.tier(of: code) } catch {
                problems.append(problem("properties.code", error.description, code: code))
            }
        }
        var declaredParent: String?
        switch properties.parent {
        case .absent, .null: break
        case .string(let text): declaredParent = Self.trimmed(text)
        default: problems.append(problem("properties.parent", "must be a string code", code: code))
        }
        func count(_ key: String, _ value: PropertyValue) -> Int? {
            switch value {
            case .absent, .null: return nil
            case .number(let range):
                if let plain = plainCount(range) { return plain }
                if let number = foundation(value) as? NSNumber, !number.isBoolean, number.doubleValue >= 0,
                   number.doubleValue.rounded() == number.doubleValue, number.doubleValue < 1e12 {
                    return number.intValue
                }
            default:
                break
            }
            problems.append(problem("properties.\(key)", "must be a non-negative whole number, got \(shown(value))", code: code))
            return nil
        }
        let households = count("households", properties.households), population = count("population", properties.population)
        for var found in geometry.problems {
            found.code = code
            problems.append(found)
        }
        var attributes = "{}"
        if !properties.extra.isEmpty {
            var extra: [String: Any] = [:]
            for (key, value) in properties.extra { extra[key] = foundation(value) }
            attributes = FoundationJSON.objectText(extra)
        }
        guard let code, let tier, let shape = geometry.shape, !name.isEmpty else { return nil }
        let unit = AreaUnit(code: code, tier: tier, name: name, parentCode: declaredParent ?? UnitCode.parentCode(of: code),
                            geometry: shape, households: households, population: population, attributesJSON: attributes)
        return UnitFeatureReader.Read(unit: unit, source: settings.source, featureIndex: index, declaredParent: declaredParent)
    }
}

extension UnitDocumentReader {
    /// `text.trimmingCharacters(in: .whitespaces)`, without Foundation in the usual case where
    /// the text starts and ends with a character no Unicode version counts as a space (printable
    /// ASCII, CJK ideographs): Foundation's trimming was most of the time spent judging a feature.
    static func trimmed(_ text: String) -> String {
        func solid(_ scalar: Unicode.Scalar?) -> Bool {
            guard let value = scalar?.value else { return false }
            return (0x21...0x7E).contains(value) || (0x3400...0x9FFF).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0x20000...0x3FFFF).contains(value)
        }
        if solid(text.unicodeScalars.first) && solid(text.unicodeScalars.last) { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// `Tier(name:)`, the exact raw names first (what files usually hold) without its Foundation calls.
    static func tier(_ text: String) -> Tier? {
        Tier(rawValue: text) ?? Tier(name: text)
    }
}

extension NSNumber {
    /// JSON `true`/`false` also arrive as NSNumber; they are not numbers here.
    var isBoolean: Bool { String(cString: objCType) == "c" }
}
