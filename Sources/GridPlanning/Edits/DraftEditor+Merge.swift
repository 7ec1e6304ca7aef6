import GridDomain
import GridGeometry

extension DraftEditor {
    /// Joins siblings sharing edges into one unit: the survivor keeps its code, name and
    /// attributes, its area becomes the union, households and population the sums (unknown only
    /// when unknown for all). Units below the absorbed ones move under the survivor.
    func merge(_ codes: [String], into: String?) throws(EditError) -> EditOutcome {
        var seen = Set<String>()
        let codes = codes.filter { seen.insert($0).inserted }
        guard codes.count >= 2 else { throw .nothingToDo("name at least two units to merge") }
        let members = try codes.map { code throws(EditError) in try units.require(code) }
        let survivorCode = into ?? codes[0]
        guard let survivor = members.first(where: { $0.code == survivorCode }) else {
            throw .notSiblings("the unit to keep (\(survivorCode)) must be one of the merged units")
        }
        for member in members where member.tier != survivor.tier || member.parentCode != survivor.parentCode {
            throw .notSiblings("\(member.code) is a \(member.tier.rawValue) under \(member.parentCode ?? "-"), \(survivor.code) a \(survivor.tier.rawValue) under \(survivor.parentCode ?? "-")")
        }
        let geos = GEOSContext()
        return try Self.geosWork { () throws -> EditOutcome in
            var joined = try geos.geometry(survivor.geometry)
            for member in members where member.code != survivorCode {
                joined = try geos.union(joined, try geos.geometry(member.geometry))
            }
            let shape = geos.polygons(of: joined)
            guard shape.polygons.count == 1 else { throw EditError.notTouching(codes) }
            var merged = survivor
            merged.geometry = shape
            merged.households = Self.sum(members.map(\.households))
            merged.population = Self.sum(members.map(\.population))
            var changed: [String: AreaUnit] = [survivorCode: merged]
            var removed: [String] = []
            var notes: [String] = []
            for member in members where member.code != survivorCode {
                removed.append(member.code)
                notes.append("\(member.code) '\(member.name)' (\(Self.m2(Geodesic.wgs84.area(member.geometry)))\(member.households.map { ", \($0) households" } ?? "")) joins \(survivorCode)")
                let (moved, gone, childNotes) = try rehome(children: units.children(of: member.code), of: member, among: [merged],
                                                           geos: geos, reserved: Set(changed.keys))
                for child in moved { changed[child.code] = child }
                removed += gone
                notes += childNotes
            }
            notes.insert("\(survivorCode) '\(merged.name)' is now \(Self.m2(Geodesic.wgs84.area(shape)))\(merged.households.map { ", \($0) households" } ?? "")", at: 0)
            notes.append(Self.rosterNote(removed.filter { code in members.contains { $0.code == code } }))
            return EditOutcome(operation: "merge", summary: "merge \(codes.filter { $0 != survivorCode }.joined(separator: ", ")) into \(survivorCode)",
                               removed: removed, saved: changed.values.sorted { $0.code < $1.code }, notes: notes)
        }
    }

    static func sum(_ values: [Int?]) -> Int? {
        let known = values.compactMap { $0 }
        return known.isEmpty ? nil : known.reduce(0, +)
    }
}
