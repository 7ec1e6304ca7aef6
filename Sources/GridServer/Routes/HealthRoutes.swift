import Foundation
import GridAtlas
import GridDomain
import Hummingbird

/// `GET /health` for load balancers and `GET /metrics` for Prometheus. Both are open: they say
/// nothing about units or people.
extension AtlasServer {
    func addHealthRoutes(to router: Router<AtlasRequestContext>) {
        router.get("health") { _, _ -> Response in
            let inForce = (try? atlas.generations())?.inForce(at: Date())
            if let inForce { Telemetry.generationInForce.record(inForce.id) }
            // Built by hand: load balancers call this often, and JSONSerialization was most of its cost.
            var body = JSONText()
            body.raw("{\"generation\":")
            if let name = inForce?.name { body.string(name) } else { body.raw("null") }
            body.raw(",\"status\":\"ok\"}")
            return JSONResponse.raw(body.bytes)
        }
        router.get("metrics") { _, _ -> Response in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(16_384)
            Telemetry.registry.emit(into: &buffer)
            return JSONResponse.raw(buffer, contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
