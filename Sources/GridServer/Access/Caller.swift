import GridStore

/// Who is asking: anonymous, or the holder of a key with a role.
public struct Caller: Sendable, Equatable {
    public var keyId: String?
    public var role: AccessRole?

    public static let anonymous = Caller(keyId: nil, role: nil)

    /// True when the caller may see workers' phone numbers (dispatcher and above).
    public var seesPhones: Bool { role.map { $0.allows(.dispatcher) } ?? false }
}
