import Foundation
import GridDomain
import GridStore
import Hummingbird

/// Key administration (admin only). Keys are made with `gridatlas keys create`, so a secret
/// never travels over HTTP; admins can list who holds access and revoke it.
extension AtlasServer {
    struct KeyAnswer: Codable, Sendable {
        var id: String
        var name: String
        var role: String
        var createdAt: String
        var revokedAt: String?

        init(_ key: APIKey) {
            id = key.id
            name = key.name
            role = key.role.rawValue
            createdAt = Dates.format(key.createdAt)
            revokedAt = key.revokedAt.map(Dates.format)
        }

        enum CodingKeys: String, CodingKey {
            case id, name, role
            case createdAt = "created_at"
            case revokedAt = "revoked_at"
        }
    }

    func addKeyRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.get("keys") { _, _ -> Response in
            try JSONResponse.make(["keys": try atlas.store.keys().map(KeyAnswer.init)])
        }
        group.delete("keys/:id") { _, context -> Response in
            let id = try context.pathParameter("id")
            let key = try atlas.store.revokeKey(id: id)
            // Before answering: from this answer on, the key is refused on every connection.
            try keyRing.revoked()
            context.logger.notice("key revoked", metadata: ["revoked": "\(id)", "by": "\(context.caller.keyId ?? "-")"])
            return try JSONResponse.make(KeyAnswer(key))
        }
    }
}
