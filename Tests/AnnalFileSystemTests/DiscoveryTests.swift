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

    @Test func writeAtomicallyReportsTheSystemsReason() throws {
        try Self.withTree(["a.annal"]) { root in
            let target = root.appendingPathComponent("missing-folder/out.csv")
            let error = #expect(throws: WriteError.self) { try FileSystemHost.writeAtomically(Data("x".utf8), to: target) }
            #expect(error?.description == "No such file or directory")
        }
    }
}
