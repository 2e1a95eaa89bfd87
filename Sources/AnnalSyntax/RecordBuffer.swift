/// A growable run of plain records (no references inside) in memory it
/// owns, for the parser's node list and stack of open nodes.
///
/// A Swift `Array` checks that its buffer is uniquely referenced on every
/// write and append: opening and closing a field's node was about 130
/// instructions of array bookkeeping (of some 200 for the whole field).
/// Here a write is a bounds test and a store, an append a capacity test
/// and a store. Not copyable, so the memory has one owner, freed when it
/// ends.
struct RecordBuffer<Record: BitwiseCopyable>: ~Copyable {
    private var base: UnsafeMutablePointer<Record>
    private var capacity: Int
    /// How many records are held.
    private(set) var count = 0

    /// An empty buffer with room for `capacity` records (at least one).
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// The record at `index` (`0..<count`).
    subscript(index: Int) -> Record {
        @inline(__always) get {
            precondition(index >= 0 && index < count, "record index out of range")
            return base[index]
        }
        @inline(__always) set {
            precondition(index >= 0 && index < count, "record index out of range")
            base[index] = newValue
        }
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    mutating func append(_ record: Record) {
        if count == capacity { grow() }
        (base + count).initialize(to: record)
        count += 1
    }

    /// Removes and returns the last record (the buffer is not empty).
    @inline(__always)
    mutating func removeLast() -> Record {
        precondition(count > 0, "removeLast from an empty record buffer")
        count -= 1
        return base[count]
    }

    /// The records as an array (one copy).
    var array: [Record] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }

    /// Doubles the room, moving the records.
    private mutating func grow() {
        let larger = UnsafeMutablePointer<Record>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }
}
