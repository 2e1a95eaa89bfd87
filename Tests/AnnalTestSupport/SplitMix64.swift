/// A small deterministic random generator (SplitMix64): randomised tests
/// draw from it with a fixed seed, so a failure reproduces.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SplitMix64 {
    /// A text of `count` pieces (drawn from `pieces`), each one of `usual`
    /// but for `rarePercent` in a hundred, one of `rare`: ordinary text with
    /// now and then something the code under test must treat apart.
    public mutating func text(pieces count: ClosedRange<Int>, usual: [String], rare: [String], rarePercent: Int) -> String {
        var text = ""
        for _ in 0..<Int.random(in: count, using: &self) {
            text += Int.random(in: 0..<100, using: &self) < 100 - rarePercent
                ? usual.randomElement(using: &self)! : rare.randomElement(using: &self)!
        }
        return text
    }
}
