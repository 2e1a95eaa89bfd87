@testable import AnnalSyntax
import Testing

/// The parser's record buffer holds what an array would, through growth.
@Suite struct RecordBufferTests {
    @Test func appendsWritesAndRemovalsMatchAnArray() {
        var generator = SystemRandomNumberGenerator()
        for capacity in [0, 1, 3, 16] {
            var buffer = RecordBuffer<Int>(capacity: capacity)
            var model: [Int] = []
            for step in 0..<5_000 {
                switch Int.random(in: 0..<10, using: &generator) {
                case 0..<6:
                    buffer.append(step)
                    model.append(step)
                case 6..<8 where !model.isEmpty:
                    let index = Int.random(in: 0..<model.count, using: &generator)
                    buffer[index] = -step
                    model[index] = -step
                case 8..<10 where !model.isEmpty:
                    #expect(buffer.removeLast() == model.removeLast())
                default:
                    break
                }
                #expect(buffer.count == model.count)
            }
            #expect(buffer.array == model)
            #expect(buffer.isEmpty == model.isEmpty)
        }
    }

    @Test func nodeRecordsSurviveGrowthWhole() {
        var buffer = RecordBuffer<NodeRecord>(capacity: 1)
        var records: [NodeRecord] = []
        for index in 0..<300 {
            let kind: SyntaxKind = index % 2 == 0 ? .field : .block
            let first = UInt32(index)
            records.append(NodeRecord(kind: kind, firstToken: first, tokenEnd: first + 7, subtreeEnd: 300 - first))
        }
        for record in records { buffer.append(record) }
        #expect(buffer.array == records)
    }
}
