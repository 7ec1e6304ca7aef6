import Foundation

/// One try at a delivery: the HTTP status when an answer came, else what went wrong.
public struct WebhookAttempt: Sendable, Equatable {
    public var number: Int
    public var startedAt: Date
    public var durationMs: Double
    public var status: Int?
    public var error: String?

    public init(number: Int, startedAt: Date, durationMs: Double, status: Int?, error: String?) {
        self.number = number
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.status = status
        self.error = error
    }

    public var succeeded: Bool { status.map { (200..<300).contains($0) } ?? false }
}
