@testable import AnnalFileSystem
import Foundation
import Testing

@Suite struct RegularFileTests {
    @Test func aFileIsReadWholeAtItsSize() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("annal-read-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        for size in [0, 1, 4095, 4096, 70_001] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            try Data(bytes).write(to: url)
            guard case .success(let read) = FileSystemHost.readRegularFile(url.path, limit: 1 << 20) else {
                Issue.record("size \(size) not read")
                continue
            }
            #expect(read == bytes, "size \(size)")
        }
        if case .failure(.tooLarge(let size)) = FileSystemHost.readRegularFile(url.path, limit: 70_000) {
            #expect(size == 70_001)
        } else {
            Issue.record("a file over the limit was read")
        }
    }

    #if os(Linux)
    /// A file longer than its size said when it was opened (one that grew):
    /// /proc files say 0 bytes and hold more.
    @Test func aFileLongerThanItsStatedSizeIsReadOnWithinTheLimit() {
        guard case .success(let read) = FileSystemHost.readRegularFile("/proc/self/status", limit: 1 << 20) else {
            Issue.record("/proc/self/status not read")
            return
        }
        #expect(String(decoding: read.prefix(5), as: UTF8.self) == "Name:")
        #expect(read.count > 100)
        guard case .failure(.tooLarge) = FileSystemHost.readRegularFile("/proc/self/status", limit: 10) else {
            Issue.record("reading on went past the limit")
            return
        }
    }
    #endif
}
