import Foundation
import GridAtlas
import GridGeometry
import GridImport
import GridStore
import Hummingbird
import Logging
import NIOCore

/// Turns every error a route throws, and the router's own 404, into `application/problem+json`.
///
/// Known errors map to the status a client can act on (400 bad parameter, 404 unknown thing,
/// 409 refused by the publishing rules, 422 rejected import); anything unforeseen is a 500 whose
/// detail says nothing internal, and is logged with the request id.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AtlasRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error, request: request)
            if problem.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            }
            return problem.response(instance: request.uri.path)
        }
    }

    static func problem(for error: any Error, request: Request) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as HTTPError where error.status == .notFound:
            // A path the API serves, asked with another method: 405 with the methods it takes.
            let allowed = AtlasServer.documentedParameters.methods(path: request.uri.path)
            if !allowed.isEmpty, !allowed.contains(request.method.rawValue) {
                var problem = Problem(.methodNotAllowed, "\(request.method) is not offered on \(request.uri.path); it takes \(allowed.joined(separator: ", "))")
                problem.headers[.allow] = allowed.joined(separator: ", ")
                return problem
            }
            return Problem(.notFound, "no route for \(request.method) \(request.uri.path) (see /openapi.json)")
        case is NIOTooManyBytesError:
            return Problem(.contentTooLarge, "the request body is larger than this server accepts", parameter: "body")
        case let error as HTTPError where error.status == .contentTooLarge:
            return Problem(.contentTooLarge, "the request body is larger than this server accepts", parameter: "body")
        case let error as HTTPError:
            return Problem(error.status, error.body ?? error.status.reasonPhrase)
        case let error as StoreError:
            switch error {
            case .generationNotFound: return Problem(.notFound, error.description, parameter: "generation")
            case .keyNotFound: return Problem(.notFound, error.description, parameter: "id")
            case .changeNotFound: return Problem(.notFound, error.description, parameter: "revision")
            case .corrupt: return Problem(.internalServerError, "the store is damaged")
            default: return Problem(.conflict, error.description)
            }
        case let error as AtlasError:
            switch error {
            case .badAccuracy: return .badParameter("accuracy", error.description)
            case .noGenerationInForce: return Problem(.notFound, error.description, parameter: "at")
            case .emptyStore: return Problem(.notFound, error.description)
            }
        case let error as ImportRejected:
            var problem = Problem(.unprocessableContent, "import rejected, nothing was stored (\(error.problems.count) problems)", parameter: "body")
            problem.errors = error.problems.prefix(1000).map(\.description)
            return problem
        case let error as CSVTable.Malformed:
            return Problem(.badRequest, error.description, parameter: "body")
        case let error as CRS.UnknownName:
            return .badParameter("crs", error.description)
        case let error as ProjTransformer.UnknownCRS:
            return .badParameter("crs", error.description)
        case let error as CoordinateConverter.ConversionError:
            return Problem(.badRequest, error.description)
        case let error as ProblemConvertible:
            return error.problem
        case is CancellationError:
            return Problem(.serviceUnavailable, "the request was cancelled (server shutting down or query time exceeded)")
        default:
            return Problem(.internalServerError, "internal error; the server log has the details")
        }
    }
}

/// Errors of other modules that know their own HTTP meaning.
protocol ProblemConvertible: Error {
    var problem: Problem { get }
}

extension QueryError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .unknownUnit: Problem(.notFound, description, parameter: "code")
        case .unknownTier: .badParameter("tier", description)
        case .unknownMeasure: .badParameter("measure", description)
        case .badParameter(let name, _): Problem(.badRequest, description, parameter: name)
        case .badGeometry: Problem(.badRequest, description, parameter: "geometry")
        case .tooLarge(let name, _, _, _): Problem(.badRequest, description, parameter: name)
        case .engineFailure: Problem(.internalServerError, "the geometry engine failed on stored data; the server log has the details")
        }
    }
}
