import Foundation
import Hummingbird

/// Open311 clients send their key as `api_key` (query or form field), not as a header. This
/// reads it there when no header named a caller, so the role checks after it see the key.
struct Open311Key: RouterMiddleware {
    typealias Context = AtlasRequestContext
    let keyRing: KeyRing

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.caller == .anonymous else { return try await next(request, context) }
        var secret = request.uri.queryParameters["api_key"].map(String.init)
        var request = request
        if secret == nil, request.method == .post {
            // Buffers the (small, capped) body so the handler can read it again.
            _ = try await request.collectBody(upTo: Open311Form.maxBytes)
            secret = try await Open311Form.read(request).string("api_key")
        }
        guard let secret, !secret.isEmpty else { return try await next(request, context) }
        var context = context
        try IdentifyCaller.identify(secret, keyRing: keyRing, into: &context)
        return try await next(request, context)
    }
}

/// GeoReport v2 errors are a JSON array of `{code, description}`: what existing Open311
/// clients parse. A client that asks for `application/problem+json` gets RFC 9457 instead.
struct Open311Errors: RouterMiddleware {
    typealias Context = AtlasRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if request.headers[.accept]?.contains("application/problem+json") == true { throw error }
            let problem = ProblemMiddleware.problem(for: error, request: request)
            if problem.status.code >= 500 { throw error }
            var item: [String: Any] = ["code": Int(problem.status.code), "description": problem.detail]
            if let parameter = problem.parameter { item["parameter"] = parameter }
            for (name, values) in problem.extensions { item[name] = values }
            var response = try JSONResponse.object([item], status: problem.status)
            for field in problem.headers { response.headers.append(field) }
            return response
        }
    }
}
