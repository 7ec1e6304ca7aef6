import Foundation
import Hummingbird

/// `GET /openapi.json`: the API definition, shipped as a resource so it reads as a document and
/// is checked against the router by the test suite.
extension AtlasServer {
    static let openAPIDocument: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let data = try? Data(contentsOf: url) else { return Array("{}".utf8) }
        return Array(data)
    }()

    /// Each operation's query parameters, from the same document (see ``RequestScreen``).
    static let documentedParameters = DocumentedParameters(document: openAPIDocument)

    func addOpenAPIRoutes(to router: Router<AtlasRequestContext>) {
        router.get("openapi.json") { _, _ -> Response in
            JSONResponse.raw(Self.openAPIDocument, contentType: "application/vnd.oai.openapi+json;version=3.0")
        }
        router.get("api") { _, _ -> Response in
            JSONResponse.raw(Self.openAPIDocument, contentType: "application/vnd.oai.openapi+json;version=3.0")
        }
    }
}
