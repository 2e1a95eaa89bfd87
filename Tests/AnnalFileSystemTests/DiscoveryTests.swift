@testable import AnnalFileSystem
import Foundation
import Testing

/// `FileSystemHost.discover` over a real folder tree: which `.annal` files
/// a check of a folder reads, and which folders it never enters.
@Suite struct DiscoveryTests {
    /// A fresh folder under the system's temporary folder, removed after `body`.
    static func withTree(_ files: [String], _ body: (URL) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("annal-discovery-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: root) }
        for file in files {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("relation r {}\n".utf8).write(to: url)
        }
        try body(root.resolvingSymlinksInPath())
    }

    static func relativePaths(_ urls: [URL], under root: URL) -> [String] {
        urls.map { String($0.path.dropFirst(root.path.count + 1)) }
    }

    @Test func findsAnnalFilesRecursivelySortedAndSkipsHiddenAndBuildFolders() throws {
        try Self.withTree([
            "b.annal", "a.annal", "notes.txt", "deep/er/c.annal", "deep/d.ANNAL",
            ".hidden/e.annal", ".f.annal", ".build/g.annal", ".build-bench/h.annal",
            "node_modules/i.annal", "build/j.annal", "x.annal.bak",
        ]) { root in
            let host = FileSystemHost(root: root)
            let found = try host.discover(["."], relativeTo: root)
            #expect(Self.relativePaths(found, under: root) == ["a.annal", "b.annal", "build/j.annal", "deep/er/c.annal"])
        }
    }

    @Test func followsALinkToAFileButNotALinkToAFolder() throws {
        try Self.withTree(["real/a.annal", "other/b.annal"]) { root in
            let manager = FileManager.default
            try manager.createSymbolicLink(atPath: root.appendingPathComponent("real/link.annal").path,
                                           withDestinationPath: root.appendingPathComponent("other/b.annal").path)
            try manager.createSymbolicLink(atPath: root.appendingPathComponent("real/loop").path,
                                           withDestinationPath: root.appendingPathComponent("real").path)
            let host = FileSystemHost(root: root)
            let found = try host.discover(["real"], relativeTo: root)
            #expect(Self.relativePaths(found, under: root) == ["real/a.annal", "real/link.annal"])
        }
    }

    @Test func aFileNamedExplicitlyIsTakenWhateverItsExtensionAndListedOnce() throws {
        try Self.withTree(["a.annal", "draft.txt"]) { root in
            let host = FileSystemHost(root: root)
            let found = try host.discover(["draft.txt", "a.annal", ".", "./a.annal"], relativeTo: root)
            #expect(Self.relativePaths(found, under: root) == ["a.annal", "draft.txt"])
        }
    }

    @Test func aMissingPathIsAnErrorNamingItAsGiven() throws {
        try Self.withTree(["a.annal"]) { root in
            let host = FileSystemHost(root: root)
            let error = #expect(throws: FileSystemHost.ReadError.self) { try host.discover(["nowhere/x.annal"], relativeTo: root) }
            #expect(error?.description == "nowhere/x.annal: no such file or folder")
        }
    }

    @Test func pathsAreTheURLsPathsAsWrittenUnderTheRoot() throws {
        // Names a URL would escape, and a folder named through `.` and `..`.
        try Self.withTree(["a b.annal", "dé%20jà/c.annal", "sub/d.annal"]) { root in
            let host = FileSystemHost(root: root)
            let paths = try FileSystemHost.discoverPaths([".", "sub/../dé%20jà"], relativeTo: root.path)
            let expected = ["a b.annal", "dé%20jà/c.annal", "sub/d.annal"].map { root.path + "/" + $0 }
            #expect(paths == expected)
            #expect(try host.discover([".", "sub/../dé%20jà"], relativeTo: root).map(\.path) == expected)
            #expect(paths.map { host.workspacePath(ofFile: $0) } == ["a b.annal", "dé%20jà/c.annal", "sub/d.annal"])
        }
    }

    @Test func aFileReachedThroughALinkedFolderHasItsResolvedWorkspacePath() throws {
        try Self.withTree(["real/a.annal"]) { root in
            try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("alias").path,
                                                       withDestinationPath: root.appendingPathComponent("real").path)
            let host = FileSystemHost(root: root)
            let file = root.path + "/alias/a.annal"
            #expect(host.workspacePath(ofFile: file) == "real/a.annal")
            #expect(host.workspacePath(ofFile: file) == host.workspacePath(of: URL(fileURLWithPath: file)))
            #expect(host.workspacePath(ofFile: "/elsewhere/a.annal") == nil)
        }
    }

    @Test func aFileThatCannotBeReadIsNamedByItsPath() throws {
        try Self.withTree(["a.annal"]) { root in
            let host = FileSystemHost(root: root)
            let file = root.path + "/a.annal"
            #expect(try host.readTextBytes(atPath: file) == Array("relation r {}\n".utf8))
            try Data([0x61, 0xFF, 0x62]).write(to: URL(fileURLWithPath: file))
            let error = #expect(throws: FileSystemHost.ReadError.self) { try host.readTextBytes(atPath: file) }
            #expect(error?.description == "\(file): not UTF-8 text (bad byte at offset 1)")
        }
    }

    @Test func writeAtomicallyReportsTheSystemsReason() throws {
        try Self.withTree(["a.annal"]) { root in
            let target = root.appendingPathComponent("missing-folder/out.csv")
            let error = #expect(throws: WriteError.self) { try FileSystemHost.writeAtomically(Data("x".utf8), to: target) }
            #expect(error?.description == "No such file or directory")
        }
    }
}
