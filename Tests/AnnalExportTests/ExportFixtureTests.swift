import AnnalExport
import AnnalTestSupport
import Foundation
import Testing

/// The exports of `SmallWorkspace`, compared byte for byte with the files in
/// `Fixtures/` (`UPDATE_FIXTURES=1` rewrites them; review the diff).
@Suite struct ExportFixtureTests {
    static let dataset = DatasetBuilder.build(SmallWorkspace.workspace())

    func compare(_ actual: String, _ name: String) {
        let file = Fixtures.folder("AnnalExportTests", name)
        if let failure = Fixtures.compare(actual, expectationFile: file) {
            Issue.record(Comment(rawValue: failure))
        }
    }

    @Test func json() { compare(DatasetExport.json(Self.dataset), "small.json") }

    @Test func jsonLines() { compare(DatasetExport.jsonLines(Self.dataset), "small.jsonl") }

    @Test func csv() { compare(EventTable.csv(Self.dataset), "small.csv") }

    @Test func svg() { compare(TimelineRenderer(title: "Small dataset").svg(Self.dataset), "small.svg") }

    @Test func exportIsDeterministic() {
        let again = DatasetBuilder.build(SmallWorkspace.workspace())
        #expect(DatasetExport.json(again) == DatasetExport.json(Self.dataset))
        #expect(TimelineRenderer().html(again) == TimelineRenderer().html(Self.dataset))
    }
}
