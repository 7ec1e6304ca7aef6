import Foundation

/// The households a grid should hold, inclusive at both ends. Cities set their own (DOMAIN.md:
/// 160-500 is seen); 300-500 is a common urban rule and the default here.
public struct HouseholdRange: Codable, Sendable, Equatable {
    public var minimum: Int
    public var maximum: Int

    public static let standard = HouseholdRange(checked: 300, 500)

    /// A bound that cannot make a range: which one, and why.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var name: String
        public var reason: String
        public var description: String { "\(name): \(reason)" }
    }

    public init(minimum: Int, maximum: Int) throws(Invalid) {
        guard minimum >= 0 else { throw Invalid(name: "households_min", reason: "must be 0 or more, got \(minimum)") }
        guard maximum >= minimum else {
            throw Invalid(name: "households_max", reason: "must not be below households_min (\(minimum)), got \(maximum)")
        }
        self.init(checked: minimum, maximum)
    }

    private init(checked minimum: Int, _ maximum: Int) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Reads `300-500` (as the CLI takes it).
    public init(parsing text: String) throws(Invalid) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let low = Int(parts[0].trimmingCharacters(in: .whitespaces)), let high = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw Invalid(name: "households", reason: "'\(text)' is not a range like 300-500")
        }
        try self.init(minimum: low, maximum: high)
    }

    /// `under`, `within` or `over`.
    public func status(of households: Int) -> String {
        households < minimum ? "under" : households > maximum ? "over" : "within"
    }

    enum CodingKeys: String, CodingKey {
        case minimum = "min"
        case maximum = "max"
    }
}
