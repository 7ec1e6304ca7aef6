import Foundation
import GridDomain
import GridGeometry
import GridImport
import GridStore
import Synchronization

/// The service behind every interface: imports into the store, keeps one Locator per
/// generation in memory, and answers "where is this point, and who serves it".
///
/// Thread-safe: the store is, Locators are immutable, and the caches sit behind a Mutex. GEOS
/// is used only for imports and accuracy circles, each time with a context of its own.
///
/// Live: the list of generations and the roster are kept with the store's change counter they
/// were read under (``storeChanges``), so a generation published or a roster imported by another
/// process is answered from within ``StoreWatch/defaultInterval``, and this process's own
/// writes from its next call. Locators and views of published generations are kept for good:
/// their units never change.
public final class Atlas: Sendable {
    public let store: GridStore
    /// The store's change counters, shared by every cache of this process that depends on them
    /// (here, the report desk's catalogue, the server's keys).
    public let storeChanges: StoreWatch
    private let cache = Mutex(Cache())
    /// Held while a published generation's Locator is read or built (see ``locator(for:)``).
    private let building = Mutex(())
    /// Boundary-question views per generation (Queries/Atlas+View.swift).
    let views = GenerationViewCache()

    struct Cache {
        var locators: [Int64: Locator] = [:]
        /// Draft Locators with the store fingerprint they were built from (drafts can still grow).
        var drafts: [Int64: (fingerprint: String, locator: Locator)] = [:]
        /// With the change counter each was read under (``StoreChanges/roster``, ``StoreChanges/generations``).
        var roster: (version: Int64, roster: Roster)?
        var generations: (version: Int64, list: [Generation])?
    }

    /// Where the Atlas says what it did on its own (an index rebuilt, and why): standard error
    /// for the CLI, the log for the server.
    let notice: @Sendable (String) -> Void

    public init(store: GridStore, notice: @escaping @Sendable (String) -> Void = Atlas.standardError,
                changeInterval: Duration = StoreWatch.defaultInterval) {
        self.store = store
        self.notice = notice
        storeChanges = StoreWatch(store: store, interval: changeInterval)
    }

    public static let standardError: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data(("gridatlas: " + message + "\n").utf8))
    }

    // MARK: Imports

    public struct UnitImport: Sendable {
        public var generation: Generation
        public var counts: [Tier: Int]
    }

    /// Reads, validates and stores units from GeoJSON or GeoPackage files into generation `name`
    /// (a new or draft generation), publishing it from `publishAt` when given. All files land,
    /// or none. Each file's format is `format` when given, else told by ``UnitFileFormat/sniff(name:data:)``.
    public func importUnits(files: [(name: String, data: Data)], crs: CRS, crsIsExplicit: Bool, generation name: String,
                            toleranceM2: Double = 1.0, publishAt: Date? = nil, backdate: Bool = false,
                            note: String? = nil, format: UnitFileFormat? = nil) throws -> UnitImport {
        var existing: [AreaUnit] = []
        if let target = try store.generation(named: name) {
            guard target.state == .draft else { throw StoreError.generationPublished(name) }
            existing = try store.units(inGeneration: target.id)
        }
        var reads: [UnitFeatureReader.Read] = []
        var problems: [ImportProblem] = []
        for file in files {
            let kind = format ?? UnitFileFormat.sniff(name: file.name, data: file.data)
            do { reads += try kind.read(name: file.name, data: file.data, crs: crs, crsIsExplicit: crsIsExplicit) } catch {
                problems += error.problems
            }
        }
        guard problems.isEmpty else { throw ImportRejected(problems) }
        let findings = try UnitValidator(toleranceM2: toleranceM2).validate(reads, existing: existing)
        let units = reads.map(\.unit)
        // Publishing straight from an import passes the same gate as publishing a draft, told
        // what the validator established so that it is not established twice.
        if publishAt != nil {
            try Self.requirePublishable(name, units: existing + units, errorAreaM2: toleranceM2,
                                        established: Self.established(findings, imported: units, after: existing.count))
        }
        let saved = try store.saveUnits(units, areasM2: findings.areasM2, generation: name, note: note, publishAt: publishAt,
                                        backdate: backdate)
        invalidate()
        if saved.state == .published { indexPublished(saved, units: existing + units) }
        return UnitImport(generation: saved, counts: Dictionary(grouping: units, by: \.tier).mapValues(\.count))
    }

    /// Reads and stores a roster CSV; every unit code must exist in some generation.
    public func importRoster(name: String, data: Data, replace: Bool) throws -> Int {
        let known = try store.allUnitCodes()
        let stored = replace ? [] : Set(try store.roster().map(RosterReader.key))
        let entries = try RosterReader(source: name, unitExists: { known.contains($0) },
                                       alreadyStored: { stored.contains(RosterReader.key($0)) }).read(data)
        try store.saveRoster(entries, replace: replace)
        invalidate()
        return entries.count
    }

    /// Publishes a draft from `effectiveFrom` once its topology check finds no error (see
    /// ``publishChecked(_:effectiveFrom:backdate:tolerances:)`` for the warnings too).
    public func publish(_ name: String, effectiveFrom: Date, backdate: Bool = false) throws -> Generation {
        try publishChecked(name, effectiveFrom: effectiveFrom, backdate: backdate).generation
    }

    /// After a write of this process: the caches it touched are dropped, and the counters read
    /// again so that every other cache (the desk's catalogue, the server's keys) sees it too.
    func invalidate() {
        cache.withLock { $0.roster = nil; $0.generations = nil }
        do { try storeChanges.refresh() } catch { notice("the store's change counters could not be read (\(error))") }
    }

    // MARK: Lookups

    /// Every generation, as the store holds them now (see ``StoreWatch`` for how "now" is kept).
    public func generations() throws -> [Generation] {
        let version = try storeChanges.current().generations
        if let known = cache.withLock({ $0.generations }), known.version == version { return known.list }
        let fresh = try store.generations()
        cache.withLock { $0.generations = (version, fresh) }
        return fresh
    }

    /// The generation pinned by name, or else the one in force at `t`.
    public func generation(named name: String?, at t: Date) throws -> Generation {
        let all = try generations()
        if let name {
            guard let pinned = all.first(where: { $0.name == name }) else { throw StoreError.generationNotFound(name) }
            return pinned
        }
        guard !all.isEmpty else { throw AtlasError.emptyStore }
        guard let inForce = all.inForce(at: t) else { throw AtlasError.noGenerationInForce(t) }
        return inForce
    }

    /// The Locator of a generation, built on first use from the stored units and kept: units of
    /// a published generation never change. A draft's Locator is kept while the store shows no
    /// unit added to it (by this process or another).
    public func locator(for generation: Generation) throws -> Locator {
        if generation.state == .published {
            if let built = cache.withLock({ $0.locators[generation.id] }) { return built }
            // One thread reads or builds it while the others wait: slices of a batch that start
            // together must not each build a city's index.
            return try building.withLock { _ in
                if let built = cache.withLock({ $0.locators[generation.id] }) { return built }
                let locator = try publishedLocator(generation)
                cache.withLock { $0.locators[generation.id] = locator }
                return locator
            }
        }
        let fingerprint = try store.fingerprint(ofGeneration: generation.id)
        if let draft = cache.withLock({ $0.drafts[generation.id] }), draft.fingerprint == fingerprint { return draft.locator }
        let locator = Locator(units: try store.units(inGeneration: generation.id))
        cache.withLock { $0.drafts[generation.id] = (fingerprint, locator) }
        return locator
    }

    /// A published generation's Locator from its index file beside the store, mapped as it lies;
    /// built from the stored units and written for the next process when there is none, or when
    /// the one there is of an older format, damaged or stale (said once, with the reason).
    private func publishedLocator(_ generation: Generation) throws -> Locator {
        do {
            if let stored = try store.storedLocator(of: generation) { return stored }
            notice("generation '\(generation.name)' has no stored index yet: building it from its units")
        } catch {
            notice("the stored index of generation '\(generation.name)' was not used (\(error)): rebuilding it from its units")
        }
        let locator = Locator(units: try store.units(inGeneration: generation.id))
        keepIndex(locator, of: generation)
        return locator
    }

    /// Builds and stores the index of a generation just published, so that no later process
    /// builds it again. `units` are its units in any order.
    func indexPublished(_ generation: Generation, units: [AreaUnit]) {
        // Ids are positions in the store's order (by code, byte-wise as SQLite compares text).
        let ordered = units.sorted { $0.code.utf8.lexicographicallyPrecedes($1.code.utf8) }
        let locator = Locator(units: ordered)
        keepIndex(locator, of: generation)
        cache.withLock { $0.locators[generation.id] = locator }
    }

    private func keepIndex(_ locator: Locator, of generation: Generation) {
        do { try store.storeLocator(locator, of: generation) } catch {
            notice("the index of generation '\(generation.name)' could not be stored (\(error)): it is kept in memory only")
        }
    }

    /// The roster for answering one position: the whole roster once it is loaded, else only
    /// the grid's own entries. A city's roster is 100,000 rows; a single lookup (a CLI run, a
    /// server's first request) must not wait for all of them.
    func roster(forGrid code: String?) throws -> Roster {
        let version = try storeChanges.current().roster
        if let known = cache.withLock({ $0.roster }), known.version == version { return known.roster }
        return Roster(try code.map { try store.roster(ofUnits: [$0]) } ?? [])
    }

    /// Loads what lookups need (the generations, the Locator of the one in force, the roster)
    /// ahead of the first request: a server calls it beside starting to listen.
    public func warmUp(at moment: Date = Date()) throws {
        if let generation = try? generation(named: nil, at: moment) { _ = try locator(for: generation) }
        _ = try roster()
    }

    public func roster() throws -> Roster {
        let version = try storeChanges.current().roster
        if let known = cache.withLock({ $0.roster }), known.version == version { return known.roster }
        let fresh = Roster(try store.roster())
        cache.withLock { $0.roster = (version, fresh) }
        return fresh
    }

    /// Resolves one position given in `converter`'s CRS.
    ///
    /// - Parameters:
    ///   - at: the moment of the report; picks the generation in force and the roster serving then.
    ///   - generation: pins a generation by name instead (drafts included).
    ///   - accuracy: a radius in metres; answers every grid the circle touches with its share.
    public func resolve(_ position: LonLat, converter: CoordinateConverter, at: Date = Date(), generation name: String? = nil,
                        accuracy: Double? = nil) throws -> Resolution {
        if let accuracy, !(accuracy > 0 && accuracy <= 100_000) { throw AtlasError.badAccuracy(accuracy) }
        let wgs = try converter.toWGS84(position)
        let generation = try generation(named: name, at: at)
        let locator = try locator(for: generation)
        let location = locator.locate(wgs)
        let grid = location.grid >= 0 ? locator.units[Int(location.grid)].code : nil
        let answer = Answerer(locator: locator, roster: try roster(forGrid: grid), at: at, generation: generation)
        var resolution = answer.resolution(for: wgs, input: position, crs: converter.crs, location: location)
        if let accuracy {
            let shares = try AccuracyCircle(center: wgs, radius: accuracy).shares(in: locator) { ids in
                let units = try store.units(inGeneration: generation.id, codes: ids.map { locator.units[Int($0)].code })
                return units.compactMap { unit in locator.id(of: unit.code).map { ($0, unit.geometry) } }
            }
            resolution.candidates = shares.grids.map {
                Resolution.Candidate(code: locator.units[Int($0.id)].code, name: locator.units[Int($0.id)].name, share: $0.share)
            }
            resolution.outsideShare = shares.outside
        }
        return resolution
    }
}
