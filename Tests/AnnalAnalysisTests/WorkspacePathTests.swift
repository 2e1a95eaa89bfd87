@testable import AnnalAnalysis
import AnnalTestSupport
import Testing

// ASCII paths are resolved byte by byte; they must give what the general,
// character-based resolution (used for every other path) gives.

@Suite struct WorkspacePathTests {
    @Test func knownCases() {
        #expect(WorkspacePath.directory(of: "a/b/c.annal") == "a/b")
        #expect(WorkspacePath.directory(of: "c.annal") == "")
        #expect(WorkspacePath.resolve("sources/x.txt", from: "a/b") == "a/b/sources/x.txt")
        #expect(WorkspacePath.resolve("../x.txt", from: "a/b") == "a/x.txt")
        #expect(WorkspacePath.resolve("../../../x.txt", from: "a/b") == nil)
        #expect(WorkspacePath.resolve("/etc/passwd", from: "") == nil)
        #expect(WorkspacePath.resolve("C:\\x", from: "") == nil)
        #expect(WorkspacePath.resolve("./s//x.txt", from: "") == "s/x.txt")
    }

    /// A resolved ASCII path stays marked ASCII (it is hashed as a key of
    /// the sources: an unmarked String is hashed through normalisation).
    @Test func aPlainPathIsJoinedAndStaysASCII() throws {
        let joined = try #require(WorkspacePath.resolve("sources/x.txt", from: "a/b"))
        #expect(joined == "a/b/sources/x.txt")
        #expect(isMarkedASCII(joined))
        #expect(isMarkedASCII(try #require(WorkspacePath.resolve("x.txt", from: ""))))
    }

    @Test func asciiAndGeneralResolutionAgree() {
        var generator = SplitMix64(seed: 0x9A7)
        let pieces = ["a", "b", ".", "..", "/", "//", "~", ":", "\\", "x.txt", "é", "\r\n", "\r", "e\u{301}", "/\u{301}", " "]
        for _ in 0..<20_000 {
            func path() -> String {
                (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            }
            let relative = path()
            let base = path()
            #expect(WorkspacePath.resolve(relative, from: base) == WorkspacePath.resolveByCharacters(relative, from: base),
                    "\(relative.debugDescription) from \(base.debugDescription)")
            #expect(WorkspacePath.directory(of: relative) == WorkspacePath.directoryByCharacters(of: relative), "\(relative.debugDescription)")
        }
    }
}
