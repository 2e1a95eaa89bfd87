@testable import AnnalAnalysis
import Testing

// A batch check loads the events a rule will walk before it walks them
// (`FileModel.readAhead`): every event of every relation, nothing else.

@Suite struct ReadAheadTests {
    @Test func everyEventOfEveryRelationIsRead() {
        let analysis = FileAnalysis(path: "r.annal", text: """
        source s {
          path = "s.txt"
        }
        relation one {
          parties = [X, Y]
          event 2001 {
            kind = membership
            cite s "first"
          }
          event 2002 {
            kind = membership
            cite s "second"
            cite s "third"
          }
        }
        relation two {
          parties = [X, Z]
          event 2003 {
            kind = membership
            cite s "fourth"
          }
        }

        """)
        var dates: [String] = []
        var citations = 0
        analysis.model.readAhead { event in
            dates.append(event.dateText)
            citations += event.citations.count
            return event.citations.count
        }
        #expect(dates == ["2001", "2002", "2003"])
        #expect(citations == 4)
    }
}
