import Foundation
import GridAtlas
import GridDomain
import Hummingbird

/// Early warning (四级预警): the rule (read by anyone who reads, set by planners) and every
/// grid's level at a moment. Webhooks are added alongside (see WebhookRoutes).
extension AtlasServer {
    struct WarningRuleAnswer: Codable, Sendable {
        struct Level: Codable, Sendable {
            var level: Int
            var colour: String
            var colourZh: String
            var from: Double

            enum CodingKeys: String, CodingKey {
                case level, colour, from
                case colourZh = "colour_zh"
            }
        }

        var measure: String
        var windowHours: Double
        var matters: [String]?
        var departments: [String]?
        var thresholds: [Double]
        var levels: [Level]
        var isDefault: Bool
        var updatedAt: String?
        var updatedBy: String?

        init(_ rule: WarningRule) {
            measure = rule.measure.rawValue
            windowHours = rule.windowHours
            matters = rule.matters
            departments = rule.departments
            thresholds = rule.thresholds
            levels = zip(WarningLevel.allCases.dropFirst(), rule.thresholds).map {
                Level(level: $0.rawValue, colour: $0.colour, colourZh: $0.chineseName, from: $1)
            }
            isDefault = rule.updatedAt == nil
            updatedAt = rule.updatedAt.map(Dates.format)
            updatedBy = rule.updatedBy
        }

        enum CodingKeys: String, CodingKey {
            case measure, matters, departments, thresholds, levels
            case windowHours = "window_hours"
            case isDefault = "is_default"
            case updatedAt = "updated_at"
            case updatedBy = "updated_by"
        }
    }

    /// `PUT /warnings/rule`: the whole rule (leaving out `matters` or `departments` means all).
    struct WarningRuleBody: Decodable {
        var measure: String
        var windowHours: Double
        var matters: [String]?
        var departments: [String]?
        var thresholds: [Double]

        static let members: Set<String> = ["measure", "window_hours", "matters", "departments", "thresholds"]

        enum CodingKeys: String, CodingKey {
            case measure, matters, departments, thresholds
            case windowHours = "window_hours"
        }

        func rule() throws -> WarningRule {
            guard let measure = WarningMeasure(rawValue: measure) else {
                throw Problem.badParameter("measure", "unknown measure '\(self.measure)'; measures are \(WarningMeasure.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return WarningRule(measure: measure, windowHours: windowHours, matters: matters, departments: departments, thresholds: thresholds)
        }
    }

    func addWarningRoutes(to router: Router<AtlasRequestContext>) {
        let reads = router.group().add(middleware: RequireRole(role: readRole))
        reads.get("warnings") { request, _ -> Response in
            let query = QueryParameters(request)
            let at = try query.moment("at")
            let minimum = WarningLevel(rawValue: try query.int("min_level", in: 0...4) ?? 1) ?? .blue
            let warning = warnings.warning
            return try JSONResponse.make(try await bounded { try warning.board(at: at, minimum: minimum) })
        }
        reads.get("warnings/rule") { _, _ -> Response in
            try JSONResponse.make(WarningRuleAnswer(try warnings.warning.rule()))
        }

        let planners = router.group().add(middleware: RequireRole(role: .planner))
        planners.put("warnings/rule") { request, context -> Response in
            var request = request
            let data = Data(buffer: try await request.collectBody(upTo: 1 << 20))
            let body = try JSONBody.decode(WarningRuleBody.self, from: data, members: WarningRuleBody.members)
            let saved = try warnings.warning.setRule(try body.rule(), by: context.caller.keyId)
            context.logger.notice("warning rule set", metadata: ["measure": "\(saved.measure)", "thresholds": "\(saved.thresholds)"])
            // Recorded levels follow the new rule at once, off the request.
            let service = warnings
            Task { _ = try? service.sweep() }
            return try JSONResponse.make(WarningRuleAnswer(saved))
        }

        addWebhookRoutes(to: router)
    }
}

extension WarningRuleError: ProblemConvertible {
    var problem: Problem { .badParameter(field, message) }
}
