import GridStore
import Foundation
import HTTPTypes
import Hummingbird

/// Identifies the caller from `Authorization: Bearer <key>` (or `X-API-Key: <key>`) and stores
/// it in the context. A key that is presented but wrong is refused even on a public route:
/// a client with a typo should learn it at once, not when it first writes.
struct IdentifyCaller: RouterMiddleware {
    typealias Context = AtlasRequestContext
    let keyRing: KeyRing

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let secret = Self.presentedSecret(request) else { return try await next(request, context) }
        var context = context
        try Self.identify(secret, keyRing: keyRing, into: &context)
        return try await next(request, context)
    }

    /// Sets the caller of `context` from a presented secret, or refuses it.
    static func identify(_ secret: String, keyRing: KeyRing, into context: inout Context) throws {
        switch try keyRing.verify(secret) {
        case .valid(let key):
            context.caller = Caller(keyId: key.id, role: key.role)
            context.logger[metadataKey: "key"] = "\(key.id)"
        case .unknown:
            throw Problem.unauthorized("the API key is not known to this server")
        case .revoked:
            throw Problem.unauthorized("the API key has been revoked")
        }
    }

    static func presentedSecret(_ request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return parts[1].trimmingCharacters(in: .whitespaces) }
            return header.trimmingCharacters(in: .whitespaces)
        }
        if let name = HTTPField.Name("X-API-Key"), let value = request.headers[name] { return value.trimmingCharacters(in: .whitespaces) }
        return nil
    }
}

/// Lets a request through only when the caller holds `role` or above: 401 without a key, 403
/// with a key of a lower role. A nil role means the route is open to anonymous callers.
struct RequireRole: RouterMiddleware {
    typealias Context = AtlasRequestContext
    let role: AccessRole?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try Self.check(context.caller, needs: role)
        return try await next(request, context)
    }

    static func check(_ caller: Caller, needs role: AccessRole?) throws {
        guard let role else { return }
        guard let held = caller.role else {
            throw Problem.unauthorized("this route needs an API key with role \(role) or above (Authorization: Bearer <key>)")
        }
        guard held.allows(role) else {
            throw Problem(.forbidden, "this route needs role \(role) or above; the key presented has role \(held)")
        }
    }
}

extension Problem {
    static func unauthorized(_ detail: String) -> Problem {
        var problem = Problem(.unauthorized, detail, parameter: "Authorization")
        problem.headers[.wwwAuthenticate] = "Bearer realm=\"gridatlas\""
        return problem
    }
}
