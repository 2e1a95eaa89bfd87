@testable import AnnalCommandLine
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The allocator settings a command makes are ones glibc accepts (a
/// mapping threshold above glibc's largest, 32 MiB on 64 bits, is refused
/// and would leave the defaults, silently slower), and a heap's reserve
/// asks for its first huge page.
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
        #expect(Int(CommandHeap.trimThreshold) > CommandHeap.reserveBlocks * CommandHeap.reserveBlock + Int(CommandHeap.topPad),
                "a reserve freed is kept")
        #endif
    }

    /// Where the kernel has transparent huge pages, a reserve leaves a
    /// mapping marked for them (`hg` in /proc/self/smaps).
    @Test func aReserveAsksForAHugePage() throws {
        #if canImport(Glibc)
        guard !Self.allocatorIsASanitizers,
              let enabled = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8),
              !enabled.contains("[never]") else { return }
        CommandHeap.tune()
        CommandHeap.reserveHelperHeap()
        // Read to its end: a file of /proc says it has no size.
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/smaps"))
        let smaps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        let flags = smaps.split(separator: "\n").filter { $0.hasPrefix("VmFlags:") }
        #expect(!flags.isEmpty, "smaps read")
        #expect(flags.contains { $0.split(separator: " ").contains("hg") })
        #endif
    }
}
