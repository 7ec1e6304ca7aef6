import Foundation

/// The seam between the dispatcher and the network: POSTs a body and gives back the HTTP
/// status. Tests can put a fake here; the server uses ``URLSessionTransport``.
public protocol WebhookTransport: Sendable {
    /// Throws when no answer came (refused, unreachable, timed out, cancelled).
    func post(_ url: URL, body: Data, headers: [String: String], timeout: TimeInterval) async throws -> Int
}
