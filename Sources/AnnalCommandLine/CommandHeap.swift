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
// 32 MiB from the heaps, keeps freed memory in them (a trim threshold of
// 64 MiB) and grows the main heap 16 MiB at a time; `reserveHelperHeap`
// grows each helper's heap to 60 MiB at once and frees it. At 50 MB, 18
// calls are left of 3,190. Pages reserved and never written are not resident: the
// peak memory of a check does not move (docs/performance.md, change 175).

#if canImport(Glibc)
import Glibc
#endif

enum CommandHeap {
    /// Requests below this many bytes come from the heaps (glibc's most).
    static let mappingThreshold: Int32 = 32 << 20
    /// Free memory at the top of a heap is given back to the system only
    /// beyond this many bytes.
    static let trimThreshold: Int32 = 64 << 20
    /// How much more than a request the main heap grows by.
    static let topPad: Int32 = 16 << 20
    /// Each helper's heap is grown by this many blocks of `reserveBlock`
    /// bytes as the helper starts: 60 MiB, within the 64 MiB a glibc heap
    /// spans, each block under `mappingThreshold`.
    static let reserveBlocks = 4
    static let reserveBlock = 15 << 20

    /// Sets the allocator for a command; false where it could not be set
    /// (then the defaults stay, which only costs time).
    @discardableResult
    static func tune() -> Bool {
        #if canImport(Glibc)
        // glibc's M_MMAP_THRESHOLD, M_TRIM_THRESHOLD and M_TOP_PAD (malloc.h).
        return glibcMallopt(-3, mappingThreshold) == 1 && glibcMallopt(-1, trimThreshold) == 1
            && glibcMallopt(-2, topPad) == 1
        #else
        return false
        #endif
    }

    /// Grows the calling thread's heap and frees what it grew, for a
    /// helper as it starts (after `tune`; before it, each block would get
    /// a mapping of its own and grow nothing).
    @Sendable static func reserveHelperHeap() {
        #if canImport(Glibc)
        // Called by glibc's own names: a `malloc` whose memory is only
        // freed is removed by the optimiser.
        let blocks = (0..<reserveBlocks).map { _ in glibcMalloc(reserveBlock) }
        for block in blocks { glibcFree(block) }
        #endif
    }
}

#if canImport(Glibc)
@_silgen_name("mallopt") private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
@_silgen_name("__libc_malloc") private func glibcMalloc(_ size: Int) -> UnsafeMutableRawPointer?
@_silgen_name("__libc_free") private func glibcFree(_ pointer: UnsafeMutableRawPointer?)
#endif
