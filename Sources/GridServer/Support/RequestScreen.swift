import Hummingbird

/// Refuses, before any route runs, a request whose URL cannot be read as text: a path segment or
/// query parameter with a bad `%` escape, bytes that are not UTF-8 once decoded, a control
/// character (`%00`, `%0A`), an overlong segment or value, or a query parameter given twice.
/// Each is a 400 problem naming the parameter (or `path`).
///
/// One screen for every route, so no handler can forget it; the handlers then decode the same
/// text again through ``QueryParameters`` and ``AtlasRequestContext/pathParameter(_:)``.
///
/// A query parameter the request's operation does not take (by the OpenAPI document,
/// ``DocumentedParameters``) is refused too: a misspelt parameter must not leave its default in
/// place unnoticed.
struct RequestScreen: RouterMiddleware {
    typealias Context = AtlasRequestContext
    let documented: DocumentedParameters

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try check(request)
        return try await next(request, context)
    }

    func check(_ request: Request) throws(Problem) {
        for segment in request.uri.path.split(separator: "/", omittingEmptySubsequences: true) {
            _ = try PercentDecoder.decode(segment, parameter: "path", maxBytes: PercentDecoder.maxSegmentBytes)
        }
        let values = try QueryParameters.parse(request.uri.query)
        if !values.isEmpty { try documented.check(method: request.method.rawValue, path: request.uri.path, values: values) }
    }
}
