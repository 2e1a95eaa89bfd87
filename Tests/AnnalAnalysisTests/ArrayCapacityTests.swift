@testable import AnnalAnalysis
import Testing

// Trimming an array's spare capacity moves its elements: each one lives
// on in the trimmed array, none is freed twice or kept alive by the old
// buffer.

@Suite(.serialized) struct ArrayCapacityTests {
    /// Counts how many of its instances are alive.
    final class Tracked {
        nonisolated(unsafe) static var alive = 0
        let value: Int
        init(_ value: Int) {
            self.value = value
            Self.alive += 1
        }
        deinit { Self.alive -= 1 }
    }

    @Test func theElementsAreMovedIntoABufferOfTheirSize() {
        var placeholder = Tracked(-1)
        for count in [0, 1, 2, 5, 33, 100] {
            let before = Tracked.alive
            do {
                var array: [Tracked] = []
                for value in 0..<count { array.append(Tracked(value)) }
                array.reserveCapacity(count * 2 + 4)
                #expect(array.capacity > count)
                array.removeSpareCapacity(leaving: placeholder)
                #expect(array.map(\.value) == Array(0..<count), "\(count) elements")
                // What an allocation for `count` elements holds (the
                // allocator may round it up).
                let exact = [Tracked](unsafeUninitializedCapacity: count) { _, initialized in initialized = 0 }.capacity
                #expect(array.capacity == exact, "\(count) elements: capacity \(array.capacity), not \(exact)")
                #expect(Tracked.alive == before + count, "\(count) elements: each alive once")
            }
            #expect(Tracked.alive == before, "\(count) elements: all freed once the array is")
        }
        // The old buffers let go of the placeholder's copies.
        #expect(isKnownUniquelyReferenced(&placeholder))
    }

    @Test func anArrayWithoutSpareCapacityIsLeftAsItIs() {
        var array = [Tracked(1), Tracked(2)]
        array = Array(array)  // exact capacity (2)
        let capacity = array.capacity
        array.removeSpareCapacity(leaving: Tracked(0))
        #expect(array.map(\.value) == [1, 2] && array.capacity == capacity)
    }
}
