import Foundation
@testable import AnnalLanguageServer
import AnnalTestSupport
import Testing

/// A document belongs to a workspace folder by the bytes of its path: a
/// folder named with e and a combining accent and one named with a
/// composed é hold the same characters but are two folders to the file
/// system, so a file in one is not in a workspace rooted at the other.
@Suite struct FolderPathTests {
    @Test func aFolderSpeltWithOtherBytesIsAnotherFolder() throws {
        let twins = try AccentTwinFolders(prefix: "annal-folders", holding: "doc.annal", contents: "party X {}\n")
        defer { twins.remove() }
        let (decomposed, composed) = (twins.decomposed, twins.composed)
        let folder = FolderState(root: URL(fileURLWithPath: decomposed))
        #expect(folder.workspacePath(ofAbsolute: decomposed + "/doc.annal") == "doc.annal")
        #expect(folder.workspacePath(ofAbsolute: composed + "/doc.annal") == nil)
        var state = ServerState()
        state.folders = [folder]
        #expect(state.folderIndex(forAbsolute: decomposed + "/doc.annal") == 0)
        #expect(state.folderIndex(forAbsolute: composed + "/doc.annal") == nil)
    }
}
