/// JSON text of a ``Resolution`` written by hand, byte for byte what `JSONEncoder` with sorted
/// keys gives: the single-point HTTP route answers thousands of these a second, and Foundation's
/// encoder took most of each request's time there.
extension Resolution {
    /// - Parameter includePhones: false leaves workers' phone numbers out (callers below
    ///   dispatcher), without copying the answer first.
    public func jsonBytes(includePhones: Bool = true) -> [UInt8] {
        var out = JSONText()
        out.reserve(600 + workers.count * 90)
        out.raw("{\"at\":"); out.string(at)
        if let candidates {
            out.raw(",\"candidates\":[")
            for (i, c) in candidates.enumerated() {
                if i > 0 { out.raw(",") }
                out.raw("{\"code\":"); out.string(c.code)
                out.raw(",\"name\":"); out.string(c.name)
                out.raw(",\"share\":"); out.number(c.share); out.raw("}")
            }
            out.raw("]")
        }
        out.raw(",\"generation\":"); out.string(generation)
        out.raw(",\"input\":{\"crs\":"); out.string(input.crs)
        out.raw(",\"x\":"); out.number(input.x); out.raw(",\"y\":"); out.number(input.y); out.raw("}")
        if let nearest {
            out.raw(",\"nearest\":{\"code\":"); out.string(nearest.code)
            out.raw(",\"distance_m\":"); out.number(nearest.distanceM)
            out.raw(",\"name\":"); out.string(nearest.name)
            out.raw(",\"point\":["); out.number(nearest.point[0]); out.raw(","); out.number(nearest.point[1]); out.raw("]}")
        }
        if let outsideShare { out.raw(",\"outside_share\":"); out.number(outsideShare) }
        if let responsible { out.raw(",\"responsible\":"); out.worker(responsible, phone: includePhones) }
        out.raw(",\"status\":"); out.string(status)
        out.raw(",\"units\":[")
        for (i, unit) in units.enumerated() {
            if i > 0 { out.raw(",") }
            out.raw("{\"code\":"); out.string(unit.code)
            out.raw(",\"name\":"); out.string(unit.name)
            out.raw(",\"tier\":"); out.string(unit.tier); out.raw("}")
        }
        out.raw("],\"wgs84\":["); out.number(wgs84[0]); out.raw(","); out.number(wgs84[1])
        out.raw("],\"workers\":[")
        for (i, worker) in workers.enumerated() {
            if i > 0 { out.raw(",") }
            out.worker(worker, phone: includePhones)
        }
        out.raw("]}")
        return out.bytes
    }
}

/// A growing UTF-8 buffer with the three JSON pieces an answer needs.
public struct JSONText: Sendable {
    public var bytes: [UInt8] = []

    public init() {}

    mutating func reserve(_ n: Int) { bytes.reserveCapacity(n) }

    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func number(_ value: Double) {
        // Whole numbers print without ".0", as JSONEncoder writes them.
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            bytes.append(contentsOf: String(Int64(value)).utf8)
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 0x0A: bytes.append(contentsOf: [92, 110])
            case 0x0D: bytes.append(contentsOf: [92, 114])
            case 0x09: bytes.append(contentsOf: [92, 116])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [92, 117, 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func worker(_ w: Resolution.Worker, phone showPhone: Bool) {
        raw("{\"id\":"); string(w.id)
        raw(",\"name\":"); string(w.name)
        if showPhone, let phone = w.phone { raw(",\"phone\":"); string(phone) }
        raw(",\"role\":"); string(w.role); raw("}")
    }
}
