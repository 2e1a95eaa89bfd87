import AnnalTestSupport
import Foundation
import Testing
@testable import AnnalFileSystem

/// `LexicalPath` against Foundation's `URL`, which it replaces for the
/// paths a command starts from: the same absolute, standardised paths.
@Suite struct LexicalPathTests {
    /// What the commands computed before: `URL` relative to the current
    /// folder (made as a folder, as `Console` made it from `getcwd`).
    static func byURL(_ path: String, relativeTo directory: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory, isDirectory: true)).standardizedFileURL.path
    }

    @Test(arguments: ["", ".", "./", "..", "../..", "../../../..", "/..", "/", "//", "a//b", "a/./b/../c", "a/", "/x/y/../../..",
                      "~", "~/a", "a/..", "a/../..", "/a/b/", "é/./x", "a b/c", ".hidden/..", "...", "a/...", "/tmp//x/./",
                      "a/b/c/../../d", "dé%20jà", "a/~", "./~"])
    func namedCases(_ path: String) {
        for directory in ["/home/u/work", "/", "/a b/é"] {
            #expect(LexicalPath.absolute(path, relativeTo: directory) == Self.byURL(path, relativeTo: directory),
                    "\(path.debugDescription) in \(directory)")
        }
    }

    @Test func randomPaths() {
        var generator = SplitMix64(seed: 0x1E71CA1)
        let pieces = [".", "..", "/", "/", "a", "é", " ", "b.annal", "%20", "~"]
        let directories = ["/", "/w", "/w/x y", "/w/é/z"]
        for _ in 0..<3_000 {
            let count = Int(generator.next() % 8)
            let path = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let directory = directories[Int(generator.next() % UInt64(directories.count))]
            #expect(LexicalPath.absolute(path, relativeTo: directory) == Self.byURL(path, relativeTo: directory),
                    "\(path.debugDescription) in \(directory)")
        }
    }

    @Test(arguments: ["/", "/a", "/a/b", "/a/b.annal", "/é/x y/z"])
    func parentIsTheURLsFolder(_ path: String) {
        #expect(LexicalPath.parent(of: path) == URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    @Test func appendingJoinsWithOneSlash() {
        #expect(LexicalPath.appending("annal.toml", to: "/") == "/annal.toml")
        #expect(LexicalPath.appending("annal.toml", to: "/w/x") == "/w/x/annal.toml")
        #expect(LexicalPath.appending("annal.toml", to: "/w/x/") == "/w/x/annal.toml")
    }

    @Test func aHostMadeFromAPathHasTheRootAHostMadeFromAURLHas() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("annal-lexical-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for written in [folder.path, folder.path + "/", folder.path + "/sub/..", folder.path + "//./sub/../", folder.path + "/missing"] {
            let byPath = FileSystemHost(rootPath: written)
            let byURL = FileSystemHost(root: URL(fileURLWithPath: written))
            #expect(byPath.rootPath == byURL.rootPath, "\(written)")
            #expect(byPath.root == byURL.root, "\(written)")
        }
    }
}
