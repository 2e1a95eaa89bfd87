import Foundation
@testable import AnnalLanguageServer
import Testing

/// A document belongs to a workspace folder by the bytes of its path: a
/// folder named with e and a combining accent and one named with a
/// composed é hold the same characters but are two folders to the file
/// system, so a file in one is not in a workspace rooted at the other.
@Suite struct FolderPathTests {
    @Test func aFolderSpeltWithOtherBytesIsAnotherFolder() throws {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("annal-folders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: top, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: top) }
        let decomposed = top.path + "/e\u{301}"
        let composed = top.path + "/\u{E9}"
        for folder in [decomposed, composed] {
            #expect(mkdir(folder, 0o755) == 0)
            #expect(FileManager.default.createFile(atPath: folder + "/doc.annal", contents: Data("party X {}\n".utf8)))
        }
        let folder = FolderState(root: URL(fileURLWithPath: decomposed))
        #expect(folder.workspacePath(ofAbsolute: decomposed + "/doc.annal") == "doc.annal")
        #expect(folder.workspacePath(ofAbsolute: composed + "/doc.annal") == nil)
        var state = ServerState()
        state.folders = [folder]
        #expect(state.folderIndex(forAbsolute: decomposed + "/doc.annal") == 0)
        #expect(state.folderIndex(forAbsolute: composed + "/doc.annal") == nil)
    }
}
