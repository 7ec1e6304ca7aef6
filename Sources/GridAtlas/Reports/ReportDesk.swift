import Crypto
import Foundation
import GridDomain
import GridGeometry
import GridImport
import GridStore
import Synchronization

/// Something that happened to a report, for whoever watches (early warning, webhooks).
public enum ReportEvent: Sendable {
    case filed(Report)
    case moved(Report, CaseEvent)
}

/// The dispatch centre's desk: files reports in the grid and generation in force at their own
/// moment, routes them to a worker and a department, and moves cases through their life.
///
/// Routing rule (documented in docs/reports.md): the grid containing the point under the
/// generation in force at `requested_at`; the responsible worker is the grid's first full-time
/// worker serving then, else its leader, else any worker; the department is the matter's lead.
/// A point outside every grid (or in a gap) is still filed, flagged for manual dispatch, with
/// the nearest grid named.
public final class ReportDesk: Sendable {
    public let atlas: Atlas
    public let rules: IntakeRules
    /// The newest catalogue with the store's change counter it was read under: a version
    /// imported by another process is filed under from within ``StoreWatch/defaultInterval``.
    private let cachedCatalogue = Mutex<(version: Int64, catalogue: Catalogue)?>(nil)
    private let observers = Mutex<[@Sendable (ReportEvent) -> Void]>([])
    private let commits: GroupCommit

    public init(atlas: Atlas, rules: IntakeRules = IntakeRules()) {
        self.atlas = atlas
        self.rules = rules
        commits = GroupCommit(store: atlas.store, duplicates: rules.duplicates)
    }

    public var store: GridStore { atlas.store }

    /// Calls `observer` after every report filed and every case step (on the caller's thread:
    /// observers hand work off rather than block intake).
    public func observe(_ observer: @escaping @Sendable (ReportEvent) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    func announce(_ event: ReportEvent) {
        for observer in observers.withLock({ $0 }) { observer(event) }
    }

    // MARK: Catalogue

    /// Reads, checks and stores both catalogue files as a new version; all or nothing.
    public func importCatalogue(departments: (name: String, data: Data), matters: (name: String, data: Data),
                                note: String? = nil) throws -> Catalogue {
        let read = try CatalogueReader().read(departments: departments, matters: matters)
        let saved = try store.saveCatalogue(departments: read.departments, matters: read.matters, note: note)
        // Read the counters now, so the next report (on any thread) is filed under this version.
        try atlas.storeChanges.refresh()
        return saved
    }

    public func catalogue() throws -> Catalogue {
        let version = try atlas.storeChanges.current().catalogue
        if let known = cachedCatalogue.withLock({ $0 }), known.version == version { return known.catalogue }
        let fresh = try store.catalogue()
        cachedCatalogue.withLock { $0 = (version, fresh) }
        return fresh
    }

    // MARK: Intake

    /// Checks, locates, routes and stores one report; nothing is stored when it is refused.
    /// Blocks the calling thread until the report is stored (the command line, benchmarks).
    /// Observers get the report as stored; the caller gets it as `actor` may see it.
    public func file(_ draft: ReportDraft, by actor: CaseActor, now: Date = Date()) throws -> Report {
        let (report, event) = try prepare(draft, by: actor, now: now)
        let filed = try commits.fileWaiting(report, event: event)
        announce(.filed(filed))
        return try narrowingLinks(filed, for: actor)
    }

    /// The same without holding a thread while the report waits for its transaction (HTTP).
    public func file(_ draft: ReportDraft, by actor: CaseActor, now: Date = Date()) async throws -> Report {
        let (report, event) = try prepare(draft, by: actor, now: now)
        let filed = try await commits.file(report, event: event)
        announce(.filed(filed))
        return try narrowingLinks(filed, for: actor)
    }

    private func prepare(_ draft: ReportDraft, by actor: CaseActor, now: Date) throws -> (Report, CaseEvent) {
        let report = try route(draft, by: actor, now: now)
        return (report, Self.intakeEvent(report, by: actor))
    }

    /// The first step of every case: `reported`, at arrival, with a note when nobody was routed.
    static func intakeEvent(_ report: Report, by actor: CaseActor) -> CaseEvent {
        CaseEvent(reportId: 0, from: nil, to: .reported, actor: actor.id, role: actor.role.rawValue, at: report.receivedAt,
                  note: report.manualDispatch ? "outside every grid: manual dispatch (nearest grid \(report.nearestGrid ?? "none"))" : nil)
    }

    /// What intake decides for a report, without storing it: checks, the grid and generation at
    /// the report's moment, the worker and the department. (Bulk loads of historical reports
    /// use this with ``GridStore/importReports(_:actor:)``.)
    public func route(_ draft: ReportDraft, by actor: CaseActor, now: Date = Date()) throws -> Report {
        let catalogue = try catalogue()
        guard !catalogue.matters.isEmpty else { throw ReportError.noCatalogue }
        guard !draft.matterCode.isEmpty else { throw ReportError.missingField("service_code", "the matter (see services.json)") }
        guard let matter = catalogue.matter(draft.matterCode) else { throw ReportError.unknownMatter(draft.matterCode) }
        try check(draft)
        guard let position = draft.position else {
            throw ReportError.missingField("lat", "lat and long locate the report (GridAtlas does not geocode address_string)")
        }
        var requestedAt = Dates.milliseconds(now)
        if let given = draft.requestedAt {
            guard actor.isStaff else {
                throw ReportError.badField("requested_datetime", "only dispatcher keys (workers' terminals) may date a report; others are dated on arrival")
            }
            guard given <= now.addingTimeInterval(rules.clockSkew) else {
                throw ReportError.badField("requested_datetime", "\(Dates.format(given)) is in the future")
            }
            requestedAt = Dates.milliseconds(given)
        }
        let resolution: Resolution
        do {
            resolution = try ConverterPool.shared.with(draft.crs) { converter in
                try atlas.resolve(position, converter: converter, at: requestedAt)
            }
        } catch let error as CoordinateConverter.ConversionError {
            throw ReportError.badField("lat", error.description)
        } catch AtlasError.noGenerationInForce(let t) {
            throw ReportError.badField("requested_datetime", "no boundaries were in force at \(Dates.format(t))")
        }
        var units: [Tier: String] = [:]
        for unit in resolution.units { if let tier = Tier(rawValue: unit.tier) { units[tier] = unit.code } }
        let inside = resolution.status == "inside"
        let report = Report(
            id: 0, matterCode: matter.code, description: draft.description, address: draft.address,
            lon: resolution.wgs84[0], lat: resolution.wgs84[1], inputX: position.lon, inputY: position.lat,
            inputCRS: draft.crs.description, mediaURL: draft.mediaURL, mediaHash: Self.mediaHash(draft),
            email: draft.email, phone: draft.phone, deviceId: draft.deviceId, firstName: draft.firstName, lastName: draft.lastName,
            requestedAt: requestedAt, receivedAt: Dates.milliseconds(now), updatedAt: Dates.milliseconds(now),
            expectedAt: requestedAt.addingTimeInterval(Double(matter.deadlineHours) * 3600), state: .reported,
            generation: resolution.generation, locationStatus: resolution.status, units: units,
            department: matter.routedDepartment, workerId: inside ? resolution.responsible?.id : nil,
            workerName: inside ? resolution.responsible?.name : nil, nearestGrid: inside ? nil : resolution.nearest?.code,
            manualDispatch: !inside, filedBy: actor.id, source: draft.source ?? (actor.isStaff ? "worker" : "citizen"))
        return report
    }

    private func check(_ draft: ReportDraft) throws {
        if draft.description.count > rules.maxDescription {
            throw ReportError.tooLong(field: "description", length: draft.description.count, limit: rules.maxDescription)
        }
        let fields: [(String, String?)] = [("address_string", draft.address), ("media_url", draft.mediaURL), ("email", draft.email),
                                           ("phone", draft.phone), ("device_id", draft.deviceId), ("first_name", draft.firstName),
                                           ("last_name", draft.lastName), ("source", draft.source)]
        for (name, value) in fields {
            if let value, value.count > rules.maxField { throw ReportError.tooLong(field: name, length: value.count, limit: rules.maxField) }
        }
        // Control characters are refused (tab and line breaks only in the description): dispatch
        // screens, CSV exports and SMS gateways show these fields again.
        if let problem = TextRule.freeText(maxCharacters: rules.maxDescription).problem(with: draft.description) {
            throw ReportError.badField("description", problem)
        }
        for (name, value) in fields {
            if let value, let problem = TextRule(maxCharacters: rules.maxField, allowsLineBreaks: false).problem(with: value) {
                throw ReportError.badField(name, problem)
            }
        }
        if let url = draft.mediaURL, !url.isEmpty, !Self.isWebAddress(url) {
            // A `javascript:` or `file:` address would run or open on the dispatcher's screen.
            throw ReportError.badField("media_url", "must be an http:// or https:// address of the photo")
        }
        if let hash = draft.mediaHash, !(hash.count == 64 && hash.allSatisfy(\.isHexDigit)) {
            throw ReportError.badField("media_hash", "expected the SHA-256 of the photo as 64 hexadecimal digits")
        }
        if let position = draft.position {
            guard position.lon.isFinite, position.lat.isFinite else { throw ReportError.badField("lat", "coordinates must be finite numbers") }
            if draft.crs.isGeographicDegrees {
                guard (-180...180).contains(position.lon) else { throw ReportError.badField("long", "\(position.lon) is outside -180..180") }
                guard (-90...90).contains(position.lat) else { throw ReportError.badField("lat", "\(position.lat) is outside -90..90") }
            }
        }
    }

    /// True for an absolute http(s) address with a host: what a dispatcher's browser may open.
    static func isWebAddress(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else { return false }
        return true
    }

    /// The photo's own hash when it was uploaded or hashed on the device, else the hash of its URL.
    static func mediaHash(_ draft: ReportDraft) -> String? {
        if let media = draft.media, !media.isEmpty { return SHA256.hash(data: media).map { String(format: "%02x", $0) }.joined() }
        if let hash = draft.mediaHash { return hash.lowercased() }
        if let url = draft.mediaURL, !url.isEmpty {
            return SHA256.hash(data: Data(("url:" + url).utf8)).map { String(format: "%02x", $0) }.joined()
        }
        return nil
    }

    // MARK: Reading

    /// One report as `actor` may see it: citizens see only their own (others read as not found),
    /// and of its links to other reports only those to their own (``narrowingLinks(_:for:)``).
    public func report(id: Int64, for actor: CaseActor) throws -> Report {
        guard let report = try store.report(id: id) else { throw ReportError.notFound(id) }
        if !actor.role.allows(.viewer) && report.filedBy != actor.id { throw ReportError.notFound(id) }
        return try narrowingLinks(report, for: actor)
    }

    /// Reports matching `filter` that `actor` may see, newest first.
    public func reports(_ filter: ReportFilter, page: Int = 1, pageSize: Int = 100, for actor: CaseActor) throws -> [Report] {
        try narrowingLinks(store.reports(visible(filter, to: actor), page: page, pageSize: pageSize), for: actor)
    }

    public func count(_ filter: ReportFilter, for actor: CaseActor) throws -> Int {
        try store.reportCount(visible(filter, to: actor))
    }

    private func visible(_ filter: ReportFilter, to actor: CaseActor) -> ReportFilter {
        var narrowed = filter
        if !actor.role.allows(.viewer) { narrowed.filedBy = actor.id }
        return narrowed
    }

    public func history(id: Int64, for actor: CaseActor) throws -> [CaseEvent] {
        _ = try report(id: id, for: actor)
        return try store.history(ofReport: id)
    }
}
