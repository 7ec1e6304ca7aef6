import Foundation

/// A report (事件) as filed: what the reporter sent, and what GridAtlas decided at intake (the
/// grid and generation in force at the report's moment, the responsible worker, the department).
/// Intake decisions are kept, never recomputed: a redraw later does not move an old case.
public struct Report: Sendable, Equatable, Codable {
    public var id: Int64
    /// The matter (入格事项) code: Open311's `service_code`.
    public var matterCode: String
    public var description: String
    public var address: String?
    /// WGS84 after conversion from what the reporter's device sent.
    public var lon: Double
    public var lat: Double
    /// As sent: x, y and the CRS name (e.g. `gcj02`).
    public var inputX: Double
    public var inputY: Double
    public var inputCRS: String
    public var mediaURL: String?
    /// SHA-256 (hex) of the photo or, without one, of its URL: what reuse checks compare.
    public var mediaHash: String?
    public var email: String?
    public var phone: String?
    public var deviceId: String?
    public var firstName: String?
    public var lastName: String?
    /// The moment of the report (a terminal syncing late sends its own); answers are for this moment.
    public var requestedAt: Date
    public var receivedAt: Date
    public var updatedAt: Date
    /// `requestedAt` plus the matter's handling deadline.
    public var expectedAt: Date
    public var closedAt: Date?
    public var state: CaseState
    public var statusNotes: String?
    /// The generation whose boundaries filed it.
    public var generation: String
    /// `inside`, `gap` or `outside` (as the locator said).
    public var locationStatus: String
    /// Codes of the units containing the point, by tier (empty where none).
    public var units: [Tier: String]
    public var department: String
    public var workerId: String?
    public var workerName: String?
    /// Outside coverage (or in a gap): the nearest grid, and a flag for manual dispatch.
    public var nearestGrid: String?
    public var manualDispatch: Bool
    /// A likely duplicate: the open report of the same matter nearby and recent.
    public var duplicateOf: Int64?
    /// Other reports carrying the same media hash (the same photo used again).
    public var mediaReusedBy: [Int64]
    /// The key that filed it (citizens see only their own) and where it came from.
    public var filedBy: String?
    public var source: String

    public init(id: Int64, matterCode: String, description: String, address: String? = nil, lon: Double, lat: Double,
                inputX: Double, inputY: Double, inputCRS: String, mediaURL: String? = nil, mediaHash: String? = nil,
                email: String? = nil, phone: String? = nil, deviceId: String? = nil, firstName: String? = nil,
                lastName: String? = nil, requestedAt: Date, receivedAt: Date, updatedAt: Date, expectedAt: Date,
                closedAt: Date? = nil, state: CaseState = .reported, statusNotes: String? = nil, generation: String,
                locationStatus: String, units: [Tier: String], department: String, workerId: String? = nil,
                workerName: String? = nil, nearestGrid: String? = nil, manualDispatch: Bool = false,
                duplicateOf: Int64? = nil, mediaReusedBy: [Int64] = [], filedBy: String? = nil, source: String = "citizen") {
        self.id = id
        self.matterCode = matterCode
        self.description = description
        self.address = address
        self.lon = lon
        self.lat = lat
        self.inputX = inputX
        self.inputY = inputY
        self.inputCRS = inputCRS
        self.mediaURL = mediaURL
        self.mediaHash = mediaHash
        self.email = email
        self.phone = phone
        self.deviceId = deviceId
        self.firstName = firstName
        self.lastName = lastName
        self.requestedAt = requestedAt
        self.receivedAt = receivedAt
        self.updatedAt = updatedAt
        self.expectedAt = expectedAt
        self.closedAt = closedAt
        self.state = state
        self.statusNotes = statusNotes
        self.generation = generation
        self.locationStatus = locationStatus
        self.units = units
        self.department = department
        self.workerId = workerId
        self.workerName = workerName
        self.nearestGrid = nearestGrid
        self.manualDispatch = manualDispatch
        self.duplicateOf = duplicateOf
        self.mediaReusedBy = mediaReusedBy
        self.filedBy = filedBy
        self.source = source
    }

    public var gridCode: String? { units[.grid] }

    /// Closed no later than `expectedAt` (按期办结).
    public var closedOnTime: Bool? { closedAt.map { $0 <= expectedAt } }
}

/// One step in a case's life, kept for ever: who moved it, with which role, when, and why.
public struct CaseEvent: Sendable, Equatable, Codable {
    public var reportId: Int64
    public var from: CaseState?
    public var to: CaseState
    /// The key id (or CLI user) that acted, and the role it held.
    public var actor: String
    public var role: String
    public var at: Date
    public var note: String?
    /// Set when the step changed the handling department or worker (dispatch, transfer).
    public var department: String?
    public var workerId: String?

    public init(reportId: Int64, from: CaseState?, to: CaseState, actor: String, role: String, at: Date,
                note: String? = nil, department: String? = nil, workerId: String? = nil) {
        self.reportId = reportId
        self.from = from
        self.to = to
        self.actor = actor
        self.role = role
        self.at = at
        self.note = note
        self.department = department
        self.workerId = workerId
    }
}
