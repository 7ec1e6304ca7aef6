/// Where the elements of a large array begin, found without reading them: what lets several
/// threads read one array's elements at once.
extension JSONCursor {
    /// The offset where each element of the array whose `[` is at `start` begins (its first byte
    /// after whitespace), and the offset of the array's `]`, found by brackets and strings alone.
    /// Nothing is checked: a reader must still read every element and find each where this says,
    /// and on malformed bytes this may answer wrongly or nil (the bytes end first).
    public static func elementStarts(ofArrayAt start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (starts: [Int], end: Int)? {
        guard start < bytes.count, bytes[start] == 0x5B else { return nil }
        var starts: [Int] = []
        var depth = 0
        var expecting = true
        var i = start + 1
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            switch b {
            case 0x20, 0x0A, 0x0D, 0x09:
                break
            case 0x22:
                if depth == 0 && expecting {
                    starts.append(i)
                    expecting = false
                }
                i += 1
                while i < n && bytes[i] != 0x22 { i += bytes[i] == 0x5C ? 2 : 1 }
            case 0x5B, 0x7B:
                if depth == 0 && expecting {
                    starts.append(i)
                    expecting = false
                }
                depth += 1
            case 0x5D, 0x7D:
                if depth == 0 { return (starts, i) }
                depth -= 1
            case 0x2C:
                if depth == 0 { expecting = true }
            default:
                if depth == 0 && expecting {
                    starts.append(i)
                    expecting = false
                }
            }
            i += 1
        }
        return nil
    }
}
