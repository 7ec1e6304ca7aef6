import Crypto
import Foundation

/// An API key as the store knows it: public id, holder's name, role, and the SHA-256 of its
/// secret. The secret itself is shown once, when the key is made, and never stored.
public struct APIKey: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var role: AccessRole
    /// Hex SHA-256 of the whole secret text.
    public var secretSHA256: String
    public var createdAt: Date
    public var revokedAt: Date?

    public var isRevoked: Bool { revokedAt != nil }

    /// Secrets read `ga_<id>_<32 random letters and digits>`: the id part finds the row, the
    /// rest (≈190 bits from the system's CSPRNG) is what the hash protects.
    public static let secretPrefix = "ga_"

    /// A new key and its secret text.
    public static func make(name: String, role: AccessRole, now: Date = Date()) -> (key: APIKey, secret: String) {
        let id = randomText(length: 8)
        let secret = "\(secretPrefix)\(id)_\(randomText(length: 32))"
        return (APIKey(id: id, name: name, role: role, secretSHA256: digest(secret), createdAt: now, revokedAt: nil), secret)
    }

    /// The key id a secret claims, or nil when the text is not shaped like a GridAtlas key.
    public static func id(inSecret secret: String) -> String? {
        guard secret.hasPrefix(secretPrefix) else { return nil }
        let parts = secret.dropFirst(secretPrefix.count).split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 8, parts[1].count == 32 else { return nil }
        return String(parts[0])
    }

    /// True when `secret` is this key's secret. Compares digests in constant time.
    public func matches(_ secret: String) -> Bool {
        let given = Array(Self.digest(secret).utf8), stored = Array(secretSHA256.utf8)
        guard given.count == stored.count else { return false }
        var difference: UInt8 = 0
        for i in given.indices { difference |= given[i] ^ stored[i] }
        return difference == 0
    }

    public static func digest(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
        }.joined()
    }

    private static func randomText(length: Int) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".utf8)
        var generator = SystemRandomNumberGenerator()
        return String(decoding: (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }, as: UTF8.self)
    }
}
