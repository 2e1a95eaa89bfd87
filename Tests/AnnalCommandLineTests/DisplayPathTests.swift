@testable import AnnalCommandLine
import Testing

/// How a file's path is shown: relative to the current folder when inside
/// it, as given otherwise; judged on the bytes, as the file system names files.
@Suite struct DisplayPathTests {
    @Test func aFileInsideTheCurrentFolderIsShownRelativeToIt() {
        #expect(CheckCommand.displayPath("/work/data/a.annal", cwd: "/work") == "data/a.annal")
        #expect(CheckCommand.displayPath("/work/data/a.annal", cwd: "/work/") == "data/a.annal")
        #expect(CheckCommand.displayPath("/work/dé jà/ü.annal", cwd: "/work/dé jà") == "ü.annal")
    }

    @Test func aFileOutsideTheCurrentFolderIsShownAsGiven() {
        #expect(CheckCommand.displayPath("/workshop/a.annal", cwd: "/work") == "/workshop/a.annal")
        #expect(CheckCommand.displayPath("/elsewhere/a.annal", cwd: "/work") == "/elsewhere/a.annal")
        #expect(CheckCommand.displayPath("/work", cwd: "/work") == "/work")
    }

    @Test func aFolderSpeltWithAnotherNormalFormIsAnotherFolder() {
        // "é" composed in the path, decomposed in the folder: two names on disk.
        #expect(CheckCommand.displayPath("/d\u{E9}/a.annal", cwd: "/de\u{301}") == "/d\u{E9}/a.annal")
    }
}
