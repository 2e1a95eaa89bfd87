import AnnalFileSystem
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `annal init [DIR]`: starts a workspace — a configuration, a `sources/`
/// folder with an example document, and a first relation file with one
/// commented example of each construct — and prints the next steps. It
/// refuses to overwrite anything.
enum InitCommand {
    static let help = """
    Usage: annal init [DIR]

    Creates a new Annal workspace in DIR (default: the current folder):
      annal.toml                   the configuration, every key commented
      sources/example.fr.txt       an example source document
      relations/example.annal      a first relation, one commented example of each construct
    Nothing is overwritten: if any of these exists, nothing is written.

    """

    static let configuration = """
    # Annal workspace configuration. Every key is optional; see docs/ci.md.

    [files]
    # include = ["**/*.annal"]
    # exclude = ["drafts/**"]

    [sources]
    # root      = "sources"          # resolve source paths from this folder
    # max-bytes = 16777216           # larger source documents are not read

    [rules]
    # unused-declaration = "off"     # severity by code or name: error, warning, info, hint, off

    [format]
    # line-width = 100

    """

    static let source = """
    Relations avec l’Ouzbékistan (document d’exemple)

    Depuis 1993, l’Ouzbékistan participe au programme « pour la science au service de la paix et de la sécurité ».
    En avril 2003, il a accueilli le premier exercice de l’EADRCC organisé en Asie centrale.

    """

    static let relation = """
    # A first relation. Run `annal check` to verify it, `annal fmt` to lay it out.

    # A source: a document saved as text. `path` is relative to this file.
    source example-fr {
      path  = "../sources/example.fr.txt"
      title = "Relations avec l'Ouzbékistan (document d'exemple)"
      kind  = page
      lang  = fr
    }

    # A programme. NATO, UZ, PfP, SPS, EADRCC… are built in; declare your own like this.
    programme EXAMPLE {
      name    = "An example programme"
      name.fr = "Un programme d'exemple"
      owner   = NATO
      since   = 2000
    }

    # A relation between two or more parties, with its dated events.
    relation nato-uz-example {
      parties    = [NATO, UZ]
      programmes = [SPS, EADRCC, EXAMPLE]

      # An event dated as precisely as the source: here "since 1993" (an open interval).
      event 1993/.. {
        kind      = participation
        programme = SPS
        summary   = "Uzbekistan takes part in the Science for Peace and Security programme."
        # Every event cites the passage that backs it, verbatim (apostrophes and spaces may differ).
        cite example-fr "Depuis 1993, l'Ouzbékistan participe au programme"
      }

      # A month: April 2003.
      event 2003-04 {
        kind      = exercise
        programme = EADRCC
        summary   = "Hosts the first EADRCC exercise in Central Asia."
        cite example-fr "le premier exercice de l'EADRCC organisé en Asie centrale"
      }
    }

    """

    static func run(arguments: [String], console: Console) -> Int32 {
        if arguments.contains("-h") || arguments.contains("--help") {
            console.out(help)
            return ExitStatus.clean
        }
        guard arguments.count <= 1, !(arguments.first?.hasPrefix("-") ?? false) else {
            console.err("error: `annal init` takes at most one folder\n\n" + help)
            return ExitStatus.failure
        }
        let folder = URL(fileURLWithPath: arguments.first ?? ".", relativeTo: console.currentDirectory).standardizedFileURL
        let files: [(path: String, text: String)] = [
            ("annal.toml", configuration),
            ("sources/example.fr.txt", source),
            ("relations/example.annal", relation),
        ]
        let existing = files.filter { FileSystemHost.exists(folder.appendingPathComponent($0.path).path) }
        guard existing.isEmpty else {
            console.err("error: \(existing.map(\.path).joined(separator: ", ")) already exist\(existing.count == 1 ? "s" : ""); nothing was written\n")
            return ExitStatus.failure
        }
        do {
            for file in files {
                let url = folder.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileSystemHost.writeAtomically(Data(file.text.utf8), to: url)
            }
        } catch {
            console.err("error: cannot write in \(folder.path): \(error)\n")
            return ExitStatus.failure
        }
        let shown = CheckCommand.displayPath(folder.path, cwd: console.currentDirectory.path)
        let place = shown == folder.path && folder.path == console.currentDirectory.standardizedFileURL.path ? "." : shown
        let steps = [
            ("annal check \(place)", "check it (it starts clean)"),
            ("annal explain AN410", "what a diagnostic means, and how to fix it"),
            ("annal fmt \(place)", "lay files out canonically"),
            ("editors/", "set up your editor with `annal lsp`"),
        ]
        let width = steps.map(\.0.count).max() ?? 0
        console.out("Created an Annal workspace in \(place):\n  annal.toml, sources/example.fr.txt, relations/example.annal\n\nNext steps:\n"
            + steps.map { "  " + $0.0.padded(to: width + 3) + $0.1 + "\n" }.joined())
        return ExitStatus.clean
    }
}
