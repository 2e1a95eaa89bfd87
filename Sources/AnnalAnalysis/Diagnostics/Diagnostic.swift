/// A replacement of a byte range of one file.
public struct TextEdit: Sendable, Hashable {
    /// Workspace-relative path of the file the edit applies to.
    public let file: String
    public let range: Range<Int>
    public let newText: String

    public init(file: String, range: Range<Int>, newText: String) {
        self.file = file
        self.range = range
        self.newText = newText
    }
}

/// A suggested fix: a title for the user and the edits that make it.
public struct Fix: Sendable, Hashable {
    public let title: String
    public let edits: [TextEdit]

    public init(title: String, edits: [TextEdit]) {
        self.title = title
        self.edits = edits
    }
}

/// Another place that helps explain a diagnostic, such as the first
/// declaration of a duplicate id.
public struct RelatedLocation: Sendable, Hashable {
    public let file: String
    public let range: Range<Int>
    public let message: String

    public init(file: String, range: Range<Int>, message: String) {
        self.file = file
        self.range = range
        self.message = message
    }
}

/// One finding of a rule, located by byte range in a workspace file.
public struct Diagnostic: Sendable, Hashable {
    public let rule: Rule
    public var severity: Severity
    /// Workspace-relative path of the `.annal` file.
    public let file: String
    public let range: Range<Int>
    /// One line that says what is wrong and what to do.
    public let message: String
    public var related: [RelatedLocation]
    public var fixes: [Fix]

    public init(_ rule: Rule, file: String, range: Range<Int>, message: String,
                severity: Severity? = nil, related: [RelatedLocation] = [], fixes: [Fix] = []) {
        self.rule = rule
        self.severity = severity ?? rule.descriptor.defaultSeverity
        self.file = file
        self.range = range
        self.message = message
        self.related = related
        self.fixes = fixes
    }

    /// Orders diagnostics by file, position, then code: the order every
    /// output uses, so results are deterministic.
    public static func sortOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if a.range.lowerBound != b.range.lowerBound { return a.range.lowerBound < b.range.lowerBound }
        if a.rule.code != b.rule.code { return a.rule.code < b.rule.code }
        return a.message < b.message
    }
}
