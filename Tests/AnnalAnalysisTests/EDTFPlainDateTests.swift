import Testing
@testable import AnnalAnalysis

// The scanner reads the usual YYYY, YYYY-MM and YYYY-MM-DD directly
// (`EDTFScanner.plainDate`); every input must mean exactly what the full
// reading says, whether or not it takes that path.

@Suite struct EDTFPlainDateTests {
    private func parse(_ text: String, plainDatesDirectly: Bool) -> Result<EDTFValue, EDTFError> {
        var text = text
        return text.withUTF8 { bytes in
            var scanner = EDTFScanner(bytes: bytes)
            scanner.readsPlainDatesDirectly = plainDatesDirectly
            do throws(EDTFFailure) {
                return .success(try scanner.value())
            } catch {
                return .failure(error.error)
            }
        }
    }

    @Test func theDirectReadingAgreesWithTheFullOne() {
        let years = ["0000", "0001", "1582", "1900", "1999", "2000", "2004", "2023", "9999", "199X", "-2004", "20a4", "200"]
        let months = ["", "-00", "-01", "-02", "-09", "-12", "-13", "-21", "-1", "-XX", "-0a"]
        let days = ["", "-00", "-01", "-09", "-28", "-29", "-30", "-31", "-32", "-1", "-XX", "-2a"]
        var dates: [String] = []
        for year in years {
            for month in months {
                dates.append(year + month)
                guard !month.isEmpty else { continue }
                for day in days where !day.isEmpty { dates.append(year + month + day) }
            }
        }
        var inputs = dates
        for date in dates.prefix(200) {
            inputs += [date + "/..", "../" + date, date + "/", "/" + date, date + "?", date + "/2004-03-15", "2004-03-15/" + date]
        }
        var plain = 0
        for input in inputs {
            let direct = parse(input, plainDatesDirectly: true)
            #expect(direct == parse(input, plainDatesDirectly: false), "\(input)")
            if case .success(.date(let date)) = direct, date.qualifier == nil, !input.contains("X") { plain += 1 }
        }
        // Many inputs are plain dates (the direct path is exercised).
        #expect(plain > 200)
    }
}
