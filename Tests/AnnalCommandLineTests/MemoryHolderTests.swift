import CAnnalProcess
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The holder that frees a command's memory after the command has ended
/// (CAnnalProcess.h), started in the test process itself: it must share
/// this process's memory, keep no descriptor but its pipe (a reader of
/// the command's output would otherwise wait for it), and end when the
/// pipe's write end closes.
@Suite struct MemoryHolderTests {
    /// Polls `condition` every millisecond for up to five seconds.
    static func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<5_000 {
            if condition() { return true }
            usleep(1_000)
        }
        return condition()
    }

    /// A file of /proc read to its end (its size is 0 to `stat`, and a
    /// read of its size's worth gets one page).
    static func wholeFile(_ path: String) throws -> String {
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    }

    @Test func theHolderSharesTheMemoryKeepsOnlyItsPipeAndEndsWhenReleased() throws {
        #if os(Linux)
        var release: Int32 = -1
        let holder = annal_start_memory_holder(&release)
        // Builds under a sanitizer start no holder (its runtime would not
        // expect a process sharing its memory): then nothing is changed.
        guard holder > 0 else {
            #expect(release == -1)
            return
        }
        #expect(release >= 0)
        // Whatever goes wrong, no holder outlives the test: one that kept
        // a descriptor of this process's output would hold it open.
        var reaped = false
        defer {
            if !reaped {
                kill(holder, SIGKILL)
                var ignored: Int32 = 0
                waitpid(holder, &ignored, 0)
            }
        }
        let descriptors = "/proc/\(holder)/fd"
        #expect(Self.eventually { ((try? FileManager.default.contentsOfDirectory(atPath: descriptors))?.count ?? -1) == 1 },
                "the holder keeps its pipe alone: \((try? FileManager.default.contentsOfDirectory(atPath: descriptors)) ?? [])")

        // A mapping made after the holder started is in its memory too.
        let length = 3 * 4096
        let page = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        try #require(page != MAP_FAILED)
        defer { munmap(page, length) }
        // (The kernel may merge it with a neighbour: a range covering it.)
        let address = UInt(bitPattern: page)
        let maps = try Self.wholeFile("/proc/\(holder)/maps")
        let covered = maps.split(separator: "\n").contains { line in
            let bounds = line.prefix { $0 != " " }.split(separator: "-").compactMap { UInt($0, radix: 16) }
            return bounds.count == 2 && bounds[0] <= address && address + UInt(length) <= bounds[1]
        }
        #expect(covered, "no mapping covers \(String(address, radix: 16)) in the holder")

        var status: Int32 = 0
        #expect(waitpid(holder, &status, WNOHANG) == 0, "the holder waits while the pipe is open")
        close(release)
        reaped = Self.eventually { waitpid(holder, &status, WNOHANG) == holder }
        #expect(reaped, "the holder ends once released")
        #expect(status == 0)
        #endif
    }
}
