import Foundation
import GridDomain

/// Writes a resolved batch as CSV: `index`, `id`, then ``BatchResolver/answerColumns`` (without
/// `worker_phone` unless phones are shown), one row per point in input order. WGS84 positions
/// are written with up to 9 decimals (a tenth of a millimetre).
struct BatchCSVWriter: SliceEmitter {
    let resolved: ResolvedBatch
    private let fragments: AnswerFragments
    /// Commas between `error` in the status column and the message in the last one.
    private let blanks: Int

    init(_ resolved: ResolvedBatch) {
        self.resolved = resolved
        let includePhones = resolved.options.includePhones
        fragments = AnswerFragments(resolved) { context, unit, out, workers in
            Self.fragment(context, unit, includePhones: includePhones, &out, &workers)
        }
        blanks = Self.columns(includePhones: includePhones).count - 3
    }

    /// The columns of the answer, in order.
    static func columns(includePhones: Bool) -> [String] {
        ["index", "id"] + BatchResolver.answerColumns.filter { includePhones || $0 != "worker_phone" }
    }

    func write() -> [UInt8] {
        let header = Array((Self.columns(includePhones: resolved.options.includePhones).joined(separator: ",") + "\n").utf8)
        return assemble(head: header, slices: resolved.slices(), tail: [])
    }

    func emit<Sink: ByteSink>(_ range: Range<Int>, into out: inout Sink) {
        let batch = resolved.batch
        var next = resolved.firstNearest(from: range.lowerBound)
        batch.idBytes.withUnsafeBufferPointer { ids in
            fragments.withArena { reader in
                for i in range {
                    out.writeDecimal(i)
                    out.write(byte: 0x2C)
                    if batch.idKinds[i] != .none { out.writeCSVField(UnsafeBufferPointer(rebasing: ids[batch.idRange(of: i)])) }
                    out.write(byte: 0x2C)
                    let owner = resolved.owners[i]
                    guard owner >= 0 else {
                        out.write("error")
                        for _ in 0..<blanks { out.write(byte: 0x2C) }
                        out.writeCSVField(resolved.problems[i] ?? "not resolved")
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
