import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
import AnnalTestSupport
import Foundation
import JSONRPC
import Testing

/// Every limit that keeps the tools bounded on hostile input is a named
/// constant (listed in docs/reliability.md); each is tested here at its
/// boundary: exactly at the limit is accepted, one past it is refused or
/// summarised, and far past it nothing crashes or hangs.
@Suite struct LimitsTests {
    @Test func limitsHaveTheDocumentedValues() {
        #expect(AnalysisLimits.maxSourceBytes == 16 * 1024 * 1024)
        #expect(AnalysisLimits.maxDiagnosticsPerFile == 1000)
        #expect(SyntaxLimits.maxNestingDepth == 64)
        #expect(JSONParser.maxDepth == 256)
        #expect(FrameReader.maxContentLength == 64 * 1024 * 1024)
        #expect(FrameReader.maxHeaderLength == 8 * 1024)
    }

    // MARK: - File size: AnalysisLimits.maxSourceBytes

    @Test func sourceExactlyAtTheSizeLimitIsRead() throws {
        let place = try Place()
        try place.write("ws/r.annal", FileSafetyTests.relation(citing: "doc.txt"))
        var text = Data("premier exercice ".utf8)
        text.append(Data(repeating: UInt8(ascii: "a"), count: AnalysisLimits.maxSourceBytes - text.count))
        try place.write("ws/doc.txt", text)
        let atLimit = try place.check(in: "ws")
        #expect(!atLimit.out.contains("AN405") && !atLimit.out.contains("AN402"), "\(atLimit.out)")
        #expect(atLimit.status == 0, "the quote is found: \(atLimit.out)")

        try place.write("ws/doc.txt", text + Data("a".utf8))
        let over = try place.check(in: "ws")
        #expect(over.out.contains("error[AN405]: `doc.txt` has \(AnalysisLimits.maxSourceBytes + 1) bytes"), "\(over.out)")
    }

    @Test func annalFileExactlyAtTheSizeLimitIsRead() throws {
        let place = try Place()
        var text = Data("party x {\n  kind = state\n}\n#".utf8)
        text.append(Data(repeating: UInt8(ascii: "c"), count: AnalysisLimits.maxSourceBytes - text.count))
        try place.write("ws/x.annal", text)
        let atLimit = try place.run(["check"], in: "ws", timeout: 60)
        #expect(atLimit.status != 2 && !atLimit.err.contains("over the limit"), "read and checked: \(atLimit.err)")
        try place.write("ws/x.annal", text + Data("c".utf8))
        let over = try place.run(["check"], in: "ws", timeout: 60)
        #expect(over.status == 2)
        #expect(over.err.contains("over the limit of \(AnalysisLimits.maxSourceBytes) bytes for one file"), "\(over.err)")
    }

    // MARK: - Message size: FrameReader.maxContentLength

    @Test func bodyExactlyAtTheMessageLimitIsKept() {
        var reader = FrameReader()
        reader.append(Array("Content-Length: \(FrameReader.maxContentLength)\r\n\r\n".utf8))
        #expect(reader.next() == nil)
        reader.append([UInt8](repeating: UInt8(ascii: " "), count: FrameReader.maxContentLength))
        guard case .body(let body)? = reader.next() else {
            Issue.record("a body of exactly maxContentLength bytes was not kept")
            return
        }
        #expect(body.count == FrameReader.maxContentLength)

        reader.append(Array("Content-Length: \(FrameReader.maxContentLength + 1)\r\n\r\n".utf8))
        #expect(reader.next() == .tooLarge(FrameReader.maxContentLength + 1))
    }

    /// The limit counts the header lines, line breaks included, not the
    /// blank line that ends them.
    @Test func headerExactlyAtItsLimitIsAccepted() {
        let ending = "\r\nContent-Length: 2\r\n"
        let padding = FrameReader.maxHeaderLength - "X-Pad: ".utf8.count - ending.utf8.count
        var reader = FrameReader()
        reader.append(Array(("X-Pad: " + String(repeating: "p", count: padding) + ending + "\r\n{}").utf8))
        #expect(reader.next() == .body(Array("{}".utf8)))

        var over = FrameReader()
        over.append(Array(("X-Pad: " + String(repeating: "p", count: padding + 1) + ending + "\r\n{}").utf8))
        guard case .malformed(let reason)? = over.next() else {
            Issue.record("a header one byte over the limit was accepted")
            return
        }
        #expect(reason.contains("header longer than \(FrameReader.maxHeaderLength) bytes"))
    }

    // MARK: - Nesting depth: SyntaxLimits.maxNestingDepth, JSONParser.maxDepth

    static func nestedList(_ depth: Int) -> String {
        "x = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
    }

    @Test func listsNestedToTheLimitParse() {
        let tree = SyntaxTree.parse(Self.nestedList(SyntaxLimits.maxNestingDepth))
        #expect(tree.errors.isEmpty, "\(tree.errors)")
        let over = SyntaxTree.parse(Self.nestedList(SyntaxLimits.maxNestingDepth + 1))
        #expect(over.errors.count == 1)
        #expect(over.errors.first?.message == "nesting deeper than \(SyntaxLimits.maxNestingDepth) levels is not supported; flatten it")
        #expect(over.printedBytes() == Array(Self.nestedList(SyntaxLimits.maxNestingDepth + 1).utf8))
    }

    @Test func blocksNestedToTheLimitParse() {
        func blocks(_ depth: Int) -> String {
            String(repeating: "b {\n", count: depth) + String(repeating: "}\n", count: depth)
        }
        #expect(SyntaxTree.parse(blocks(SyntaxLimits.maxNestingDepth)).errors.isEmpty)
        let over = SyntaxTree.parse(blocks(SyntaxLimits.maxNestingDepth + 1))
        #expect(over.errors.map(\.message) == ["nesting deeper than \(SyntaxLimits.maxNestingDepth) levels is not supported; flatten it"])
    }

    @Test func hundredThousandLevelsAreOneErrorNotAStackOverflow() {
        let deep = "relation r {\n  parties = " + String(repeating: "[", count: 100_000) + "\n}\n"
        let started = Date()
        let analysis = FileAnalysis(path: "deep.annal", text: deep)
        #expect(Date().timeIntervalSince(started) < 10 * AbuseServer.timeScale)
        #expect(analysis.tree.printedBytes() == Array(deep.utf8))
        #expect(analysis.tree.errors.contains { $0.message.hasPrefix("nesting deeper than") })
    }

    @Test func jsonNestedToTheLimitParses() throws {
        let depth = JSONParser.maxDepth
        let atLimit = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: Never.self) { try JSONParser.parse(atLimit) }
        let over = String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(over) }
        #expect(error?.message.contains("nested deeper than \(depth)") == true)
    }

    // MARK: - Diagnostics per file: AnalysisLimits.maxDiagnosticsPerFile

    /// `count` lines holding a stray `}`: one syntax error each.
    static func strayBraces(_ count: Int) -> String { String(repeating: "}\n", count: count) }

    @Test func diagnosticsUpToTheLimitAreAllReported() {
        var workspace = Workspace(includeBuiltinCatalogue: false)
        workspace.setFile("a.annal", text: Self.strayBraces(AnalysisLimits.maxDiagnosticsPerFile))
        let diagnostics = workspace.diagnostics(for: "a.annal")
        #expect(diagnostics.count == AnalysisLimits.maxDiagnosticsPerFile)
        #expect(!diagnostics.contains { $0.message.contains("not shown") })
    }

    @Test func diagnosticsPastTheLimitAreSummarisedInTheLastOne() {
        var workspace = Workspace(includeBuiltinCatalogue: false)
        let count = AnalysisLimits.maxDiagnosticsPerFile * 50
        workspace.setFile("a.annal", text: Self.strayBraces(count))
        let diagnostics = workspace.diagnostics(for: "a.annal")
        #expect(diagnostics.count == AnalysisLimits.maxDiagnosticsPerFile)
        let last = diagnostics.last
        #expect(last?.message == "\(count - AnalysisLimits.maxDiagnosticsPerFile + 1) more problems in this file are not shown; fix the ones above first")
        #expect(last?.severity == .warning)
        #expect(diagnostics.dropLast().allSatisfy { $0.message.contains("unexpected `}`") })
    }
}
