/// Input in either byte order; WKB switches order per nested geometry, so the order is a variable.
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int
    var littleEndian: Bool

    mutating func byte() throws(GeoPackageBinary.Problem) -> UInt8 {
        guard offset < bytes.count else { throw .truncated(offset: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint32() throws(GeoPackageBinary.Problem) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw .truncated(offset: offset) }
        var value: UInt32 = 0
        for i in 0..<4 {
            let shift = littleEndian ? 8 * i : 8 * (3 - i)
            value |= UInt32(bytes[offset + i]) << UInt32(shift)
        }
        offset += 4
        return value
    }

    mutating func double() throws(GeoPackageBinary.Problem) -> Double {
        guard offset + 8 <= bytes.count else { throw .truncated(offset: offset) }
        var value: UInt64 = 0
        for i in 0..<8 {
            let shift = littleEndian ? 8 * i : 8 * (7 - i)
            value |= UInt64(bytes[offset + i]) << UInt64(shift)
        }
        offset += 8
        return Double(bitPattern: value)
    }
}
