import Foundation
import GridDomain
import Hummingbird

/// `GET /health` for load balancers and `GET /metrics` for Prometheus. Both are open: they say
/// nothing about units or people.
extension AtlasServer {
    func addHealthRoutes(to router: Router<AtlasRequestContext>) {
        router.get("health") { _, _ -> Response in
            let inForce = (try? atlas.generations())?.inForce(at: Date())
            if let inForce { Telemetry.generationInForce.record(inForce.id) }
            let body: [String: Any] = ["status": "ok", "generation": inForce?.name ?? NSNull()]
            return try JSONResponse.object(body)
        }
        router.get("metrics") { _, _ -> Response in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(16_384)
            Telemetry.registry.emit(into: &buffer)
            return JSONResponse.raw(buffer, contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
