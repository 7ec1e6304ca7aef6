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
