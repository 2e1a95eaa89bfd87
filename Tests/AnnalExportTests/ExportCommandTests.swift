import AnnalCommandLine
import AnnalJSON
import Foundation
import Testing

/// `annal export` and `annal timeline` run in process on files in a
/// temporary folder.
@Suite struct ExportCommandTests {
    /// A folder holding `files` (relative path → text), removed afterwards.
    static func withFolder(_ files: [String: String], _ body: (URL) throws -> Void) throws {
        let folder = URL(fileURLWithPath: FileManager.default.temporaryDirectory.appendingPathComponent("annal-export-\(UUID().uuidString)").path,
                         isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try body(folder)
    }

    static func run(_ arguments: [String], in folder: URL) -> (status: Int32, out: String, err: String) {
        let (console, output) = Console.capturing(currentDirectory: folder)
        let status = AnnalCommand.run(arguments: arguments, console: console)
        let (out, err) = output()
        return (status, out, err)
    }

    static let clean: [String: String] = [
        "data/a.annal": """
        party XA {
          kind = state
          name = "Examplia"
        }

        source memo {
          path = "sources/memo.txt"
        }

        """ + SmallWorkspace.second,
        "data/sources/memo.txt": SmallWorkspace.memo,
    ]

    /// Two errors: an unknown party and a quote that is not in the source.
    static let broken: [String: String] = [
        "b.annal": """
        source doc {
          path = "doc.txt"
        }

        relation r {
          parties = [NATO, Nobody]

          event 2003 {
            kind = exercise
            cite doc "not in the document"
          }
        }

        """,
        "doc.txt": "Some text.\n",
    ]

    @Test func refusesADatasetWithErrors() throws {
        try Self.withFolder(Self.broken) { folder in
            for format in ["json", "jsonl", "csv"] {
                let result = Self.run(["export", ".", "--format", format], in: folder)
                #expect(result.status == 1)
                #expect(result.out.isEmpty)
                #expect(result.err.contains("2 errors"), "\(result.err)")
                #expect(result.err.contains("annal check"))
                #expect(result.err.contains("--allow-errors"))
            }
        }
    }

    @Test func allowErrorsExportsAnyway() throws {
        try Self.withFolder(Self.broken) { folder in
            let result = Self.run(["export", "--format", "json", "--allow-errors"], in: folder)
            #expect(result.status == 0)
            let json = try JSONParser.parse(result.out)
            #expect(json["summary"]?["errors"] == 2)
            let citation = json["relations"]?.arrayValue?.first?["events"]?.arrayValue?.first?["citations"]?.arrayValue?.first
            #expect(citation?["status"] == "not-found")
            #expect(citation?["matches"] == 0)
            #expect(citation?["bytes"] == .null)
        }
    }

    @Test func exportsACleanDataset() throws {
        try Self.withFolder(Self.clean) { folder in
            let json = Self.run(["export", "data"], in: folder)
            #expect(json.status == 0, "\(json.err)")
            let value = try JSONParser.parse(json.out)
            #expect(value["format"] == "annal-export")
            // The folder exported is the root: paths are relative to it.
            #expect(value["files"] == ["a.annal"])
            #expect(value["sources"]?.arrayValue?.first?["path"] == "sources/memo.txt")

            let csv = Self.run(["export", "data", "--format=csv"], in: folder)
            #expect(csv.status == 0)
            #expect(csv.out.hasPrefix("relation,parties,date,start,end,precision,qualifier,kind,programmes,summary,source,quote,line\r\n"))
            #expect(csv.out.contains("\r\nxa-un,XA;UN,2015,2015-01-01,2015-12-31,year,,membership,,,memo,Examplia joined the United Nations body,14\r\n"))
            let bom = Self.run(["export", "data", "--format", "csv", "--bom"], in: folder)
            #expect(bom.out.hasPrefix("\u{FEFF}relation,"))

            let lines = Self.run(["export", "data", "--format", "jsonl"], in: folder)
            #expect(lines.out.split(separator: "\n").count == 1)
        }
    }

    @Test func writesToAFile() throws {
        try Self.withFolder(Self.clean) { folder in
            let result = Self.run(["export", "data", "--format", "csv", "-o", "out/events.csv"], in: folder)
            // The folder does not exist: an I/O error, nothing written.
            #expect(result.status == 2)
            #expect(result.err.contains("cannot write out/events.csv"))
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("out"), withIntermediateDirectories: true)
            let again = Self.run(["export", "data", "--format", "csv", "--output", "out/events.csv"], in: folder)
            #expect(again.status == 0)
            #expect(again.out.isEmpty)
            let written = try String(contentsOf: folder.appendingPathComponent("out/events.csv"), encoding: .utf8)
            #expect(written.hasPrefix("relation,parties,"))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path)
            #expect(leftovers == ["events.csv"])
        }
    }

    @Test(arguments: [
        (["export", "--format", "xml"], "unknown format `xml`"),
        (["export", "--bom"], "--bom applies to --format csv only"),
        (["export", "--output"], "--output needs a value"),
        (["export", "--frobnicate"], "unknown option `--frobnicate`"),
        (["timeline", "."], "give the file to write with -o"),
        (["timeline", "-o", "t.png"], "cannot tell the format of `t.png`"),
        (["timeline", "-o", "t.svg", "--width", "10"], "--width takes a number of pixels"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) throws {
        try Self.withFolder(Self.clean) { folder in
            let result = Self.run(arguments, in: folder)
            #expect(result.status == 2)
            #expect(result.err.contains(message), "\(result.err)")
        }
    }

    @Test func help() throws {
        try Self.withFolder([:]) { folder in
            let export = Self.run(["export", "--help"], in: folder)
            #expect(export.status == 0 && export.out.contains("--allow-errors"))
            let timeline = Self.run(["timeline", "-h"], in: folder)
            #expect(timeline.status == 0 && timeline.out.contains("FILE.svg|FILE.html"))
        }
    }

    @Test func timelineWritesSVGAndHTML() throws {
        try Self.withFolder(Self.clean) { folder in
            let svg = Self.run(["timeline", "data", "-o", "t.svg", "--title", "Examplia"], in: folder)
            #expect(svg.status == 0, "\(svg.err)")
            let drawing = try String(contentsOf: folder.appendingPathComponent("t.svg"), encoding: .utf8)
            #expect(drawing.hasPrefix("<?xml") && drawing.contains(">Examplia</text>"))
            let html = Self.run(["timeline", "data", "--output=t.html"], in: folder)
            #expect(html.status == 0)
            let page = try String(contentsOf: folder.appendingPathComponent("t.html"), encoding: .utf8)
            #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<svg") && page.contains("<table>"))
        }
        // A dataset with errors is drawn, with a warning.
        try Self.withFolder(Self.broken) { folder in
            let result = Self.run(["timeline", "-o", "t.svg"], in: folder)
            #expect(result.status == 0)
            #expect(result.err.contains("2 errors"))
        }
    }
}
