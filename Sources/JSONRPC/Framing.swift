/// Writes the LSP base-protocol framing.
public enum Framing {
    /// Exactly `Content-Length: N\r\n\r\n` followed by the body, where N is
    /// the body's length in bytes. No `Content-Type`: it is optional, and some
    /// clients match the header strictly.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        let header = "Content-Length: \(body.count)\r\n\r\n".utf8
        var out: [UInt8] = []
        out.reserveCapacity(header.count + body.count)
        out.append(contentsOf: header)
        out.append(contentsOf: body)
        return out
    }
}
