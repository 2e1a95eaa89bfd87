@testable import AnnalCommandLine
import Testing

/// The allocator settings a command makes are ones glibc accepts: a
/// mapping threshold above glibc's largest (32 MiB on 64 bits) is refused
/// and would leave the defaults, silently slower.
@Suite struct CommandHeapTests {
    @Test func glibcAcceptsTheCommandsSettings() {
        #if canImport(Glibc)
        #expect(CommandHeap.tune())
        #expect(CommandHeap.mappingThreshold <= 32 << 20)
        #expect(CommandHeap.reserveBlock < Int(CommandHeap.mappingThreshold), "each block grows the heap")
        #expect(CommandHeap.reserveBlocks * CommandHeap.reserveBlock < 64 << 20, "within one glibc heap")
        #endif
    }
}
