import Foundation
import GridDomain
import GridGeometry
import GridStore

/// A report as a reporter sends it, before intake: Open311's fields, the coordinate system the
/// device used, and what a worker's terminal adds (its own time when it syncs late).
public struct ReportDraft: Sendable {
    public var matterCode: String
    public var description: String
    public var address: String?
    /// x = longitude, y = latitude in `crs` (or easting/northing for a projected EPSG code).
    public var position: LonLat?
    public var crs: CRS
    public var mediaURL: String?
    /// The photo itself, when uploaded: hashed, not kept.
    public var media: Data?
    /// A SHA-256 (64 hex digits) of the photo, when the device hashed it itself.
    public var mediaHash: String?
    public var email: String?
    public var phone: String?
    public var deviceId: String?
    public var firstName: String?
    public var lastName: String?
    /// The moment of the report, when not now (dispatcher keys only: workers' terminals syncing late).
    public var requestedAt: Date?
    /// `citizen`, `worker`, `camera`, `hotline`...
    public var source: String?

    public init(matterCode: String, description: String = "", position: LonLat?, crs: CRS = .wgs84) {
        self.matterCode = matterCode
        self.description = description
        self.position = position
        self.crs = crs
    }
}

/// Who acts on a case: a key (its id and role), or the local operator at the command line.
public struct CaseActor: Sendable, Equatable {
    public var id: String
    public var role: AccessRole

    public init(id: String, role: AccessRole) {
        self.id = id
        self.role = role
    }

    /// The person at the command line, who owns the store file and so may do anything.
    public static func local() -> CaseActor {
        CaseActor(id: "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "operator"), role: .admin)
    }

    /// Sees every report and the reporters' contact details.
    public var isStaff: Bool { role.allows(.dispatcher) }
}

/// The rules intake applies; every one is configuration (flags and `GRIDATLAS_*` variables).
public struct IntakeRules: Sendable, Equatable {
    /// A report of the same matter within this distance and window of an open one is linked to it.
    public var duplicates = DuplicateRule(radiusM: 50, window: 24 * 3600)
    /// Open311's own limit for `description`.
    public var maxDescription = 4000
    public var maxField = 500
    /// How far ahead of the server's clock a device's time may be.
    public var clockSkew: TimeInterval = 300

    public init() {}
}

/// A step a dispatcher (or a citizen reopening) asks for.
public struct CaseMove: Sendable, Equatable {
    public var to: CaseState
    public var note: String?
    /// Dispatch or transfer (流转) to this department.
    public var department: String?
    /// Dispatch to this worker (a roster worker id).
    public var workerId: String?

    public init(to: CaseState, note: String? = nil, department: String? = nil, workerId: String? = nil) {
        self.to = to
        self.note = note
        self.department = department
        self.workerId = workerId
    }
}
