// FuzzDates: EDTF.parse on any UTF-8 text; properties:
// - it never traps;
// - an error's offset and length lie inside the input (length ≥ 1 for a
//   non-empty input), and its suggestion, when there is one, parses;
// - a success is written canonically: its `text` is the input, and parsing
//   that text again gives the same value;
// - earliest ≤ latest, for a date and for an interval with two dates.
import AnnalAnalysis
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: inputBytes(data, size), as: UTF8.self)
    let count = text.utf8.count
    switch EDTF.parse(text) {
    case .failure(let error):
        if error.offset < 0 || error.length < 0 || error.offset + error.length > count {
            violated("error range outside the input", "input: \(show(text)) offset \(error.offset) length \(error.length)")
        }
        if count > 0 && error.length < 1 {
            violated("empty error range on a non-empty input", "input: \(show(text)) offset \(error.offset)")
        }
        if let suggestion = error.suggestion {
            if case .failure(let again) = EDTF.parse(suggestion) {
                violated("the suggestion does not parse", "input: \(show(text)) suggestion: \(show(suggestion)): \(again.message)")
            }
        }
    case .success(let value):
        if value.text != text { violated("the value's text is not the input", "input: \(show(text)) text: \(show(value.text))") }
        switch EDTF.parse(value.text) {
        case .success(let again) where again == value: break
        case .success(let again): violated("re-parsing gives another value", "input: \(show(text))\n\(value)\n\(again)")
        case .failure(let error): violated("re-parsing fails", "input: \(show(text)): \(error.message)")
        }
        if let earliest = value.earliest, let latest = value.latest, latest < earliest {
            violated("latest before earliest", "input: \(show(text)) \(earliest) > \(latest)")
        }
    }
    return 0
}
