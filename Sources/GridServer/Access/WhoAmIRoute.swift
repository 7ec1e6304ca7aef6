import GridStore
import Hummingbird

/// `GET /whoami`: who the server takes the caller to be and what that role may see, so a client
/// (the map console) shows only the panels whose routes will answer instead of a wall of 401s.
/// Open to everyone; a wrong key is refused here as on every route (401), which is how the
/// console learns a typed key is wrong.
extension AtlasServer {
    struct WhoAmI: Encodable {
        var keyId: String?
        var role: String?
        var reads: String
        var sees: Sees

        /// Each flag mirrors a route group's rule in ``AtlasServer/router()``.
        struct Sees: Encodable {
            /// Units, locate, density, report figures and bins, warnings, drafts' reads.
            var units: Bool
            /// `/reports/points` and the case queue: viewer and above.
            var reportPoints: Bool
            /// Workers' phone numbers: dispatcher and above.
            var phones: Bool
            /// Drafts, edits, repairs, imports, publishing: planner and above.
            var planning: Bool
            /// API keys: admin.
            var keys: Bool

            enum CodingKeys: String, CodingKey {
                case units, phones, planning, keys
                case reportPoints = "report_points"
            }
        }

        enum CodingKeys: String, CodingKey {
            case role, reads, sees
            case keyId = "key_id"
        }
    }

    func addWhoAmIRoute(to router: Router<AtlasRequestContext>) {
        router.get("whoami") { _, context -> Response in
            let caller = context.caller
            let holds = { (role: AccessRole) in caller.role?.allows(role) ?? false }
            let answer = WhoAmI(
                keyId: caller.keyId, role: caller.role?.rawValue, reads: configuration.reads.rawValue,
                sees: .init(units: readRole.map(holds) ?? true, reportPoints: holds(.viewer), phones: caller.seesPhones,
                            planning: holds(.planner), keys: holds(.admin)))
            var response = try JSONResponse.make(answer)
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }
}
