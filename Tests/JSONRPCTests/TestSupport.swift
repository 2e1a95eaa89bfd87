import AnnalJSON
import Foundation
import JSONRPC

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Equality that tells `.int` from `.double` and `-0.0` from `0.0`
/// (`JSONValue ==` deliberately does not).
func strictlyEqual(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): true
    case (.bool(let x), .bool(let y)): x == y
    case (.int(let x), .int(let y)): x == y
    case (.double(let x), .double(let y)): x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN)
    case (.string(let x), .string(let y)): x == y
    case (.array(let x), .array(let y)): x.count == y.count && zip(x, y).allSatisfy { strictlyEqual($0, $1) }
    case (.object(let x), .object(let y)):
        x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && strictlyEqual($0.1, $1.1) }
    default: false
    }
}

/// Bytes of a text.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A framed message body.
func framed(_ text: String) -> [UInt8] { Framing.frame(bytes(text)) }
