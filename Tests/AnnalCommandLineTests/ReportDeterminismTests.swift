import AnnalTestSupport
import Foundation
import Testing

/// `annal check` reads, parses and checks files on every core, loads the
/// sources they cite while they are checked and drops them after: the
/// report must still be the same bytes on every run, whatever the threads
/// did first. A workspace of many files sharing sources, with every kind
/// of finding (quotes found, not found with a closest passage, found twice,
/// unknown names, impossible dates), checked several times.
@Suite struct ReportDeterminismTests {
    static let words = [
        "la", "coopération", "entre", "l’OTAN", "et", "la", "Roumanie", "s’est", "renforcée", "à", "Bucarest",
        "grâce", "au", "Partenariat", "pour", "la", "paix", "avec", "des", "exercices", "communs", "en",
        "matière", "de", "protection", "civile", "«", "gestion", "des", "conséquences", "»", "et", "d’échanges",
        "d’experts", "sur", "la", "sécurité", "énergétique", "dans", "la", "région", "de", "la", "mer", "Noire",
    ]

    /// A source text of `sentences` seeded sentences, and the sentences.
    static func sourceText(_ generator: inout SplitMix64, sentences: Int) -> [String] {
        (0..<sentences).map { index in
            let count = 12 + Int(generator.next() % 12)
            let body = (0..<count).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined(separator: " ")
            return "En \(1994 + index % 30), \(body) (\(index))."
        }
    }

    /// `files` files; file i declares source i and cites it and source i+1
    /// (so sources are shared by files checked on different threads).
    static func workspace(files: Int) throws -> (root: URL, expectedFindings: Int) {
        var generator = SplitMix64(seed: 0xD3_7E12)
        var contents: [String: String] = [:]
        var sentencesOf: [[String]] = []
        for index in 0..<files {
            let sentences = sourceText(&generator, sentences: 30)
            sentencesOf.append(sentences)
            // A repeated sentence makes a quote of it ambiguous.
            contents["sources/s\(index).txt"] = (sentences + [sentences[3]]).joined(separator: "\n")
        }
        var findings = 0
        for index in 0..<files {
            var text = """
            source s\(index) {
              path = "sources/s\(index).txt"
            }

            relation r\(index) {
              parties = [NATO, RO]

            """
            for event in 0..<24 {
                let cited = event % 3 == 0 ? (index + 1) % files : index
                let sentence = sentencesOf[cited][event % 30]
                var quote = String(sentence.dropFirst(8).prefix(60))
                var date = "\(1994 + event)"
                var programme = "PfP"
                switch event % 8 {
                case 1: quote = quote.replacingOccurrences(of: "a", with: "o"); findings += 1  // not found: a closest passage
                case 2: quote = String(sentencesOf[cited][3].dropFirst(8).prefix(50)); findings += 1  // ambiguous
                case 5: date = "\(1994 + event)-13-40"; findings += 1  // impossible date
                case 6: programme = "NOPE\(event)"; findings += 1  // unknown programme
                default: break
                }
                text += """
                  event \(date) {
                    kind      = cooperation
                    programme = \(programme)
                    cite s\(cited) "\(quote.replacingOccurrences(of: "\"", with: "\\\""))"
                  }

                """
            }
            text += "}\n"
            contents["f\(String(format: "%03d", index)).annal"] = text
        }
        return (try BinaryTests.workspace(contents), findings)
    }

    @Test(arguments: ["json", "text"])
    func sameBytesOnEveryRun(format: String) throws {
        let (root, expectedFindings) = try Self.workspace(files: 64)
        defer { try? FileManager.default.removeItem(at: root) }
        // Bytes, not strings: `String ==` is canonical equivalence after a
        // decoding that replaces bad bytes, so it could call two different
        // outputs equal.
        func check() throws -> ChildProcess.Outcome {
            try ChildProcess.run(BinaryTests.executable, ["check", "--format", format, "--color", "never"], in: root,
                                 timeout: 120 * AbuseServer.timeScale)
        }
        let first = try check()
        #expect(first.ending == .init(status: 1, bySignal: false), "\(first.err)")
        if format == "json" {
            let report = try JSONSerialization.jsonObject(with: Data(first.out.utf8)) as? [String: Any]
            let diagnostics = report?["diagnostics"] as? [[String: Any]] ?? []
            // Every planted finding is reported (and more: each wrong
            // quote also names its closest passage, among others).
            #expect(diagnostics.count >= expectedFindings, "\(diagnostics.count) findings of \(expectedFindings) planted")
        }
        for run in 1..<6 {
            let again = try check()
            #expect(again.ending == first.ending)
            let same = again.output == first.output
            #expect(same, "run \(run) differs from the first: \(Self.firstDifference(first.out, again.out))")
        }
    }

    /// The first line where two reports differ, for the failure message.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, (x, y)) in zip(left, right).enumerated() where x != y {
            return "line \(index + 1): \(x.prefix(200)) | \(y.prefix(200))"
        }
        return "lengths \(left.count) and \(right.count) lines"
    }
}
