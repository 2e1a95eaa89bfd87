// The C allocator set for a command, which runs for a fraction of a
// second and exits: glibc's defaults suit a long-lived process.
//
// A helper thread gets a heap of its own (an arena) the first time it
// allocates, and glibc grows that heap by exactly what each request lacks:
// one `mprotect` call a page or a few, 330 of them in a check of mb5 and
// 2,900 at 50 MB. The main thread's heap grows by 128 KiB a `brk` (290
// calls at 50 MB), and requests of 128 KiB and more (the tokens of a large
// file, a closest passage's matrix) got mappings of their own, unmapped on
// release and faulted in again on the next. `tune` serves requests up to
// 32 MiB from the heaps, keeps freed memory in them and grows the main
// heap 16 MiB at a time; each heap, the main thread's at once and each
// helper's as it starts, is grown to 60 MiB by one call and freed
// (`reserveHeap`). At 50 MB, 18 calls are left of 3,190. Pages reserved
// and never written are not resident.
//
// A page fault costs some 2.7 µs here, and a check faults in every page it
// uses once (2,900 at 5 MB): the first 4 MiB of each reserve are asked to
// be two huge pages (`madvise`), a fault each instead of 512. Only the
// first two: a check of a few megabytes uses more than that of each heap,
// so both are used whole, while asking for more made the peak memory
// grow by the unused part of the last huge page (docs/performance.md,
// changes 177 and 228).

#if canImport(Glibc)
import Glibc
#endif

enum CommandHeap {
    /// Requests below this many bytes come from the heaps (glibc's most).
    static let mappingThreshold: Int32 = 32 << 20
    /// Free memory at the top of a heap is given back to the system only
    /// beyond this many bytes: more than a reserve and the main heap's pad.
    static let trimThreshold: Int32 = 128 << 20
    /// How much more than a request the main heap grows by.
    static let topPad: Int32 = 16 << 20
    /// Each heap is grown by this many blocks of `reserveBlock` bytes:
    /// 60 MiB, within the 64 MiB a glibc helper heap spans, each block
    /// under `mappingThreshold`.
    static let reserveBlocks = 4
    static let reserveBlock = 15 << 20
    /// The size of a huge page.
    static let hugePage = 2 << 20
    /// How many whole huge pages at the start of each reserve are asked
    /// for: one faults in 2 MiB at once, where 4 KiB pages took 512
    /// faults of about 2.7 µs each.
    static let hugePagesPerHeap = 2

    /// Sets the allocator for a command and reserves the calling (main)
    /// thread's heap; false where the settings could not be made (then
    /// the defaults stay, which only costs time).
    @discardableResult
    static func tune() -> Bool {
        #if canImport(Glibc)
        // glibc's M_MMAP_THRESHOLD, M_TRIM_THRESHOLD and M_TOP_PAD (malloc.h).
        let set = glibcMallopt(-3, mappingThreshold) == 1 && glibcMallopt(-1, trimThreshold) == 1
            && glibcMallopt(-2, topPad) == 1
        if set { reserveHeap() }
        return set
        #else
        return false
        #endif
    }

    /// Grows the calling thread's heap, asks for its first whole huge
    /// pages (`hugePagesPerHeap`), and frees what it grew: for the main
    /// thread in `tune`, and for each helper as it starts (after `tune`;
    /// before it, each block would get a mapping of its own).
    @Sendable static func reserveHeap() {
        #if canImport(Glibc)
        // Called by glibc's own names: a `malloc` whose memory is only
        // freed is removed by the optimiser. The blocks' addresses are
        // kept in a buffer of words, not an array of optional pointers:
        // that array's type, made at run time the first time, cost the
        // start of every command about 40 µs.
        withUnsafeTemporaryAllocation(of: UInt.self, capacity: reserveBlocks) { blocks in
            for index in blocks.indices { blocks[index] = UInt(bitPattern: glibcMalloc(reserveBlock)) }
            var lowest = UInt.max
            for block in blocks where block != 0 { lowest = min(lowest, block) }
            if lowest != .max { adviseHugePages(at: lowest) }
            for block in blocks { glibcFree(UnsafeMutableRawPointer(bitPattern: block)) }
        }
        #endif
    }

    /// Asks for the `hugePagesPerHeap` whole huge pages from the first
    /// huge page boundary at or after `address` (in memory mapped for at
    /// least that many bytes past it, rounded up) to be huge pages; false
    /// where the kernel refused (a kernel without transparent huge pages:
    /// nothing changes).
    @discardableResult
    static func adviseHugePages(at address: UInt) -> Bool {
        #if canImport(Glibc)
        let page = UInt(hugePage)
        let start = (address + page - 1) & ~(page - 1)
        return madvise(UnsafeMutableRawPointer(bitPattern: start), hugePage * hugePagesPerHeap, MADV_HUGEPAGE) == 0
        #else
        return false
        #endif
    }
}

#if canImport(Glibc)
@_silgen_name("mallopt") private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
@_silgen_name("__libc_malloc") private func glibcMalloc(_ size: Int) -> UnsafeMutableRawPointer?
@_silgen_name("__libc_free") private func glibcFree(_ pointer: UnsafeMutableRawPointer?)
#endif
