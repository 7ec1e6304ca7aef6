import Foundation
import GridDomain
import GridStore

/// What answers a point: the generation (with its Locator) and the roster period of its moment.
struct AnswerContext: Sendable {
    let generation: Generation
    let locator: Locator
    let roster: Roster
    /// A moment of the roster period; any other moment of the period gets the same workers.
    let moment: Date
    /// The roster period (``Roster/period(of:)``): with the generation, what the answers depend on.
    let period: Int
}

/// The distinct contexts a batch needs, and for each of its moments which one answers it.
///
/// Points with their own `at` can each carry a different moment; the generation in force and
/// the roster's workers change only at a few dates, so a million moments usually fall into a
/// handful of contexts, and everything costly (Locators, workers, answer bytes) is per context.
struct AnswerContexts: Sendable {
    private(set) var contexts: [AnswerContext] = []
    /// Per entry of ``PointBatch/moments``: a context index, or -1 - k for `problems[k]`.
    private(set) var byMoment: [Int32] = []
    private(set) var problems: [String] = []
    /// The context of the request's default moment, if points use it (or it could be chosen).
    private(set) var defaultContext: Int32?

    private struct Key: Hashable {
        var generation: Int64
        var period: Int
    }

    init(atlas: Atlas, batch: PointBatch, options: BatchOptions) throws(BatchResolveError) {
        let generations: [Generation]
        let roster: Roster
        do {
            generations = try atlas.generations()
            roster = try atlas.roster()
        } catch {
            throw .store("\(error)")
        }
        var pinned: Generation?
        if let name = options.generation {
            guard let found = generations.first(where: { $0.name == name }) else { throw .generationNotFound(name) }
            pinned = found
        }
        var known: [Key: Int32] = [:]
        var locators: [Int64: Locator] = [:]

        func context(at moment: Date) throws(BatchResolveError) -> Int32? {
            guard let generation = pinned ?? generations.inForce(at: moment) else { return nil }
            let key = Key(generation: generation.id, period: roster.period(of: moment))
            if let index = known[key] { return index }
            let locator: Locator
            if let built = locators[generation.id] {
                locator = built
            } else {
                do { locator = try atlas.locator(for: generation) } catch { throw .store("\(error)") }
                locators[generation.id] = locator
            }
            let index = Int32(contexts.count)
            contexts.append(AnswerContext(generation: generation, locator: locator, roster: roster, moment: moment, period: key.period))
            known[key] = index
            return index
        }

        // Points that take the default moment need it answerable; otherwise it only names the
        // generation of an answer in which no point was resolved.
        let usesDefault = batch.momentIndex.isEmpty
            ? batch.count > batch.problems.count
            : (0..<batch.count).contains { batch.momentIndex[$0] < 0 && !batch.positions[$0].lon.isNaN }
        if usesDefault {
            guard !generations.isEmpty else { throw .emptyStore }
            guard let index = try context(at: options.at) else { throw .noGenerationInForce(options.at) }
            defaultContext = index
        } else {
            defaultContext = try context(at: options.at)
        }
        byMoment.reserveCapacity(batch.moments.count)
        for moment in batch.moments {
            if let index = try context(at: moment) {
                byMoment.append(index)
            } else {
                byMoment.append(-1 - Int32(problems.count))
                problems.append(generations.isEmpty
                    ? "at: the store holds no generation yet"
                    : "at: no published generation is in force at \(Dates.format(moment))")
            }
        }
    }
}
