// The values an EDTF (ISO 8601-2:2019) level 0 or level 1 date denotes.
// Parsing lives in EDTFParser.swift, plain-English meaning in
// EDTFDescription.swift.

/// The qualifier that may end a level-1 date and applies to the whole date.
public enum EDTFQualifier: String, Sendable, Hashable, CaseIterable {
    /// `?`: the date is uncertain (possibly this date).
    case uncertain = "?"
    /// `~`: the date is approximate (about this date).
    case approximate = "~"
    /// `%`: the date is both uncertain and approximate.
    case both = "%"
}

/// What a date pins down, from finest to coarsest.
public enum EDTFPrecision: String, Sendable, Hashable, CaseIterable {
    /// A calendar day: `2020-12-15`.
    case day
    /// A month: `2003-04`, also `1985-04-XX` (some day of that month).
    case month
    /// A year: `1993`, `Y170000002`, also `2004-XX` and `1985-XX-XX`.
    case year
    /// A season of a year: `2001-21` … `2001-24`.
    case season
    /// A decade, its last year digit unspecified: `199X`.
    case decade
    /// A century, its last two year digits unspecified: `19XX`.
    case century
}

/// The four level-1 seasons, by their EDTF month code.
public enum EDTFSeason: Int, Sendable, Hashable, CaseIterable {
    case spring = 21, summer, autumn, winter

    /// The English name, lowercase: "spring".
    public var name: String {
        switch self {
        case .spring: "spring"
        case .summer: "summer"
        case .autumn: "autumn"
        case .winter: "winter"
        }
    }
}

/// One day of the proleptic Gregorian calendar, with astronomical year
/// numbering (year 0 is 1 BCE, year -44 is 45 BCE). Ordered by time.
public struct DayStamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year; 0 and negative years are allowed.
    public var year: Int
    /// The month, 1...12.
    public var month: Int
    /// The day of the month, 1...31.
    public var day: Int

    /// A day; the caller keeps the fields within the calendar.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (lhs: DayStamp, rhs: DayStamp) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Days since 1970-01-01 (negative before it); the difference of two
    /// stamps is the number of days between them.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil, with floor division for negative years.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// ISO 8601 spelling: `2003-04-01`, `-0044-03-15`, and the expanded
    /// form `+170000002-01-01` for years past 9999.
    public var iso: String {
        "\(DayStamp.isoYear(year))-\(DayStamp.twoDigits(month))-\(DayStamp.twoDigits(day))"
    }

    public var description: String { iso }

    /// Whether `year` has a 29 February in the proleptic Gregorian calendar.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1...12) of `year`; 0 for any other month.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: 31
        case 4, 6, 9, 11: 30
        case 2: isLeapYear(year) ? 29 : 28
        default: 0
        }
    }

    /// English month names, January first.
    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    static func isoYear(_ year: Int) -> String {
        let digits = String(year.magnitude)
        let padded = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        if year < 0 { return "-" + padded }
        return year > 9999 ? "+" + padded : padded
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 && value >= 0 ? "0\(value)" : "\(value)"
    }
}

/// One EDTF date, as written, with the span of days it can denote.
///
/// Stored in 32 bytes (an event holds one or two): month, day and flags in
/// single bytes, and the first and last days computed from them, as the
/// parser used to store them.
public struct EDTFDate: Sendable, Hashable {
    /// The year, with unspecified digits read as 0: `199X` gives 1990,
    /// `-199X` gives -1990. Negative years count astronomically.
    public let year: Int
    /// The date exactly as written.
    public let text: String
    /// The month or season code; 0 when absent or unspecified.
    private let storedMonth: UInt8
    /// The day; 0 when absent or unspecified.
    private let storedDay: UInt8
    /// What the date pins down.
    public let precision: EDTFPrecision
    /// The qualifier at the end of the date, if any.
    public let qualifier: EDTFQualifier?
    /// Whether the month was written `XX` (`2004-XX`, `1985-XX-XX`).
    public let isMonthUnspecified: Bool
    /// Whether the day was written `XX` (`1985-04-XX`, `1985-XX-XX`).
    public let isDayUnspecified: Bool
    /// Whether the year was written with a minus sign (`-0000` included).
    private let isNegative: Bool
    /// How many of the year's last digits are `X`: 0, 1 (`199X`) or 2 (`19XX`).
    private let unspecifiedYearDigits: UInt8

    /// A date as the parser reads it: `month` 1...12 or a season code
    /// 21...24, `day` 1...31 (nil when absent or written `XX`);
    /// `unspecifiedYearDigits` is 0, 1 or 2; `negative` tells a year
    /// written with a minus sign.
    init(year: Int, negative: Bool, unspecifiedYearDigits: Int, month: Int?, day: Int?, precision: EDTFPrecision,
         qualifier: EDTFQualifier?, isMonthUnspecified: Bool, isDayUnspecified: Bool, text: String) {
        self.year = year
        self.text = text
        storedMonth = UInt8(month ?? 0)
        storedDay = UInt8(day ?? 0)
        self.precision = precision
        self.qualifier = qualifier
        self.isMonthUnspecified = isMonthUnspecified
        self.isDayUnspecified = isDayUnspecified
        isNegative = negative
        self.unspecifiedYearDigits = UInt8(unspecifiedYearDigits)
    }

    /// The month 1...12, or the season code 21...24; nil when absent or
    /// unspecified (`XX`).
    public var month: Int? { storedMonth == 0 ? nil : Int(storedMonth) }
    /// The day of the month; nil when absent or unspecified (`XX`).
    public var day: Int? { storedDay == 0 ? nil : Int(storedDay) }

    /// The first and last years the date can fall in: `199X` spans
    /// 1990...1999, `-199X` spans -1999...-1990.
    private var yearSpan: (first: Int, last: Int) {
        let span = unspecifiedYearDigits == 2 ? 99 : unspecifiedYearDigits == 1 ? 9 : 0
        return isNegative ? (year - span, year) : (year, year + span)
    }

    /// The first day the date can denote.
    public var earliest: DayStamp {
        let first = yearSpan.first
        // A season names no hemisphere: its bounds are the whole year.
        guard let month, month <= 12 else { return DayStamp(year: first, month: 1, day: 1) }
        return DayStamp(year: first, month: month, day: day ?? 1)
    }

    /// The last day the date can denote.
    public var latest: DayStamp {
        let last = yearSpan.last
        guard let month, month <= 12 else { return DayStamp(year: last, month: 12, day: 31) }
        return DayStamp(year: last, month: month, day: day ?? DayStamp.daysIn(month: month, year: last))
    }

    /// The season, when the month is a season code.
    public var season: EDTFSeason? { month.flatMap(EDTFSeason.init(rawValue:)) }
    /// The first day as ISO 8601, e.g. `1990-01-01`.
    public var isoStart: String { earliest.iso }
    /// The last day as ISO 8601, e.g. `1999-12-31`.
    public var isoEnd: String { latest.iso }
}

/// One end of an interval.
public enum EDTFBound: Sendable, Hashable {
    /// A date.
    case date(EDTFDate)
    /// `..`: the interval runs on without end (or from no start).
    case open
    /// Nothing written: the end exists but is not known.
    case unknown

    /// The end as written: the date's text, `..`, or the empty string.
    public var text: String {
        switch self {
        case .date(let date): date.text
        case .open: ".."
        case .unknown: ""
        }
    }

    /// The date at this end, if there is one.
    public var date: EDTFDate? {
        if case .date(let date) = self { return date }
        return nil
    }
}

/// A parsed EDTF value: one date or an interval.
public enum EDTFValue: Sendable, Hashable {
    /// A single date: `2020-12-15`, `199X`, `2008?`.
    case date(EDTFDate)
    /// An interval `start/end`; at least one end is a date.
    case interval(start: EDTFBound, end: EDTFBound)

    /// The first day the value can cover; nil when the start is open or unknown.
    public var earliest: DayStamp? { span.earliest }

    /// The last day the value can cover; nil when the end is open or unknown.
    public var latest: DayStamp? { span.latest }

    /// `earliest` and `latest` together, read in one pass over the value.
    public var span: (earliest: DayStamp?, latest: DayStamp?) {
        switch self {
        case .date(let date): (date.earliest, date.latest)
        case .interval(let start, let end): (start.date?.earliest, end.date?.latest)
        }
    }

    /// The value as written (parsing accepts only canonical spellings).
    public var text: String {
        switch self {
        case .date(let date): date.text
        case .interval(let start, let end): start.text + "/" + end.text
        }
    }
}

/// Why a piece of text is not an EDTF level 0 or level 1 date.
public struct EDTFError: Error, Sendable, Hashable {
    /// The family of problem; each maps to its own diagnostic rule.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Not a date at all, or a malformed one: `2003-4`, `2003x`, ``.
        case syntax
        /// Well formed but not on the calendar: `2023-02-30`, `2003-13`.
        case calendar
        /// An interval whose end comes before its start: `2017/2013`.
        case reversed
        /// EDTF level 2 or the 2012 draft: `2004?-06-11`, `199u`, `1993/open`.
        case unsupportedLevel
    }

    /// The family of problem.
    public var kind: Kind
    /// One line: what is wrong and what to do.
    public var message: String
    /// UTF-8 byte offset in the input where the problem starts.
    public var offset: Int
    /// UTF-8 byte length of the offending part; at least 1 for non-empty input.
    public var length: Int
    /// The whole input rewritten as a valid level-1 date, when one is known:
    /// `199X` for `199u`, `1984%` for `1984?~`, `1993/..` for `1993/open`.
    public var suggestion: String?

    /// An error; `suggestion` is the whole corrected input, when known.
    public init(kind: Kind, message: String, offset: Int, length: Int, suggestion: String? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.length = length
        self.suggestion = suggestion
    }
}
