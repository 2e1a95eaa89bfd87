import AnnalAnalysis
@testable import AnnalCommandLine
import AnnalFileSystem
import AnnalSyntax
import Foundation
import Testing

/// `annal check` lets each file's text go once lowered; its report reads
/// the text again, and only uses it while it is the text that was checked.
@Suite struct ReportTextsTests {
    static let text = Array("relation r {\n  résumé = oui\n  parties = [NATO, KZ]\n}\n".utf8)

    static func withWorkspace(_ body: (URL, Workspace) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("annal-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data(text).write(to: root.appendingPathComponent("r.annal"))
        var workspace = Workspace()
        workspace.setFiles([FileAnalysis(path: "r.annal", bytes: text).releasingText()])
        try body(root.resolvingSymlinksInPath(), workspace)
    }

    static func diagnostic(at offset: Int) -> Diagnostic {
        Diagnostic(.unknownField, file: "r.annal", range: offset..<(offset + 1), message: "a test finding")
    }

    @Test func theTextIsReadAgainForTheReport() throws {
        try Self.withWorkspace { root, workspace in
            #expect(workspace.files["r.annal"]?.lineIndex.holdsText == false)
            let texts = ReportTexts(workspace: workspace, host: FileSystemHost(root: root),
                                    fingerprints: ["r.annal": TextFingerprint(Self.text)])
            let index = try #require(texts.lineIndex("r.annal"))
            #expect(index.bytes == Self.text)
            #expect(texts.changedFiles.isEmpty)
            // `=` after "  résumé ": column 10 in characters (12 in bytes).
            let offset = Self.text.firstIndex(of: UInt8(ascii: "="))!
            let report = Report(diagnostics: [Self.diagnostic(at: offset)], workspace: workspace,
                                displayPaths: [:], fileCount: 1, texts: texts)
            let out = report.render(.text, color: false)
            #expect(out.hasPrefix("r.annal:2:10: error[AN"), "\(out)")
            #expect(out.contains("2 |   résumé = oui\n"), "\(out)")
        }
    }

    /// A report of one file whose findings point into many others reads
    /// that file once, however many others it reads in between.
    @Test func theFileBeingReportedIsReadOnceWhateverItsFindingsPointTo() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("annal-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        var analyses: [FileAnalysis] = []
        var fingerprints: [String: TextFingerprint] = [:]
        for name in ["main"] + (1...6).map({ "other\($0)" }) {
            let text = Array("party \(name) {\n  kind = state\n}\n".utf8)
            try Data(text).write(to: root.appendingPathComponent("\(name).annal"))
            analyses.append(FileAnalysis(path: "\(name).annal", bytes: text).releasingText())
            fingerprints["\(name).annal"] = TextFingerprint(text)
        }
        var workspace = Workspace()
        workspace.setFiles(analyses)
        let texts = ReportTexts(workspace: workspace, host: FileSystemHost(root: root.resolvingSymlinksInPath()),
                                fingerprints: fingerprints)
        for round in 0..<3 {
            for other in 1...6 {
                #expect(texts.lineIndex("main.annal")?.holdsText == true)
                #expect(texts.lineIndex("other\(other).annal")?.holdsText == true, "round \(round)")
            }
        }
        // main once; each of the six others once per round (four are held).
        #expect(texts.rereadCount == 1 + 3 * 6)
    }

    @Test func aFileChangedSinceTheCheckKeepsItsLinesAndIsNamed() throws {
        try Self.withWorkspace { root, workspace in
            try Data(Self.text.map { $0 == UInt8(ascii: "K") ? UInt8(ascii: "U") : $0 }).write(to: root.appendingPathComponent("r.annal"))
            let texts = ReportTexts(workspace: workspace, host: FileSystemHost(root: root),
                                    fingerprints: ["r.annal": TextFingerprint(Self.text)])
            let offset = Self.text.firstIndex(of: UInt8(ascii: "="))!
            let report = Report(diagnostics: [Self.diagnostic(at: offset)], workspace: workspace,
                                displayPaths: [:], fileCount: 1, texts: texts)
            let out = report.render(.text, color: false)
            #expect(out.hasPrefix("r.annal:2:12: error[AN"), "columns count bytes: \(out)")
            #expect(!out.contains(" | "), "no excerpt of a text that is not the one checked: \(out)")
            #expect(texts.changedFiles == ["r.annal"])
        }
    }

    /// A report that says what it shows reads again only the pieces of the
    /// file holding those lines, and shows them as checked.
    @Test func onlyThePiecesHoldingTheLinesShownAreReadAgain() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("annal-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        // Five pieces of lines; the finding on the last line, astride no piece boundary.
        var lines = (0..<700).map { "# ligne n° \($0) du dossier, écrite pour le test" }
        lines.append("relation r {\n  résumé = oui\n}")
        let text = Array((lines.joined(separator: "\n") + "\n").utf8)
        #expect(text.count > 4 * TextFingerprint.pieceSize)
        try Data(text).write(to: root.appendingPathComponent("r.annal"))
        var workspace = Workspace()
        workspace.setFiles([FileAnalysis(path: "r.annal", bytes: text).releasingText()])
        let offset = text.lastIndex(of: UInt8(ascii: "="))!
        let diagnostics = [Self.diagnostic(at: offset)]
        func report() -> (String, ReportTexts) {
            let texts = ReportTexts(workspace: workspace, host: FileSystemHost(root: root.resolvingSymlinksInPath()),
                                    fingerprints: ["r.annal": TextFingerprint(text)],
                                    shown: ReportTexts.rangesShown(by: diagnostics))
            let report = Report(diagnostics: diagnostics, workspace: workspace, displayPaths: [:], fileCount: 1, texts: texts)
            return (report.render(.text, color: false), texts)
        }
        let (out, texts) = report()
        #expect(out.hasPrefix("r.annal:702:10: error[AN"), "\(out)")
        #expect(out.contains("702 |   résumé = oui\n"), "\(out)")
        #expect(texts.text("r.annal")?.lineBytes(0).first == 0, "the first piece was not read")
        // A change far from the finding is not read; one on its line is.
        var changed = text
        changed[0] = UInt8(ascii: "!")
        try Data(changed).write(to: root.appendingPathComponent("r.annal"))
        #expect(report().1.changedFiles.isEmpty)
        changed[offset + 2] = UInt8(ascii: "n")
        try Data(changed).write(to: root.appendingPathComponent("r.annal"))
        let (changedOut, changedTexts) = report()
        #expect(changedTexts.changedFiles == ["r.annal"])
        #expect(!changedOut.contains(" | "), "\(changedOut)")
    }

    @Test func theLinesOfARangeAreWholeLines() {
        let index = LineIndex(bytes: Array("ab\ncd\nef".utf8)).droppingText()
        #expect(ReportTexts.lineSpans(of: [4..<5], in: index) == [3..<6])
        #expect(ReportTexts.lineSpans(of: [1..<4], in: index) == [0..<6])
        #expect(ReportTexts.lineSpans(of: [7..<8, 8..<8], in: index) == [6..<8, 6..<8], "the last line has no break")
    }

    /// A related location in another file is among the lines a report
    /// shows: its column counts characters, read from that file's text.
    @Test func aRelatedLocationsLineIsReadAgainToo() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("annal-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let first = Array("party A {\n  kind = state\n}\n".utf8)
        // The related place on the last line of a file of several pieces,
        // after two accented letters (its column differs in bytes).
        let lines = (0..<300).map { "# ligne n° \($0), écrite pour le test" } + ["party A {", "  résumé = oui", "}"]
        let second = Array((lines.joined(separator: "\n") + "\n").utf8)
        #expect(second.count > 2 * TextFingerprint.pieceSize)
        try Data(first).write(to: root.appendingPathComponent("a.annal"))
        try Data(second).write(to: root.appendingPathComponent("b.annal"))
        var workspace = Workspace()
        workspace.setFiles([FileAnalysis(path: "a.annal", bytes: first).releasingText(),
                            FileAnalysis(path: "b.annal", bytes: second).releasingText()])
        let related = second.lastIndex(of: UInt8(ascii: "="))!
        let diagnostics = [Diagnostic(.unknownField, file: "a.annal", range: 14..<18, message: "a test finding",
                                      related: [RelatedLocation(file: "b.annal", range: related..<(related + 1), message: "see")])]
        let texts = ReportTexts(workspace: workspace, host: FileSystemHost(root: root.resolvingSymlinksInPath()),
                                fingerprints: ["a.annal": TextFingerprint(first), "b.annal": TextFingerprint(second)],
                                shown: ReportTexts.rangesShown(by: diagnostics))
        let out = Report(diagnostics: diagnostics, workspace: workspace, displayPaths: [:], fileCount: 2, texts: texts)
            .render(.text, color: false)
        #expect(out.contains("note: see at b.annal:302:10\n"), "\(out)")
        #expect(texts.changedFiles.isEmpty)
    }

    /// A file the report's ranges do not name is read again whole, never
    /// left as zeros where its lines were not read.
    @Test func aFileTheRangesDoNotNameIsReadWhole() throws {
        try Self.withWorkspace { root, workspace in
            let texts = ReportTexts(workspace: workspace, host: FileSystemHost(root: root),
                                    fingerprints: ["r.annal": TextFingerprint(Self.text)], shown: ["other.annal": [0..<1]])
            #expect(texts.lineIndex("r.annal")?.bytes == Self.text)
        }
    }
    /// A report that says what it shows reads every file's pieces ahead,
    /// when its texts are made: the files can go before they are printed.
    @Test func theFilesShownAreReadAheadOnceEach() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("annal-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        var analyses: [FileAnalysis] = []
        var fingerprints: [String: TextFingerprint] = [:]
        var diagnostics: [Diagnostic] = []
        let names = (1...9).map { "dossier\($0).annal" }
        for name in names {
            let text = Array("party \(name.dropLast(6)) {\n  kind = état\n}\n".utf8)
            try Data(text).write(to: root.appendingPathComponent(name))
            analyses.append(FileAnalysis(path: name, bytes: text).releasingText())
            fingerprints[name] = TextFingerprint(text)
            let offset = text.firstIndex(of: UInt8(ascii: "="))!
            diagnostics.append(Diagnostic(.unknownField, file: name, range: offset..<(offset + 1), message: "a test finding"))
        }
        var workspace = Workspace()
        workspace.setFiles(analyses)
        let texts = ReportTexts(workspace: workspace, host: FileSystemHost(root: root.resolvingSymlinksInPath()),
                                fingerprints: fingerprints, shown: ReportTexts.rangesShown(by: diagnostics))
        for name in names { try FileManager.default.removeItem(at: root.appendingPathComponent(name)) }
        let out = Report(diagnostics: diagnostics, workspace: workspace, displayPaths: [:], fileCount: names.count,
                         texts: texts).render(.text, color: false)
        for name in names { #expect(out.contains("\(name):2:8: error[AN"), "\(name): \(out)") }
        #expect(out.contains("2 |   kind = état\n"), "\(out)")
        #expect(texts.changedFiles.isEmpty)
        // Each file once, however many times the report asks for it (more
        // files than the texts held at once).
        for _ in 0..<2 { for name in names { _ = texts.text(name) } }
        #expect(texts.rereadCount == names.count)
    }

    /// A text read as pieces gives, on every line read, the positions (in
    /// every encoding) and the line bytes of its whole text; the lines of
    /// pieces not read are zeros, as in the text made of the pieces.
    @Test func aTextOfPiecesReadsAsTheWholeTextOnTheLinesRead() {
        let size = TextFingerprint.pieceSize
        // Lines of every length about a piece boundary, some with CR LF,
        // accents and an astral character, the last without a break.
        var text: [UInt8] = []
        var line = 0
        while text.count < 4 * size {
            let body = "ligne \(line) : é\u{1F600}" + String(repeating: "x", count: (line * 37) % 190)
            text += Array(body.utf8) + (line % 5 == 0 ? [0x0D, 0x0A] : [0x0A])
            line += 1
        }
        text += Array("fin sans saut".utf8)
        let whole = LineIndex(bytes: text)
        let read = [0, 2, 4]
        let pieces = TextPieces(length: text.count, pieces: read.filter { $0 * size < text.count }.map { index in
            (index, Array(text[(index * size)..<min((index + 1) * size, text.count)]))
        })
        // What the report used before: the kept lines over the text made
        // of the pieces (zeros between them).
        let assembled = whole.droppingText().restoringText(pieces.assembled())
        let pieceText = ReportText(whole.droppingText(), pieces: pieces)
        #expect(pieceText.holdsText)
        for line in 0..<whole.lineCount {
            let start = whole.lineStart(line)
            let end = line + 1 < whole.lineCount ? whole.lineStart(line + 1) : text.count
            let isRead = read.contains(start / size) && read.contains(max(start, end - 1) / size)
            for expected in isRead ? [assembled, whole] : [assembled] {
                #expect(Array(pieceText.lineBytes(line)) == Array(expected.lineBytes(line)), "line \(line)")
                for offset in start...end {
                    for encoding in PositionEncoding.allCases {
                        #expect(pieceText.position(of: offset, in: encoding) == expected.position(of: offset, in: encoding),
                                "line \(line), offset \(offset), \(encoding)")
                    }
                }
            }
        }
        #expect(pieceText.position(of: text.count + 9, in: .utf32) == whole.position(of: text.count + 9, in: .utf32))
        #expect(!ReportText(whole.droppingText()).holdsText)
        #expect(ReportText(whole).lineBytes(3) == whole.lineBytes(3))
    }
}
