import Foundation
import GridAtlas
import GridDomain
import Hummingbird
import NIOCore

/// `POST /locate`: a batch of points (JSON array, GeoJSON FeatureCollection or CSV, by
/// Content-Type) answered in input order, JSON or CSV by Accept. A bad point gets its own
/// error answer; only an unreadable body or too many points fail the request.
extension AtlasServer {
    func addBatchRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.post("locate") { request, context -> Response in
            let query = QueryParameters(request)
            let contentType = request.headers[.contentType] ?? "application/json"
            guard let format = BatchFormat(contentType: contentType) else {
                throw Problem(.unsupportedMediaType, "Content-Type '\(contentType)' is not a batch format: send application/json, application/geo+json or text/csv",
                              parameter: "Content-Type")
            }
            let answerFormat = BatchAnswerFormat(accept: request.headers[.accept])
            let options = BatchOptions(crs: try query.crs(), at: try query.moment("at"), generation: query.string("generation"),
                                       includePhones: context.caller.seesPhones)
            var request = request
            let body = try await request.collectBody(upTo: configuration.maxBodyBytes)
            let maxPoints = configuration.maxBatchPoints
            let atlas = self.atlas
            let answer = try await BoundedWork.run(seconds: max(configuration.queryTimeoutSeconds, 60), gate: heavyWork) {
                let batch = try body.withUnsafeReadableBytes { bytes throws(BatchInputError) in
                    try PointBatch.parse(bytes, format: format, maxPoints: maxPoints)
                }
                let resolved = try PointBatchResolver(atlas: atlas).resolve(batch, options: options)
                return (count: resolved.count, bytes: resolved.write(answerFormat))
            }
            Telemetry.batchLookups.increment(by: answer.count)
            return Response(status: .ok, headers: [.contentType: answerFormat.contentType],
                            body: .init(byteBuffer: ByteBuffer(bytes: answer.bytes)))
        }
    }
}

extension BatchInputError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .tooManyPoints: Problem(.contentTooLarge, description, parameter: "body")
        default: Problem(.badRequest, description, parameter: "body")
        }
    }
}

extension BatchResolveError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .unknownCRS: .badParameter("crs", description)
        case .generationNotFound: Problem(.notFound, description, parameter: "generation")
        case .noGenerationInForce: Problem(.notFound, description, parameter: "at")
        case .emptyStore: Problem(.notFound, description)
        case .store: Problem(.internalServerError, "the store could not be read; the server log has the details")
        }
    }
}
