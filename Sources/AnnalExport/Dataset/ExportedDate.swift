import AnnalAnalysis

/// An EDTF date or interval as the export writes it: the text as written,
/// and each end as an ISO day with its precision and qualifier.
///
/// A single date has both ends: its first and last possible day, with the
/// same precision and qualifier. An interval has its own ends; an open
/// (`..`) or unknown (empty) end has no day.
public struct ExportedDate: Sendable, Hashable {
    /// What an end of the date is.
    public enum Bound: String, Sendable, Hashable {
        /// A day is known (the earliest day of the start, the latest of the end).
        case date
        /// `..`: open, the interval runs on (or comes from no stated start).
        case open
        /// Nothing written: the end exists but is not known.
        case unknown
    }

    /// One end of the date.
    public struct End: Sendable, Hashable {
        public let bound: Bound
        /// The day, when `bound == .date`.
        public let day: DayStamp?
        public let precision: EDTFPrecision?
        public let qualifier: EDTFQualifier?

        init(bound: Bound, day: DayStamp?, precision: EDTFPrecision?, qualifier: EDTFQualifier?) {
            self.bound = bound
            self.day = day
            self.precision = precision
            self.qualifier = qualifier
        }

        /// The ISO 8601 day, or nil.
        public var iso: String? { day?.iso }
        /// Whether the end is marked `?`, `~` or `%`.
        public var isQualified: Bool { qualifier != nil }
    }

    /// The date exactly as written in the file.
    public let text: String
    /// The parsed value; nil when the date is missing or invalid.
    public let value: EDTFValue?
    /// The first end; nil when the date is invalid.
    public let start: End?
    /// The last end; nil when the date is invalid.
    public let end: End?

    /// Reads a date as written; `value` is its parse, when valid.
    public init(text: String, value: EDTFValue?) {
        self.text = text
        self.value = value
        switch value {
        case .date(let date):
            start = End(bound: .date, day: date.earliest, precision: date.precision, qualifier: date.qualifier)
            end = End(bound: .date, day: date.latest, precision: date.precision, qualifier: date.qualifier)
        case .interval(let first, let last):
            start = Self.end(first, useLatest: false)
            end = Self.end(last, useLatest: true)
        case nil:
            start = nil
            end = nil
        }
    }

    /// Parses `text` as EDTF.
    public init(text: String) {
        if case .success(let value) = EDTF.parse(text) {
            self.init(text: text, value: value)
        } else {
            self.init(text: text, value: nil)
        }
    }

    private static func end(_ bound: EDTFBound, useLatest: Bool) -> End {
        switch bound {
        case .date(let date):
            End(bound: .date, day: useLatest ? date.latest : date.earliest, precision: date.precision, qualifier: date.qualifier)
        case .open: End(bound: .open, day: nil, precision: nil, qualifier: nil)
        case .unknown: End(bound: .unknown, day: nil, precision: nil, qualifier: nil)
        }
    }

    public var isValid: Bool { value != nil }

    public var isInterval: Bool {
        if case .interval = value { return true }
        return false
    }

    /// Whether either end is uncertain or approximate.
    public var isQualified: Bool { (start?.isQualified ?? false) || (end?.isQualified ?? false) }

    /// Plain-English meaning ("open interval, since 1993"); nil when invalid.
    public var meaning: String? { value?.description }

    /// The precision in one word for a date (`year`), or `START/END` for an
    /// interval, each side a precision, `..` when open or empty when
    /// unknown, mirroring EDTF: `year/..`, `../day`, `year/year`.
    public var precisionText: String {
        guard let start, let end else { return "" }
        if !isInterval { return start.precision?.rawValue ?? "" }
        return Self.side(start) { $0.precision?.rawValue ?? "" } + "/" + Self.side(end) { $0.precision?.rawValue ?? "" }
    }

    /// The qualifier in words (`approximate`) for a date, or `START/END`
    /// for an interval with a qualified end (`approximate/..`); empty when
    /// no end is qualified.
    public var qualifierText: String {
        guard let start, let end, isQualified else { return "" }
        if !isInterval { return start.qualifier.map(Self.word) ?? "" }
        return Self.side(start) { $0.qualifier.map(Self.word) ?? "" } + "/" + Self.side(end) { $0.qualifier.map(Self.word) ?? "" }
    }

    private static func side(_ end: End, _ text: (End) -> String) -> String {
        switch end.bound {
        case .date: text(end)
        case .open: ".."
        case .unknown: ""
        }
    }

    /// The export's word for a qualifier.
    public static func word(_ qualifier: EDTFQualifier) -> String {
        switch qualifier {
        case .uncertain: "uncertain"
        case .approximate: "approximate"
        case .both: "uncertain-approximate"
        }
    }
}
