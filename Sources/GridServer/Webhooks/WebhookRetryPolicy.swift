import Foundation

/// When a failed delivery is tried again: after attempt n fails (no answer, or not 2xx), wait
/// `baseDelay × 2^(n−1)`, at most `maxDelay`, until `attempts` have been made. The defaults
/// (6 attempts, 10 s base) spread retries over about five minutes: a receiver restarting or a
/// network blip is ridden out, a receiver gone for good does not pile up work.
public struct WebhookRetryPolicy: Sendable, Equatable {
    public var attempts: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval

    public init(attempts: Int = 6, baseDelay: TimeInterval = 10, maxDelay: TimeInterval = 3600) {
        self.attempts = attempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait after attempt `number` (1-based) failed.
    public func delay(afterAttempt number: Int) -> TimeInterval {
        min(maxDelay, baseDelay * pow(2, Double(max(0, min(number - 1, 30)))))
    }
}
