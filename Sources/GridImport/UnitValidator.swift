import GridDomain
import GridGeometry

/// Checks how a set of units fits together before anything is stored: codes and tiers, the
/// parent chain, valid geometry (GEOS's reason and location), children inside their parents and
/// siblings not overlapping, both within an area tolerance, so that every point has one answer.
public struct UnitValidator {
    /// Spills and overlaps up to this many m² are accepted (digitising noise along shared edges).
    public var toleranceM2: Double

    public init(toleranceM2: Double = 1.0) {
        self.toleranceM2 = toleranceM2
    }

    /// - Parameters:
    ///   - reads: the units being imported, in file order.
    ///   - existing: units already in the target generation (a draft being added to).
    public func validate(_ reads: [UnitFeatureReader.Read], existing: [AreaUnit] = []) throws(ImportRejected) {
        var problems: [ImportProblem] = []
        func report(_ read: UnitFeatureReader.Read, _ field: String, _ reason: String) {
            problems.append(ImportProblem(source: read.source, location: read.location, code: read.unit.code, field: field, reason: reason))
        }

        // Codes, tiers, duplicates.
        var firstByCode: [String: UnitFeatureReader.Read] = [:]
        // Units refused for their own code or tier: their children are told so, not "missing parent".
        var refused: [String: UnitFeatureReader.Read] = [:]
        let existingByCode = Dictionary(existing.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var usable: [UnitFeatureReader.Read] = []
        for read in reads {
            let unit = read.unit
            do { try UnitCode.check(unit.code, declared: unit.tier) } catch {
                report(read, read.field("tier"), error.description)
                refused[unit.code] = refused[unit.code] ?? read
                continue
            }
            if let earlier = firstByCode[unit.code] {
                report(read, read.field("code"), "duplicate code: \(earlier.source) \(earlier.location) has it too")
                continue
            }
            if existingByCode[unit.code] != nil {
                report(read, read.field("code"), "duplicate code: the generation already holds a unit with this code")
                continue
            }
            firstByCode[unit.code] = read
            usable.append(read)
        }

        // Parents: the code must extend the parent's, the parent must exist, one tier up.
        func tierOf(_ code: String) -> Tier? { firstByCode[code]?.unit.tier ?? existingByCode[code]?.tier }
        var parentOK = Set<String>()
        for read in usable {
            let unit = read.unit
            guard let expected = unit.tier.parent else {
                if let declared = read.declaredParent, !declared.isEmpty {
                    report(read, read.field("parent"), "a district has no parent, but '\(declared)' was given")
                }
                continue
            }
            guard let parent = unit.parentCode, !parent.isEmpty else {
                report(read, read.field("parent"), "missing parent: a \(unit.tier.rawValue) needs a \(expected.rawValue)")
                continue
            }
            guard unit.code.hasPrefix(parent) else {
                report(read, read.field("parent"), "code \(unit.code) does not extend its parent's code \(parent)")
                continue
            }
            guard let parentTier = tierOf(parent) else {
                if let parentRead = refused[parent] {
                    report(read, read.field("parent"), "parent \(parent) is refused itself (\(parentRead.source) \(parentRead.location))")
                } else {
                    report(read, read.field("parent"), "missing parent: no unit with code \(parent) in this import or generation")
                }
                continue
            }
            guard parentTier == expected else {
                report(read, read.field("parent"),
                       "tier order broken: a \(unit.tier.rawValue)'s parent must be a \(expected.rawValue), but \(parent) is a \(parentTier.rawValue)")
                continue
            }
            parentOK.insert(unit.code)
        }

        // Geometry, with one GEOS context for the whole check.
        let geos = GEOSContext()
        var shapes: [String: GEOSGeometry] = [:]
        for read in usable {
            do {
                let g = try geos.geometry(read.unit.geometry)
                switch geos.validity(of: g) {
                case .valid:
                    // A valid ring can still enclose nothing: typically coordinates read in the wrong CRS.
                    let area = Geodesic.wgs84.area(read.unit.geometry)
                    guard area >= 1 else {
                        report(read, "geometry", "the unit has no area (\(Self.format(area)) m²): are the coordinates really in the declared CRS?")
                        continue
                    }
                    shapes[read.unit.code] = g
                case .invalid(let reason, let location):
                    report(read, "geometry", "invalid geometry: \(reason)\(location.map { " at \($0)" } ?? "")")
                }
            } catch {
                report(read, "geometry", "invalid geometry: \(error.message)")
            }
        }
        for unit in existing where shapes[unit.code] == nil {
            if let g = try? geos.geometry(unit.geometry) { shapes[unit.code] = g }
        }

        // Children inside their parents.
        var prepared: [String: PreparedGeometry] = [:]
        for read in usable where parentOK.contains(read.unit.code) {
            guard let child = shapes[read.unit.code], let parentCode = read.unit.parentCode, let parent = shapes[parentCode] else { continue }
            do {
                if prepared[parentCode] == nil { prepared[parentCode] = try geos.prepare(parent) }
                if try geos.covers(prepared[parentCode]!, child) { continue }
                let spill = try geos.difference(child, parent)
                let area = Geodesic.wgs84.area(geos.polygons(of: spill))
                if area > toleranceM2 {
                    let near = geos.pointOnSurface(spill).map { " near \($0)" } ?? ""
                    report(read, "geometry", "spills outside its parent \(parentCode) by \(Self.format(area)) m²\(near) (tolerance \(Self.format(toleranceM2)) m²)")
                }
            } catch {
                report(read, "geometry", "cannot compare with parent \(parentCode): \(error.message)")
            }
        }

        // Siblings must not overlap: a sweep over bounding boxes, then GEOS on the pairs that meet.
        var siblings: [String: [(code: String, read: UnitFeatureReader.Read?, box: BoundingBox)]] = [:]
        for read in usable where shapes[read.unit.code] != nil {
            siblings[read.unit.parentCode ?? "", default: []].append((read.unit.code, read, read.unit.geometry.bounds))
        }
        for unit in existing where shapes[unit.code] != nil && siblings[unit.parentCode ?? ""] != nil {
            siblings[unit.parentCode ?? "", default: []].append((unit.code, nil, unit.geometry.bounds))
        }
        for (_, group) in siblings.sorted(by: { $0.key < $1.key }) {
            let sorted = group.sorted { $0.box.minLon < $1.box.minLon }
            for i in sorted.indices {
                var j = i + 1
                while j < sorted.count && sorted[j].box.minLon <= sorted[i].box.maxLon {
                    defer { j += 1 }
                    let a = sorted[i], b = sorted[j]
                    guard a.read != nil || b.read != nil, a.box.intersects(b.box),
                          let ga = shapes[a.code], let gb = shapes[b.code] else { continue }
                    do {
                        guard try geos.interiorsIntersect(ga, gb) else { continue }
                        let overlap = try geos.intersection(ga, gb)
                        let area = Geodesic.wgs84.area(geos.polygons(of: overlap))
                        guard area > toleranceM2 else { continue }
                        let (reported, other) = b.read != nil ? (b, a) : (a, b)
                        let near = geos.pointOnSurface(overlap).map { " near \($0)" } ?? ""
                        report(reported.read!, "geometry",
                               "overlaps sibling \(other.code) by \(Self.format(area)) m²\(near) (tolerance \(Self.format(toleranceM2)) m²)")
                    } catch {
                        report((b.read ?? a.read)!, "geometry", "cannot compare with sibling: \(error.message)")
                    }
                }
            }
        }
        guard problems.isEmpty else { throw ImportRejected(problems) }
    }

    static func format(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String((value * 100).rounded() / 100)
    }
}
