import Foundation
import GRDB
import GridDomain

struct ReportRecord: StoredRecord {
    static let databaseTableName = "report"
    var id: Int64?
    var matterCode: String
    var description: String
    var address: String?
    var lon: Double
    var lat: Double
    var inputX: Double
    var inputY: Double
    var inputCrs: String
    var mediaUrl: String?
    var mediaHash: String?
    var email: String?
    var phone: String?
    var deviceId: String?
    var firstName: String?
    var lastName: String?
    var requestedAt: Date
    var receivedAt: Date
    var updatedAt: Date
    var expectedAt: Date
    var closedAt: Date?
    var state: String
    var statusNotes: String?
    var generation: String
    var locationStatus: String
    var districtCode: String?
    var subdistrictCode: String?
    var communityCode: String?
    var gridCode: String?
    var microAreaCode: String?
    var department: String
    var workerId: String?
    var workerName: String?
    var nearestGrid: String?
    var manualDispatch: Bool
    var duplicateOf: Int64?
    var filedBy: String?
    var source: String

    init(_ r: Report) {
        id = r.id > 0 ? r.id : nil
        matterCode = r.matterCode
        description = r.description
        address = r.address
        lon = r.lon
        lat = r.lat
        inputX = r.inputX
        inputY = r.inputY
        inputCrs = r.inputCRS
        mediaUrl = r.mediaURL
        mediaHash = r.mediaHash
        email = r.email
        phone = r.phone
        deviceId = r.deviceId
        firstName = r.firstName
        lastName = r.lastName
        requestedAt = r.requestedAt
        receivedAt = r.receivedAt
        updatedAt = r.updatedAt
        expectedAt = r.expectedAt
        closedAt = r.closedAt
        state = r.state.rawValue
        statusNotes = r.statusNotes
        generation = r.generation
        locationStatus = r.locationStatus
        districtCode = r.units[.district]
        subdistrictCode = r.units[.subdistrict]
        communityCode = r.units[.community]
        gridCode = r.units[.grid]
        microAreaCode = r.units[.microArea]
        department = r.department
        workerId = r.workerId
        workerName = r.workerName
        nearestGrid = r.nearestGrid
        manualDispatch = r.manualDispatch
        duplicateOf = r.duplicateOf
        filedBy = r.filedBy
        source = r.source
    }

    /// The columns in table order, for the hand-written insert below.
    static let insertSQL = """
        INSERT INTO report (matter_code, description, address, lon, lat, input_x, input_y, input_crs, media_url, media_hash,
            email, phone, device_id, first_name, last_name, requested_at, received_at, updated_at, expected_at, closed_at, state,
            status_notes, generation, location_status, district_code, subdistrict_code, community_code, grid_code,
            micro_area_code, department, worker_id, worker_name, nearest_grid, manual_dispatch, duplicate_of, filed_by, source)
        VALUES (\(Array(repeating: "?", count: 37).joined(separator: ",")))
        """

    /// Inserts with a cached statement and positional values: intake's hot path. GRDB's Codable
    /// encoding (with snake_case keys) took a fifth of intake's time.
    func insertFast(_ db: Database) throws -> Int64 {
        let statement = try db.cachedStatement(sql: Self.insertSQL)
        let values: [(any DatabaseValueConvertible)?] = [
            matterCode, description, address, lon, lat, inputX, inputY, inputCrs, mediaUrl, mediaHash,
            email, phone, deviceId, firstName, lastName, requestedAt.timeIntervalSince1970, receivedAt.timeIntervalSince1970,
            updatedAt.timeIntervalSince1970, expectedAt.timeIntervalSince1970, closedAt?.timeIntervalSince1970, state,
            statusNotes, generation, locationStatus, districtCode, subdistrictCode, communityCode, gridCode,
            microAreaCode, department, workerId, workerName, nearestGrid, manualDispatch, duplicateOf, filedBy, source,
        ]
        statement.setUncheckedArguments(StatementArguments(values))
        try statement.execute()
        return db.lastInsertedRowID
    }

    func report(mediaReusedBy: [Int64] = []) throws -> Report {
        guard let state = CaseState(rawValue: state) else { throw StoreError.corrupt("report \(id ?? 0) has unknown state \(self.state)") }
        var units: [Tier: String] = [:]
        units[.district] = districtCode
        units[.subdistrict] = subdistrictCode
        units[.community] = communityCode
        units[.grid] = gridCode
        units[.microArea] = microAreaCode
        return Report(id: id ?? 0, matterCode: matterCode, description: description, address: address, lon: lon, lat: lat,
                      inputX: inputX, inputY: inputY, inputCRS: inputCrs, mediaURL: mediaUrl, mediaHash: mediaHash, email: email,
                      phone: phone, deviceId: deviceId, firstName: firstName, lastName: lastName, requestedAt: requestedAt,
                      receivedAt: receivedAt, updatedAt: updatedAt, expectedAt: expectedAt, closedAt: closedAt, state: state,
                      statusNotes: statusNotes, generation: generation, locationStatus: locationStatus, units: units,
                      department: department, workerId: workerId, workerName: workerName, nearestGrid: nearestGrid,
                      manualDispatch: manualDispatch, duplicateOf: duplicateOf, mediaReusedBy: mediaReusedBy, filedBy: filedBy,
                      source: source)
    }

}

struct CaseEventRecord: StoredRecord {
    static let insertSQL = "INSERT INTO case_event (report_id, from_state, to_state, actor, role, at, note, department, worker_id) VALUES (?,?,?,?,?,?,?,?,?)"

    func insertFast(_ db: Database) throws {
        let statement = try db.cachedStatement(sql: Self.insertSQL)
        let values: [(any DatabaseValueConvertible)?] = [reportId, fromState, toState, actor, role, at.timeIntervalSince1970, note, department, workerId]
        statement.setUncheckedArguments(StatementArguments(values))
        try statement.execute()
    }

    static let databaseTableName = "case_event"
    var id: Int64?
    var reportId: Int64
    var fromState: String?
    var toState: String
    var actor: String
    var role: String
    var at: Date
    var note: String?
    var department: String?
    var workerId: String?

    init(_ e: CaseEvent) {
        reportId = e.reportId
        fromState = e.from?.rawValue
        toState = e.to.rawValue
        actor = e.actor
        role = e.role
        at = e.at
        note = e.note
        department = e.department
        workerId = e.workerId
    }

    var event: CaseEvent {
        CaseEvent(reportId: reportId, from: fromState.flatMap(CaseState.init(rawValue:)), to: CaseState(rawValue: toState) ?? .reported,
                  actor: actor, role: role, at: at, note: note, department: department, workerId: workerId)
    }
}
