import Foundation
import GridDomain
import GridGeometry
import GridStore

/// One change laid out for review on a map: the units it replaced or removed as they were
/// (`side: before`) and the units it wrote as they are now (`side: after`), with the change
/// itself as a foreign member of the FeatureCollection.
struct ChangeReview {
    var change: DraftChange
    var before: [AreaUnit]
    var after: [AreaUnit]

    var featureCollection: [String: Any] {
        let features = before.map { feature($0, side: "before") } + after.map { feature($0, side: "after") }
        return [
            "type": "FeatureCollection",
            "change": [
                "revision": change.revision, "operation": change.operation, "summary": change.summary, "notes": change.notes,
                "saved": change.saved, "removed": change.removed, "actor": change.actor, "made_at": Dates.format(change.madeAt),
            ] as [String: Any],
            "features": features,
        ]
    }

    private func feature(_ unit: AreaUnit, side: String) -> [String: Any] {
        var properties: [String: Any] = ["side": side, "code": unit.code, "name": unit.name, "tier": unit.tier.rawValue,
                                         "area_m2": (Geodesic.wgs84.area(unit.geometry) * 100).rounded() / 100]
        if let parent = unit.parentCode { properties["parent"] = parent }
        if let households = unit.households { properties["households"] = households }
        if let population = unit.population { properties["population"] = population }
        let geometry = (try? JSONSerialization.jsonObject(with: Data(GeoJSONGeometry.text(unit.geometry, decimals: 7).utf8))) ?? NSNull()
        return ["type": "Feature", "id": "\(side):\(unit.code)", "properties": properties, "geometry": geometry]
    }
}
