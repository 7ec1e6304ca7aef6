import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridStore
import Hummingbird

/// Open311 GeoReport v2, JSON format, under `/open311/v2`: services (the catalogue's matters),
/// service definitions, posting a request, listing requests and reading one. Field names and the
/// error shape follow the spec, so existing clients work unchanged; GridAtlas adds `crs` (the
/// device's coordinate system: gcj02 for WeChat) and `requested_datetime` (terminals syncing late).
extension AtlasServer {
    func addOpen311Routes(to router: Router<AtlasRequestContext>) {
        let open311 = router.group("open311/v2").add(middleware: Open311Errors()).add(middleware: Open311Key(keyRing: keyRing))
        // The catalogue is what a citizen app shows first: readable by citizens' keys when reads are keyed.
        let catalogue = open311.group().add(middleware: RequireRole(role: readRole == nil ? nil : .citizen))
        catalogue.get("services.json") { _, _ -> Response in
            let current = try desk.catalogue()
            return try JSONResponse.object(current.matters.map { Open311Document.service($0, current) })
        }
        catalogue.get("services/{service_code}.json") { _, context -> Response in
            let code = try context.pathParameter("service_code")
            guard let matter = try desk.catalogue().matter(code) else {
                throw Problem.notFound("no service with service_code '\(code)' (see services.json)", parameter: "service_code")
            }
            return try JSONResponse.object(Open311Document.definition(matter))
        }
        let filers = open311.group().add(middleware: RequireRole(role: .citizen))
        filers.post("requests.json") { request, context -> Response in
            let form = try await Open311Form.read(request)
            let draft = try Self.draft(form)
            let actor = try Self.actor(context.caller)
            // Locating is microseconds (done here); the write is queued for the next group commit.
            let report = try await desk.file(draft, by: actor)
            Telemetry.reportsFiled.increment()
            var answer: [String: Any] = ["service_request_id": String(report.id), "account_id": NSNull(),
                                         "service_notice": report.manualDispatch ? "outside the grids: the dispatch centre routes it by hand" : NSNull()]
            answer["extended_attributes"] = Open311Document.extended(report, staff: actor.isStaff)
            return try JSONResponse.object([answer], status: .created, sorted: false)
        }
        filers.get("requests.json") { request, context -> Response in
            let query = QueryParameters(request)
            let actor = try Self.actor(context.caller)
            let (filter, page, size) = try Self.requestFilter(query)
            let output = try query.crs()
            let catalogue = try desk.catalogue()
            let objects = try await bounded { [desk] in
                let reports = try desk.reports(filter, page: page, pageSize: size, for: actor)
                return try ConverterPool.shared.with(output) { converter in
                    JSONBox(reports.map { Open311Document.request($0, catalogue: catalogue, staff: actor.isStaff, output: converter) })
                }
            }
            return try JSONResponse.object(objects.value, sorted: false)
        }
        filers.get("requests/{service_request_id}.json") { request, context -> Response in
            let text = try context.pathParameter("service_request_id")
            guard let id = Int64(text) else { throw Problem.notFound("no request with service_request_id '\(text)'", parameter: "service_request_id") }
            let actor = try Self.actor(context.caller)
            let report = try desk.report(id: id, for: actor)
            let object = try ConverterPool.shared.with(try QueryParameters(request).crs()) { converter in
                Open311Document.request(report, catalogue: try desk.catalogue(), staff: actor.isStaff, output: converter)
            }
            return try JSONResponse.object([object], sorted: false)
        }
    }

    static func actor(_ caller: Caller) throws -> CaseActor {
        guard let id = caller.keyId, let role = caller.role else { throw Problem.unauthorized("this route needs an API key") }
        return CaseActor(id: id, role: role)
    }

    static func draft(_ form: Open311Form) throws -> ReportDraft {
        let crs: CRS
        do { crs = try CRS(parsing: form.string("crs") ?? "wgs84") } catch { throw Problem.badParameter("crs", error.description) }
        let lat = try form.number("lat"), long = try form.number("long")
        if (lat == nil) != (long == nil) {
            throw Problem.badParameter(lat == nil ? "lat" : "long", "is required with \(lat == nil ? "long" : "lat")")
        }
        var draft = ReportDraft(matterCode: form.string("service_code") ?? "", description: form.string("description") ?? "",
                                position: lat.flatMap { lat in long.map { LonLat($0, lat) } }, crs: crs)
        draft.address = form.string("address_string")
        draft.mediaURL = form.string("media_url")
        draft.mediaHash = form.string("media_hash")
        draft.email = form.string("email")
        draft.phone = form.string("phone")
        draft.deviceId = form.string("device_id")
        draft.firstName = form.string("first_name")
        draft.lastName = form.string("last_name")
        draft.source = form.string("source")
        if let text = form.string("requested_datetime") {
            guard let date = Dates.parse(text) else {
                throw Problem.badParameter("requested_datetime", "'\(text)' is not an ISO 8601 date-time (e.g. 2026-03-01T09:30:00+08:00)")
            }
            draft.requestedAt = date
        }
        return draft
    }

    /// GET requests.json's parameters. Without ids or dates the spec's default applies: the last
    /// `defaultDays` days (90; nil for no default, as the work queue wants).
    static func requestFilter(_ query: QueryParameters, defaultDays: Double? = 90) throws -> (ReportFilter, page: Int, size: Int) {
        var filter = ReportFilter()
        if let ids = query.string("service_request_id") {
            filter.ids = try ids.split(separator: ",").map { part in
                guard let id = Int64(part.trimmingCharacters(in: .whitespaces)) else {
                    throw Problem.badParameter("service_request_id", "'\(part)' is not a request id")
                }
                return id
            }
        }
        if let codes = query.string("service_code") { filter.matters = codes.split(separator: ",").map(String.init) }
        var states: Set<CaseState> = []
        if let statuses = query.string("status") {
            for status in statuses.split(separator: ",") {
                switch status {
                case "open": states.formUnion(CaseState.allCases.filter(\.isOpen))
                case "closed": states.formUnion(CaseState.allCases.filter { !$0.isOpen })
                default: throw Problem.badParameter("status", "'\(status)' is not open or closed")
                }
            }
        }
        if let detailed = query.string("state") {
            for name in detailed.split(separator: ",") {
                guard let state = CaseState(rawValue: String(name)) else {
                    throw Problem.badParameter("state", "'\(name)' is not a state; states are \(CaseState.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                states.insert(state)
            }
        }
        if !states.isEmpty { filter.states = CaseState.allCases.filter(states.contains) }
        if let department = query.string("department") { filter.departments = department.split(separator: ",").map(String.init) }
        if query.string("start_date") != nil { filter.from = try query.moment("start_date") }
        if query.string("end_date") != nil { filter.to = try query.moment("end_date") }
        if let from = filter.from, let to = filter.to, from >= to { throw Problem.badParameter("end_date", "must be after start_date") }
        if let ids = filter.ids {
            // The spec: with service_request_id, the other parameters are ignored.
            filter = ReportFilter(ids: ids)
        } else if filter.from == nil && filter.to == nil, let defaultDays {
            filter.from = Date().addingTimeInterval(-defaultDays * 86400)
        }
        let page = try query.int("page", in: 1...1_000_000) ?? 1
        let size = try query.int("page_size", in: 1...1000) ?? 100
        return (filter, page, size)
    }
}

/// Lets a JSON-shaped answer built off the event loop cross back to it.
struct JSONBox: @unchecked Sendable {
    let value: Any
    init(_ value: Any) { self.value = value }
}
