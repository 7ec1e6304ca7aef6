import Foundation
import GridAtlas
import GridDomain
import GridStore
import Hummingbird

/// Webhook subscriptions (dispatcher and above): make, list, remove, and each one's deliveries
/// with every attempt. The secret is answered once, when the subscription is made.
extension AtlasServer {
    struct WebhookAnswer: Codable, Sendable {
        var id: String
        var url: String
        var events: [String]
        var grids: [String]?
        var description: String?
        var createdAt: String
        var createdBy: String?
        var removedAt: String?
        /// Only in the answer to `POST /webhooks`.
        var secret: String?

        init(_ subscription: WebhookSubscription, secret: String? = nil) {
            id = subscription.id
            url = subscription.url
            events = subscription.events.map(\.rawValue)
            grids = subscription.grids
            description = subscription.description
            createdAt = Dates.format(subscription.createdAt)
            createdBy = subscription.createdBy
            removedAt = subscription.removedAt.map(Dates.format)
            self.secret = secret
        }

        enum CodingKeys: String, CodingKey {
            case id, url, events, grids, description, secret
            case createdAt = "created_at"
            case createdBy = "created_by"
            case removedAt = "removed_at"
        }
    }

    struct DeliveryAnswer: Codable, Sendable {
        struct Attempt: Codable, Sendable {
            var number: Int
            var startedAt: String
            var durationMs: Double
            var status: Int?
            var error: String?

            enum CodingKeys: String, CodingKey {
                case number, status, error
                case startedAt = "started_at"
                case durationMs = "duration_ms"
            }
        }

        var id: Int64
        var eventId: String
        var event: String
        var grid: String?
        var state: String
        var createdAt: String
        var nextAttemptAt: String?
        var finishedAt: String?
        var attemptCount: Int
        var attempts: [Attempt]

        init(_ delivery: WebhookDelivery) {
            id = delivery.id
            eventId = delivery.eventId
            event = delivery.event.rawValue
            grid = delivery.grid
            state = delivery.state.rawValue
            createdAt = Dates.format(delivery.createdAt)
            nextAttemptAt = delivery.nextAttemptAt.map(Dates.format)
            finishedAt = delivery.finishedAt.map(Dates.format)
            attemptCount = delivery.attempts.count
            attempts = delivery.attempts.map {
                Attempt(number: $0.number, startedAt: Dates.format($0.startedAt), durationMs: ($0.durationMs * 10).rounded() / 10,
                        status: $0.status, error: $0.error)
            }
        }

        enum CodingKeys: String, CodingKey {
            case id, event, grid, state, attempts
            case eventId = "event_id"
            case createdAt = "created_at"
            case nextAttemptAt = "next_attempt_at"
            case finishedAt = "finished_at"
            case attemptCount = "attempt_count"
        }
    }

    struct WebhookBody: Decodable {
        var url: String
        var events: [String]
        var grids: [String]?
        var secret: String?
        var description: String?

        static let members: Set<String> = ["url", "events", "grids", "secret", "description"]
    }

    func addWebhookRoutes(to router: Router<AtlasRequestContext>) {
        let dispatchers = router.group().add(middleware: RequireRole(role: .dispatcher))
        dispatchers.post("webhooks") { request, context -> Response in
            var request = request
            let data = Data(buffer: try await request.collectBody(upTo: 4 << 20))
            let body = try JSONBody.decode(WebhookBody.self, from: data, members: WebhookBody.members)
            let made = try warnings.webhooks.subscribe(url: body.url, events: body.events, grids: body.grids, secret: body.secret,
                                                       description: body.description, by: context.caller.keyId)
            context.logger.notice("webhook created", metadata: ["webhook": "\(made.subscription.id)", "url": "\(made.subscription.url)"])
            var response = try JSONResponse.make(WebhookAnswer(made.subscription, secret: made.secret), status: .created)
            response.headers[.location] = "/webhooks/\(made.subscription.id)"
            return response
        }
        dispatchers.get("webhooks") { _, _ -> Response in
            try JSONResponse.make(["webhooks": try warnings.webhooks.list().map { WebhookAnswer($0) }])
        }
        dispatchers.delete("webhooks/:id") { _, context -> Response in
            let id = try context.pathParameter("id")
            let removed = try warnings.webhooks.remove(id: id)
            context.logger.notice("webhook removed", metadata: ["webhook": "\(id)"])
            return try JSONResponse.make(WebhookAnswer(removed))
        }
        dispatchers.get("webhooks/:id/deliveries") { request, context -> Response in
            let id = try context.pathParameter("id")
            let limit = try QueryParameters(request).int("limit", in: 1...1000) ?? 100
            let deliveries = try warnings.webhooks.deliveries(of: id, limit: limit)
            struct Answer: Encodable {
                var webhook: String
                var deliveries: [DeliveryAnswer]
            }
            return try JSONResponse.make(Answer(webhook: id, deliveries: deliveries.map(DeliveryAnswer.init)))
        }
    }
}

extension WebhookError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .badField(let field, let message): .badParameter(field, message)
        case .notFound: Problem(.notFound, description, parameter: "id")
        }
    }
}
