/// RFC 4180 CSV: fields separated by commas, rows ended by CRLF; a field
/// holding a comma, a double quote, CR or LF is enclosed in double quotes,
/// its double quotes doubled. Nothing else is changed: the text is written
/// as UTF-8, without a byte-order mark unless asked for.
public enum CSV {
    /// The UTF-8 byte-order mark, for spreadsheets that need it to read UTF-8.
    public static let byteOrderMark = "\u{FEFF}"

    /// One field, quoted when it must be.
    public static func field(_ text: String) -> String {
        let needsQuotes = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }

    /// One row, with its CRLF.
    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// A header row and the data rows.
    public static func document(header: [String], rows: [[String]], byteOrderMark: Bool = false) -> String {
        var out = byteOrderMark ? Self.byteOrderMark : ""
        out += row(header)
        for fields in rows { out += row(fields) }
        return out
    }
}

extension String {
    /// Replaces every occurrence of a character, without Foundation.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
