import Foundation
import GRDB

/// How one tier's free attributes (``AreaUnit/attributesJSON``) are laid out in its table.
///
/// A key every unit of the tier holds, always with a non-null string, whole number or number,
/// gets a typed column of its own (TEXT, INTEGER, REAL) that QGIS shows and edits like any
/// field. Everything else (keys some units lack, nulls, booleans, arrays, objects, mixed types,
/// names taken by the fixed columns) stays in the `attributes` column as a JSON object, so
/// nothing is lost; the reader merges both back into one object.
struct AttributeLayout {
    enum Kind: String {
        case text = "TEXT"
        case integer = "INTEGER"
        case real = "REAL"
    }

    struct Column: Equatable {
        var key: String
        var kind: Kind
    }

    /// Column names of the fixed layout (compared case-insensitively, as SQLite does).
    static let reserved: Set<String> = ["fid", "geom", "code", "name", "tier", "parent", "parent_code", "households",
                                        "population", "area_m2", "attributes"]

    private(set) var columns: [Column] = []

    init(_ attributes: [[String: Any]]) {
        guard let first = attributes.first else { return }
        var lowered: [String: Int] = [:]
        for key in attributes.flatMap(\.keys) { lowered[key.lowercased(), default: 0] += 1 }
        for key in first.keys.sorted() {
            // Two keys differing only in case cannot both be SQLite columns.
            guard !key.isEmpty, !Self.reserved.contains(key.lowercased()),
                  lowered[key.lowercased()] == attributes.count else { continue }
            let kinds = Set(attributes.map { $0[key].flatMap(Self.kind) })
            guard kinds.count == 1, let only = kinds.first, let kind = only else {
                // Whole numbers and fractions together still fit one REAL column.
                if kinds == [.integer, .real] { columns.append(Column(key: key, kind: .real)) }
                continue
            }
            columns.append(Column(key: key, kind: kind))
        }
    }

    /// The SQL type a JSON value gets, or nil when it must stay in the JSON column.
    static func kind(of value: Any) -> Kind? {
        switch value {
        case is String: return .text
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c", "B": return nil  // true/false
            case "d", "f": return number.doubleValue.isFinite ? .real : nil
            default: return .integer
            }
        default: return nil
        }
    }

    /// One unit's values for the typed columns, in column order, and the JSON of the rest (nil when nothing is left).
    func split(_ attributes: [String: Any]) -> (typed: [DatabaseValue], rest: String?) {
        var rest = attributes
        var typed: [DatabaseValue] = []
        for column in columns {
            let value = rest.removeValue(forKey: column.key)
            switch (column.kind, value) {
            case (.text, let text as String): typed.append(text.databaseValue)
            case (.integer, let number as NSNumber): typed.append(number.int64Value.databaseValue)
            case (.real, let number as NSNumber): typed.append(number.doubleValue.databaseValue)
            default: typed.append(.null)
            }
        }
        guard !rest.isEmpty, let data = try? JSONSerialization.data(withJSONObject: rest, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return (typed, nil) }
        return (typed, String(decoding: data, as: UTF8.self))
    }

    /// A unit's attributes as a dictionary; text that is not a JSON object counts as none.
    static func parse(_ json: String) -> [String: Any] {
        guard let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }
}
