/// Small workspaces shared by the server tests.
enum Workspaces {
    /// A French source with mixed typography, one declaration file and one relation file.
    static let source = "Relations avec l’Ouzbékistan\n\nDepuis 1993, l’Ouzbékistan participe au programme « pour la science » ;\nen avril 2003, il a accueilli le premier exercice de l’EADRCC.\n"

    static let declarations = """
    source nato-uz-fr {
      path  = "sources/nato-uz.fr.txt"
      title = "Relations avec l'Ouzbékistan"
    }

    programme LOCAL {
      name    = "A local programme"
      name.fr = "Un programme local"
      since   = 2000
    }

    """

    static let relation = """
    relation nato-uz {
      parties    = [NATO, UZ]
      programmes = [SPS, LOCAL]

      event 1993/.. {
        kind      = participation
        programme = SPS
        cite nato-uz-fr "l'Ouzbékistan participe au programme \\"pour la science\\""
      }

      event 2003-04 {
        kind      = exercise
        programme = EADRCC
        cite nato-uz-fr "le premier exercice de l'EADRCC"
      }
    }

    """

    static var files: [String: String] {
        ["sources/nato-uz.fr.txt": source, "decl.annal": declarations, "rel.annal": relation]
    }
}
