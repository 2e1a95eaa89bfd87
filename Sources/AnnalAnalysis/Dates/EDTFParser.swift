// Parsing and validation of EDTF level 0 and level 1 over UTF-8 bytes.
// Level-2 and 2012-draft spellings are recognised only to be refused with a
// message, and with the level-1 spelling when one exists.

/// The EDTF entry point.
public enum EDTF {
    /// The most digits a year may have (`Y` + 12 digits); longer runs are
    /// refused rather than converted, so any input parses in linear time.
    public static let maximumYearDigits = 12

    /// Parses an EDTF level 0 or level 1 date or interval, checks it against
    /// the calendar and, for an interval, checks that it does not end before
    /// it starts. Never traps, on any input.
    public static func parse(_ text: String) -> Result<EDTFValue, EDTFError> {
        // Scanned in the string's own storage: an array of the bytes was
        // an allocation a date (every event has one).
        var copy = text
        return copy.withUTF8 { bytes in
            do throws(EDTFFailure) {
                var scanner = EDTFScanner(bytes: bytes)
                scanner.wholeText = text
                return .success(try scanner.value())
            } catch {
                var result = error.error
                result.suggestion = suggestion(for: error.fix, in: Array(bytes))
                return .failure(result)
            }
        }
    }

    /// The whole input rewritten by `fix`, kept only when it parses.
    private static func suggestion(for fix: EDTFFix, in bytes: [UInt8]) -> String? {
        let candidate: [UInt8]
        switch fix {
        case .none:
            return nil
        case .whole(let text):
            candidate = Array(text.utf8)
        case .replace(let range, let replacement):
            candidate = Array(bytes[..<range.lowerBound]) + Array(replacement.utf8) + Array(bytes[range.upperBound...])
        case .modernize:
            candidate = EDTFModernizer.rewrite(bytes)
        }
        guard candidate != bytes else { return nil }
        let parses = candidate.withUnsafeBufferPointer { candidate in
            do throws(EDTFFailure) {
                _ = try EDTFScanner(bytes: candidate).value()
                return true
            } catch {
                return false
            }
        }
        return parses ? String(decoding: candidate, as: UTF8.self) : nil
    }
}

/// How to build the suggestion for an error.
enum EDTFFix: Sendable {
    case none
    /// Replace a byte range of the input.
    case replace(Range<Int>, String)
    /// Use this text instead of the input.
    case whole(String)
    /// Rewrite 2012-draft and misplaced-qualifier spellings (see `EDTFModernizer`).
    case modernize
}

/// An error on its way out of the scanner, with the recipe for its suggestion.
struct EDTFFailure: Error {
    var error: EDTFError
    var fix: EDTFFix
}

/// ASCII bytes the scanner looks for.
private enum Byte {
    static let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
    static let hyphen = UInt8(ascii: "-"), slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
    static let question = UInt8(ascii: "?"), tilde = UInt8(ascii: "~"), percent = UInt8(ascii: "%")
    static let upperX = UInt8(ascii: "X"), lowerX = UInt8(ascii: "x"), lowerU = UInt8(ascii: "u")
    static let upperY = UInt8(ascii: "Y"), lowerY = UInt8(ascii: "y")
    static let upperT = UInt8(ascii: "T"), lowerT = UInt8(ascii: "t")
    static let upperE = UInt8(ascii: "E"), lowerE = UInt8(ascii: "e"), upperS = UInt8(ascii: "S")

    static func isDigit(_ b: UInt8) -> Bool { b >= zero && b <= nine }
    static func isQualifier(_ b: UInt8) -> Bool { qualifier(b) != nil }
    static func qualifier(_ b: UInt8) -> EDTFQualifier? {
        switch b {
        case question: .uncertain
        case tilde: .approximate
        case percent: .both
        default: nil
        }
    }
    /// Digits and the letters that may stand for an unspecified digit (X, and the draft's x and u).
    static func isDigitLike(_ b: UInt8) -> Bool { isDigit(b) || b == upperX || b == lowerX || b == lowerU }
    static func isSetMark(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "[") || b == UInt8(ascii: "]") || b == UInt8(ascii: "{")
            || b == UInt8(ascii: "}") || b == UInt8(ascii: ",")
    }
}

/// A run of digit-like bytes standing for one date component.
private struct Component {
    var range: Range<Int>
    /// The value with X read as 0; nil when the run holds draft letters.
    var value: Int?
    /// How many trailing X the run has (only X, only at the end).
    var trailingX: Int
    /// Whether the run holds `x` or `u` (2012 draft) anywhere.
    var hasDraftLetter: Bool
    /// Whether every byte is X.
    var allX: Bool { trailingX == range.count }
    /// Whether X appear other than as a suffix.
    var hasInnerX: Bool
}

/// The scanner proper: one pass over the bytes of one value.
struct EDTFScanner {
    /// The value's UTF-8 bytes, valid while the scanner is used.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Whether `plainDate(_:)` is tried before the full reading (false
    /// only in tests, to compare the two).
    var readsPlainDatesDirectly = true
    /// The string `bytes` were taken from, when there is one: a date that
    /// is the whole value takes it as its text instead of a new string.
    var wholeText: String?

    func value() throws(EDTFFailure) -> EDTFValue {
        guard !bytes.isEmpty else {
            throw fail(.syntax, "empty date: write one such as 2020-12-15", 0..<0)
        }
        // A plain date (most events') holds only digits and hyphens: no
        // set mark or slash to look for first.
        if readsPlainDatesDirectly, let plain = plainDate(0..<bytes.count) { return .date(plain) }
        var firstSlash: Int?  // not an array: one allocation a date
        for (index, byte) in bytes.enumerated() {
            if Byte.isSetMark(byte) {
                throw fail(.unsupportedLevel,
                           "sets and lists of dates ([…], {…}) are EDTF level 2: write one date or an interval",
                           0..<bytes.count)
            }
            if byte == Byte.slash {
                if firstSlash != nil {
                    throw fail(.syntax, "a second '/': an interval has one '/' between its start and end",
                               index..<index + 1)
                }
                firstSlash = index
            }
        }
        guard let slash = firstSlash else {
            return .date(try date(0..<bytes.count))
        }
        let start = try bound(0..<slash)
        let end = try bound(slash + 1..<bytes.count)
        switch (start, end) {
        case (.date(let first), .date(let last)):
            if first.earliest > last.latest {
                throw EDTFFailure(
                    error: EDTFError(
                        kind: .reversed,
                        message: "the interval ends (\(last.text)) before it starts (\(first.text)): swap the ends",
                        offset: 0, length: bytes.count),
                    fix: .whole(last.text + "/" + first.text))
            }
        case (.date, _), (_, .date):
            break
        default:
            throw fail(.syntax, "an interval needs a date on at least one side, as in 1993/.. or /2017",
                       0..<bytes.count)
        }
        return .interval(start: start, end: end)
    }

    // MARK: Interval ends

    private func bound(_ range: Range<Int>) throws(EDTFFailure) -> EDTFBound {
        if range.isEmpty { return .unknown }
        if matches(range, "..") { return .open }
        if matches(range, "open") {
            throw fail(.unsupportedLevel, "'open' is the 2012 draft spelling of an open end: write '..'",
                       range, fix: .modernize)
        }
        if matches(range, "unknown") {
            throw fail(.unsupportedLevel,
                       "'unknown' is the 2012 draft spelling of an unknown end: leave that side of the '/' empty",
                       range, fix: .modernize)
        }
        return .date(try date(range))
    }

    // MARK: Dates

    private func date(_ range: Range<Int>) throws(EDTFFailure) -> EDTFDate {
        if readsPlainDatesDirectly, let plain = plainDate(range) { return plain }
        var i = range.lowerBound
        let end = range.upperBound
        let first = bytes[i]
        if Byte.isQualifier(first) { throw componentQualifier(at: i) }
        if first == Byte.upperY || first == Byte.lowerY { return try longYear(range) }
        if matches(range, "open") || matches(range, "unknown") {
            throw fail(.syntax,
                       "\(quoted(range)) is not a date: an interval end may be open (1993/..) or unknown (1993/)",
                       range)
        }
        if first == Byte.dot {
            throw fail(.syntax, "'..' marks an open end of an interval, as in 1993/.. or ../2017",
                       i..<min(i + 2, end))
        }
        let negative = first == Byte.hyphen
        if negative { i += 1 }
        let year = try yearComponent(from: i, in: range, negative: negative)
        i = year.range.upperBound
        var month: Component?
        var day: Component?

        if i < end, bytes[i] == Byte.hyphen {
            let parsed = try twoDigitComponent("month", after: i, in: range)
            try checkMonth(parsed, year: year)
            month = parsed
            i = parsed.range.upperBound
            if i < end, bytes[i] == Byte.hyphen {
                if let code = parsed.value, code > 20 {
                    throw fail(.syntax, "a season takes no day: write the season alone, as in 2001-21",
                               i..<end, fix: .replace(i..<end, ""))
                }
                let parsedDay = try twoDigitComponent("day", after: i, in: range)
                try checkDay(parsedDay, month: parsed, year: year, negative: negative)
                day = parsedDay
                i = parsedDay.range.upperBound
                if i < end, bytes[i] == Byte.upperT || bytes[i] == Byte.lowerT {
                    throw fail(.syntax, "times are not supported in Annal: write the date only",
                               i..<end, fix: .replace(i..<end, ""))
                }
            }
        } else if i < end, bytes[i] == Byte.upperS {
            throw fail(.unsupportedLevel, "significant digits ('S') are EDTF level 2: write the year, or use 199X",
                       i..<end)
        }
        let qualifier = try trailingQualifier(from: i, in: range)
        return makeDate(range, negative: negative, year: year, month: month, day: day, qualifier: qualifier)
    }

    /// `date(_:)` of the usual `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: digits
    /// only, a month from 01 to 12 and a day from 01 to 28 (valid in every
    /// month of every year), read without the component scans and their
    /// checks (about a third of the cost of an event's lowering went to
    /// its date). Nil for anything else, which the full reading handles.
    private func plainDate(_ range: Range<Int>) -> EDTFDate? {
        let length = range.count
        guard length == 4 || length == 7 || length == 10 else { return nil }
        let start = range.lowerBound
        @inline(__always) func digit(_ offset: Int) -> Int? {
            let byte = bytes[start + offset]
            return Byte.isDigit(byte) ? Int(byte - Byte.zero) : nil
        }
        guard let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3) else { return nil }
        var month: Int?
        var day: Int?
        if length >= 7 {
            guard bytes[start + 4] == Byte.hyphen, let m0 = digit(5), let m1 = digit(6) else { return nil }
            let value = m0 * 10 + m1
            guard value >= 1 && value <= 12 else { return nil }
            month = value
        }
        if length == 10 {
            guard bytes[start + 7] == Byte.hyphen, let d0 = digit(8), let d1 = digit(9) else { return nil }
            let value = d0 * 10 + d1
            guard value >= 1 && value <= 28 else { return nil }
            day = value
        }
        let precision: EDTFPrecision = day != nil ? .day : month != nil ? .month : .year
        return EDTFDate(
            year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, negative: false, unspecifiedYearDigits: 0,
            month: month, day: day, precision: precision, qualifier: nil,
            isMonthUnspecified: false, isDayUnspecified: false, text: text(range))
    }

    /// `Y` followed by a year of more than four digits, and an optional qualifier.
    private func longYear(_ range: Range<Int>) throws(EDTFFailure) -> EDTFDate {
        let start = range.lowerBound
        let end = range.upperBound
        if bytes[start] == Byte.lowerY {
            throw fail(.unsupportedLevel, "lowercase 'y' is the 2012 draft spelling: write 'Y'",
                       start..<start + 1, fix: .modernize)
        }
        var i = start + 1
        let negative = i < end && bytes[i] == Byte.hyphen
        if negative { i += 1 }
        let digitsStart = i
        while i < end, Byte.isDigit(bytes[i]) { i += 1 }
        let count = i - digitsStart
        if count == 0 {
            throw fail(.syntax, "expected the digits of a year after 'Y', as in Y170000002", start..<i)
        }
        if count > EDTF.maximumYearDigits {
            throw fail(.syntax,
                       "a year of \(count) digits is too long: Annal accepts at most \(EDTF.maximumYearDigits)",
                       digitsStart..<i)
        }
        if i < end {
            switch bytes[i] {
            case Byte.upperE, Byte.lowerE:
                throw fail(.unsupportedLevel, "exponent years ('E') are EDTF level 2: write every digit after 'Y'",
                           i..<end)
            case Byte.upperS:
                throw fail(.unsupportedLevel, "significant digits ('S') are EDTF level 2: write the year alone",
                           i..<end)
            case Byte.hyphen:
                throw fail(.syntax, "a 'Y' year stands alone: it takes no month or day", i..<end,
                           fix: .replace(i..<end, ""))
            default:
                break
            }
        }
        let magnitude = number(digitsStart..<i)
        if magnitude > 9999, bytes[digitsStart] == Byte.zero {
            let trimmed = (negative ? "Y-" : "Y") + String(magnitude)
            throw fail(.syntax, "a 'Y' year has no leading zeros: write \(trimmed)", start..<i,
                       fix: .replace(start..<i, trimmed))
        }
        if magnitude <= 9999 {
            let short = (negative ? "-" : "") + fourDigits(magnitude)
            throw fail(.syntax, "'Y' is only for years of more than four digits: write \(short)",
                       start..<i, fix: .replace(start..<i, short))
        }
        let qualifier = try trailingQualifier(from: i, in: range)
        let year = negative ? -magnitude : magnitude
        return EDTFDate(
            year: year, negative: negative, unspecifiedYearDigits: 0, month: nil, day: nil, precision: .year,
            qualifier: qualifier, isMonthUnspecified: false, isDayUnspecified: false, text: text(range))
    }

    // MARK: Components

    /// Scans the year, refusing lengths other than four, draft letters and
    /// level-2 patterns of X.
    private func yearComponent(from start: Int, in range: Range<Int>, negative: Bool) throws(EDTFFailure) -> Component {
        let end = range.upperBound
        var run = scanComponent(from: start, to: end)
        var digits = 0
        while start + digits < end, Byte.isDigit(bytes[start + digits]) { digits += 1 }
        if digits >= 4 && digits < run.range.count {
            // 2003x: a plain year followed by stray letters, reported after the year.
            run = scanComponent(from: start, to: start + digits)
        }
        let count = run.range.count
        if count == 0 {
            if start >= end {
                throw fail(.syntax, "expected a four-digit year after '-'", range.lowerBound..<end)
            }
            throw fail(.syntax, "expected a four-digit year, found \(describe(start))", characterRange(start))
        }
        if count == 4 {
            if run.hasDraftLetter {
                throw fail(.unsupportedLevel,
                           "'u' and 'x' for unspecified digits are the 2012 draft spelling: write 'X'",
                           run.range, fix: .modernize)
            }
            if run.hasInnerX || run.trailingX > 2 {
                throw fail(.unsupportedLevel,
                           "\(quoted(run.range)) is EDTF level 2: level 1 allows only the last one or two "
                               + "digits of a year to be unspecified, as in 199X or 19XX",
                           run.range)
            }
            if negative, run.value == 0, run.trailingX == 0 {
                throw fail(.syntax, "year zero takes no sign: write 0000", range.lowerBound..<run.range.upperBound,
                           fix: .replace(range.lowerBound..<run.range.upperBound, "0000"))
            }
            return run
        }
        if digits != count {
            throw fail(.syntax, "the year needs four digits, with X for an unspecified digit (199X)", run.range)
        }
        if count > EDTF.maximumYearDigits {
            throw fail(.syntax,
                       "a year of \(count) digits is too long: Annal accepts at most \(EDTF.maximumYearDigits)",
                       run.range)
        }
        if count < 4 {
            if laterRunOfFour(after: run.range.upperBound, before: end) {
                throw fail(.syntax, "write the year first, with four digits: YYYY-MM-DD", range)
            }
            let padded = fourDigits(number(run.range))
            throw fail(.syntax, "the year needs four digits: write \(negative ? "-" : "")\(padded)", run.range,
                       fix: .replace(run.range, padded))
        }
        let after = run.range.upperBound
        let standsAlone = after >= end || bytes[after] != Byte.hyphen
        if standsAlone, count == 6 || count == 8 {
            guard let hyphenated = basicFormat(run.range) else {
                throw fail(.syntax, "write dates with hyphens, as YYYY-MM-DD (a year past 9999 takes a 'Y' prefix)",
                           run.range)
            }
            throw fail(.syntax, "write the date with hyphens: \(hyphenated)", run.range,
                       fix: .replace(run.range, hyphenated))
        }
        let signed = range.lowerBound..<run.range.upperBound
        let prefixed = "Y" + text(signed)
        throw fail(.syntax, "a year of more than four digits needs a 'Y' prefix: write \(prefixed)", signed,
                   fix: .replace(signed, prefixed))
    }

    /// Scans a two-digit month or day after the hyphen at `hyphen`.
    private func twoDigitComponent(_ name: String, after hyphen: Int,
                                   in range: Range<Int>) throws(EDTFFailure) -> Component {
        let start = hyphen + 1
        let end = range.upperBound
        guard start < end else {
            throw fail(.syntax, "expected a two-digit \(name) after '-'", hyphen..<start,
                       fix: .replace(hyphen..<start, ""))
        }
        if Byte.isQualifier(bytes[start]) { throw componentQualifier(at: start) }
        var run = scanComponent(from: start, to: end)
        var digits = 0
        while start + digits < end, Byte.isDigit(bytes[start + digits]) { digits += 1 }
        if digits == 2 && run.range.count > 2 {
            run = scanComponent(from: start, to: start + 2)  // 2003-04x: stray letters after the month
        }
        switch run.range.count {
        case 0:
            throw fail(.syntax, "expected a two-digit \(name), found \(describe(start))", characterRange(start))
        case 1 where digits == 1:
            let padded = "0" + text(run.range)
            throw fail(.syntax, "the \(name) needs two digits: write \(padded)", run.range,
                       fix: .replace(run.range, padded))
        case 2:
            if run.hasDraftLetter {
                throw fail(.unsupportedLevel,
                           "'u' and 'x' for unspecified digits are the 2012 draft spelling: write 'X'",
                           run.range, fix: .modernize)
            }
            if run.trailingX == 1 || run.hasInnerX {
                throw fail(.unsupportedLevel,
                           "\(quoted(run.range)) is EDTF level 2: level 1 leaves a whole \(name) unspecified (XX)",
                           run.range)
            }
            return run
        default:
            throw fail(.syntax, "the \(name) has two digits, found \(quoted(run.range))", run.range)
        }
    }

    private func checkMonth(_ month: Component, year: Component) throws(EDTFFailure) {
        if year.trailingX > 0 {
            throw fail(.unsupportedLevel,
                       "a month after unspecified year digits is EDTF level 2: write the year alone, as in "
                           + quoted(year.range),
                       month.range)
        }
        guard let code = month.value, !month.allX else { return }
        switch code {
        case 1...12, 21...24:
            return
        case 25...41:
            throw fail(.unsupportedLevel,
                       "season \(code) is EDTF level 2: level 1 has 21 spring, 22 summer, 23 autumn, 24 winter",
                       month.range)
        default:
            throw fail(.calendar,
                       "month \(quoted(month.range)) does not exist: months run from 01 to 12 (seasons 21 to 24)",
                       month.range)
        }
    }

    private func checkDay(_ day: Component, month: Component, year: Component, negative: Bool) throws(EDTFFailure) {
        guard let value = day.value, !day.allX else { return }
        guard !month.allX else {
            throw fail(.unsupportedLevel,
                       "a day in an unspecified month is EDTF level 2: write XX for both, or give the month",
                       day.range)
        }
        guard let monthNumber = month.value, (1...12).contains(monthNumber), let yearNumber = year.value else { return }
        let length = DayStamp.daysIn(month: monthNumber, year: negative ? -yearNumber : yearNumber)
        if value == 0 {
            throw fail(.calendar, "day 00 does not exist: days start at 01", day.range)
        }
        if value > length {
            let monthName = DayStamp.monthNames[monthNumber - 1]
            let yearText = (negative ? "-" : "") + text(year.range)
            throw fail(.calendar, "\(monthName) \(yearText) has \(length) days: day \(value) does not exist",
                       day.range)
        }
    }

    /// An optional final `?`, `~` or `%`, which must end the date.
    private func trailingQualifier(from start: Int, in range: Range<Int>) throws(EDTFFailure) -> EDTFQualifier? {
        let end = range.upperBound
        guard start < end else { return nil }
        guard let qualifier = Byte.qualifier(bytes[start]) else {
            let written = quoted(range.lowerBound..<start)
            throw fail(.syntax, "\(describe(start)) after \(written) is not part of a date: remove it",
                       characterRange(start))
        }
        let next = start + 1
        guard next < end else { return qualifier }
        let following = bytes[next]
        if Byte.isQualifier(following) {
            if Set([bytes[start], following]) == [Byte.question, Byte.tilde] {
                let pair = quoted(start..<next + 1)
                throw fail(.unsupportedLevel,
                           "\(pair) is the 2012 draft spelling: write '%' for uncertain and approximate",
                           start..<next + 1, fix: .modernize)
            }
            throw fail(.syntax, "a date takes one qualifier: ? uncertain, ~ approximate, % both",
                       start..<next + 1)
        }
        if following == Byte.hyphen { throw componentQualifier(at: start) }
        throw fail(.syntax, "\(describe(next)) after the qualifier is not part of a date: remove it",
                   characterRange(next))
    }

    private func componentQualifier(at index: Int) -> EDTFFailure {
        fail(.unsupportedLevel,
             "a qualifier on part of a date is EDTF level 2: in level 1 it ends the date and applies to all of it",
             index..<index + 1, fix: .modernize)
    }

    // MARK: Building

    private func makeDate(_ range: Range<Int>, negative: Bool, year: Component, month: Component?,
                          day: Component?, qualifier: EDTFQualifier?) -> EDTFDate {
        let magnitude = year.value ?? 0
        let monthUnspecified = month?.allX ?? false
        let dayUnspecified = day?.allX ?? false
        let monthValue = monthUnspecified ? nil : month?.value
        let dayValue = dayUnspecified ? nil : day?.value
        let precision: EDTFPrecision
        if let m = monthValue, m <= 12 {
            precision = dayValue == nil ? .month : .day
        } else if monthValue != nil {
            precision = .season
        } else {
            precision = year.trailingX == 2 ? .century : year.trailingX == 1 ? .decade : .year
        }
        // The first and last days follow from these (EDTFDate.earliest, .latest).
        return EDTFDate(
            year: negative ? -magnitude : magnitude, negative: negative, unspecifiedYearDigits: year.trailingX <= 2 ? year.trailingX : 0,
            month: monthValue, day: dayValue, precision: precision, qualifier: qualifier,
            isMonthUnspecified: monthUnspecified, isDayUnspecified: dayUnspecified, text: text(range))
    }

    // MARK: Byte helpers

    /// The run of digit-like bytes from `start`, with its X pattern.
    private func scanComponent(from start: Int, to end: Int) -> Component {
        var i = start
        var value = 0
        var trailingX = 0
        var innerX = false
        var draft = false
        while i < end, Byte.isDigitLike(bytes[i]) {
            let byte = bytes[i]
            if Byte.isDigit(byte) {
                if trailingX > 0 { innerX = true }
                if i - start < EDTF.maximumYearDigits { value = value * 10 + Int(byte - Byte.zero) }
            } else if byte == Byte.upperX {
                trailingX += 1
                if i - start < EDTF.maximumYearDigits { value *= 10 }
            } else {
                draft = true
            }
            i += 1
        }
        return Component(range: start..<i, value: draft ? nil : value, trailingX: innerX ? 0 : trailingX,
                         hasDraftLetter: draft, hasInnerX: innerX)
    }

    /// Whether a run of exactly four digits comes later, as in `03-04-2003`.
    private func laterRunOfFour(after start: Int, before end: Int) -> Bool {
        var i = start
        while i < end {
            let runStart = i
            while i < end, Byte.isDigit(bytes[i]) { i += 1 }
            if i - runStart == 4 { return true }
            i += 1
        }
        return false
    }

    /// `20030405` as `2003-04-05`, `200304` as `2003-04`, when the result is on the calendar.
    private func basicFormat(_ run: Range<Int>) -> String? {
        let year = number(run.lowerBound..<run.lowerBound + 4)
        let month = number(run.lowerBound + 4..<run.lowerBound + 6)
        guard (1...12).contains(month) else { return nil }
        var result = text(run.lowerBound..<run.lowerBound + 4) + "-" + text(run.lowerBound + 4..<run.lowerBound + 6)
        if run.count == 8 {
            let day = number(run.lowerBound + 6..<run.upperBound)
            guard day >= 1, day <= DayStamp.daysIn(month: month, year: year) else { return nil }
            result += "-" + text(run.lowerBound + 6..<run.upperBound)
        }
        return result
    }

    /// The decimal value of a run of at most `maximumYearDigits` digits.
    private func number(_ range: Range<Int>) -> Int {
        var value = 0
        for i in range where Byte.isDigit(bytes[i]) { value = value * 10 + Int(bytes[i] - Byte.zero) }
        return value
    }

    private func fourDigits(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private func matches(_ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { buffer in
            zip(range, buffer).allSatisfy { bytes[$0] == $1 }
        }
    }

    private func text(_ range: Range<Int>) -> String {
        if let wholeText, range.count == bytes.count { return wholeText }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    private func quoted(_ range: Range<Int>) -> String { "'" + text(range) + "'" }

    /// The bytes of the character starting at `index`.
    private func characterRange(_ index: Int) -> Range<Int> {
        let lead = bytes[index]
        let width = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        return index..<min(index + width, bytes.count)
    }

    /// The character at `index`, quoted, or named when invisible.
    private func describe(_ index: Int) -> String {
        let lead = bytes[index]
        if lead == UInt8(ascii: " ") { return "a space" }
        if lead < 0x20 || lead == 0x7F {
            let hex = String(lead, radix: 16, uppercase: true)
            return "control character U+00" + (lead < 0x10 ? "0" : "") + hex
        }
        return quoted(characterRange(index))
    }

    private func fail(_ kind: EDTFError.Kind, _ message: String, _ range: Range<Int>,
                      fix: EDTFFix = .none) -> EDTFFailure {
        var offset = min(max(0, range.lowerBound), bytes.count)
        var length = min(range.count, bytes.count - offset)
        if length == 0 && !bytes.isEmpty {
            offset = min(offset, bytes.count - 1)
            length = 1
        }
        return EDTFFailure(error: EDTFError(kind: kind, message: message, offset: offset, length: length), fix: fix)
    }
}

/// Rewrites 2012-draft and level-2 qualifier spellings into level 1, side by
/// side of the '/': `open` → `..`, `unknown` → empty, `u`/`x` → `X`, leading
/// `y` → `Y`, and every qualifier moved to the end as one (`?~` → `%`).
/// The result is only a candidate: the caller keeps it when it parses.
enum EDTFModernizer {
    static func rewrite(_ bytes: [UInt8]) -> [UInt8] {
        let sides = bytes.split(separator: Byte.slash, maxSplits: 1, omittingEmptySubsequences: false)
        var result: [UInt8] = []
        for (index, side) in sides.enumerated() {
            if index > 0 { result.append(Byte.slash) }
            result += rewriteSide(side)
        }
        return result
    }

    private static func rewriteSide(_ side: ArraySlice<UInt8>) -> [UInt8] {
        if side.elementsEqual("open".utf8) { return Array("..".utf8) }
        if side.elementsEqual("unknown".utf8) { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(side.count)
        var uncertain = false
        var approximate = false
        for (offset, byte) in side.enumerated() {
            switch byte {
            case Byte.question: uncertain = true
            case Byte.tilde: approximate = true
            case Byte.percent: uncertain = true; approximate = true
            case Byte.lowerU, Byte.lowerX: out.append(Byte.upperX)
            case Byte.lowerY where offset == 0: out.append(Byte.upperY)
            default: out.append(byte)
            }
        }
        switch (uncertain, approximate) {
        case (true, true): out.append(Byte.percent)
        case (true, false): out.append(Byte.question)
        case (false, true): out.append(Byte.tilde)
        case (false, false): break
        }
        return out
    }
}
