import AnnalAnalysis
import AnnalSyntax
import AnnalTestSupport
import Testing

@Suite struct WorkspaceTests {
    static let declarations = """
    source page {
      path = "sources/page.txt"
    }
    programme LOCAL {
      name = "A local programme"
      since = 2000
    }
    """

    static let relation = """
    relation r {
      parties = [NATO, KZ]
      event 2005 {
        kind      = participation
        programme = LOCAL
        cite page "l'Ouzbékistan participe"
      }
    }
    """

    func workspace(source: SourceLoad = .text("Depuis 1993, l’Ouzbékistan participe au programme.")) -> Workspace {
        var workspace = Workspace()
        workspace.setFiles([("data/decl.annal", Self.declarations), ("data/rel.annal", Self.relation)])
        for path in workspace.citedSourcePaths() { workspace.setSource(path, source) }
        return workspace
    }

    @Test func resolvesDeclarationsAcrossFiles() {
        let ws = workspace()
        #expect(ws.citedSourcePaths() == ["data/sources/page.txt"])
        #expect(ws.allDiagnostics().isEmpty, "\(ws.allDiagnostics().map(\.message))")
    }

    @Test func removingTheDeclaringFileBreaksTheReferences() {
        var ws = workspace()
        ws.removeFile("data/decl.annal")
        let codes = ws.diagnostics(for: "data/rel.annal").map(\.rule)
        #expect(codes == [.unknownReference, .unknownReference])
    }

    @Test func editingOneFileReanalysesItAlone() {
        var ws = workspace()
        let before = ws.files["data/decl.annal"]
        ws.setFile("data/rel.annal", text: Self.relation.replacingOccurrences(of: "LOCAL", with: "LOCLA"))
        #expect(ws.files["data/decl.annal"] === before)
        let diagnostic = ws.diagnostics(for: "data/rel.annal").first
        #expect(diagnostic?.rule == .unknownReference)
        #expect(diagnostic?.message.contains("did you mean `LOCAL`?") == true)
        #expect(diagnostic?.fixes.first?.edits.first?.newText == "LOCAL")
    }

    /// Every reference to an undeclared name is reported, in order, however
    /// many distinct names are missing (few are compared one by one, many
    /// through a set) and however often each is repeated.
    @Test(arguments: [1, 8, 9, 40])
    func everyUseOfAnUndeclaredNameIsReported(missing: Int) {
        let names = (0..<missing).map { "GONE\($0)" }
        var events = ""
        for (index, name) in (names + names.reversed() + ["LOCAL"] + names).enumerated() {
            events += "  event 2005 {\n    kind = participation\n    programme = \(name)\n    cite page \"l'Ouzbékistan participe\"\n  }\n"
            if index % 3 == 0 { events += "  event 2006 {\n    kind = participation\n    programme = LOCAL\n    cite page \"l'Ouzbékistan participe\"\n  }\n" }
        }
        var ws = workspace()
        ws.setFile("data/rel.annal", text: "relation r {\n  parties = [NATO, KZ, GONE0]\n\(events)}\n")
        let unknown = ws.diagnostics(for: "data/rel.annal").filter { $0.rule == .unknownReference }
        let named = unknown.compactMap { diagnostic in names.first { diagnostic.message.contains("`\($0)`") } }
        #expect(named == ["GONE0"] + names + names.reversed() + names, "\(unknown.map(\.message))")
        #expect(unknown.map(\.range.lowerBound) == unknown.map(\.range.lowerBound).sorted())
    }

    /// The names undeclared change while the file does not (another file
    /// declares one, then the other): the uses reported follow, though the
    /// file's reference places are found once per set of such names.
    @Test func theUsesReportedFollowWhichNamesOtherFilesDeclare() {
        var events = ""
        for name in ["ALPHA", "OMEGA", "ALPHA", "OMEGA", "OMEGA"] {
            events += "  event 2005 {\n    kind = participation\n    programme = \(name)\n    cite page \"l'Ouzbékistan participe\"\n  }\n"
        }
        var ws = workspace()
        ws.setFile("data/rel.annal", text: "relation r {\n  parties = [NATO, KZ]\n\(events)}\n")
        for (declared, missing, uses) in [("ALPHA", "OMEGA", 3), ("OMEGA", "ALPHA", 2), ("ALPHA", "OMEGA", 3)] {
            ws.setFile("data/programmes.annal", text: "programme \(declared) {\n  name = \"Programme \(declared)\"\n}\n")
            let unknown = ws.diagnostics(for: "data/rel.annal").filter { $0.rule == .unknownReference }
            #expect(unknown.count == uses && unknown.allSatisfy { $0.message.contains("no programme `\(missing)`") },
                    "\(unknown.map(\.message))")
        }
    }

    /// The file stays while another file moves a programme's dates: the
    /// events' findings kept from the last check (`EventDateResults`)
    /// give way to the new bounds.
    @Test func eventsAreCheckedAgainAgainstAProgrammesNewDates() {
        var ws = workspace()
        var events = ""
        for year in [2003, 2005, 2008, 2012] {
            events += "  event \(year) {\n    kind = participation\n    programme = ALPHA\n    cite page \"l'Ouzbékistan participe\"\n  }\n"
        }
        let relation = "relation r {\n  parties = [NATO, KZ]\n\(events)}\n"
        ws.setFile("data/rel.annal", text: relation)
        func hints(since: Int, until: Int) -> [String] {
            ws.setFile("data/programmes.annal", text: "programme ALPHA {\n  name = \"Alpha\"\n  since = \(since)\n  until = \(until)\n}\n")
            var fresh = workspace()
            fresh.setFile("data/rel.annal", text: relation)
            fresh.setFile("data/programmes.annal", text: "programme ALPHA {\n  name = \"Alpha\"\n  since = \(since)\n  until = \(until)\n}\n")
            let found = ws.diagnostics(for: "data/rel.annal").filter { $0.rule == .eventOutsideProgrammeDates }
            #expect(found == fresh.diagnostics(for: "data/rel.annal").filter { $0.rule == .eventOutsideProgrammeDates })
            return found.map(\.message)
        }
        #expect(hints(since: 2000, until: 2020).isEmpty)
        #expect(hints(since: 2006, until: 2010).count == 3)
        #expect(hints(since: 2004, until: 2020).count == 1)
    }

    /// AN501 against each programme's own bounds, however the events
    /// alternate between more programmes than the rule keeps at hand (with
    /// few, and with more than it keeps before it looks names up in a
    /// dictionary), and through lists, unknown names and undated events.
    /// Names alike in their first eight bytes, and names too long to be
    /// stored inline, as well as short ones: the rule tells names apart
    /// by their string's words first.
    @Test(arguments: [(6, "P"), (30, "P"), (6, "PROGRAMME-"), (30, "A-VERY-LONG-PROGRAMME-NAME-")])
    func eventsAreCheckedAgainstTheBoundsOfTheirOwnProgramme(bounded: Int, prefix: String) {
        // Programme P<k> runs from 2000 + k to 2010 + k; P<bounded> has no bounds.
        var text = ""
        for k in 0..<bounded {
            text += "programme \(prefix)\(k) {\n  name = \"Programme \(k)\"\n  since = \(2000 + k)\n  until = \(2010 + k)\n}\n"
        }
        text += "programme \(prefix)\(bounded) {\n  name = \"Programme \(bounded)\"\n}\nrelation r {\n  parties = [NATO, KZ]\n"
        var expected: [(line: Int, programme: String, before: Bool)] = []
        var lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        var generator = SplitMix64(seed: 501)
        for _ in 0..<(10 * bounded) {
            let year = Int.random(in: 1995...(2015 + bounded), using: &generator)
            let first = Int.random(in: 0...(bounded + 1), using: &generator)
            let second = Int.random(in: 0...bounded, using: &generator)
            let named = first == bounded + 1 ? ["NOPE", "\(prefix)\(second)"] : ["\(prefix)\(first)"]
            let field = named.count == 1 ? "programme = \(named[0])" : "programmes = [\(named.joined(separator: ", "))]"
            let dated = Int.random(in: 0...9, using: &generator) > 0
            text += "  event \(dated ? String(year) : "") {\n    kind = cooperation\n    \(field)\n    cite page \"l'Ouzbékistan participe\"\n  }\n"
            if dated {
                for name in named where name.hasPrefix(prefix) && name != "\(prefix)\(bounded)" {
                    let k = Int(name.dropFirst(prefix.count))!
                    if year < 2000 + k { expected.append((lineCount, name, true)) }
                    else if year > 2010 + k { expected.append((lineCount, name, false)) }
                }
            }
            lineCount += 5
        }
        text += "}\n"
        var ws = workspace()
        ws.setFile("data/rel.annal", text: text)
        let index = LineIndex(text)
        let found = ws.diagnostics(for: "data/rel.annal").filter { $0.rule == .eventOutsideProgrammeDates }
        let seen = found.map { diagnostic in
            (line: index.line(of: diagnostic.range.lowerBound),
             programme: expected.map(\.programme).first { diagnostic.message.contains("`\($0)`") } ?? "?",
             before: diagnostic.message.contains("before"))
        }
        #expect(seen.map { "\($0.line) \($0.programme) \($0.before)" } == expected.map { "\($0.line) \($0.programme) \($0.before)" })
        #expect(expected.count > 10)
    }

    @Test func quoteDiagnosticsFollowTheSourceText() {
        var ws = workspace(source: .text("Un texte sans la citation."))
        #expect(ws.diagnostics(for: "data/rel.annal").map(\.rule) == [.quoteNotFound])
        ws.setSource("data/sources/page.txt", .text("l’Ouzbékistan participe ; l'Ouzbékistan participe"))
        let ambiguous = ws.diagnostics(for: "data/rel.annal")
        #expect(ambiguous.map(\.rule) == [.quoteAmbiguous])
        #expect(ambiguous.first?.message.contains("2 times") == true)
        #expect(ws.files(citing: "data/sources/page.txt") == ["data/decl.annal", "data/rel.annal"])
    }

    @Test(arguments: [
        (SourceLoad.missing, Rule.sourceMissing), (.unreadable("permission denied"), .sourceUnreadable),
        (.notUTF8(offset: 3), .sourceNotUTF8), (.outsideWorkspace, .sourceOutsideWorkspace), (.tooLarge(bytes: 1 << 30), .sourceTooLarge),
    ])
    func sourceLoadProblemsAreReportedOnThePath(_ load: SourceLoad, _ rule: Rule) {
        let ws = workspace(source: load)
        let diagnostics = ws.allDiagnostics()
        #expect(diagnostics.map(\.rule) == [rule])
        #expect(diagnostics.first?.file == "data/decl.annal")
    }

    @Test func duplicateAcrossFilesPointsAtTheFirst() {
        var ws = Workspace()
        ws.setFiles([("a.annal", "party XA {\n  kind = state\n  name = \"A\"\n}\n"),
                     ("b.annal", "party XA {\n  kind = state\n  name = \"A again\"\n}\n")])
        let duplicate = ws.allDiagnostics().first { $0.rule == .duplicateDeclaration }
        #expect(duplicate?.file == "b.annal")
        #expect(duplicate?.related.first?.file == "a.annal")
    }

    @Test(arguments: [
        ("sources/a.txt", "dir", "dir/sources/a.txt"), ("../a.txt", "dir/sub", "dir/a.txt"), ("./x/./y.txt", "", "x/y.txt"),
    ])
    func pathsResolveInsideTheWorkspace(_ relative: String, _ base: String, _ expected: String) {
        #expect(WorkspacePath.resolve(relative, from: base) == expected)
    }

    @Test(arguments: [("../a.txt", ""), ("../../a.txt", "dir"), ("/etc/hostname", "dir"), ("~/notes.txt", ""), ("C:\\x.txt", "")])
    func pathsLeavingTheWorkspaceAreRefused(_ relative: String, _ base: String) {
        #expect(WorkspacePath.resolve(relative, from: base) == nil)
    }

    @Test(arguments: [("PfPP", "PfP"), ("programm", "programme"), ("UZB", "UZ"), ("EADRC", "EADRCC")])
    func didYouMeanFindsTypos(_ typo: String, _ expected: String) {
        #expect(DidYouMean.suggestion(for: typo, among: ["PfP", "programme", "UZ", "EADRCC", "PARP", "NATO"]) == expected)
    }

    @Test func suggestionsAreMadeAmongTheNamesOfTheExpectedKind() {
        var ws = Workspace()
        let relation = { (name: String) in
            "relation r-\(name) {\n  parties = [NATO, KZ]\n  event 2005 {\n    kind = participation\n    programme = LOCLA\n  }\n}\n"
        }
        ws.setFiles([
            ("decl.annal", "source LOCALE {\n  path = \"s.txt\"\n}\nprogramme LOCAL {\n  name = \"A local programme\"\n  since = 2000\n}\n"),
            ("a.annal", relation("a")), ("b.annal", relation("b")),
        ])
        // Asked for sources first: the programmes' list is another.
        #expect(ws.index.names(of: .source).contains("LOCALE"))
        #expect(!ws.index.names(of: .source).contains("LOCAL"))
        #expect(ws.index.names(of: .programme).contains("LOCAL"))
        #expect(!ws.index.names(of: .programme).contains("LOCALE"))
        // Aliases are names too (the catalogue's NATO is also OTAN).
        #expect(ws.index.names(of: .party).contains("OTAN"))
        for file in ["a.annal", "b.annal"] {
            let messages = ws.diagnostics(for: file).filter { $0.rule == .unknownReference }.map(\.message)
            #expect(messages == ["no programme `LOCLA` is declared; did you mean `LOCAL`?"], "\(file)")
        }
        #expect(ws.index.suggestion(for: "LOCALEE", as: .source) == "LOCALE")
        #expect(ws.index.suggestion(for: "LOCALEE", as: .programme) == "LOCAL")
    }

    @Test func didYouMeanStaysQuietForUnrelatedNames() {
        #expect(DidYouMean.suggestion(for: "Zanzibar", among: ["PfP", "NATO", "UZ"]) == nil)
    }
}
