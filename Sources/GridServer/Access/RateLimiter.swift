import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// Requests per second each API key, and each address calling without a key, may make: a token
/// bucket per caller that holds two seconds' worth, so a client may burst briefly but not keep
/// above its rate. Over it, 429 with `Retry-After`. Off (0) unless configured: on loopback one
/// address is every client (benchmarks, a reverse proxy), which only the operator can know.
public final class RateLimiter: Sendable {
    public let perKey: Double
    public let perAddress: Double
    private let buckets = Mutex([String: Bucket]())

    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    /// Buckets kept before idle ones are dropped (a full bucket carries no information).
    static let keptBuckets = 100_000

    public init(perKey: Double, perAddress: Double) {
        self.perKey = max(0, perKey)
        self.perAddress = max(0, perAddress)
    }

    /// Takes one request's token for `caller`; nil when it may go on, else the seconds to wait.
    func take(_ caller: String, rate: Double) -> Int? {
        guard rate > 0 else { return nil }
        let now = ContinuousClock.now, capacity = max(1, rate * 2)
        return buckets.withLock { buckets in
            if buckets.count >= Self.keptBuckets { buckets = buckets.filter { Self.level($0.value, rate: rate, now: now) < capacity } }
            var bucket = buckets[caller] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, Self.level(bucket, rate: rate, now: now))
            bucket.updated = now
            defer { buckets[caller] = bucket }
            guard bucket.tokens >= 1 else { return Int(((1 - bucket.tokens) / rate).rounded(.up)) }
            bucket.tokens -= 1
            return nil
        }
    }

    private static func level(_ bucket: Bucket, rate: Double, now: ContinuousClock.Instant) -> Double {
        let elapsed = bucket.updated.duration(to: now)
        return bucket.tokens + (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18) * rate
    }
}

/// Applies the ``RateLimiter`` after the caller is known. `/health` and `/metrics` are never
/// limited: a supervisor's probe must not be refused for a client's flood.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AtlasRequestContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path != "/health", path != "/metrics" else { return try await next(request, context) }
        let caller: String, rate: Double
        if let key = context.caller.keyId {
            (caller, rate) = ("key " + key, limiter.perKey)
        } else {
            (caller, rate) = ("address " + (context.remoteAddress.flatMap(\.ipAddress) ?? "unknown"), limiter.perAddress)
        }
        if let wait = limiter.take(caller, rate: rate) {
            throw Problem(.tooManyRequests, "more than \(rate.formatted()) requests a second from this \(context.caller.keyId == nil ? "address" : "key"); slow down")
                .retrying(after: wait)
        }
        return try await next(request, context)
    }
}
