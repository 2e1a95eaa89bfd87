@testable import AnnalAnalysis
import AnnalTestSupport
import Testing

/// `CompactOffsets` gives back every value it was built from, in narrow
/// blocks, wide blocks (spread over 255) and a last partial block.
@Suite struct CompactOffsetsTests {
    @Test(arguments: [0, 1, 63, 64, 65, 1000, 4097])
    func everyValueComesBack(_ count: Int) {
        var random = SplitMix64(seed: UInt64(count) + 7)
        var values: [UInt32] = []
        var offset: UInt32 = 0
        for index in 0..<count {
            // Mostly small steps, now and then a jump (a long white space
            // run), and a few steps back (normalised segments).
            switch random.next() % 50 {
            case 0: offset += UInt32(300 + random.next() % 5000)
            case 1: offset -= min(offset, UInt32(random.next() % 8))
            default: offset += UInt32(random.next() % 4)
            }
            values.append(index == count - 1 ? UInt32.max - 1 : offset)
        }
        let compact = values.withUnsafeBufferPointer { CompactOffsets($0) }
        #expect(compact.count == count)
        #expect((0..<count).allSatisfy { compact[$0] == values[$0] })
    }
}
