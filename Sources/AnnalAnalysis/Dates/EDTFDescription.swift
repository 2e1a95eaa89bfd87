// Plain-English meaning of EDTF values, for hovers and explanations.

extension EDTFValue: CustomStringConvertible {
    /// What the value means, e.g. "a day: 15 December 2020",
    /// "open interval, since 1993", "interval from 2013 to 2017".
    public var description: String {
        switch self {
        case .date(let date):
            return date.description
        case .interval(let start, let end):
            switch (start, end) {
            case (.date(let first), .date(let last)): return "interval from \(first.phrase) to \(last.phrase)"
            case (.date(let first), .open): return "open interval, since \(first.phrase)"
            case (.date(let first), .unknown): return "interval with unknown end, from \(first.phrase)"
            case (.open, .date(let last)): return "open interval, until \(last.phrase)"
            case (.unknown, .date(let last)): return "interval with unknown start, until \(last.phrase)"
            default: return "interval without dates"
            }
        }
    }
}

extension EDTFDate: CustomStringConvertible {
    /// What the date means, e.g. "a month: April 2003", "a year, uncertain: 2008",
    /// "some year in the 1990s", "some day in April 1985".
    public var description: String {
        if let vague = vagueness {
            return vague + (qualifierWords.map { ", " + $0 } ?? "")
        }
        let kind: String
        switch precision {
        case .day: kind = "a day"
        case .month: kind = "a month"
        case .season: kind = "a season"
        case .year, .decade, .century: kind = "a year"
        }
        return kind + (qualifierWords.map { ", " + $0 } ?? "") + ": " + exactName
    }

    /// The date as a noun phrase inside a sentence: "15 December 2020",
    /// "2008 (uncertain)", "some year in the 1990s".
    public var phrase: String {
        (vagueness ?? exactName) + (qualifierWords.map { " (" + $0 + ")" } ?? "")
    }

    /// "uncertain", "approximate" or "uncertain and approximate".
    private var qualifierWords: String? {
        switch qualifier {
        case .uncertain: "uncertain"
        case .approximate: "approximate"
        case .both: "uncertain and approximate"
        case nil: nil
        }
    }

    /// For dates with unspecified parts: "some month in 2004".
    private var vagueness: String? {
        switch precision {
        case .decade where earliest.year >= 1000:
            return "some year in the \(earliest.year)s"
        case .decade, .century:
            return "some year from \(Self.yearName(earliest.year)) to \(Self.yearName(latest.year))"
        default:
            break
        }
        switch (isMonthUnspecified, isDayUnspecified) {
        case (true, true): return "some day in \(Self.yearName(year))"
        case (true, false): return "some month in \(Self.yearName(year))"
        case (false, true): return "some day in \(monthName) \(Self.yearName(year))"
        case (false, false): return nil
        }
    }

    /// "15 December 2020", "April 2003", "spring 2001", "2008".
    private var exactName: String {
        let yearText = Self.yearName(year)
        if let season { return "\(season.name) \(yearText)" }
        guard month != nil else { return yearText }
        guard let day else { return "\(monthName) \(yearText)" }
        return "\(day) \(monthName) \(yearText)"
    }

    private var monthName: String {
        guard let month, (1...12).contains(month) else { return "" }
        return DayStamp.monthNames[month - 1]
    }

    /// Positive years as numbers; year 0 and before also in BCE: "-44 (45 BCE)".
    static func yearName(_ year: Int) -> String {
        year > 0 ? "\(year)" : "\(year) (\(1 - year) BCE)"
    }
}
