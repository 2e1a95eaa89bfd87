import Testing
@testable import AnnalAnalysis

// MARK: - Tables

/// A valid input and what it must mean. `start`/`end` are ISO days, nil for
/// an open or unknown side; `precision` is the single date's or the start's.
struct EDTFValidCase: Sendable, CustomTestStringConvertible {
    var input: String
    var precision: EDTFPrecision?
    var start: String?
    var end: String?
    var meaning: String
    var qualifier: EDTFQualifier? = nil
    var testDescription: String { input }
}

/// An invalid input, the kind of error, and the suggestion (nil: none expected).
/// `offset`/`length` are checked when given; `mentions` must occur in the message.
struct EDTFInvalidCase: Sendable, CustomTestStringConvertible {
    var input: String
    var kind: EDTFError.Kind
    var suggestion: String? = nil
    var mentions: String? = nil
    var offset: Int? = nil
    var length: Int? = nil
    var testDescription: String { input.isEmpty ? "(empty)" : input }
}

let edtfValidCases: [EDTFValidCase] = [
    // Level 0
    .init(input: "2020-12-15", precision: .day, start: "2020-12-15", end: "2020-12-15",
          meaning: "a day: 15 December 2020"),
    .init(input: "2003-04", precision: .month, start: "2003-04-01", end: "2003-04-30", meaning: "a month: April 2003"),
    .init(input: "2004-02", precision: .month, start: "2004-02-01", end: "2004-02-29", meaning: "a month: February 2004"),
    .init(input: "1900-02", precision: .month, start: "1900-02-01", end: "1900-02-28", meaning: "a month: February 1900"),
    .init(input: "1993", precision: .year, start: "1993-01-01", end: "1993-12-31", meaning: "a year: 1993"),
    .init(input: "0000", precision: .year, start: "0000-01-01", end: "0000-12-31", meaning: "a year: 0 (1 BCE)"),
    .init(input: "-0044", precision: .year, start: "-0044-01-01", end: "-0044-12-31", meaning: "a year: -44 (45 BCE)"),
    .init(input: "-0044-03-15", precision: .day, start: "-0044-03-15", end: "-0044-03-15",
          meaning: "a day: 15 March -44 (45 BCE)"),
    .init(input: "-0004-02-29", precision: .day, start: "-0004-02-29", end: "-0004-02-29",
          meaning: "a day: 29 February -4 (5 BCE)"),
    .init(input: "2000-02-29", precision: .day, start: "2000-02-29", end: "2000-02-29",
          meaning: "a day: 29 February 2000"),
    .init(input: "2024-02-29", precision: .day, start: "2024-02-29", end: "2024-02-29",
          meaning: "a day: 29 February 2024"),
    .init(input: "2003-04-30", precision: .day, start: "2003-04-30", end: "2003-04-30", meaning: "a day: 30 April 2003"),
    // Long years
    .init(input: "Y170000002", precision: .year, start: "+170000002-01-01", end: "+170000002-12-31",
          meaning: "a year: 170000002"),
    .init(input: "Y-170000002", precision: .year, start: "-170000002-01-01", end: "-170000002-12-31",
          meaning: "a year: -170000002 (170000003 BCE)"),
    .init(input: "Y10000", precision: .year, start: "+10000-01-01", end: "+10000-12-31", meaning: "a year: 10000"),
    // Seasons: bounds are the whole year
    .init(input: "2001-21", precision: .season, start: "2001-01-01", end: "2001-12-31", meaning: "a season: spring 2001"),
    .init(input: "2001-22", precision: .season, start: "2001-01-01", end: "2001-12-31", meaning: "a season: summer 2001"),
    .init(input: "2001-23", precision: .season, start: "2001-01-01", end: "2001-12-31", meaning: "a season: autumn 2001"),
    .init(input: "2001-24~", precision: .season, start: "2001-01-01", end: "2001-12-31",
          meaning: "a season, approximate: winter 2001", qualifier: .approximate),
    // Qualifiers
    .init(input: "2008?", precision: .year, start: "2008-01-01", end: "2008-12-31",
          meaning: "a year, uncertain: 2008", qualifier: .uncertain),
    .init(input: "2008~", precision: .year, start: "2008-01-01", end: "2008-12-31",
          meaning: "a year, approximate: 2008", qualifier: .approximate),
    .init(input: "2008%", precision: .year, start: "2008-01-01", end: "2008-12-31",
          meaning: "a year, uncertain and approximate: 2008", qualifier: .both),
    .init(input: "2004-06?", precision: .month, start: "2004-06-01", end: "2004-06-30",
          meaning: "a month, uncertain: June 2004", qualifier: .uncertain),
    .init(input: "2004-06-11%", precision: .day, start: "2004-06-11", end: "2004-06-11",
          meaning: "a day, uncertain and approximate: 11 June 2004", qualifier: .both),
    .init(input: "Y170000002?", precision: .year, start: "+170000002-01-01", end: "+170000002-12-31",
          meaning: "a year, uncertain: 170000002", qualifier: .uncertain),
    // Unspecified digits
    .init(input: "201X", precision: .decade, start: "2010-01-01", end: "2019-12-31", meaning: "some year in the 2010s"),
    .init(input: "199X", precision: .decade, start: "1990-01-01", end: "1999-12-31", meaning: "some year in the 1990s"),
    .init(input: "20XX", precision: .century, start: "2000-01-01", end: "2099-12-31",
          meaning: "some year from 2000 to 2099"),
    .init(input: "-00XX", precision: .century, start: "-0099-01-01", end: "0000-12-31",
          meaning: "some year from -99 (100 BCE) to 0 (1 BCE)"),
    .init(input: "-000X", precision: .decade, start: "-0009-01-01", end: "0000-12-31",
          meaning: "some year from -9 (10 BCE) to 0 (1 BCE)"),
    .init(input: "-019X", precision: .decade, start: "-0199-01-01", end: "-0190-12-31",
          meaning: "some year from -199 (200 BCE) to -190 (191 BCE)"),
    .init(input: "199X~", precision: .decade, start: "1990-01-01", end: "1999-12-31",
          meaning: "some year in the 1990s, approximate", qualifier: .approximate),
    .init(input: "2004-XX", precision: .year, start: "2004-01-01", end: "2004-12-31", meaning: "some month in 2004"),
    .init(input: "1985-04-XX", precision: .month, start: "1985-04-01", end: "1985-04-30",
          meaning: "some day in April 1985"),
    .init(input: "1985-XX-XX", precision: .year, start: "1985-01-01", end: "1985-12-31", meaning: "some day in 1985"),
    // Intervals
    .init(input: "1964/2008", precision: .year, start: "1964-01-01", end: "2008-12-31",
          meaning: "interval from 1964 to 2008"),
    .init(input: "2013/2017", precision: .year, start: "2013-01-01", end: "2017-12-31",
          meaning: "interval from 2013 to 2017"),
    .init(input: "2004-06/2006-08", precision: .month, start: "2004-06-01", end: "2006-08-31",
          meaning: "interval from June 2004 to August 2006"),
    .init(input: "2004-02-01/2005-02-08", precision: .day, start: "2004-02-01", end: "2005-02-08",
          meaning: "interval from 1 February 2004 to 8 February 2005"),
    .init(input: "2004-02-01/2005-02", precision: .day, start: "2004-02-01", end: "2005-02-28",
          meaning: "interval from 1 February 2004 to February 2005"),
    .init(input: "2020-12-15/2020-12-15", precision: .day, start: "2020-12-15", end: "2020-12-15",
          meaning: "interval from 15 December 2020 to 15 December 2020"),
    .init(input: "2004-06/2004", precision: .month, start: "2004-06-01", end: "2004-12-31",
          meaning: "interval from June 2004 to 2004"),
    .init(input: "2004/2004-06", precision: .year, start: "2004-01-01", end: "2004-06-30",
          meaning: "interval from 2004 to June 2004"),
    .init(input: "1995/199X", precision: .year, start: "1995-01-01", end: "1999-12-31",
          meaning: "interval from 1995 to some year in the 1990s"),
    .init(input: "1993/..", precision: .year, start: "1993-01-01", end: nil, meaning: "open interval, since 1993"),
    .init(input: "../2017", precision: nil, start: nil, end: "2017-12-31", meaning: "open interval, until 2017"),
    .init(input: "2003/", precision: .year, start: "2003-01-01", end: nil,
          meaning: "interval with unknown end, from 2003"),
    .init(input: "/2017", precision: nil, start: nil, end: "2017-12-31",
          meaning: "interval with unknown start, until 2017"),
    .init(input: "1984~/2004-06", precision: .year, start: "1984-01-01", end: "2004-06-30",
          meaning: "interval from 1984 (approximate) to June 2004", qualifier: .approximate),
    .init(input: "2004-06-11%/2004-06~", precision: .day, start: "2004-06-11", end: "2004-06-30",
          meaning: "interval from 11 June 2004 (uncertain and approximate) to June 2004 (approximate)",
          qualifier: .both),
    .init(input: "199X/2005", precision: .decade, start: "1990-01-01", end: "2005-12-31",
          meaning: "interval from some year in the 1990s to 2005"),
    .init(input: "Y-170000002/-0044", precision: .year, start: "-170000002-01-01", end: "-0044-12-31",
          meaning: "interval from -170000002 (170000003 BCE) to -44 (45 BCE)"),
    .init(input: "2001-21/2001-23", precision: .season, start: "2001-01-01", end: "2001-12-31",
          meaning: "interval from spring 2001 to autumn 2001"),
]

let edtfInvalidCases: [EDTFInvalidCase] = [
    // Level 2
    .init(input: "2004?-06-11", kind: .unsupportedLevel, suggestion: "2004-06-11?", mentions: "level 2", offset: 4,
          length: 1),
    .init(input: "?2004-06-11", kind: .unsupportedLevel, suggestion: "2004-06-11?", mentions: "level 2"),
    .init(input: "2004-06-~01", kind: .unsupportedLevel, suggestion: "2004-06-01~", mentions: "level 2", offset: 8),
    .init(input: "1XXX", kind: .unsupportedLevel, mentions: "last one or two", offset: 0, length: 4),
    .init(input: "XXXX", kind: .unsupportedLevel, mentions: "level 2"),
    .init(input: "19X5", kind: .unsupportedLevel, mentions: "level 2"),
    .init(input: "201X-05", kind: .unsupportedLevel, mentions: "level 2", offset: 5, length: 2),
    .init(input: "1985-XX-05", kind: .unsupportedLevel, mentions: "level 2", offset: 8, length: 2),
    .init(input: "1985-1X", kind: .unsupportedLevel, mentions: "level 2"),
    .init(input: "2001-25", kind: .unsupportedLevel, mentions: "level 2", offset: 5, length: 2),
    .init(input: "2001-41", kind: .unsupportedLevel, mentions: "level 2"),
    .init(input: "{1667,1668}", kind: .unsupportedLevel, mentions: "level 2"),
    .init(input: "[1667,1668]", kind: .unsupportedLevel, mentions: "level 2"),
    .init(input: "Y17E7", kind: .unsupportedLevel, mentions: "level 2", offset: 3),
    .init(input: "1950S2", kind: .unsupportedLevel, mentions: "level 2"),
    // 2012 draft
    .init(input: "199u", kind: .unsupportedLevel, suggestion: "199X", mentions: "2012 draft", offset: 0, length: 4),
    .init(input: "19uu", kind: .unsupportedLevel, suggestion: "19XX", mentions: "2012 draft"),
    .init(input: "196x", kind: .unsupportedLevel, suggestion: "196X", mentions: "2012 draft"),
    .init(input: "2004-uu", kind: .unsupportedLevel, suggestion: "2004-XX", mentions: "2012 draft"),
    .init(input: "1984?~", kind: .unsupportedLevel, suggestion: "1984%", mentions: "2012 draft", offset: 4, length: 2),
    .init(input: "2004-06-11~?", kind: .unsupportedLevel, suggestion: "2004-06-11%"),
    .init(input: "1993/open", kind: .unsupportedLevel, suggestion: "1993/..", mentions: "'..'", offset: 5, length: 4),
    .init(input: "unknown/2017", kind: .unsupportedLevel, suggestion: "/2017", offset: 0, length: 7),
    .init(input: "2004-06/unknown", kind: .unsupportedLevel, suggestion: "2004-06/"),
    .init(input: "y170000002", kind: .unsupportedLevel, suggestion: "Y170000002"),
    .init(input: "199u/open", kind: .unsupportedLevel, suggestion: "199X/.."),
    // Syntax
    .init(input: "", kind: .syntax, offset: 0, length: 0),
    .init(input: "2003-4", kind: .syntax, suggestion: "2003-04", offset: 5, length: 1),
    .init(input: "2003-04-5", kind: .syntax, suggestion: "2003-04-05"),
    .init(input: "03-04-2003", kind: .syntax, mentions: "year first"),
    .init(input: "-44", kind: .syntax, suggestion: "-0044"),
    .init(input: "2003-04-05T10:00", kind: .syntax, suggestion: "2003-04-05", mentions: "times are not supported",
          offset: 10, length: 6),
    .init(input: "20030405", kind: .syntax, suggestion: "2003-04-05", mentions: "hyphens"),
    .init(input: "200304", kind: .syntax, suggestion: "2003-04"),
    .init(input: "170000002", kind: .syntax, suggestion: "Y170000002", mentions: "'Y'"),
    .init(input: "-170000002", kind: .syntax, suggestion: "Y-170000002"),
    .init(input: "Y2020", kind: .syntax, suggestion: "2020", mentions: "more than four digits"),
    .init(input: "Y170000002-01", kind: .syntax, suggestion: "Y170000002"),
    .init(input: "Y012345", kind: .syntax, suggestion: "Y12345", mentions: "leading zeros"),
    .init(input: "Y-0044", kind: .syntax, suggestion: "-0044"),
    .init(input: "open", kind: .syntax, mentions: "not a date"),
    .init(input: "2003--04", kind: .syntax, offset: 5, length: 1),
    .init(input: "2003-", kind: .syntax, suggestion: "2003", offset: 4, length: 1),
    .init(input: "../..", kind: .syntax, mentions: "at least one"),
    .init(input: "/", kind: .syntax, offset: 0, length: 1),
    .init(input: "../", kind: .syntax),
    .init(input: "..", kind: .syntax, mentions: "open end"),
    .init(input: "2003x", kind: .syntax, mentions: "'x'", offset: 4, length: 1),
    .init(input: "2003-04x", kind: .syntax, offset: 7, length: 1),
    .init(input: "2003 ", kind: .syntax, mentions: "a space", offset: 4, length: 1),
    .init(input: "2003é", kind: .syntax, mentions: "'é'", offset: 4, length: 2),
    .init(input: "2008??", kind: .syntax, mentions: "one qualifier"),
    .init(input: "2008?x", kind: .syntax, offset: 5, length: 1),
    .init(input: "1964/2008/2010", kind: .syntax, offset: 9, length: 1),
    .init(input: "-0000", kind: .syntax, suggestion: "0000"),
    .init(input: "2001-21-05", kind: .syntax, suggestion: "2001-21", mentions: "season"),
    .init(input: "hello", kind: .syntax, offset: 0, length: 1),
    .init(input: "2003-004", kind: .syntax),
    // Calendar
    .init(input: "2023-02-30", kind: .calendar, mentions: "February 2023 has 28 days", offset: 8, length: 2),
    .init(input: "2023-02-29", kind: .calendar, mentions: "February 2023 has 28 days"),
    .init(input: "1900-02-29", kind: .calendar, mentions: "February 1900 has 28 days"),
    .init(input: "2003-13", kind: .calendar, mentions: "13", offset: 5, length: 2),
    .init(input: "2003-00", kind: .calendar),
    .init(input: "2003-20", kind: .calendar),
    .init(input: "2003-04-31", kind: .calendar, mentions: "April 2003 has 30 days"),
    .init(input: "2003-04-00", kind: .calendar, mentions: "00"),
    .init(input: "2003-01-32", kind: .calendar, mentions: "31 days"),
    .init(input: "1985-13-XX", kind: .calendar),
    .init(input: "-0001-02-29", kind: .calendar, mentions: "February -0001 has 28 days"),
    .init(input: "2003-04/2003-02-30", kind: .calendar, offset: 16, length: 2),
    // Reversed
    .init(input: "2017/2013", kind: .reversed, suggestion: "2013/2017", mentions: "swap", offset: 0, length: 9),
    .init(input: "2004-06-12/2004-06-11", kind: .reversed, suggestion: "2004-06-11/2004-06-12"),
    .init(input: "2005/2004-06~", kind: .reversed, suggestion: "2004-06~/2005"),
]

@Suite("EDTF dates")
struct EDTFTests {
    // MARK: - Table-driven tests

    @Test(arguments: edtfValidCases)
    func acceptsValidDate(_ case_: EDTFValidCase) throws {
        let value = try EDTF.parse(case_.input).get()
        #expect(value.text == case_.input)
        #expect(value.earliest?.iso == case_.start)
        #expect(value.latest?.iso == case_.end)
        #expect(value.description == case_.meaning)
        let first: EDTFDate?
        switch value {
        case .date(let date): first = date
        case .interval(let start, _): first = start.date
        }
        #expect(first?.precision == case_.precision)
        #expect(first?.qualifier == case_.qualifier)
    }

    @Test(arguments: edtfInvalidCases)
    func rejectsInvalidDate(_ case_: EDTFInvalidCase) {
        guard case .failure(let error) = EDTF.parse(case_.input) else {
            Issue.record("\(case_.input) parsed, but should fail with \(case_.kind)")
            return
        }
        #expect(error.kind == case_.kind, "\(error.message)")
        #expect(error.suggestion == case_.suggestion, "\(error.message)")
        if let mentions = case_.mentions {
            #expect(error.message.contains(mentions), "\(error.message)")
        }
        if let offset = case_.offset { #expect(error.offset == offset, "\(error.message)") }
        if let length = case_.length { #expect(error.length == length, "\(error.message)") }
        #expect(!error.message.contains("\n"))
        let size = case_.input.utf8.count
        #expect(error.offset >= 0 && error.offset + error.length <= size)
        #expect(size == 0 || error.length >= 1)
    }

    // MARK: - Fields

    @Test func unspecifiedDigitsReadAsZeroInTheYear() throws {
        let decade = try EDTF.parse("199X").get()
        guard case .date(let date) = decade else { Issue.record("not a date"); return }
        #expect(date.year == 1990)
        #expect(date.month == nil)
        #expect(date.isoStart == "1990-01-01")
        #expect(date.isoEnd == "1999-12-31")

        guard case .date(let month) = try EDTF.parse("1985-04-XX").get() else { Issue.record("not a date"); return }
        #expect(month.month == 4)
        #expect(month.day == nil)
        #expect(month.isDayUnspecified && !month.isMonthUnspecified)

        guard case .date(let season) = try EDTF.parse("2001-23").get() else { Issue.record("not a date"); return }
        #expect(season.month == 23)
        #expect(season.season == .autumn)
    }

    @Test func intervalBoundsKeepOpenAndUnknownApart() throws {
        guard case .interval(let start, let end) = try EDTF.parse("../2017").get() else {
            Issue.record("not an interval"); return
        }
        #expect(start == .open)
        #expect(end.date?.year == 2017)
        guard case .interval(let unknownStart, _) = try EDTF.parse("/2017").get() else {
            Issue.record("not an interval"); return
        }
        #expect(unknownStart == .unknown)
    }

    // MARK: - Calendar

    @Test(arguments: [(2000, true), (1900, false), (2024, true), (2023, false), (0, true), (-4, true), (-100, false)])
    func leapYears(year: Int, leap: Bool) {
        #expect(DayStamp.isLeapYear(year) == leap)
        #expect(DayStamp.daysIn(month: 2, year: year) == (leap ? 29 : 28))
    }

    @Test func dayNumbersCountDaysFromTheEpoch() {
        #expect(DayStamp(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(DayStamp(year: 2000, month: 3, day: 1).dayNumber - DayStamp(year: 2000, month: 2, day: 28).dayNumber == 2)
        #expect(DayStamp(year: 1900, month: 3, day: 1).dayNumber - DayStamp(year: 1900, month: 2, day: 28).dayNumber == 1)
        #expect(DayStamp(year: 0, month: 1, day: 1).dayNumber - DayStamp(year: -1, month: 1, day: 1).dayNumber == 365)
        #expect(DayStamp(year: 1, month: 1, day: 1).dayNumber - DayStamp(year: 0, month: 1, day: 1).dayNumber == 366)
        #expect(DayStamp(year: -44, month: 3, day: 15) < DayStamp(year: 0, month: 1, day: 1))
    }

    // MARK: - Robustness

    @Test func suggestionsAlwaysParse() {
        for case_ in edtfInvalidCases {
            guard case .failure(let error) = EDTF.parse(case_.input), let suggestion = error.suggestion else { continue }
            #expect((try? EDTF.parse(suggestion).get()) != nil, "\(case_.input) → \(suggestion)")
        }
    }

    @Test func hugeYearsAreRefusedQuickly() {
        let digits = String(repeating: "9", count: 10_000)
        for input in [digits, "Y" + digits, "-" + digits, digits + "-01-01", "2003/" + digits, "Y-" + digits + "E3"] {
            guard case .failure(let error) = EDTF.parse(input) else {
                Issue.record("accepted a 10,000-digit year"); continue
            }
            #expect(error.length >= 1 && error.offset + error.length <= input.utf8.count)
        }
        #expect((try? EDTF.parse("Y999999999999").get()) != nil)  // 12 digits: the cap
        #expect((try? EDTF.parse("Y9999999999999").get()) == nil)  // 13 digits
    }

    @Test func arbitraryInputNeverTraps() {
        // Deterministic xorshift so a failure reproduces.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let alphabet = Array("0123456789-/.?~%XxuYyTES[],éabo ".unicodeScalars)
        for _ in 0..<20_000 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            let length = Int(state % 16)
            var input = ""
            var bits = state
            for _ in 0..<length {
                bits = bits &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                input.unicodeScalars.append(alphabet[Int(bits >> 33) % alphabet.count])
            }
            switch EDTF.parse(input) {
            case .success(let value):
                #expect(value.text == input)
                if let earliest = value.earliest, let latest = value.latest { #expect(earliest <= latest) }
            case .failure(let error):
                #expect(error.offset >= 0 && error.offset + error.length <= input.utf8.count)
                #expect(input.isEmpty || error.length >= 1)
            }
        }
    }
}

/// An event holds its date parsed: keep the value small (it was 216 bytes
/// when the first and last days were stored, ~30 MB at 150,000 events).
@Test func parsedDatesStaySmall() {
    #expect(MemoryLayout<EDTFDate>.size <= 32)
    #expect(MemoryLayout<EDTFValue?>.size <= 72)
}
