import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridPlanning
import GridStore
import Hummingbird

/// Drafts over HTTP: planners start, edit, undo and discard them; anyone who may read sees
/// their change log and reviews a change as GeoJSON (the units before and after it).
extension AtlasServer {
    struct ChangeAnswer: Codable, Sendable {
        var revision: Int
        var operation: String
        var summary: String
        var notes: [String]
        var saved: [String]
        var removed: [String]
        var actor: String
        var madeAt: String

        init(_ change: DraftChange) {
            revision = change.revision
            operation = change.operation
            summary = change.summary
            notes = change.notes
            saved = change.saved
            removed = change.removed
            actor = change.actor
            madeAt = Dates.format(change.madeAt)
        }

        enum CodingKeys: String, CodingKey {
            case revision, operation, summary, notes, saved, removed, actor
            case madeAt = "made_at"
        }
    }

    struct ChangeLogAnswer: Codable, Sendable {
        var generation: GenerationAnswer
        var changes: [ChangeAnswer]
    }

    struct NewDraftBody: Decodable {
        var name: String
        var from: String?
        var note: String?
    }

    func addDraftReadRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.get("drafts/:name/changes") { _, context -> Response in
            let name = context.parameters.get("name") ?? ""
            let generation = try atlas.generation(named: name, at: Date())
            return try JSONResponse.make(ChangeLogAnswer(generation: answer(generation), changes: try atlas.changes(of: name).map(ChangeAnswer.init)))
        }
        group.get("drafts/:name/changes/:revision") { _, context -> Response in
            let name = context.parameters.get("name") ?? ""
            guard let revision = context.parameters.get("revision").flatMap(Int.init), revision > 0 else {
                throw Problem.badParameter("revision", "must be a whole number from 1")
            }
            let review = try atlas.review(change: revision, of: name)
            return try JSONResponse.object(ChangeReview(change: review.change, before: review.before, after: review.after).featureCollection,
                                           contentType: "application/geo+json")
        }
    }

    func addDraftWriteRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.post("drafts") { request, context -> Response in
            var request = request
            let body = try JSONBody.decode(NewDraftBody.self, from: Data(buffer: try await request.collectBody(upTo: 64 * 1024)),
                                           members: ["name", "from", "note"])
            let draft = try atlas.createDraft(body.name, from: body.from, note: body.note, actor: actor(context))
            context.logger.notice("draft created", metadata: ["draft": "\(draft.name)", "key": "\(context.caller.keyId ?? "-")"])
            return try JSONResponse.make(answer(draft), status: .created)
        }
        group.delete("drafts/:name") { _, context -> Response in
            let name = context.parameters.get("name") ?? ""
            try atlas.discard(draft: name)
            context.logger.notice("draft discarded", metadata: ["draft": "\(name)", "key": "\(context.caller.keyId ?? "-")"])
            return Response(status: .noContent)
        }
        group.post("drafts/:name/edits") { request, context -> Response in
            let name = context.parameters.get("name") ?? ""
            var request = request
            let edit = try EditBody.edit(from: Data(buffer: try await request.collectBody(upTo: configuration.maxBodyBytes)))
            let atlas = self.atlas, who = actor(context)
            let change = try await BoundedWork.run(seconds: max(configuration.queryTimeoutSeconds, 120), gate: heavyWork) {
                try atlas.edit(draft: name, edit, actor: who)
            }
            context.logger.notice("draft edited", metadata: ["draft": "\(name)", "op": "\(change.operation)", "revision": "\(change.revision)"])
            return try JSONResponse.make(ChangeAnswer(change), status: .created)
        }
        group.post("drafts/:name/repairs") { request, context -> Response in
            let name = context.parameters.get("name") ?? ""
            var request = request
            let body = try JSONBody.decode(RepairBody.self, from: Data(buffer: try await request.collectBody(upTo: 64 * 1024)),
                                           members: ["op", "tolerance_m", "max_area_m2"])
            let repair = try body.repair()
            let atlas = self.atlas, who = actor(context)
            let change = try await BoundedWork.run(seconds: max(configuration.queryTimeoutSeconds, 300), gate: heavyWork) {
                do { return try atlas.repair(draft: name, repair, actor: who) } catch let invalid as TopologyTolerances.Invalid {
                    throw Problem.badParameter(invalid.name, invalid.description)
                }
            }
            context.logger.notice("draft repaired", metadata: ["draft": "\(name)", "op": "\(change.operation)", "revision": "\(change.revision)"])
            return try JSONResponse.make(ChangeAnswer(change), status: .created)
        }
        group.post("drafts/:name/undo") { _, context -> Response in
            let name = context.parameters.get("name") ?? ""
            let undone = try atlas.undo(draft: name)
            context.logger.notice("draft change undone", metadata: ["draft": "\(name)", "revision": "\(undone.revision)"])
            return try JSONResponse.make(ChangeAnswer(undone))
        }
    }

    /// `{"op":"snap","tolerance_m":0.5}`, `{"op":"fill-gaps","max_area_m2":50}` or `{"op":"make-valid"}`.
    struct RepairBody: Decodable {
        var op: String
        var toleranceM: Double?
        var maxAreaM2: Double?

        enum CodingKeys: String, CodingKey {
            case op
            case toleranceM = "tolerance_m"
            case maxAreaM2 = "max_area_m2"
        }

        func repair() throws -> DraftRepair {
            switch op {
            case "snap":
                guard let toleranceM else { throw Problem.badParameter("tolerance_m", "is required for op 'snap' (metres)") }
                return .snap(toleranceM: toleranceM)
            case "fill-gaps":
                guard let maxAreaM2 else { throw Problem.badParameter("max_area_m2", "is required for op 'fill-gaps' (m²)") }
                return .fillGaps(maxAreaM2: maxAreaM2)
            case "make-valid": return .makeValid
            default: throw Problem.badParameter("op", "'\(op)' is not a repair; use snap, fill-gaps or make-valid")
            }
        }
    }

    func actor(_ context: AtlasRequestContext) -> String {
        context.caller.keyId.map { "key:\($0)" } ?? "anonymous"
    }

    /// A generation as answered, with the name of the generation a draft started from.
    func answer(_ generation: Generation) throws -> GenerationAnswer {
        var answer = GenerationAnswer(generation, now: Date())
        if let base = generation.basedOn { answer.basedOn = try atlas.generations().first { $0.id == base }?.name }
        return answer
    }
}

extension EditError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .unknownUnit: Problem(.notFound, description, parameter: "code")
        case .codeTaken: Problem(.conflict, description)
        case .geos: Problem(.internalServerError, description)
        default: Problem(.unprocessableContent, description)
        }
    }
}
