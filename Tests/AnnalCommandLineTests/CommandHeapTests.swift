@testable import AnnalCommandLine
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The allocator settings a command makes are ones glibc accepts (a
/// mapping threshold above glibc's largest, 32 MiB on 64 bits, is refused
/// and would leave the defaults, silently slower), and a heap's reserve
/// asks for its first huge pages.
@Suite struct CommandHeapTests {
    /// Whether a sanitizer's allocator stands in for glibc's (under
    /// AddressSanitizer and ThreadSanitizer `mallopt` is the sanitizer's,
    /// and `tune` answers false: the command then keeps the defaults).
    static var allocatorIsASanitizers: Bool {
        #if canImport(Glibc)
        guard let handle = dlopen(nil, RTLD_NOW) else { return false }
        defer { dlclose(handle) }
        return dlsym(handle, "__asan_init") != nil || dlsym(handle, "__tsan_init") != nil
        #else
        return false
        #endif
    }

    @Test func glibcAcceptsTheCommandsSettings() {
        #if canImport(Glibc)
        // Under a sanitizer the settings are not glibc's to take: the
        // plain test run checks them.
        if Self.allocatorIsASanitizers { return }
        #expect(CommandHeap.tune())
        #expect(CommandHeap.mappingThreshold <= 32 << 20)
        #expect(CommandHeap.reserveBlock < Int(CommandHeap.mappingThreshold), "each block grows the heap")
        #expect(CommandHeap.reserveBlocks * CommandHeap.reserveBlock < 64 << 20, "within one glibc heap")
        #expect(CommandHeap.reserveBlock >= (CommandHeap.hugePagesPerHeap + 1) * CommandHeap.hugePage,
                "the huge pages asked for lie in the lowest block, wherever it starts")
        #expect(Int(CommandHeap.trimThreshold) > CommandHeap.reserveBlocks * CommandHeap.reserveBlock + Int(CommandHeap.topPad),
                "a reserve freed is kept")
        #endif
    }

    /// Where the kernel has transparent huge pages, the first
    /// `hugePagesPerHeap` whole huge pages at or after an address are
    /// marked for them (`hg` in /proc/self/smaps, on the mapping that
    /// starts there and is as long as they are), whether the address
    /// starts a huge page or lies within one. On memory mapped here: a
    /// thread's heap in a test process may be shared, or let go when freed
    /// whole.
    @Test(arguments: [0, 1])
    func theFirstWholeHugePagesAreAskedFor(offset: UInt) throws {
        #if canImport(Glibc)
        guard let enabled = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8),
              !enabled.contains("[never]") else { return }
        let page = UInt(CommandHeap.hugePage)
        let length = (CommandHeap.hugePagesPerHeap + 2) * CommandHeap.hugePage
        let region = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        let base = try #require(region == MAP_FAILED ? nil : region)
        defer { munmap(base, length) }
        // A huge page's start within the region, then `offset` past it.
        let aligned = (UInt(bitPattern: base) + page - 1) & ~(page - 1)
        #expect(CommandHeap.adviseHugePages(at: aligned + offset))
        let expected = offset == 0 ? aligned : aligned + page
        let marked = try Self.rangesMarkedForHugePages()
        let advised = UInt(CommandHeap.hugePagesPerHeap * CommandHeap.hugePage)
        #expect(marked.contains { $0.lowerBound == expected && UInt($0.count) == advised }, "\(marked)")
        #endif
    }

    /// The mappings whose flags in /proc/self/smaps include `hg`.
    static func rangesMarkedForHugePages() throws -> [ClosedRange<UInt>] {
        // Read to its end: a file of /proc says it has no size.
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/smaps"))
        let smaps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        var marked: [ClosedRange<UInt>] = []
        var current: ClosedRange<UInt>?
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if let first = fields.first, first.contains("-"), !first.hasSuffix(":") {
                let bounds = first.split(separator: "-").compactMap { UInt($0, radix: 16) }
                current = bounds.count == 2 && bounds[1] > bounds[0] ? bounds[0]...(bounds[1] - 1) : nil
            } else if line.hasPrefix("VmFlags:"), fields.contains("hg"), let range = current {
                marked.append(range)
            }
        }
        return marked
    }
}
