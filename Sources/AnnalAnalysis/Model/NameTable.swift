#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The names one file repeats, each made into a `String` once: a source is
/// cited about thirty times in a file, and a name longer than 15 bytes (most
/// source ids) is a heap string of its own each time it is decoded. Shared,
/// the thirty references hold one buffer (a quarter of the references' memory
/// in a 5 MB check).
///
/// Names of 15 bytes or fewer are small strings, stored inline, with
/// nothing to share; they come back from a cache of the file's short texts
/// (`ShortTextCache`) instead of being made again: the few parties and
/// programmes a file names in every event.
struct NameTable {
    /// Open addressing by a hash of the bytes: `hashes[slot]` is 0 for an
    /// empty slot (a stored hash always has its low bit set), `names[slot]`
    /// the name. A `Dictionary` keyed by the hash cost about 400
    /// instructions a look-up (its own hashing of the key included).
    private var hashes: [UInt64] = []
    private var names: [String] = []
    private var count = 0
    private var shortNames = ShortTextCache()

    /// The name spelt by `bytes` (valid UTF-8, or repaired as `String(decoding:)` does).
    mutating func name(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.withUnsafeBufferPointer { name($0) }
    }

    /// `name(_:)` of bytes read in place: a slice of the file's bytes
    /// retained and released the file's array at each name.
    mutating func name(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > 15 else { return shortNames.text(bytes) { String(decoding: bytes, as: UTF8.self) } }
        let hash = Self.hash(bytes)
        if count * 2 >= hashes.count { grow() }
        let mask = hashes.count - 1
        var slot = Self.slot(of: hash, mask: mask)
        while hashes[slot] != 0 {
            if hashes[slot] == hash, Self.spells(&names[slot], bytes) { return names[slot] }
            slot = (slot + 1) & mask
        }
        let made = String(decoding: bytes, as: UTF8.self)
        hashes[slot] = hash
        names[slot] = made
        count += 1
        return made
    }

    /// A hash of a name of 16 bytes or more, read eight bytes at a time:
    /// each whole word before the last eight bytes, then those (overlapping
    /// the word before), each mixed in by a multiplication. FNV-1a, a byte
    /// at a time, cost about fifty instructions more a source id.
    /// The low bit is set: a stored hash is never 0, the empty slot's mark.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let base = UnsafeRawPointer(bytes.baseAddress!)
        let last = bytes.count - 8
        var hash = UInt64(truncatingIfNeeded: bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var offset = 0
        while offset < last {
            hash = (hash ^ base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            offset += 8
        }
        hash = (hash ^ base.loadUnaligned(fromByteOffset: last, as: UInt64.self)) &* 0xC4CE_B9FE_1A85_EC53
        return (hash ^ (hash >> 32)) | 1
    }

    /// The first slot to try: the hash's high bits.
    private static func slot(of hash: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// Doubles the table (64 slots at first) and places every name again.
    private mutating func grow() {
        let capacity = max(64, hashes.count * 2)
        let oldHashes = hashes
        let oldNames = names
        hashes = [UInt64](repeating: 0, count: capacity)
        names = [String](repeating: "", count: capacity)
        let mask = capacity - 1
        for (hash, name) in zip(oldHashes, oldNames) where hash != 0 {
            var slot = Self.slot(of: hash, mask: mask)
            while hashes[slot] != 0 { slot = (slot + 1) & mask }
            hashes[slot] = hash
            names[slot] = name
        }
    }
}

extension NameTable {
    /// Whether `name` is spelt by `bytes`, compared in place with the C
    /// library's `memcmp` (a generic `elementsEqual` over
    /// `String.UTF8View` took about 750 instructions for a 16-byte id, a
    /// loop over the bytes about 90).
    private static func spells(_ name: inout String, _ given: UnsafeBufferPointer<UInt8>) -> Bool {
        name.withUTF8 { stored in
            guard stored.count == given.count else { return false }
            guard let storedBase = stored.baseAddress, let givenBase = given.baseAddress else { return true }
            return memcmp(storedBase, givenBase, given.count) == 0
        }
    }
}

/// Short texts (at most 15 bytes, identifiers: `KZ`, `PfP`, `UZ-CEN-3`)
/// made before in one file (`NameTable`'s short names), found again by
/// their bytes: making a small
/// `String` from a token (an ASCII scan and a copy a byte at a time) was
/// about 160 instructions, and a file names its few parties and
/// programmes in every event. Direct-mapped, keyed by the bytes packed
/// into two words and their length (`BlockSchema.PackedKey`); a slot
/// holds the last text that fell into it. Made at the first text asked
/// for, and holding a string only for each slot used: a lowering is made
/// for every file, and a thousand small files paid for 256 strings made
/// and destroyed each (1 % more instructions for files1k).
struct ShortTextCache {
    static let slots = 64
    /// Three words a slot: the packed bytes' two words, then the length
    /// (high half; 0 for an empty slot, no text being empty) and the
    /// index of the slot's text in `texts` (low half).
    private var keys: [UInt64] = []
    private var texts: [String] = []

    /// The text spelt by `bytes` (valid UTF-8), made by `make` when it is
    /// not in the cache (always when longer than 15 bytes).
    @inline(__always)
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, make: () -> String) -> String {
        guard bytes.count >= 1, bytes.count <= 15, let key = BlockSchema.PackedKey(bytes) else { return make() }
        if keys.isEmpty { keys = [UInt64](repeating: 0, count: 3 * Self.slots) }
        let mixed = (key.low ^ (key.high &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(truncatingIfNeeded: key.length)) &* 0xFF51_AFD7_ED55_8CCD
        let base = 3 * Int(truncatingIfNeeded: mixed >> 58)
        let tag = keys[base + 2]
        let length = UInt64(key.length) << 32
        if tag & ~0xFFFF_FFFF == length && keys[base] == key.low && keys[base + 1] == key.high {
            return texts[Int(truncatingIfNeeded: tag & 0xFFFF_FFFF)]
        }
        let made = make()
        keys[base] = key.low
        keys[base + 1] = key.high
        if tag == 0 {
            keys[base + 2] = length | UInt64(texts.count)
            texts.append(made)
        } else {
            keys[base + 2] = length | (tag & 0xFFFF_FFFF)
            texts[Int(truncatingIfNeeded: tag & 0xFFFF_FFFF)] = made
        }
        return made
    }
}
