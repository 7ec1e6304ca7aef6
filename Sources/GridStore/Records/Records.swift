import Foundation
import GRDB
import GridDomain
import GridGeometry

/// Rows as plain structs, one per table; columns in snake_case, moments as Unix seconds so that
/// SQL can compare them directly.
protocol StoredRecord: Codable, FetchableRecord, PersistableRecord {}

extension StoredRecord {
    static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
    static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
}

struct GenerationRecord: StoredRecord {
    static let databaseTableName = "generation"
    var id: Int64?
    var name: String
    var state: String
    var effectiveFrom: Date?
    var effectiveTo: Date?
    var createdAt: Date
    var note: String?
    var baseId: Int64?
    var revision: Int = 0

    var generation: Generation {
        Generation(id: id ?? 0, name: name, state: Generation.State(rawValue: state) ?? .draft,
                   effectiveFrom: effectiveFrom, effectiveTo: effectiveTo, createdAt: createdAt, note: note,
                   basedOn: baseId, revision: revision)
    }
}

struct UnitRecord: StoredRecord {
    static let databaseTableName = "unit"
    var generationId: Int64
    var code: String
    var tier: String
    var name: String
    var parentCode: String?
    var households: Int?
    var population: Int?
    var attributes: String
    /// Well-Known Binary, WGS84 lon/lat.
    var geometry: Data
    var vertexCount: Int
    var minLon: Double
    var minLat: Double
    var maxLon: Double
    var maxLat: Double
    /// Geodesic area on the WGS84 ellipsoid.
    var areaM2: Double

    init(_ unit: AreaUnit, generationId: Int64) {
        self.generationId = generationId
        code = unit.code
        tier = unit.tier.rawValue
        name = unit.name
        parentCode = unit.parentCode
        households = unit.households
        population = unit.population
        attributes = unit.attributesJSON
        geometry = WKB.data(unit.geometry)
        vertexCount = unit.geometry.vertexCount
        let box = unit.geometry.bounds
        minLon = box.minLon
        minLat = box.minLat
        maxLon = box.maxLon
        maxLat = box.maxLat
        areaM2 = Geodesic.wgs84.area(unit.geometry)
    }

    /// Inserts many units through one prepared statement, each row the one ``init(_:generationId:)``
    /// and `insert` would write, without encoding a record per row: an import of 21,000 units
    /// spent more time in the record's encoder than in SQLite.
    static func insert(_ units: [AreaUnit], areasM2: [Double]?, generationId: Int64, _ db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT INTO unit (generation_id, code, tier, name, parent_code, households, population, attributes, geometry,
                              vertex_count, min_lon, min_lat, max_lon, max_lat, area_m2)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (k, unit) in units.enumerated() {
            let box = unit.geometry.bounds
            let area = areasM2?[k] ?? Geodesic.wgs84.area(unit.geometry)
            try statement.execute(arguments: [
                generationId, unit.code, unit.tier.rawValue, unit.name, unit.parentCode, unit.households, unit.population,
                unit.attributesJSON, WKB.data(unit.geometry), unit.geometry.vertexCount,
                box.minLon, box.minLat, box.maxLon, box.maxLat, area,
            ])
        }
    }

    func unit() throws -> AreaUnit {
        try Self.areaUnit(code: code, tier: tier, name: name, parentCode: parentCode, households: households, population: population,
                          attributes: attributes, geometry: geometry)
    }

    /// A unit from its stored columns: the tier checked, the WKB decoded.
    static func areaUnit(code: String, tier: String, name: String, parentCode: String?, households: Int?, population: Int?,
                         attributes: String, geometry: Data) throws -> AreaUnit {
        guard let known = Tier(rawValue: tier) else { throw StoreError.corrupt("unit \(code) has unknown tier \(tier)") }
        return AreaUnit(code: code, tier: known, name: name, parentCode: parentCode, geometry: try WKB.decode([UInt8](geometry)),
                        households: households, population: population, attributesJSON: attributes)
    }
}

struct RosterRecord: StoredRecord {
    static let databaseTableName = "roster_entry"
    var workerId: String
    var name: String
    var phone: String
    var role: String
    var unitCode: String
    var validFrom: Date?
    var validTo: Date?

    init(_ entry: RosterEntry) {
        workerId = entry.workerId
        name = entry.name
        phone = entry.phone
        role = entry.role.rawValue
        unitCode = entry.unitCode
        validFrom = entry.validFrom
        validTo = entry.validTo
    }

    var entry: RosterEntry? {
        RosterEntry.Role(rawValue: role).map {
            RosterEntry(workerId: workerId, name: name, phone: phone, role: $0, unitCode: unitCode, validFrom: validFrom, validTo: validTo)
        }
    }
}
