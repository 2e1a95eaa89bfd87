import AnnalTestSupport
import Foundation
import Testing

/// The built `annal` binary, run as a process: exit codes, which stream
/// carries what, and the files only a real file system can show.
@Suite struct BinaryTests {
    /// The executable next to the test bundle (`swift test` builds it).
    static var executable: URL {
        let bundleFolder = Bundle.main.bundleURL.deletingLastPathComponent()
        // On Linux the test runner is an executable beside `annal` in the build
        // folder (which is not `.build` with `--scratch-path` or a sanitizer).
        let runnerFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [runnerFolder.appendingPathComponent("annal"), bundleFolder.appendingPathComponent("annal"),
                          Fixtures.repositoryRoot.appendingPathComponent(".build/debug/annal")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        return Fixtures.repositoryRoot.appendingPathComponent(".build/debug/annal")
    }

    struct Result {
        let status: Int32
        let out: String
        let err: String
    }

    static func run(_ arguments: [String], in directory: URL = Fixtures.repositoryRoot, environment: [String: String] = [:]) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (key, value) in environment { env[key] = value }
        let outcome = try ChildProcess.run(executable, arguments, in: directory, environment: env, timeout: 120 * AbuseServer.timeScale)
        try #require(!outcome.timedOut, "annal \(arguments.joined(separator: " ")) did not end within two minutes")
        return Result(status: outcome.status, out: outcome.out, err: outcome.err)
    }

    /// A fresh temporary workspace with the given files.
    static func workspace(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("annal-test-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    static let relation = """
    source doc {
      path = "sources/doc.txt"
    }

    relation r {
      parties = [NATO, UZ]

      event 2003 {
        kind = exercise
        cite doc "premier exercice"
      }
    }

    """

    @Test func cleanWorkspaceExitsZeroWithResultsOnStdoutAndSummaryOnStderr() throws {
        let root = try Self.workspace(["r.annal": Self.relation, "sources/doc.txt": "Le premier exercice a eu lieu."])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try Self.run(["check"], in: root)
        #expect(result.status == 0)
        #expect(result.out.isEmpty)
        #expect(result.err == "No problems found in 1 file.\n")
    }

    @Test func errorsExitOneAndAreNotColouredOffATerminal() throws {
        let root = try Self.workspace(["r.annal": Self.relation, "sources/doc.txt": "Rien ici."])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try Self.run(["check", "."], in: root)
        #expect(result.status == 1)
        #expect(result.out.hasPrefix("r.annal:10:14: error[AN410]: the quote is not in `sources/doc.txt`"))
        #expect(!result.out.contains("\u{1B}["))
    }

    @Test func noColorWinsOverAutoButNotOverAlways() throws {
        let root = try Self.workspace(["r.annal": Self.relation, "sources/doc.txt": "Rien ici."])
        defer { try? FileManager.default.removeItem(at: root) }
        let always = try Self.run(["check", "--color", "always"], in: root, environment: ["NO_COLOR": "1"])
        #expect(always.out.contains("\u{1B}[1;31m"))
        let never = try Self.run(["check", "--color", "never"], in: root)
        #expect(!never.out.contains("\u{1B}["))
    }

    @Test func sourceThatIsAFolderIsUnreadable() throws {
        let root = try Self.workspace(["r.annal": Self.relation, "sources/doc.txt/keep": ""])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try Self.run(["check", "--format", "github"], in: root)
        #expect(result.status == 1)
        #expect(result.out.contains("title=AN402 source-unreadable::`sources/doc.txt` cannot be read (it is a folder)"))
    }

    @Test func sourceOverTheSizeLimitIsNotRead() throws {
        let root = try Self.workspace(["r.annal": Self.relation, "sources/doc.txt": ""])
        defer { try? FileManager.default.removeItem(at: root) }
        let handle = try FileHandle(forWritingTo: root.appendingPathComponent("sources/doc.txt"))
        try handle.truncate(atOffset: UInt64(16 * 1024 * 1024 + 1))
        try handle.close()
        let result = try Self.run(["check", "--format", "github"], in: root)
        #expect(result.out.contains("AN405 source-too-large::`sources/doc.txt` has 16777217 bytes"))
    }

    @Test func symbolicLinkOutOfTheWorkspaceIsRefused() throws {
        let outside = try Self.workspace(["secret.txt": "premier exercice"])
        let root = try Self.workspace(["r.annal": Self.relation])
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: outside)
        }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sources"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("sources/doc.txt"),
                                                   withDestinationURL: outside.appendingPathComponent("secret.txt"))
        let result = try Self.run(["check", "--format", "github"], in: root)
        #expect(result.out.contains("AN404 source-outside-workspace"))
    }

    @Test func annalFileThatIsNotUTF8IsAnIOFailure() throws {
        let root = try Self.workspace([:])
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data([0x70, 0x61, 0xFF, 0x0A]).write(to: root.appendingPathComponent("bad.annal"))
        let result = try Self.run(["check"], in: root)
        #expect(result.status == 2)
        #expect(result.err.contains("not UTF-8 text (bad byte at offset 2)"))
    }
}

/// `annal fmt` on real files: atomic rewrite, permissions and line endings
/// kept, standard input, and diffs that `patch` applies.
@Suite struct FormatBinaryTests {
    static let messy = "party  X {kind=state\nname = \"X\"}\n"
    static let canonical = "party X {\n  kind = state\n  name = \"X\"\n}\n"

    @Test func rewritesInPlaceKeepingPermissions() throws {
        let root = try BinaryTests.workspace(["a.annal": Self.messy])
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("a.annal")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        let result = try BinaryTests.run(["fmt"], in: root)
        #expect(result.status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == Self.canonical)
        let permissions = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber
        #expect(permissions?.intValue == 0o640)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func keepsCRLFLineEndings() throws {
        let root = try BinaryTests.workspace(["a.annal": Self.messy.replacingOccurrences(of: "\n", with: "\r\n")])
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try BinaryTests.run(["fmt", "a.annal"], in: root)
        let bytes = try Data(contentsOf: root.appendingPathComponent("a.annal"))
        #expect(String(decoding: bytes, as: UTF8.self) == Self.canonical.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func checkWritesNothingAndExitsOne() throws {
        let root = try BinaryTests.workspace(["a.annal": Self.messy])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try BinaryTests.run(["fmt", "--check"], in: root)
        #expect(result.status == 1)
        #expect(result.out.hasPrefix("--- a.annal\n+++ a.annal (formatted)\n@@ -1,2 +1,4 @@\n"))
        #expect(try String(contentsOf: root.appendingPathComponent("a.annal"), encoding: .utf8) == Self.messy)
    }

    @Test func diffAppliesWithPatch() throws {
        let original = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Tests/AnnalFormatTests/Fixtures/messy-layout.annal"), encoding: .utf8)
        let root = try BinaryTests.workspace(["m.annal": original])
        defer { try? FileManager.default.removeItem(at: root) }
        let diff = try BinaryTests.run(["fmt", "--diff", "m.annal"], in: root).out
        try diff.write(to: root.appendingPathComponent("fix.patch"), atomically: true, encoding: .utf8)
        let patch = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/patch"), ["-s", "m.annal", "fix.patch"], in: root)
        #expect(patch.ending == .init(status: 0, bySignal: false), "\(patch.err)")
        let expected = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Tests/AnnalFormatTests/Fixtures/messy-layout.formatted"), encoding: .utf8)
        #expect(try String(contentsOf: root.appendingPathComponent("m.annal"), encoding: .utf8) == expected)
    }

    @Test func standardInputToStandardOutput() throws {
        let outcome = try ChildProcess.run(BinaryTests.executable, ["fmt", "--stdin"], input: Array(Self.messy.utf8))
        #expect(outcome.ending == .init(status: 0, bySignal: false))
        #expect(outcome.out == Self.canonical)
    }
}

/// `annal init`: a workspace that starts clean, and nothing overwritten.
@Suite struct InitBinaryTests {
    @Test func createsACleanWorkspaceAndRefusesToOverwrite() throws {
        let root = try BinaryTests.workspace([:])
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let created = try BinaryTests.run(["init"], in: root)
        #expect(created.status == 0)
        #expect(created.out.contains("Next steps:"))
        for path in ["annal.toml", "sources/example.fr.txt", "relations/example.annal"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path), "\(path) missing")
        }
        let check = try BinaryTests.run(["check"], in: root)
        #expect(check.status == 0, "\(check.out)")
        #expect(check.out.isEmpty)
        #expect(try BinaryTests.run(["fmt", "--check"], in: root).status == 0)
        // A second init writes nothing, even where only one file is in the way.
        try "# mine\n".write(to: root.appendingPathComponent("annal.toml"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: root.appendingPathComponent("relations/example.annal"))
        let again = try BinaryTests.run(["init"], in: root)
        #expect(again.status == 2)
        #expect(again.err.contains("annal.toml"))
        #expect(try String(contentsOf: root.appendingPathComponent("annal.toml"), encoding: .utf8) == "# mine\n")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("relations/example.annal").path))
    }
}
