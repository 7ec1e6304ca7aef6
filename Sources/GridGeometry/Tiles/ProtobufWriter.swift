/// The few protocol-buffer wire forms a vector tile needs: varints, zigzag varints, 64-bit
/// doubles, length-delimited strings, messages and packed repeated varints.
struct ProtobufWriter {
    private(set) var bytes: [UInt8]

    init(_ bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func key(_ field: Int, wireType: UInt64) { varint(UInt64(field) << 3 | wireType) }

    mutating func uint(field: Int, _ value: UInt64) {
        key(field, wireType: 0)
        varint(value)
    }

    mutating func sint(field: Int, _ value: Int64) {
        key(field, wireType: 0)
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func double(field: Int, _ value: Double) {
        key(field, wireType: 1)
        var bits = value.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(bits & 0xFF))
            bits >>= 8
        }
    }

    mutating func string(field: Int, _ text: String) {
        key(field, wireType: 2)
        let utf8 = Array(text.utf8)
        varint(UInt64(utf8.count))
        bytes += utf8
    }

    mutating func message(field: Int, _ message: ProtobufWriter) {
        key(field, wireType: 2)
        varint(UInt64(message.bytes.count))
        bytes += message.bytes
    }

    mutating func packed(field: Int, _ values: [UInt32]) {
        guard !values.isEmpty else { return }
        var body = ProtobufWriter()
        for value in values { body.varint(UInt64(value)) }
        message(field: field, body)
    }
}
