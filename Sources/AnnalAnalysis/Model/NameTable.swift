/// The names one file repeats, each made into a `String` once: a source is
/// cited about thirty times in a file, and a name longer than 15 bytes (most
/// source ids) is a heap string of its own each time it is decoded. Shared,
/// the thirty references hold one buffer (a quarter of the references' memory
/// in a 5 MB check).
///
/// Names of 15 bytes or fewer are small strings, stored inline: they are
/// made directly, with nothing to share.
struct NameTable {
    /// Long names by a hash of their bytes; on a collision the second name
    /// is simply not shared.
    private var names: [UInt64: String] = [:]

    /// The name spelt by `bytes` (valid UTF-8, or repaired as `String(decoding:)` does).
    mutating func name(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        if var known = names[hash], Self.spells(&known, bytes) { return known }
        let made = String(decoding: bytes, as: UTF8.self)
        if names[hash] == nil { names[hash] = made }
        return made
    }
}

extension NameTable {
    /// Whether `name` is spelt by `bytes`, compared in place (a generic
    /// `elementsEqual` over `String.UTF8View` took about 750 instructions
    /// for a 16-byte id).
    private static func spells(_ name: inout String, _ bytes: ArraySlice<UInt8>) -> Bool {
        name.withUTF8 { stored in
            bytes.withUnsafeBufferPointer { given in
                guard stored.count == given.count else { return false }
                for index in 0..<given.count where stored[index] != given[index] { return false }
                return true
            }
        }
    }
}
