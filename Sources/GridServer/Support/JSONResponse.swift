import Foundation
import Hummingbird

/// Encodes answers: Codable values through one shared encoder configuration, with the media
/// type a client asked for (GeoJSON routes say `application/geo+json`).
enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok,
                                   contentType: String = "application/json") throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let data = try encoder.encode(value)
        return raw(data, status: status, contentType: contentType)
    }

    static func raw(_ data: some Sequence<UInt8>, status: HTTPResponse.Status = .ok,
                    contentType: String = "application/json") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A JSON object built from plain dictionaries and arrays (for documents whose shape is
    /// fixed by a standard, like OGC API landing pages).
    ///
    /// `sorted: false` on hot routes: sorting keys took two fifths of Open311 intake's CPU.
    static func object(_ value: Any, status: HTTPResponse.Status = .ok, contentType: String = "application/json",
                       sorted: Bool = true) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: value, options: sorted ? [.sortedKeys, .withoutEscapingSlashes] : [.withoutEscapingSlashes])
        return raw(data, status: status, contentType: contentType)
    }
}
