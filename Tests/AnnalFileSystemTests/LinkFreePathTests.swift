import AnnalAnalysis
@testable import AnnalFileSystem
import AnnalTestSupport
import Foundation
import Testing

/// The short way to a source or a file (no link below the root: one
/// `lstat` per component) must give what the general way (`realpath`)
/// gives wherever it answers, and must step aside wherever a link is on
/// the path.
@Suite struct LinkFreePathTests {
    /// A workspace `ws` with every kind of path a citation can lead to,
    /// and a folder `outside` beside it.
    static func place() throws -> URL {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("annal-linkfree-\(UUID().uuidString)")
        let manager = FileManager.default
        func write(_ path: String, _ bytes: [UInt8]) throws {
            let url = top.appendingPathComponent(path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        try write("ws/sources/doc.txt", Array("Le partenariat est signé.".utf8))
        try write("ws/sources/deep/er/doc.txt", Array("Plus bas.".utf8))
        try write("ws/sources/latin1.txt", [0x63, 0xE9, 0x0A])
        try write("ws/sources/nul.txt", [0x61, 0x00, 0x62])
        try write("ws/sources/large.txt", [UInt8](repeating: 0x61, count: 200))
        try write("ws/texts/real.txt", Array("Texte réel.".utf8))
        try write("ws/top.annal", Array("party X {}\n".utf8))
        try write("outside/secret.txt", Array("secret".utf8))
        try manager.createSymbolicLink(at: top.appendingPathComponent("ws/sources/inside.txt"),
                                       withDestinationURL: top.appendingPathComponent("ws/texts/real.txt"))
        try manager.createSymbolicLink(at: top.appendingPathComponent("ws/sources/secret.txt"),
                                       withDestinationURL: top.appendingPathComponent("outside/secret.txt"))
        try manager.createSymbolicLink(at: top.appendingPathComponent("ws/linked"),
                                       withDestinationURL: top.appendingPathComponent("outside"))
        try manager.createSymbolicLink(at: top.appendingPathComponent("ws/texts-link"),
                                       withDestinationURL: top.appendingPathComponent("ws/texts"))
        #expect(mkfifo(top.appendingPathComponent("ws/sources/pipe").path, 0o644) == 0)
        return top
    }

    @Test func sourcesLoadAsTheGeneralWayLoadsThem() throws {
        let top = try Self.place()
        defer { try? FileManager.default.removeItem(at: top) }
        let host = FileSystemHost(root: top.appendingPathComponent("ws"), maxSourceBytes: 100)
        let shortWay = ["sources/doc.txt", "sources/deep/er/doc.txt", "sources/latin1.txt", "sources/nul.txt",
                        "sources/large.txt", "sources/missing.txt", "nowhere/missing.txt", "sources", "sources/deep/",
                        "sources/pipe", "texts/real.txt"]
        let generalWay = ["sources/inside.txt", "sources/secret.txt", "linked/secret.txt", "texts-link/real.txt",
                          "linked/missing.txt"]
        for path in shortWay {
            let short = host.loadSourceWithoutLinks(path)
            #expect(short != nil, "\(path): the short way stepped aside")
            #expect(short == host.loadSourceResolvingLinks(path, plain: true), "\(path)")
        }
        for path in generalWay {
            #expect(host.loadSourceWithoutLinks(path) == nil, "\(path): a link on the way, yet the short way answered")
            #expect(host.loadSource(path) == host.loadSourceResolvingLinks(path, plain: true), "\(path)")
        }
        // What each kind of path loads as, whichever way answered.
        #expect(host.loadSource("sources/doc.txt") == .utf8(Array("Le partenariat est signé.".utf8)))
        #expect(host.loadSource("sources/missing.txt") == .missing)
        #expect(host.loadSource("sources") == .unreadable("it is a folder"))
        #expect(host.loadSource("sources/pipe") == .unreadable("it is not a regular file"))
        #expect(host.loadSource("sources/large.txt") == .tooLarge(bytes: 200))
        #expect(host.loadSource("sources/latin1.txt") == .notUTF8(offset: 1))
        #expect(host.loadSource("sources/secret.txt") == .outsideWorkspace)
        #expect(host.loadSource("linked/secret.txt") == .outsideWorkspace)
        #expect(host.loadSource("sources/inside.txt") == .utf8(Array("Texte réel.".utf8)))
    }

    @Test func workspacePathsAreTheGeneralWaysWhereNoLinkIsOnTheWay() throws {
        let top = try Self.place()
        defer { try? FileManager.default.removeItem(at: top) }
        let host = FileSystemHost(root: top.appendingPathComponent("ws"))
        let root = host.rootPrefix
        for path in ["top.annal", "sources/doc.txt", "sources/deep/er/doc.txt", "sources"] {
            let short = host.linkFreeWorkspacePath(root + path)
            #expect(short == path)
            #expect(short == host.workspacePathResolvingLinks(of: URL(fileURLWithPath: root + path)))
        }
        // A link, a missing file, a `.`/`..` or empty component, a path
        // outside the root: the short way steps aside.
        for path in [root + "sources/inside.txt", root + "sources/secret.txt", root + "linked/secret.txt",
                     root + "texts-link/real.txt", root + "sources/missing.txt", root + "sources/./doc.txt",
                     root + "sources/../top.annal", root + "sources//doc.txt", root, top.appendingPathComponent("outside/secret.txt").path] {
            #expect(host.linkFreeWorkspacePath(path) == nil, "\(path)")
        }
        #expect(host.workspacePath(of: URL(fileURLWithPath: root + "sources/inside.txt")) == "texts/real.txt")
        #expect(host.workspacePath(of: URL(fileURLWithPath: root + "sources/secret.txt")) == nil)
        #expect(host.workspacePath(of: URL(fileURLWithPath: root + "sources/../top.annal")) == "top.annal")
    }

    /// A folder named with e and a combining accent and one named with a
    /// composed é hold the same characters and are two folders to the file
    /// system: a file in one is outside a root set to the other, whichever
    /// way the path is found.
    @Test func theRootIsComparedByItsBytes() throws {
        let twins = try AccentTwinFolders(prefix: "annal-linkfree", holding: "sub/doc.txt", contents: "x")
        defer { twins.remove() }
        let (decomposed, composed) = (twins.decomposed, twins.composed)
        #expect(decomposed == composed && decomposed.utf8.count != composed.utf8.count)
        let host = FileSystemHost(root: URL(fileURLWithPath: decomposed))
        #expect(host.rootPrefix.utf8.elementsEqual((decomposed + "/").utf8))
        #expect(host.linkFreeWorkspacePath(decomposed + "/sub/doc.txt") == "sub/doc.txt")
        #expect(host.linkFreeWorkspacePath(composed + "/sub/doc.txt") == nil)
        #expect(host.workspacePath(of: URL(fileURLWithPath: composed + "/sub/doc.txt")) == nil)
        #expect(host.workspacePathResolvingLinks(of: URL(fileURLWithPath: composed + "/sub/doc.txt")) == nil)
    }

    /// A host that remembers folders (a batch command's) loads every kind
    /// of path as one that looks every time; a host that does not (the
    /// server's) sees a folder replaced by a link after a first load.
    @Test func aHostThatRemembersFoldersLoadsAsOneThatLooksEveryTime() throws {
        let top = try Self.place()
        defer { try? FileManager.default.removeItem(at: top) }
        let root = top.appendingPathComponent("ws")
        let remembering = FileSystemHost(root: root, maxSourceBytes: 100, remembersFolders: true)
        let looking = FileSystemHost(root: root, maxSourceBytes: 100)
        let paths = ["sources/doc.txt", "sources/deep/er/doc.txt", "sources/latin1.txt", "sources/missing.txt",
                     "nowhere/missing.txt", "sources/inside.txt", "sources/secret.txt", "linked/secret.txt", "texts/real.txt"]
        for _ in 0..<2 {
            for path in paths { #expect(remembering.loadSource(path) == looking.loadSource(path), "\(path)") }
        }
        #expect(remembering.checkedFolders != nil && looking.checkedFolders == nil)
        // The server's host: `texts` becomes a link out of the workspace.
        let texts = root.appendingPathComponent("texts")
        let inside = looking.loadSource("texts/real.txt")
        try FileManager.default.removeItem(at: texts)
        try FileManager.default.createDirectory(at: top.appendingPathComponent("outside/texts"), withIntermediateDirectories: true)
        try Data("dehors".utf8).write(to: top.appendingPathComponent("outside/texts/real.txt"))
        try FileManager.default.createSymbolicLink(at: texts, withDestinationURL: top.appendingPathComponent("outside/texts"))
        #expect(looking.loadSourceWithoutLinks("texts/real.txt") == nil, "a link on the way, yet the short way answered")
        #expect(looking.loadSource("texts/real.txt") != inside)
    }
}
