import AnnalAnalysis
import Testing

@Suite struct ConfigurationTests {
    static let full = """
    # A complete configuration.
    [files]
    include = ["**/*.annal"]
    exclude = [
      "samples/broken/**",   # kept out on purpose
      "drafts/*.annal",
    ]

    [sources]
    root      = 'documents'
    max-bytes = 1_000_000

    [rules]
    AN502 = "off"
    alias-instead-of-acronym = "error"

    [catalogue]
    extra = ["shared/programmes.annal"]

    [format]
    line-width = 120
    """

    /// `annal check` keeps every file without looking at its path when no
    /// pattern is given: `filtersPaths` must be true whenever `includes`
    /// could say no.
    @Test(arguments: ["", "[files]\ninclude = [\"a/**\"]\n", "[files]\nexclude = [\"b/*.annal\"]\n", "[format]\nline-width = 90\n"])
    func filtersPathsWhenAPatternCouldLeaveOneOut(_ text: String) {
        let (config, diagnostics) = WorkspaceConfiguration.parse(text, path: "annal.toml")
        #expect(diagnostics.isEmpty)
        let paths = ["x.annal", "a/y.annal", "b/z.annal", "b/deep/w.annal", "é/ü.annal"]
        if !config.filtersPaths {
            #expect(paths.allSatisfy(config.includes))
        }
        #expect(config.filtersPaths == text.contains("[files]"))
        if config.filtersPaths {
            #expect(!paths.allSatisfy(config.includes))
        }
    }

    @Test func readsEveryKey() {
        let (config, diagnostics) = WorkspaceConfiguration.parse(Self.full, path: "annal.toml")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        #expect(config.includes("relations/nato-uz.annal"))
        #expect(!config.includes("samples/broken/AN101.annal"))
        #expect(!config.includes("drafts/wip.annal"))
        #expect(config.includes("drafts/deep/wip.annal"))
        #expect(config.sourceRoot == "documents")
        #expect(config.maxSourceBytes == 1_000_000)
        #expect(config.severities[.unusedDeclaration] == .some(nil))
        #expect(config.severities[.aliasInsteadOfAcronym] == .some(.error))
        #expect(config.extraCatalogues == ["shared/programmes.annal"])
        #expect(config.lineWidth == 120)
    }

    struct Case: Sendable, CustomStringConvertible {
        let text: String
        let code: String
        /// The text the diagnostic's range covers.
        let covers: String
        var description: String { text }
    }

    static let problems: [Case] = [
        Case(text: "[rules]\nAN502 = off\n", code: "AN701", covers: "off"),
        Case(text: "[rules\n", code: "AN701", covers: ""),
        Case(text: "[files]\ninclude = [\"a\" \"b\"]\n", code: "AN701", covers: ""),
        Case(text: "[files]\ninclude = \"unterminated\n", code: "AN701", covers: "\"unterminated"),
        Case(text: "just words\n", code: "AN701", covers: ""),
        Case(text: "[format]\nline-width = 100\nline-width = 80\n", code: "AN701", covers: "line-width"),
        Case(text: "[files]\nexlude = [\"x\"]\n", code: "AN702", covers: "exlude"),
        Case(text: "[filez]\ninclude = [\"x\"]\n", code: "AN702", covers: "filez"),
        Case(text: "[rules]\nAN999 = \"off\"\n", code: "AN702", covers: "AN999"),
        Case(text: "[rules]\nunused-declaration = \"ignore\"\n", code: "AN703", covers: "\"ignore\""),
        Case(text: "[format]\nline-width = 5\n", code: "AN703", covers: "5"),
        Case(text: "[sources]\nroot = \"../elsewhere\"\n", code: "AN703", covers: "\"../elsewhere\""),
        Case(text: "[sources]\nmax-bytes = -1\n", code: "AN703", covers: "-1"),
        Case(text: "[files]\ninclude = \"*.annal\"\n", code: "AN703", covers: "\"*.annal\""),
    ]

    @Test(arguments: problems)
    func reportsProblemsWhereTheyAre(_ c: Case) {
        let (_, diagnostics) = WorkspaceConfiguration.parse(c.text, path: "annal.toml")
        #expect(diagnostics.count == 1, "\(diagnostics.map(\.message))")
        guard let diagnostic = diagnostics.first else { return }
        #expect(diagnostic.rule.code == c.code, "\(diagnostic.message)")
        #expect(diagnostic.file == "annal.toml")
        let bytes = Array(c.text.utf8)
        #expect(String(decoding: bytes[diagnostic.range.clamped(to: 0..<bytes.count)], as: UTF8.self) == c.covers)
    }

    @Test func misspeltKeysGetSuggestions() {
        let (_, diagnostics) = WorkspaceConfiguration.parse("[rules]\nunused-declaraton = \"off\"\n", path: "annal.toml")
        #expect(diagnostics.first?.message.contains("did you mean `unused-declaration`?") == true)
    }

    @Test(arguments: [
        ("**/*.annal", "a/b/c.annal", true), ("*.annal", "deep/x.annal", true), ("drafts/*", "drafts/a/b.annal", false),
        ("drafts/", "drafts/a/b.annal", true), ("{a,b}/*.annal", "b/x.annal", true), ("[!x]*.annal", "y.annal", true),
        ("[!x]*.annal", "x.annal", false), ("file?.annal", "file1.annal", true), ("file?.annal", "file10.annal", false),
        ("a/**/z.annal", "a/z.annal", true), ("a/**/z.annal", "a/b/c/z.annal", true), ("a/**/z.annal", "b/z.annal", false),
    ])
    func globsMatchLikeGitignore(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(Glob(pattern).matches(path) == expected)
    }

    @Test func workspaceHonoursSourceRootSeveritiesAndCatalogueFiles() {
        var workspace = Workspace()
        workspace.sourceRoot = "documents"
        workspace.severityOverrides = [.aliasInsteadOfAcronym: .error, .unusedDeclaration: nil]
        workspace.catalogueFiles = ["shared/programmes.annal"]
        workspace.setFiles([
            ("shared/programmes.annal", "programme LOCAL {\n  name = \"Local\"\n}\nprogramme BROKEN {\n}\n"),
            ("rel/r.annal", "source doc {\n  path = \"page.txt\"\n}\nrelation r {\n  parties = [NATO, UZ]\n  programmes = [LOCAL, PPP]\n  event 2001 {\n    kind = exercise\n    cite doc \"texte\"\n  }\n}\n"),
        ])
        #expect(workspace.citedSourcePaths() == ["documents/page.txt"])
        workspace.setSource("documents/page.txt", .text("un texte"))
        let diagnostics = workspace.allDiagnostics()
        #expect(diagnostics.map(\.rule) == [.aliasInsteadOfAcronym])
        #expect(diagnostics.first?.severity == .error)
        #expect(workspace.diagnostics(for: "shared/programmes.annal").isEmpty, "catalogue files are not reported on")
    }
}
