import Hummingbird
import Logging
import NIOCore

/// The request context of every route: Hummingbird's core storage plus the caller that the
/// key middleware identified.
public struct AtlasRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var caller: Caller = .anonymous

    /// The peer's address, for per-address rate limits (nil when the channel has none).
    public var remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

extension AtlasRequestContext {
    /// The path parameter `name`, percent-decoded: Hummingbird hands path segments over as sent,
    /// so a draft named 草案2027 arrives as `%E8%8D%89%E6%A1%882027` and, undecoded, matched no
    /// stored name (created with 201, then 404 on every route). Empty when the route has none.
    func pathParameter(_ name: String) throws(Problem) -> String {
        guard let raw = parameters.get(name) else { return "" }
        return try PercentDecoder.decode(raw[...], parameter: name, maxBytes: PercentDecoder.maxSegmentBytes)
    }
}
