import Foundation
import GridAtlas
import GridDomain
import GridStore
import Hummingbird

/// The dispatch centre's side of reports: a case with its history, moving it through its life,
/// the work queue, and the catalogue (read by all, imported by planners).
extension AtlasServer {
    /// Routes for any key holder: what a case may do is the desk's rule (citizens reopen their own).
    func addCaseRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.get("cases") { request, context -> Response in
            let query = QueryParameters(request)
            let actor = try Self.actor(context.caller)
            var (filter, page, size) = try Self.requestFilter(query, defaultDays: nil)
            if let tier = try query.tier(), let code = query.string("unit") { filter.unit = (tier, code) }
            let catalogue = try desk.catalogue()
            let answer = try await bounded { [desk, filter, page, size] in
                let reports = try desk.reports(filter, page: page, pageSize: size, for: actor)
                let total = try desk.count(filter, for: actor)
                return JSONBox(["total": total, "page": page, "page_size": size,
                                "cases": reports.map { Open311Document.request($0, catalogue: catalogue, staff: actor.isStaff, output: nil) }] as [String: Any])
            }
            return try JSONResponse.object(answer.value)
        }
        group.get("cases/:id") { _, context -> Response in
            let id = try Self.caseId(context)
            let actor = try Self.actor(context.caller)
            let report = try desk.report(id: id, for: actor)
            let history = try desk.history(id: id, for: actor)
            return try JSONResponse.object(Self.caseDocument(report, history, catalogue: try desk.catalogue(), actor: actor))
        }
        group.post("cases/:id/transitions") { request, context -> Response in
            let id = try Self.caseId(context)
            let actor = try Self.actor(context.caller)
            let move = try await Self.move(request)
            let report = try await bounded { [desk] in try desk.move(id, move, by: actor) }
            Telemetry.caseMoves.increment()
            let history = try desk.history(id: id, for: actor)
            return try JSONResponse.object(Self.caseDocument(report, history, catalogue: try desk.catalogue(), actor: actor))
        }
    }

    func addCatalogueReadRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.get("catalogue") { _, _ -> Response in
            let current = try desk.catalogue()
            return try JSONResponse.object([
                "version": current.version,
                "departments": current.departments.map { ["code": $0.code, "name": $0.name, "name_en": $0.nameEn] },
                "matters": current.matters.map {
                    ["code": $0.code, "name": $0.name, "department": $0.department, "co_departments": $0.coDepartments,
                     "lead": $0.lead, "deadline_hours": $0.deadlineHours, "batch": $0.batch] as [String: Any]
                },
            ] as [String: Any])
        }
    }

    /// `POST /catalogue`: `{"departments": "<csv>", "matters": "<csv>", "note": "..."}`, a new version.
    func addCatalogueWriteRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.post("catalogue") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: configuration.maxBodyBytes)
            let object = try JSONBody.object(Data(body.readableBytesView), example: " with departments and matters (CSV text)")
            guard let departments = object["departments"] as? String else { throw Problem.badParameter("departments", "CSV text is required") }
            guard let matters = object["matters"] as? String else { throw Problem.badParameter("matters", "CSV text is required") }
            let saved = try desk.importCatalogue(departments: ("departments", Data(departments.utf8)), matters: ("matters", Data(matters.utf8)),
                                                 note: object["note"] as? String)
            return try JSONResponse.object(["version": saved.version, "departments": saved.departments.count, "matters": saved.matters.count],
                                           status: .created)
        }
    }

    static func caseId(_ context: AtlasRequestContext) throws -> Int64 {
        let text = try context.pathParameter("id")
        guard let id = Int64(text) else { throw Problem.notFound("no case with id '\(text)'", parameter: "id") }
        return id
    }

    /// `{"to": "dispatched", "note": "...", "department": "urban", "worker_id": "W00012"}`.
    static func move(_ request: Request) async throws -> CaseMove {
        var request = request
        let body = try await request.collectBody(upTo: Open311Form.maxBytes)
        let object = try JSONBody.object(Data(body.readableBytesView), example: " such as {\"to\": \"accepted\", \"note\": \"...\"}")
        guard let to = object["to"] as? String else { throw Problem.badParameter("to", "the state to move to is required") }
        guard let state = CaseState(rawValue: to) else {
            throw Problem.badParameter("to", "'\(to)' is not a state; states are \(CaseState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for name in ["note", "department", "worker_id"] where object[name] != nil && !(object[name] is String) {
            throw Problem.badParameter(name, "expected text")
        }
        return CaseMove(to: state, note: object["note"] as? String, department: object["department"] as? String,
                        workerId: object["worker_id"] as? String)
    }

    static func caseDocument(_ report: Report, _ history: [CaseEvent], catalogue: Catalogue, actor: CaseActor) -> [String: Any] {
        var object = Open311Document.request(report, catalogue: catalogue, staff: actor.isStaff, output: nil)
        object["history"] = history.map(Open311Document.event)
        object["allowed_next"] = report.state.next.map(\.rawValue)
        return object
    }
}

extension ReportError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .noCatalogue: return Problem(.serviceUnavailable, description)
        case .notFound: return Problem(.notFound, description, parameter: field)
        case .illegalTransition(_, let from, _):
            var problem = Problem(.conflict, description, parameter: "to")
            problem.extensions["allowed"] = from.next.map(\.rawValue)
            return problem
        case .notPermitted: return Problem(.forbidden, description, parameter: "to")
        default: return Problem(.badRequest, description, parameter: field)
        }
    }
}
