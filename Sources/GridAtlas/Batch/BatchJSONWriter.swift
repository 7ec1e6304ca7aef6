import Foundation
import GridDomain

/// Writes a resolved batch as one JSON document, straight into bytes, on every core:
///
///     {"generation":"2024","at":"2026-03-02T09:15:00+08:00","count":2,"errors":1,"results":[
///      {"index":0,"id":"a","status":"inside","units":[{"tier":"district","code":"450299"},…],
///       "grid":"450299001001001","responsible":{"id":"W00002","name":"王超"},"nearest":null},
///      {"index":1,"error":"lat: 95 is outside -90..90"}]}
///
/// A point with its own `at` also gets `"at"` and `"generation"` in its result, since another
/// generation than the rest's may have answered it.
struct BatchJSONWriter: SliceEmitter {
    let resolved: ResolvedBatch
    private let fragments: AnswerFragments
    /// The ISO text of each of the batch's own moments, made once.
    private let moments: [String]

    init(_ resolved: ResolvedBatch) {
        self.resolved = resolved
        let includePhones = resolved.options.includePhones
        fragments = AnswerFragments(resolved) { context, unit, out, workers in
            Self.fragment(context, unit, includePhones: includePhones, &out, &workers)
        }
        moments = resolved.batch.momentIndex.isEmpty ? [] : resolved.batch.moments.map(Dates.format)
    }

    func write() -> [UInt8] {
        var head: [UInt8] = []
        head.write("{\"generation\":")
        if let name = resolved.generationName { head.writeJSONString(name) } else { head.write("null") }
        head.write(",\"at\":")
        head.writeJSONString(Dates.format(resolved.options.at))
        head.write(",\"count\":")
        head.writeDecimal(resolved.count)
        head.write(",\"errors\":")
        head.writeDecimal(resolved.errorCount)
        head.write(",\"results\":[")
        return assemble(head: head, slices: resolved.slices(), tail: Array("]}".utf8))
    }

    func emit<Sink: ByteSink>(_ range: Range<Int>, into out: inout Sink) {
        let batch = resolved.batch
        let contexts = resolved.contexts.contexts
        var next = resolved.firstNearest(from: range.lowerBound)
        batch.idBytes.withUnsafeBufferPointer { ids in
            fragments.withArena { reader in
                for i in range {
                    if i > 0 { out.write(byte: 0x2C) }
                    out.write("{\"index\":")
                    out.writeDecimal(i)
                    let kind = batch.idKinds[i]
                    if kind != .none {
                        out.write(",\"id\":")
                        let id = UnsafeBufferPointer(rebasing: ids[batch.idRange(of: i)])
                        if kind == .string { out.writeJSONString(id) } else { out.write(bytes: id) }
                    }
                    let owner = resolved.owners[i]
                    guard owner >= 0 else {
                        out.write(",\"error\":")
                        out.writeJSONString(resolved.problems[i] ?? "not resolved")
                        out.write(byte: 0x7D)
                        continue
                    }
                    if !batch.momentIndex.isEmpty, batch.momentIndex[i] >= 0 {
                        out.write(",\"at\":")
                        out.writeJSONString(moments[Int(batch.momentIndex[i])])
                        out.write(",\"generation\":")
                        out.writeJSONString(contexts[Int(owner)].generation.name)
                    }
                    let location = resolved.locations[i]
                    reader.write(context: owner, location: location, to: &out)
                    guard location.grid < 0 else { continue }
                    while next < resolved.nearest.count && Int(resolved.nearest[next].index) < i { next += 1 }
                    if next < resolved.nearest.count && Int(resolved.nearest[next].index) == i {
                        let hit = resolved.nearest[next]
                        out.write("{\"code\":")
                        out.writeJSONString(contexts[Int(owner)].locator.units[Int(hit.unit)].code)
                        out.write(",\"distance_m\":")
                        out.writeFixed(hit.metres, decimals: 2)
                        out.write("}}")
                    } else {
                        out.write("null}")
                    }
                }
            }
        }
    }

    /// Everything of a result after its index, id and moment that depends only on the context
    /// and the deepest unit: status, units, grid, responsible worker. Inside a grid it closes the
    /// result; in a gap or outside it ends with `"nearest":`, which ``emit(_:into:)`` completes.
    static func fragment(_ context: AnswerContext, _ unit: Int32, includePhones: Bool, _ out: inout [UInt8],
                         _ workers: inout WorkerCache) {
        guard unit >= 0 else {
            out.write(",\"status\":\"outside\",\"units\":[],\"grid\":null,\"responsible\":null,\"nearest\":")
            return
        }
        let locator = context.locator
        let chain = AnswerFragments.chain(of: unit, in: locator)
        let grid = chain.first { locator.units[Int($0)].tier == .grid }
        out.write(grid != nil ? ",\"status\":\"inside\",\"units\":[" : ",\"status\":\"gap\",\"units\":[")
        for (k, id) in chain.enumerated() {
            if k > 0 { out.write(byte: 0x2C) }
            out.write("{\"tier\":")
            out.writeJSONString(locator.units[Int(id)].tier.rawValue)
            out.write(",\"code\":")
            out.writeJSONString(locator.units[Int(id)].code)
            out.write(byte: 0x7D)
        }
        out.write("],\"grid\":")
        guard let grid else {
            out.write("null,\"responsible\":null,\"nearest\":")
            return
        }
        let code = locator.units[Int(grid)].code
        out.writeJSONString(code)
        out.write(",\"responsible\":")
        if let worker = workers.responsible(for: code, in: context) {
            out.write("{\"id\":")
            out.writeJSONString(worker.workerId)
            out.write(",\"name\":")
            out.writeJSONString(worker.name)
            if includePhones {
                out.write(",\"phone\":")
                out.writeJSONString(worker.phone)
            }
            out.write(byte: 0x7D)
        } else {
            out.write("null")
        }
        out.write(",\"nearest\":null}")
    }
}
