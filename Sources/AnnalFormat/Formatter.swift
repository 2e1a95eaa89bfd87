import AnnalBytes
import AnnalAnalysis
import AnnalSyntax

/// Options of the canonical layout.
public struct FormatOptions: Sendable, Hashable {
    /// Lists longer than this (with their field) are wrapped one element per line.
    public var lineWidth: Int
    /// Spaces per nesting level.
    public var indentWidth: Int

    public init(lineWidth: Int = 100, indentWidth: Int = 2) {
        self.lineWidth = lineWidth
        self.indentWidth = indentWidth
    }
}

/// Prints a syntax tree in the one canonical layout.
///
/// - Two spaces per nesting level; `=` aligned within a block; one blank
///   line between top-level blocks and before each nested block; at most one
///   blank line kept between other items where the author put one.
/// - Lists stay on one line when they fit in `lineWidth`, else one element
///   per line with a trailing comma.
/// - Dates are written in their EDTF canonical form and strings with the
///   canonical escapes.
/// - Comments stay where the author put them: a comment at the end of a line
///   stays at the end of that item's line; a comment on its own line stays
///   above the item it precedes.
/// - A top-level item that holds a syntax error is copied byte for byte.
/// - The byte-order mark and the file's line ending (LF or CRLF) are kept;
///   the file ends with one line break.
///
/// The formatter is idempotent and keeps the meaning: the semantic model of
/// the output equals that of the input (both are tested on every fixture).
public struct Formatter: Sendable {
    public let options: FormatOptions

    public init(options: FormatOptions = FormatOptions()) {
        self.options = options
    }

    /// Formats a whole text.
    public func format(_ text: String) -> String {
        format(SyntaxTree.parse(text))
    }

    /// Formats a whole tree.
    public func format(_ tree: SyntaxTree) -> String {
        String(decoding: formattedBytes(tree), as: UTF8.self)
    }

    /// Formats a whole tree, as UTF-8 bytes: what `annal fmt` compares with
    /// the file and writes. A tree of bytes that are not valid UTF-8 is
    /// formatted as the text they decode to (each ill-formed sequence a
    /// U+FFFD), the text an editor shows.
    public func formattedBytes(_ tree: SyntaxTree) -> [UInt8] {
        guard tree.bytesAreValidUTF8 || UTF8Validation.firstInvalidByte(tree.bytes) == nil else {
            return formattedBytes(SyntaxTree.parse(String(decoding: tree.bytes, as: UTF8.self)))
        }
        var printer = Printer(tree: tree, options: options)
        printer.printFile()
        return printer.output
    }

    /// The byte ranges of the top-level items that intersect `range`, and
    /// their formatted text: what range formatting replaces.
    public func formatItems(in tree: SyntaxTree, intersecting range: Range<Int>) -> [(range: Range<Int>, text: String)] {
        var result: [(Range<Int>, String)] = []
        for node in tree.root.childNodes {
            let nodeRange = node.range
            guard nodeRange.lowerBound <= range.upperBound, range.lowerBound <= nodeRange.upperBound else { continue }
            var printer = Printer(tree: tree, options: options)
            printer.printItem(node, indent: 0)
            var text = String(decoding: printer.output, as: UTF8.self)
            while text.hasSuffix(printer.lineBreak) { text.removeLast(printer.lineBreak.count) }
            if text.hasSuffix("\n") || text.hasSuffix("\r") { text = String(text.dropLast()) }
            result.append((nodeRange, text))
        }
        return result
    }
}
