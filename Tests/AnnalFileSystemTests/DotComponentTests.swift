import AnnalTestSupport
import Testing
@testable import AnnalFileSystem

/// `FileSystemHost.hasDotComponent` (bytes) against splitting the path at
/// `/` and looking for `.` or `..` (what it replaced).
@Suite struct DotComponentTests {
    static func bySplitting(_ path: String) -> Bool {
        path.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == "." || $0 == ".." }
    }

    @Test(arguments: ["", ".", "..", "...", "a", "./a", "a/.", "a/..", "a/../b", "a/.../b", ".a", "a.", "..a/b", "a//b", "/", "//",
                      "a/./b", "sources/nato.fr.txt", "sources/.hidden/x.txt", "é/../x", "a/.. /b"])
    func namedCases(_ path: String) {
        #expect(FileSystemHost.hasDotComponent(path) == Self.bySplitting(path), "\(path.debugDescription)")
    }

    @Test func randomPaths() {
        var generator = SplitMix64(seed: 0xD07)
        let pieces = [".", "/", "a", "é", " "]
        for _ in 0..<5_000 {
            let path = (0..<Int(generator.next() % 9)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            #expect(FileSystemHost.hasDotComponent(path) == Self.bySplitting(path), "\(path.debugDescription)")
        }
    }
}
