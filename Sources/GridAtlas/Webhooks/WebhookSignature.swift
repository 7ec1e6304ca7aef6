import Crypto
import Foundation

/// The `X-GridAtlas-Signature` header: `sha256=` and the hex HMAC-SHA256 of the raw body with
/// the subscription's secret, as GitHub signs its webhooks, so receivers can reuse their code.
public enum WebhookSignature {
    public static let header = "X-GridAtlas-Signature"
    public static let eventHeader = "X-GridAtlas-Event"
    public static let deliveryHeader = "X-GridAtlas-Delivery"

    public static func sign(_ body: Data, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// True when `signature` is the body's signature with `secret`; compares in constant time.
    public static func verify(_ signature: String, body: Data, secret: String) -> Bool {
        let expected = Array(sign(body, secret: secret).utf8), given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for i in expected.indices { difference |= expected[i] ^ given[i] }
        return difference == 0
    }
}
