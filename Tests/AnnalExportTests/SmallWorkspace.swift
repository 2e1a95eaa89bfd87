import AnnalAnalysis

/// A small dataset built in memory: every kind of date, an alias, built-in
/// programmes reached through a parent, a quote with a comma and double
/// quotes, a source with CRLF line ends and typographic punctuation, and one
/// citation of each status (found, ambiguous, not found, source
/// unavailable, unknown source).
enum SmallWorkspace {
    static let main = #"""
    # The export tests' dataset.
    source memo {
      path      = "sources/memo.txt"
      title     = "Memo, \"draft\""
      kind      = report
      publisher = OTAN
      lang      = en
      updated   = 2021-06-30
      url       = "https://example.org/memo"
    }

    source lost {
      path = "sources/lost.txt"
    }

    party XA {
      kind    = state
      name    = "Examplia"
      name.fr = "Exemplie"
      aliases = [EXA]
    }

    programme XPROG {
      name   = "Example Programme"
      kind   = programme
      owner  = XA
      parent = PARP
      since  = 2004~
    }

    relation nato-xa {
      parties    = [NATO, XA]
      programmes = [PfP, XPROG]
      title      = "NATO–Examplia"
      summary    = "A made-up relation."

      event ../2021-06-30 {
        kind      = cooperation
        programme = PPP
        summary   = "Cooperation, as of the memo's date."
        cite memo "Examplia's cooperation with NATO, as of 30 June 2021, covers \"défense\" matters"
      }

      event 199X {
        kind    = dialogue
        summary = "Two lines:\nthe second."
        cite memo "In the 1990s, a dialogue began"
      }

      event 1996~ {
        kind      = membership
        programme = PfP
        cite memo "Around 1996, Examplia joined the Partnership for Peace"
      }

      event 2001-21 {
        kind = consultation
        cite memo "In spring 2001, consultations were held"
      }

      event 2003-04 {
        kind    = exercise
        place   = "Tashkent"
        parties = [EXA]
        cite memo "an exercise took place in Tashkent"
      }

      event 2005/2008? {
        kind      = training
        programme = XPROG
        cite memo "officers were trained"
      }

      event 2010/.. {
        kind      = participation
        programme = XPROG
        areas     = ["reform", "training, education"]
        cite memo "Since 2010, Examplia takes part"
      }

      event 2012-05-07 {
        kind    = agreement
        summary = "The \"Examplia Agreement\" is signed."
        cite memo "the \"Examplia Agreement\" was signed"
      }

      event 2012-05-07? {
        kind = hosting
        cite memo "Probably on 7 May 2012, Examplia hosted a meeting"
      }

      event 2013/ {
        kind = support
        cite memo "NATO supported reform"
      }

      event 2020-12-15/2020-12-17 {
        kind = consultation
        cite lost "three days of consultations"
      }

      event 2021 {
        kind       = recognition
        programmes = [PfP, XPROG]
        cite memo "recognised the centre"
        cite memo "the centre"
        cite memo "a sentence that is not there"
        cite nowhere "a source nobody declared"
      }
    }

    """#

    static let second = #"""
    relation xa-un {
      parties = [XA, UN]
      title   = "Examplia and the United Nations"

      event 2015 {
        kind = membership
        cite memo "Examplia joined the United Nations body"
      }
    }

    """#

    /// CRLF line ends, a typographic apostrophe, French quotation marks
    /// with no-break spaces, and typographic double quotes.
    static let memo = [
        "Memo on Examplia (draft)",
        "",
        "Examplia’s cooperation with NATO, as of 30 June 2021, covers «\u{A0}défense\u{A0}» matters.",
        "In the 1990s, a dialogue began with the Alliance.",
        "Around 1996, Examplia joined the Partnership for Peace.",
        "In spring 2001, consultations were held.",
        "In April 2003, an exercise took place in Tashkent.",
        "From 2005 to perhaps 2008, officers were trained.",
        "Since 2010, Examplia takes part in the programme.",
        "On 7 May 2012, the “Examplia Agreement” was signed.",
        "Probably on 7 May 2012, Examplia hosted a meeting.",
        "From 2013, NATO supported reform; the end is not known.",
        "In 2021, NATO recognised the centre. The centre was recognised, and the centre grew.",
        "In 2015, Examplia joined the United Nations body.",
        "",
    ].joined(separator: "\r\n")

    static func workspace() -> Workspace {
        var workspace = Workspace()
        workspace.setFiles([("data/a.annal", main), ("data/b.annal", second)])
        for path in workspace.citedSourcePaths() {
            workspace.setSource(path, path == "data/sources/memo.txt" ? .text(memo) : .missing)
        }
        return workspace
    }
}
