/// How byte offsets move when one block of a file is replaced by a block of
/// another length: what lies before the block stays, what lies after moves
/// by `delta`, and a range around the block (its relation, the file) grows
/// or shrinks by `delta`. Ranges inside the replaced block have no image:
/// their owners are lowered again instead of shifted.
struct RangeShift: Sendable {
    /// The replaced block in the old text.
    let replaced: Range<Int>
    /// New length minus old length.
    let delta: Int

    func callAsFunction(_ range: Range<Int>) -> Range<Int> {
        if range.upperBound <= replaced.lowerBound { return range }
        if range.lowerBound >= replaced.upperBound { return (range.lowerBound + delta)..<(range.upperBound + delta) }
        // Around the block (or, which the callers rule out, partly inside
        // it): the end moves; never an inverted range.
        return range.lowerBound..<max(range.lowerBound, range.upperBound + delta)
    }
}

extension ValueModel {
    func shifted(_ shift: RangeShift) -> ValueModel {
        switch self {
        case .string(let text, let range): .string(text, shift(range))
        case .word(let text, let range): .word(text, shift(range))
        case .list(let items, let range): .list(items.map { $0.shifted(shift) }, shift(range))
        }
    }
}

extension FieldModel {
    func shifted(_ shift: RangeShift) -> FieldModel {
        FieldModel(key: key, keyRange: shift(keyRange), value: value?.shifted(shift), range: shift(range))
    }
}

extension Reference {
    func shifted(_ shift: RangeShift) -> Reference {
        Reference(name: name, range: shift(range), expected: expected)
    }
}

extension CitationModel {
    func shifted(_ shift: RangeShift) -> CitationModel {
        CitationModel(source: source.shifted(shift), quoteUTF8: quoteUTF8, quoteRange: shift(quoteRange), range: shift(range))
    }
}

extension Collection<EventModel> {
    /// The events with every range shifted, in one table
    /// (`EventModel.Table`): the events after an edit are shifted at each
    /// keystroke, and a table each would be four allocations an event.
    func shifted(_ shift: RangeShift) -> [EventModel] {
        var table = EventModel.TableBuilder()
        table.reserve(count)
        for event in self {
            let firstField = table.fields.count
            let firstCitation = table.citations.count
            for field in event.fields { table.fields.append(field.shifted(shift)) }
            for citation in event.citations { table.citations.append(citation.shifted(shift)) }
            table.dateTexts.append(event.dateText)
            table.dates.append(event.date)
            table.spans.append(EventModel.Spans(fields: firstField..<table.fields.count, citations: firstCitation..<table.citations.count,
                                                dateRange: shift(event.dateRange), keywordRange: shift(event.keywordRange),
                                                range: shift(event.range)))
        }
        return table.events()
    }
}

extension Declaration {
    func shifted(_ shift: RangeShift, events: [EventModel]? = nil) -> Declaration {
        Declaration(kind: kind, id: id, file: file, idRange: shift(idRange), keywordRange: shift(keywordRange),
                    range: shift(range), fields: fields.map { $0.shifted(shift) },
                    events: events ?? self.events.shifted(shift))
    }
}

extension Diagnostic {
    /// The diagnostic with every range in `path` shifted; ranges in other
    /// files stay.
    func shifted(_ shift: RangeShift, in path: String) -> Diagnostic {
        Diagnostic(rule, file: file, range: file == path ? shift(range) : range, message: message, severity: severity,
                   related: related.map { $0.file == path ? RelatedLocation(file: $0.file, range: shift($0.range), message: $0.message) : $0 },
                   fixes: fixes.map { fix in
                       Fix(title: fix.title, edits: fix.edits.map { $0.file == path ? TextEdit(file: $0.file, range: shift($0.range), newText: $0.newText) : $0 })
                   })
    }
}
