import AnnalExport
import Testing

@Suite struct ExportedDateTests {
    /// text → start, end, precision text, qualifier text.
    @Test(arguments: [
        ("2020-12-15", "2020-12-15", "2020-12-15", "day", ""),
        ("2003-04", "2003-04-01", "2003-04-30", "month", ""),
        ("2004-02", "2004-02-01", "2004-02-29", "month", ""),
        ("1997", "1997-01-01", "1997-12-31", "year", ""),
        ("199X", "1990-01-01", "1999-12-31", "decade", ""),
        ("19XX", "1900-01-01", "1999-12-31", "century", ""),
        ("2001-21", "2001-01-01", "2001-12-31", "season", ""),
        ("2008?", "2008-01-01", "2008-12-31", "year", "uncertain"),
        ("2008~", "2008-01-01", "2008-12-31", "year", "approximate"),
        ("2008%", "2008-01-01", "2008-12-31", "year", "uncertain-approximate"),
        ("2013/2017", "2013-01-01", "2017-12-31", "year/year", ""),
        ("2020-12-15/2020-12-17", "2020-12-15", "2020-12-17", "day/day", ""),
        ("1993/..", "1993-01-01", "", "year/..", ""),
        ("../2023-10-13", "", "2023-10-13", "../day", ""),
        ("2003/", "2003-01-01", "", "year/", ""),
        ("/2017", "", "2017-12-31", "/year", ""),
        ("2008~/..", "2008-01-01", "", "year/..", "approximate/.."),
        ("2005/2008?", "2005-01-01", "2008-12-31", "year/year", "/uncertain"),
        ("-0044", "-0044-01-01", "-0044-12-31", "year", ""),
        ("Y170000002", "+170000002-01-01", "+170000002-12-31", "year", ""),
    ])
    func ends(_ text: String, _ start: String, _ end: String, _ precision: String, _ qualifier: String) {
        let date = ExportedDate(text: text)
        #expect(date.isValid)
        #expect((date.start?.iso ?? "") == start)
        #expect((date.end?.iso ?? "") == end)
        #expect(date.precisionText == precision)
        #expect(date.qualifierText == qualifier)
        #expect(date.isQualified == !qualifier.isEmpty)
    }

    @Test func bounds() {
        let open = ExportedDate(text: "1993/..")
        #expect(open.isInterval && open.start?.bound == .date && open.end?.bound == .open)
        let unknown = ExportedDate(text: "/2017")
        #expect(unknown.start?.bound == .unknown && unknown.start?.day == nil)
        let single = ExportedDate(text: "2003-04")
        #expect(!single.isInterval && single.start?.precision == .month && single.end?.precision == .month)
        let invalid = ExportedDate(text: "2003-4")
        #expect(!invalid.isValid && invalid.start == nil && invalid.precisionText == "" && invalid.meaning == nil)
    }
}
