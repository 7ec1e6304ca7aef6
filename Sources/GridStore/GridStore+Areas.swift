import GRDB

extension GridStore {
    /// Each unit's geodesic area as computed at import (`Geodesic.wgs84.area`), by code: reading
    /// it back spares recomputing a city's areas (2.6 M edges, seconds) when a generation is opened
    /// for boundary questions.
    public func unitAreas(inGeneration id: Int64) throws -> [String: Double] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT code, area_m2 FROM unit WHERE generation_id = ?", arguments: [id])
            var areas: [String: Double] = [:]
            areas.reserveCapacity(rows.count)
            for row in rows { areas[row["code"]] = row["area_m2"] }
            return areas
        }
    }
}
