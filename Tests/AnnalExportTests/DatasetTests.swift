import AnnalAnalysis
import AnnalExport
import AnnalJSON
import Testing

/// What the dataset says, checked value by value on `SmallWorkspace`.
@Suite struct DatasetTests {
    let dataset = DatasetBuilder.build(SmallWorkspace.workspace())

    var relation: ExportedRelation { dataset.relations[0] }

    @Test func relationsInFileOrder() {
        #expect(dataset.relations.map(\.id) == ["nato-xa", "xa-un"])
        #expect(dataset.relations.map(\.file) == ["data/a.annal", "data/b.annal"])
        #expect(relation.line == 31)
        #expect(relation.events.map(\.index) == Array(0..<12))
        #expect(dataset.summary.events == 13)
        #expect(dataset.summary.citations == 16)
        #expect(dataset.files == ["data/a.annal", "data/b.annal"])
    }

    @Test func builtinEntriesReferredToAreIncludedAndMarked() {
        // PARP through XPROG's parent, PfP through PARP's parent and the
        // relation, NATO as owner and party, UN as a party.
        #expect(dataset.programmes.map(\.id) == ["PARP", "PfP", "XPROG"])
        #expect(dataset.programmes.map(\.builtin) == [true, true, false])
        #expect(dataset.parties.map(\.id) == ["NATO", "UN", "XA"])
        #expect(dataset.parties.map(\.builtin) == [true, true, false])
        let parp = dataset.programme("PARP")
        #expect(parp?.file == nil && parp?.line == nil)
        #expect(parp?.parent == "PfP" && parp?.owner == "NATO")
        #expect(dataset.party("XA")?.names.map(\.lang) == ["en", "fr"])
        #expect(dataset.party("XA")?.line == 16)
    }

    @Test func aliasesBecomeCanonicalIDs() {
        #expect(dataset.source("memo")?.publisher == "NATO")
        #expect(relation.events[0].programmes == ["PfP"])
        #expect(relation.events[4].parties == ["XA"])
    }

    @Test func eventPartiesDefaultToTheRelations() {
        #expect(relation.events[0].parties == ["NATO", "XA"])
        #expect(relation.events[0].partiesFromRelation)
        #expect(!relation.events[4].partiesFromRelation)
    }

    @Test func programmeDates() throws {
        let since = try #require(dataset.programme("XPROG")?.since)
        #expect(since.start?.iso == "2004-01-01" && since.end?.iso == "2004-12-31")
        #expect(since.start?.qualifier == .approximate && since.start?.precision == .year)
        #expect(dataset.programme("XPROG")?.until == nil)
    }

    @Test func citationStatuses() {
        let last = relation.events[11].citations
        #expect(last.map(\.location.status) == ["found", "ambiguous", "not-found", "unknown-source"])
        #expect(last[1].location == .ambiguous(count: 2))
        #expect(last[3].sourcePath == nil)
        let lost = relation.events[10].citations[0]
        #expect(lost.location == .sourceUnavailable)
        #expect(lost.sourcePath == "data/sources/lost.txt")
        #expect(dataset.source("lost")?.available == false)
        #expect(dataset.source("memo")?.available == true)
    }

    /// The first quote crosses a typographic apostrophe and « » with
    /// no-break spaces: its byte range covers the original characters, and
    /// columns count code points.
    @Test func foundQuoteRangeAndPosition() throws {
        let citation = relation.events[0].citations[0]
        guard case .found(let bytes, let start, let end) = citation.location else {
            Issue.record("not found: \(citation.location)")
            return
        }
        let source = Array(SmallWorkspace.memo.utf8)
        let passage = String(decoding: source[bytes], as: UTF8.self)
        #expect(passage == "Examplia’s cooperation with NATO, as of 30 June 2021, covers «\u{A0}défense\u{A0}» matters")
        // Line 3 (after "Memo…\r\n\r\n"), first column; the end is just after
        // the passage, counted in code points.
        #expect(start == TextPosition(line: 3, column: 1))
        #expect(end == TextPosition(line: 3, column: passage.unicodeScalars.count + 1))
        #expect(bytes.lowerBound == "Memo on Examplia (draft)\r\n\r\n".utf8.count)
        #expect(citation.line == 3)
        #expect(relation.events[7].citations[0].line == 10)
        #expect(dataset.relations[1].events[0].citations[0].line == 14)
    }

    @Test func invalidEnumerationsAndDatesAreLeftOut() {
        var workspace = Workspace()
        workspace.setFile("x.annal", text: """
        relation r {
          parties = [NATO, UN]

          event 2003-4 {
            kind = happening
          }
        }
        """)
        let exported = DatasetBuilder.build(workspace)
        let event = exported.relations[0].events[0]
        #expect(event.kind == nil)
        #expect(event.date.text == "2003-4" && !event.date.isValid && event.date.start == nil)
        #expect(exported.summary.errors >= 2)
        let json = DatasetExport.value(exported)
        let date = json["relations"]?.arrayValue?.first?["events"]?.arrayValue?.first?["date"]
        #expect(date?["valid"] == false && date?["start"] == .null && date?["text"] == "2003-4")
    }

    @Test func jsonLinesAreSelfContained() throws {
        let lines = DatasetExport.jsonLines(dataset).split(separator: "\n")
        #expect(lines.count == 13)
        let record = try JSONParser.parse(String(lines[0]))
        #expect(record["relation"] == "nato-xa")
        #expect(record["relationTitle"] == "NATO–Examplia")
        #expect(record["programmeNames"]?["PfP"] == "Partnership for Peace")
        #expect(record["partyNames"]?["XA"] == "Examplia")
        #expect(record["sourceTitles"]?["memo"] == "Memo, \"draft\"")
        #expect(record["date"]?["text"] == "../2021-06-30")
        let last = try JSONParser.parse(String(lines[12]))
        #expect(last["relation"] == "xa-un" && last["partyNames"]?["UN"] != nil)
    }
}
