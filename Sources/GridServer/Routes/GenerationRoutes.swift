import Foundation
import GridAtlas
import GridDomain
import GridPlanning
import Hummingbird

/// Generations of boundaries: list them, ask which is in force at a moment, and (planner)
/// publish a draft from an effective date.
extension AtlasServer {
    struct GenerationAnswer: Codable, Sendable {
        var name: String
        var state: String
        var status: String
        var effectiveFrom: String?
        var effectiveTo: String?
        var createdAt: String
        var note: String?
        /// Changes in the generation's log (drafts count every edit).
        var revision: Int
        /// The generation a draft started from, when known.
        var basedOn: String?
        /// On publishing: the topology check's warnings (errors refuse the publish).
        var warnings: [String]?

        init(_ generation: Generation, now: Date) {
            name = generation.name
            state = generation.state.rawValue
            status = generation.status(at: now).rawValue
            // To the millisecond: the moment the generation in force changes, as it is kept.
            effectiveFrom = generation.effectiveFrom.map(Dates.formatExact)
            effectiveTo = generation.effectiveTo.map(Dates.formatExact)
            createdAt = Dates.format(generation.createdAt)
            note = generation.note
            revision = generation.revision
        }

        enum CodingKeys: String, CodingKey {
            case name, state, status, note, revision, warnings
            case basedOn = "based_on"
            case effectiveFrom = "effective_from"
            case effectiveTo = "effective_to"
            case createdAt = "created_at"
        }
    }

    func addGenerationReadRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.get("generations") { _, _ -> Response in
            let now = Date()
            return try JSONResponse.make(["generations": try atlas.generations().map { GenerationAnswer($0, now: now) }])
        }
        group.get("generations/in-force") { request, _ -> Response in
            let at = try QueryParameters(request).moment("at")
            return try JSONResponse.make(GenerationAnswer(try atlas.generation(named: nil, at: at), now: Date()))
        }
        group.get("generations/:name") { _, context -> Response in
            let name = try context.pathParameter("name")
            guard let generation = try atlas.generations().first(where: { $0.name == name }) else {
                throw Problem.notFound("no generation named '\(name)'", parameter: "name")
            }
            return try JSONResponse.make(GenerationAnswer(generation, now: Date()))
        }
    }

    func addGenerationWriteRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.post("generations/:name/activate") { request, context -> Response in
            let query = QueryParameters(request)
            let name = try context.pathParameter("name")
            guard query.string("effective_from") != nil else {
                throw Problem.badParameter("effective_from", "is required (a date or date-time, e.g. 2027-01-01)")
            }
            let (published, report) = try atlas.publishChecked(name, effectiveFrom: query.moment("effective_from"),
                                                               backdate: query.bool("backdate") ?? false)
            context.logger.notice("generation published", metadata: ["generation": "\(name)"])
            var answer = GenerationAnswer(published, now: Date())
            answer.warnings = report.problems.filter { $0.severity == .warning }.prefix(1000).map {
                "\($0.tier.rawValue) \($0.codes.joined(separator: ", ")): \($0.message)"
            }
            return try JSONResponse.make(answer)
        }
    }
}

extension PublishRefused: ProblemConvertible {
    var problem: Problem {
        var problem = Problem(.unprocessableContent, "cannot publish '\(name)': its topology check finds \(report.errorCount) error\(report.errorCount == 1 ? "" : "s"); fix them in the draft, then publish (GET /generations/\(name)/validation lists them with their places)")
        problem.errors = Array(errors.prefix(1000))
        return problem
    }
}
