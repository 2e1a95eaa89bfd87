/// A byte range of a file kept on 32 bits, start and length: half of a
/// `Range<Int>`. Texts stay far below 4 GiB (files are refused past
/// 16 MiB, protocol messages past 64 MiB). A batch check holds every
/// event, citation and kept field of the workspace until its report, with
/// two or three ranges each: at 5 MB that was about a megabyte of peak
/// memory, and a page fault per 4 KiB of it.
struct CompactRange: Sendable, Hashable {
    private let start: UInt32
    private let length: UInt32

    init(_ range: Range<Int>) {
        start = UInt32(truncatingIfNeeded: range.lowerBound)
        length = UInt32(truncatingIfNeeded: range.count)
    }

    var range: Range<Int> { Int(start)..<(Int(start) + Int(length)) }
}
