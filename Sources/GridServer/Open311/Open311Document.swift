import Foundation
import GridAtlas
import GridDomain
import GridGeometry

/// Reports and matters in GeoReport v2's JSON shapes (field names as the spec writes them), plus
/// GridAtlas's own fields under `extended_attributes`, where Open311 clients keep extensions.
public enum Open311Document {
    static func service(_ matter: Matter, _ catalogue: Catalogue) -> [String: Any] {
        let department = catalogue.department(matter.department)
        var keywords = [matter.department] + matter.coDepartments
        if matter.batch > 1 { keywords.append("batch\(matter.batch)") }
        return [
            "service_code": matter.code,
            "service_name": matter.name,
            "description": "\(matter.name)（\(department?.name ?? matter.department)，\(matter.deadlineHours) 小时内处置）",
            "metadata": false,
            "type": "realtime",
            "keywords": keywords.joined(separator: ","),
            "group": department?.name ?? matter.department,
            "department": matter.department,
            "co_departments": matter.coDepartments,
            "lead": matter.lead,
            "deadline_hours": matter.deadlineHours,
        ]
    }

    /// A service definition: GridAtlas asks for no attributes beyond the core fields.
    static func definition(_ matter: Matter) -> [String: Any] {
        ["service_code": matter.code, "attributes": [] as [Any]]
    }

    /// One request. `staff` adds the reporter's contact details; `output` converts lat/long
    /// (Open311 speaks WGS84; a WeChat client may ask for gcj02 to put the pin where it sent it).
    public static func request(_ report: Report, catalogue: Catalogue, staff: Bool, output: CoordinateConverter?) -> [String: Any] {
        let matter = catalogue.matter(report.matterCode)
        let department = catalogue.department(report.department)
        var position = LonLat(report.lon, report.lat)
        if let output, let converted = try? output.fromWGS84(position) { position = converted }
        var object: [String: Any] = [
            "service_request_id": String(report.id),
            "status": report.state.open311Status,
            "status_notes": report.statusNotes ?? NSNull(),
            "service_name": matter?.name ?? report.matterCode,
            "service_code": report.matterCode,
            "description": report.description,
            "agency_responsible": department?.name ?? report.department,
            "service_notice": report.manualDispatch ? "outside the grids: the dispatch centre routes it by hand" : NSNull(),
            "requested_datetime": Dates.format(report.requestedAt),
            "updated_datetime": Dates.format(report.updatedAt),
            "expected_datetime": Dates.format(report.expectedAt),
            "address": report.address ?? NSNull(),
            "address_id": NSNull(),
            "zipcode": NSNull(),
            "lat": position.lat,
            "long": position.lon,
            "media_url": report.mediaURL ?? NSNull(),
            "extended_attributes": extended(report, staff: staff),
        ]
        if staff {
            object["email"] = report.email ?? NSNull()
            object["phone"] = report.phone ?? NSNull()
            object["device_id"] = report.deviceId ?? NSNull()
            object["first_name"] = report.firstName ?? NSNull()
            object["last_name"] = report.lastName ?? NSNull()
        }
        return object
    }

    static func extended(_ report: Report, staff: Bool) -> [String: Any] {
        let units = Tier.allCases.compactMap { tier in report.units[tier].map { ["tier": tier.rawValue, "code": $0] } }
        var object: [String: Any] = [
            "state": report.state.rawValue,
            "state_name": report.state.chineseName,
            "generation": report.generation,
            "location_status": report.locationStatus,
            "units": units,
            "grid": report.gridCode ?? NSNull(),
            "department": report.department,
            "worker": report.workerId.map { ["id": $0, "name": report.workerName ?? ""] } ?? NSNull(),
            "manual_dispatch": report.manualDispatch,
            "nearest_grid": report.nearestGrid ?? NSNull(),
            "duplicate_of": report.duplicateOf.map { String($0) } ?? NSNull(),
            "media_reused_by": report.mediaReusedBy.map { String($0) },
            "closed_datetime": report.closedAt.map(Dates.format) ?? NSNull(),
            "wgs84": [report.lon, report.lat],
            "input": ["x": report.inputX, "y": report.inputY, "crs": report.inputCRS],
        ]
        if staff {
            object["filed_by"] = report.filedBy ?? NSNull()
            object["source"] = report.source
            object["media_hash"] = report.mediaHash ?? NSNull()
        }
        return object
    }

    public static func event(_ event: CaseEvent) -> [String: Any] {
        [
            "from": event.from?.rawValue ?? NSNull(), "to": event.to.rawValue, "actor": event.actor, "role": event.role,
            "at": Dates.format(event.at), "note": event.note ?? NSNull(), "department": event.department ?? NSNull(),
            "worker_id": event.workerId ?? NSNull(),
        ]
    }
}
