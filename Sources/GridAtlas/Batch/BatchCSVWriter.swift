import Foundation
import GridDomain

/// Writes a resolved batch as CSV, one row per point in input order: what identifies the point,
/// then ``answerColumns`` (without `worker_phone` unless phones are shown). WGS84 positions are
/// written with up to 9 decimals (a tenth of a millimetre).
///
/// Two forms share every answer byte. `POST /locate` identifies a point by `index,id`; the
/// CLI echoes the point's record as it was read, so that a user's own columns come back
/// unchanged in front of the answer, and names the line in each row's error.
public struct BatchCSVWriter: SliceEmitter {
    /// The columns of an answer, after those that identify the point.
    public static let answerColumns = ["status", "wgs84_lon", "wgs84_lat", "generation", "district", "subdistrict", "community",
                                       "grid", "grid_name", "micro_area", "worker_id", "worker_name", "worker_phone",
                                       "nearest_grid", "nearest_m", "error"]

    /// What comes in front of each point's answer.
    enum Leading: Sendable {
        /// `index,id`: the point's place in the request and its id, if it has one.
        case indexAndID
        /// The point's record as read (see ``PointBatch/source``), padded to the header's
        /// fields; errors start with `line N: `.
        case record
    }

    let resolved: ResolvedBatch
    let leading: Leading
    private let fragments: AnswerFragments
    /// Commas between `error` in the status column and the message in the last one.
    private let blanks: Int

    /// - Parameter cache: fragments kept across the batches of one file (the pass-through form).
    init(_ resolved: ResolvedBatch, leading: Leading = .indexAndID, cache: FragmentCache? = nil) {
        self.resolved = resolved
        self.leading = leading
        let includePhones = resolved.options.includePhones
        fragments = AnswerFragments(resolved, cache: cache) { context, unit, out, workers in
            Self.fragment(context, unit, includePhones: includePhones, &out, &workers)
        }
        blanks = Self.answerColumns(includePhones: includePhones).count - 1
    }

    static func answerColumns(includePhones: Bool) -> [String] {
        answerColumns.filter { includePhones || $0 != "worker_phone" }
    }

    /// The columns of the `index,id` form, in order.
    static func columns(includePhones: Bool) -> [String] {
        ["index", "id"] + answerColumns(includePhones: includePhones)
    }

    /// The header line of the pass-through form: the input's header as written, then the answer's.
    static func header(echoing header: CSVHeader, includePhones: Bool) -> [UInt8] {
        header.text + Array(("," + answerColumns(includePhones: includePhones).joined(separator: ",") + "\n").utf8)
    }

    /// The whole answer of the `index,id` form, header first.
    func write() -> [UInt8] {
        let header = Array((Self.columns(includePhones: resolved.options.includePhones).joined(separator: ",") + "\n").utf8)
        return assemble(head: header, slices: resolved.slices(), tail: [])
    }

    /// The rows alone, for an answer written chunk after chunk under one header.
    func writeRows() -> [UInt8] {
        assemble(head: [], slices: resolved.slices(), tail: [])
    }

    func emit<Sink: ByteSink>(_ range: Range<Int>, into out: inout Sink) {
        let batch = resolved.batch
        var next = resolved.firstNearest(from: range.lowerBound)
        batch.idBytes.withUnsafeBufferPointer { ids in
            batch.source.withUnsafeBufferPointer { source in
                fragments.withArena { reader in
                    for i in range {
                        switch leading {
                        case .indexAndID:
                            out.writeDecimal(i)
                            out.write(byte: 0x2C)
                            if batch.idKinds[i] != .none { out.writeCSVField(UnsafeBufferPointer(rebasing: ids[batch.idRange(of: i)])) }
                        case .record:
                            out.write(bytes: UnsafeBufferPointer(rebasing: source[batch.recordStarts[i]..<batch.recordEnds[i]]))
                            for _ in 0..<(batch.missingFields[i] ?? 0) { out.write(byte: 0x2C) }
                        }
                        out.write(byte: 0x2C)
                        let owner = resolved.owners[i]
                        guard owner >= 0 else {
                            out.write("error")
                            for _ in 0..<blanks { out.write(byte: 0x2C) }
                            out.writeCSVField(message(i))
                            out.write(byte: 0x0A)
                            continue
                        }
                        let location = resolved.locations[i]
                        switch location.status {
                        case .inside: out.write("inside,")
                        case .gap: out.write("gap,")
                        case .outside: out.write("outside,")
                        }
                        out.writeFixed(resolved.wgs[i].lon, decimals: 9)
                        out.write(byte: 0x2C)
                        out.writeFixed(resolved.wgs[i].lat, decimals: 9)
                        out.write(byte: 0x2C)
                        reader.write(context: owner, location: location, to: &out)
                        if location.grid < 0 {
                            while next < resolved.nearest.count && Int(resolved.nearest[next].index) < i { next += 1 }
                            if next < resolved.nearest.count && Int(resolved.nearest[next].index) == i {
                                let hit = resolved.nearest[next]
                                out.writeCSVField(resolved.contexts.contexts[Int(owner)].locator.units[Int(hit.unit)].code)
                                out.write(byte: 0x2C)
                                out.writeFixed(hit.metres, decimals: 2)
                                out.write(",\n")
                                continue
                            }
                        }
                        out.write(",,\n")
                    }
                }
            }
        }
    }

    /// Why point `i` has no answer; in the pass-through form with the line a text editor shows.
    private func message(_ i: Int) -> String {
        let problem = resolved.problems[i] ?? "not resolved"
        switch leading {
        case .indexAndID: return problem
        case .record: return "line \(resolved.batch.recordLines[i]): \(problem)"
        }
    }

    /// The columns from `generation` to the worker's, each followed by a comma.
    static func fragment(_ context: AnswerContext, _ unit: Int32, includePhones: Bool, _ out: inout [UInt8],
                         _ workers: inout WorkerCache) {
        let locator = context.locator
        let chain = unit >= 0 ? AnswerFragments.chain(of: unit, in: locator) : []
        func member(_ tier: Tier) -> Int32? { chain.first { locator.units[Int($0)].tier == tier } }
        out.writeCSVField(context.generation.name)
        out.write(byte: 0x2C)
        for tier in [Tier.district, .subdistrict, .community, .grid] {
            if let id = member(tier) { out.writeCSVField(locator.units[Int(id)].code) }
            out.write(byte: 0x2C)
        }
        let grid = member(.grid)
        if let grid { out.writeCSVField(locator.units[Int(grid)].name) }
        out.write(byte: 0x2C)
        if let micro = member(.microArea) { out.writeCSVField(locator.units[Int(micro)].code) }
        out.write(byte: 0x2C)
        if let grid, let worker = workers.responsible(for: locator.units[Int(grid)].code, in: context) {
            out.writeCSVField(worker.workerId)
            out.write(byte: 0x2C)
            out.writeCSVField(worker.name)
            out.write(byte: 0x2C)
            if includePhones {
                out.writeCSVField(worker.phone)
                out.write(byte: 0x2C)
            }
        } else {
            out.write(includePhones ? ",,," : ",,")
        }
    }
}
