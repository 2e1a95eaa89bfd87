import AnnalExport
import Testing

@Suite struct CSVTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("", ""),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("\"", "\"\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("carriage\rreturn", "\"carriage\rreturn\""),
        ("crlf\r\n", "\"crlf\r\n\""),
        ("semi;colon", "semi;colon"),
        ("l'Ouzbékistan « x »", "l'Ouzbékistan « x »"),
        (" leading and trailing ", " leading and trailing "),
    ])
    func fieldQuoting(_ input: String, _ expected: String) {
        #expect(CSV.field(input) == expected)
    }

    @Test func rowsEndWithCRLF() {
        #expect(CSV.row(["a", "b,c", ""]) == "a,\"b,c\",\r\n")
        let document = CSV.document(header: ["x", "y"], rows: [["1", "2"], ["3", "\"4\""]])
        #expect(document == "x,y\r\n1,2\r\n3,\"\"\"4\"\"\"\r\n")
        #expect(!document.hasPrefix(CSV.byteOrderMark))
        #expect(CSV.document(header: ["x"], rows: [], byteOrderMark: true).utf8.starts(with: [0xEF, 0xBB, 0xBF]))
    }
}
