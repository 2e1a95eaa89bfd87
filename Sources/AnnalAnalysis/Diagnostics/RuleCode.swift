/// How serious a finding is. The order is from most to least severe.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case error, warning, info, hint

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .info: 2
        case .hint: 3
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The stable identity of a rule: a code such as `AN101` and a kebab-case
/// name such as `unknown-reference`. Codes never change meaning once shipped;
/// `docs/diagnostics.md` has one entry per code and a test keeps the two in step.
public struct RuleDescriptor: Sendable, Hashable {
    public let code: String
    public let name: String
    public let defaultSeverity: Severity
    /// One line: what the rule checks.
    public let summary: String
}

/// Every rule Annal knows, by stable code.
public enum Rule: String, Sendable, Hashable, CaseIterable {
    // Syntax
    case syntaxError = "AN001"
    case unterminatedString = "AN002"
    case invalidEscape = "AN003"
    case invalidIdentifier = "AN004"
    case unknownBlockKeyword = "AN005"
    case misplacedBlock = "AN006"
    // References and declarations
    case unknownReference = "AN101"
    case duplicateDeclaration = "AN102"
    case aliasInsteadOfAcronym = "AN103"
    case wrongReferenceKind = "AN104"
    // Fields and values
    case missingRequiredField = "AN201"
    case unknownField = "AN202"
    case duplicateField = "AN203"
    case invalidValue = "AN204"
    case invalidEnumValue = "AN205"
    case missingCitation = "AN206"
    case tooFewParties = "AN207"
    // Dates
    case invalidDate = "AN301"
    case impossibleDate = "AN302"
    case reversedInterval = "AN303"
    case unsupportedDateLevel = "AN304"
    // Sources and citations
    case sourceMissing = "AN401"
    case sourceUnreadable = "AN402"
    case sourceNotUTF8 = "AN403"
    case sourceOutsideWorkspace = "AN404"
    case sourceTooLarge = "AN405"
    case quoteNotFound = "AN410"
    case quoteAmbiguous = "AN411"
    case emptyQuote = "AN412"
    // Hints
    case eventOutsideProgrammeDates = "AN501"
    case unusedDeclaration = "AN502"
    case eventsOutOfOrder = "AN503"
    // Suppressions
    case unusedSuppression = "AN601"
    case invalidSuppression = "AN602"
    // Configuration (annal.toml)
    case configSyntaxError = "AN701"
    case configUnknownKey = "AN702"
    case configInvalidValue = "AN703"

    /// The stable code, e.g. `AN101`.
    public var code: String { rawValue }

    public var descriptor: RuleDescriptor {
        let (name, severity, summary): (String, Severity, String) = switch self {
        case .syntaxError: ("syntax-error", .error, "The text does not follow the grammar: a token is missing or unexpected.")
        case .unterminatedString: ("unterminated-string", .error, "A string has no closing quote before the end of its line.")
        case .invalidEscape: ("invalid-escape", .error, "A string holds a backslash escape that Annal does not define.")
        case .invalidIdentifier: ("invalid-identifier", .error, "An identifier holds characters that identifiers may not have.")
        case .unknownBlockKeyword: ("unknown-block-keyword", .error, "A block starts with a word that is not source, party, programme, relation or event.")
        case .misplacedBlock: ("misplaced-block", .error, "A block stands where it may not: events belong in relations, declarations at the top level.")
        case .unknownReference: ("unknown-reference", .error, "A reference names no declared or built-in source, party, programme or relation.")
        case .duplicateDeclaration: ("duplicate-declaration", .error, "Two declarations in the workspace share one id.")
        case .aliasInsteadOfAcronym: ("alias-instead-of-acronym", .warning, "An alias (such as PPP or FIAS) stands where the canonical acronym is expected.")
        case .wrongReferenceKind: ("wrong-reference-kind", .error, "A reference names a declaration of the wrong kind, such as a party where a programme is expected.")
        case .missingRequiredField: ("missing-required-field", .error, "A block lacks a field that its kind requires.")
        case .unknownField: ("unknown-field", .error, "A block has a field that its kind does not define.")
        case .duplicateField: ("duplicate-field", .error, "A field is given twice in one block.")
        case .invalidValue: ("invalid-value", .error, "A field's value has the wrong type, such as a string where a list is expected.")
        case .invalidEnumValue: ("invalid-enum-value", .error, "A field such as kind or lang has a value outside its allowed set.")
        case .missingCitation: ("missing-citation", .warning, "An event has no citation backing it.")
        case .tooFewParties: ("too-few-parties", .error, "A relation names fewer than two parties.")
        case .invalidDate: ("invalid-date", .error, "A date is not valid EDTF level 0 or level 1.")
        case .impossibleDate: ("impossible-date", .error, "A date names a day or month that the calendar does not have.")
        case .reversedInterval: ("reversed-interval", .error, "An interval ends before it starts.")
        case .unsupportedDateLevel: ("unsupported-date-level", .error, "A date uses an EDTF level-2 or 2012-draft form; Annal takes the level-1 spelling.")
        case .sourceMissing: ("source-missing", .error, "A source's path names no file.")
        case .sourceUnreadable: ("source-unreadable", .error, "A source's file exists but cannot be read.")
        case .sourceNotUTF8: ("source-not-utf8", .error, "A source's file is not valid UTF-8 text.")
        case .sourceOutsideWorkspace: ("source-outside-workspace", .error, "A source's path leads outside the workspace and is never read.")
        case .sourceTooLarge: ("source-too-large", .error, "A source's file is larger than the size limit.")
        case .quoteNotFound: ("quote-not-found", .error, "A citation's quote does not occur in its source document.")
        case .quoteAmbiguous: ("quote-ambiguous", .warning, "A citation's quote occurs more than once in its source document.")
        case .emptyQuote: ("empty-quote", .error, "A citation's quote is empty or only white space.")
        case .eventOutsideProgrammeDates: ("event-outside-programme-dates", .hint, "An event's date lies outside its programme's own dates.")
        case .unusedDeclaration: ("unused-declaration", .hint, "A source, party or programme declared in the workspace is never referenced.")
        case .eventsOutOfOrder: ("events-out-of-order", .hint, "A relation's events are not in chronological order.")
        case .unusedSuppression: ("unused-suppression", .warning, "An `annal-ignore` comment silences nothing: the problem it was for is gone.")
        case .invalidSuppression: ("invalid-suppression", .error, "An `annal-ignore` comment names no known rule.")
        case .configSyntaxError: ("config-syntax-error", .error, "annal.toml is not valid in the TOML subset Annal reads.")
        case .configUnknownKey: ("config-unknown-key", .error, "annal.toml has a table, key or rule that Annal does not know.")
        case .configInvalidValue: ("config-invalid-value", .error, "A key of annal.toml has a value of the wrong type or out of range.")
        }
        return RuleDescriptor(code: code, name: name, defaultSeverity: severity, summary: summary)
    }

    /// Finds a rule by code (`AN101`) or name (`unknown-reference`).
    public init?(codeOrName: String) {
        if let rule = Rule(rawValue: codeOrName.uppercased()) {
            self = rule
        } else if let rule = Rule.allCases.first(where: { $0.descriptor.name == codeOrName }) {
            self = rule
        } else {
            return nil
        }
    }
}
