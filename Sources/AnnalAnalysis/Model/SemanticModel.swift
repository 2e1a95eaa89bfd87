import AnnalSyntax

/// A value as written, with its byte range.
public enum ValueModel: Sendable, Hashable {
    case string(String, Range<Int>)
    case word(String, Range<Int>)
    case list([ValueModel], Range<Int>)

    public var range: Range<Int> {
        switch self {
        case .string(_, let range), .word(_, let range), .list(_, let range): range
        }
    }

    /// The string or word text; nil for a list.
    public var scalarText: String? {
        switch self {
        case .string(let text, _), .word(let text, _): text
        case .list: nil
        }
    }
}

/// One `key = value` of a block.
public struct FieldModel: Sendable, Hashable {
    public let key: String
    private let keySpan: CompactRange
    /// Nil when the value is missing (a syntax error already says so).
    public let value: ValueModel?
    private let span: CompactRange

    init(key: String, keyRange: Range<Int>, value: ValueModel?, range: Range<Int>) {
        self.key = key
        keySpan = CompactRange(keyRange)
        self.value = value
        span = CompactRange(range)
    }

    public var keyRange: Range<Int> { keySpan.range }
    /// The whole field.
    public var range: Range<Int> { span.range }
}

/// A use of a name where a declaration of some kind is expected.
///
/// The range is kept on 32 bits (texts stay far below 4 GiB: files are
/// refused past 16 MiB, protocol messages past 64 MiB): a batch
/// check holds every reference of the workspace until its report, and the
/// narrower range brings one from 40 bytes to 32.
public struct Reference: Sendable, Hashable {
    public let name: String
    private let span: CompactRange
    public let expected: BlockKind

    public init(name: String, range: Range<Int>, expected: BlockKind) {
        self.name = name
        span = CompactRange(range)
        self.expected = expected
    }

    public var range: Range<Int> { span.range }
}

/// `cite SOURCE "quote"`.
public struct CitationModel: Sendable, Hashable {
    public let source: Reference
    /// The quote's value, escapes resolved, as UTF-8: a quote is searched
    /// as bytes, and a `String` of each of a check's quotes cost more than
    /// finding them. Compared byte for byte.
    public let quoteUTF8: [UInt8]
    private let quoteSpan: CompactRange
    private let span: CompactRange

    init(source: Reference, quoteUTF8: [UInt8], quoteRange: Range<Int>, range: Range<Int>) {
        self.source = source
        self.quoteUTF8 = quoteUTF8
        quoteSpan = CompactRange(quoteRange)
        span = CompactRange(range)
    }

    /// The quote's value, escapes resolved.
    public var quote: String { String(decoding: quoteUTF8, as: UTF8.self) }

    /// The range of the quote's string token, quotes included.
    public var quoteRange: Range<Int> { quoteSpan.range }
    public var range: Range<Int> { span.range }
}

/// A dated event of a relation.
///
/// Its parts live in an immutable table shared by the events lowered
/// together (a relation's): events are copied by the thousand on every
/// keystroke (into the edited version's list, by rules reading them), and
/// a copy of the parts cost a reference count each (atomic: a tenth of
/// the server's time went to them) where the table's costs one. One table
/// a relation, its parts in arrays side by side, where an object an event
/// cost an allocation and about 190 bytes of heap an event.
public struct EventModel: Sendable, Hashable {
    /// The events lowered together: each one's parts at its index, and
    /// their fields and citations in one buffer each.
    final class Table: Sendable {
        let dateTexts: [String]
        let dates: [EDTFValue?]
        let spans: [Spans]
        let fieldBuffer: [FieldModel]
        let citationBuffer: [CitationModel]

        init(dateTexts: [String], dates: [EDTFValue?], spans: [Spans], fields: [FieldModel], citations: [CitationModel]) {
            precondition(dates.count == dateTexts.count && spans.count == dateTexts.count, "one entry an event")
            self.dateTexts = dateTexts
            self.dates = dates
            self.spans = spans
            fieldBuffer = fields
            citationBuffer = citations
        }
    }

    /// Where an event's parts are: its fields and citations in the
    /// table's buffers, and its ranges in the file.
    struct Spans: Sendable {
        let fieldSpan: CompactRange
        let citationSpan: CompactRange
        let dateRange: CompactRange
        let keywordRange: CompactRange
        let range: CompactRange

        init(fields: Range<Int>, citations: Range<Int>, dateRange: Range<Int>, keywordRange: Range<Int>, range: Range<Int>) {
            fieldSpan = CompactRange(fields)
            citationSpan = CompactRange(citations)
            self.dateRange = CompactRange(dateRange)
            self.keywordRange = CompactRange(keywordRange)
            self.range = CompactRange(range)
        }
    }

    /// Events as they are made: each one's parts appended to the arrays
    /// of their table, moved into it at the end (`events()`).
    struct TableBuilder {
        var dateTexts: [String] = []
        var dates: [EDTFValue?] = []
        var spans: [Spans] = []
        var fields: [FieldModel] = []
        var citations: [CitationModel] = []

        mutating func reserve(_ count: Int) {
            dateTexts.reserveCapacity(count)
            dates.reserveCapacity(count)
            spans.reserveCapacity(count)
            fields.reserveCapacity(count)
            citations.reserveCapacity(count)
        }

        /// The events, in the order their parts were appended.
        consuming func events() -> [EventModel] {
            guard !dateTexts.isEmpty else { return [] }
            let count = dateTexts.count
            let table = Table(dateTexts: dateTexts, dates: dates, spans: spans, fields: fields, citations: citations)
            return (0..<count).map { EventModel(table, at: $0) }
        }
    }

    private let table: Table
    private let index: Int

    /// Event `index` of `table`.
    init(_ table: Table, at index: Int) {
        precondition(index >= 0 && index < table.dateTexts.count, "an event of the table")
        self.table = table
        self.index = index
    }

    /// An event with fields and citations of its own.
    public init(dateText: String, dateRange: Range<Int>, date: EDTFValue?, fields: [FieldModel],
                citations: [CitationModel], keywordRange: Range<Int>, range: Range<Int>) {
        let spans = Spans(fields: fields.indices, citations: citations.indices, dateRange: dateRange,
                          keywordRange: keywordRange, range: range)
        self.init(Table(dateTexts: [dateText], dates: [date], spans: [spans], fields: fields, citations: citations), at: 0)
    }

    private var spans: Spans { table.spans[index] }
    public var dateText: String { table.dateTexts[index] }
    public var dateRange: Range<Int> { spans.dateRange.range }
    /// Nil when the date is missing or invalid.
    public var date: EDTFValue? { table.dates[index] }
    /// The first and last days the date can cover (nil at an open or
    /// unknown end); nil when the date is missing or invalid. Read where
    /// the date lies: a copy of the date retained and released its texts
    /// (AN501 reads every event's).
    public var dateSpan: (earliest: DayStamp?, latest: DayStamp?)? { table.dates[index]?.span }
    public var fields: ArraySlice<FieldModel> { table.fieldBuffer[spans.fieldSpan.range] }
    public var citations: ArraySlice<CitationModel> { table.citationBuffer[spans.citationSpan.range] }
    public var keywordRange: Range<Int> { spans.keywordRange.range }
    public var range: Range<Int> { spans.range.range }

    public static func == (a: EventModel, b: EventModel) -> Bool {
        (a.table === b.table && a.index == b.index)
            || (a.range == b.range && a.dateRange == b.dateRange && a.keywordRange == b.keywordRange && a.dateText == b.dateText
                && a.date == b.date && a.fields == b.fields && a.citations == b.citations)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(range)
        hasher.combine(dateText)
        hasher.combine(fields)
        hasher.combine(citations)
    }

    public func field(_ key: String) -> FieldModel? { fields.first { $0.key == key } }

    /// Calls `body` with each programme the event names, in order, without
    /// building a list.
    public func forEachProgramme(_ body: (String) -> Void) {
        // The fields read where they lie in the table's buffer: the
        // slice `fields` retained and released the buffer at each event.
        let table = table
        let span = table.spans[index].fieldSpan.range
        table.fieldBuffer.withUnsafeBufferPointer { fields in
            precondition(span.upperBound <= fields.count)
            for position in span {
                // The key's length first: a short key compared with a
                // different one goes through the slow comparison.
                let key = fields[position].key
                let length = key.utf8.count
                guard length == 9 || length == 10, key == "programme" || key == "programmes" else { continue }
                switch fields[position].value {
                case .word(let name, _): body(name)
                case .list(let items, _): for case .word(let name, _) in items { body(name) }
                default: continue
                }
            }
        }
    }

    /// The programmes the event names, through `programme` and `programmes`.
    public var programmes: [String] {
        var names: [String] = []
        forEachProgramme { names.append($0) }
        return names
    }
}

/// A top-level block: a source, party, programme or relation.
///
/// Immutable, and equal by value (every property), but shared: a class, so
/// that the file's model, the index's tables by id, by key and by alias,
/// and every resolution hold one reference, not a copy of four (a copy
/// counted the id, the path, the fields and the events, on objects the
/// other core made).
public final class Declaration: Sendable, Hashable {
    public let kind: BlockKind
    public let id: String
    /// Workspace-relative path of the declaring file (the built-in catalogue
    /// has `BuiltinCatalogue.path`).
    public let file: String
    public let idRange: Range<Int>
    public let keywordRange: Range<Int>
    public let range: Range<Int>
    public let fields: [FieldModel]
    /// Events, for a relation.
    public let events: [EventModel]

    public init(kind: BlockKind, id: String, file: String, idRange: Range<Int>, keywordRange: Range<Int>,
                range: Range<Int>, fields: [FieldModel], events: [EventModel]) {
        self.kind = kind
        self.id = id
        self.file = file
        self.idRange = idRange
        self.keywordRange = keywordRange
        self.range = range
        self.fields = fields
        self.events = events
    }

    public static func == (lhs: Declaration, rhs: Declaration) -> Bool {
        lhs === rhs
            || (lhs.kind == rhs.kind && lhs.id == rhs.id && lhs.file == rhs.file && lhs.idRange == rhs.idRange
                && lhs.keywordRange == rhs.keywordRange && lhs.range == rhs.range && lhs.fields == rhs.fields
                && lhs.events == rhs.events)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(id)
        hasher.combine(file)
        hasher.combine(idRange)
        hasher.combine(keywordRange)
        hasher.combine(range)
        hasher.combine(fields)
        hasher.combine(events)
    }

    public func field(_ key: String) -> FieldModel? { fields.first { $0.key == key } }

    /// A string field's value.
    public func string(_ key: String) -> String? {
        if case .string(let value, _) = field(key)?.value { return value }
        return nil
    }

    /// The names by language: `name` under "en" (and ""), `name.fr` under "fr".
    public var names: [String: String] {
        var result: [String: String] = [:]
        for field in fields where field.key == "name" || field.key.hasPrefix("name.") {
            guard case .string(let value, _) = field.value else { continue }
            let lang = field.key == "name" ? "en" : String(field.key.dropFirst(5))
            result[lang] = value
        }
        return result
    }

    /// The aliases listed in `aliases`.
    public var aliases: [String] {
        guard case .list(let items, _) = field("aliases")?.value else { return [] }
        return items.compactMap { if case .word(let name, _) = $0 { name } else { nil } }
    }

    /// A date field parsed as EDTF, when valid.
    public func date(_ key: String) -> EDTFValue? {
        guard case .word(let text, _) = field(key)?.value, case .success(let value) = EDTF.parse(text) else { return nil }
        return value
    }

    /// A single-reference field's name, such as a programme's `owner`.
    public func referenceName(_ key: String) -> String? {
        if case .word(let name, _) = field(key)?.value { return name }
        return nil
    }
}

/// Everything one file declares and uses, independent of other files.
public struct FileModel: Sendable {
    public let path: String
    public let declarations: [Declaration]
    /// Every name used where a declaration is expected, in order.
    public let references: [Reference]
    /// The keys of `references`, each once, in order of first use: what the
    /// workspace index counts as used. Found here, once per version of a
    /// file and on all cores, rather than from every reference of every
    /// file whenever the index is rebuilt (on each keystroke in the server).
    public let referencedKeys: [DeclarationKey]
    /// The keys named by the single-reference fields of the declarations
    /// (`owner`, `publisher`, `parent`, `successor`), each once.
    public let fieldReferencedKeys: [DeclarationKey]
    /// Where the references naming some keys are (see `ReferencePlaces`).
    let referencePlaces: ReferencePlaces

    public init(path: String, declarations: [Declaration], references: [Reference]) {
        self.path = path
        self.declarations = declarations
        self.references = references
        referencePlaces = ReferencePlaces()
        referencedKeys = Self.distinctKeys(of: references)
        // The schema is asked once per kind (`singleReferenceFields(of:)`),
        // not once per declaration and field: that lookup compared keys and
        // copied schema entries, 7 k instructions a declaration.
        var fieldKeys: [DeclarationKey] = []
        for declaration in declarations {
            for field in Self.singleReferenceFields(of: declaration.kind) {
                if let name = declaration.referenceName(field.key) { fieldKeys.append(DeclarationKey(field.kind, name)) }
            }
        }
        fieldReferencedKeys = Self.distinctKeys(fieldKeys)
    }

    /// The model after an edit that changed events only and left the
    /// names their references use as they were, in the same order: the
    /// distinct keys and the reference places are this model's (the edited
    /// file's own are not found again on every keystroke).
    func replacing(declarations: [Declaration], references: [Reference]) -> FileModel {
        FileModel(path: path, declarations: declarations, references: references,
                  referencedKeys: referencedKeys, fieldReferencedKeys: fieldReferencedKeys, referencePlaces: referencePlaces)
    }

    private init(path: String, declarations: [Declaration], references: [Reference],
                 referencedKeys: [DeclarationKey], fieldReferencedKeys: [DeclarationKey], referencePlaces: ReferencePlaces) {
        self.path = path
        self.declarations = declarations
        self.references = references
        self.referencedKeys = referencedKeys
        self.fieldReferencedKeys = fieldReferencedKeys
        self.referencePlaces = referencePlaces
    }

    public var relations: [Declaration] { declarations.filter { $0.kind == .relation } }

    /// The fields through which a declaration names another one.
    private static let singleReferenceFields = ["owner", "publisher", "parent", "successor"]

    /// Those of `singleReferenceFields` that a kind's schema has as a
    /// reference, in that order, with the kind each names.
    private static func singleReferenceFields(of kind: BlockKind) -> [(key: String, kind: BlockKind)] {
        switch kind {
        case .source: sourceReferenceFields
        case .party: partyReferenceFields
        case .programme: programmeReferenceFields
        case .relation: relationReferenceFields
        case .event: eventReferenceFields
        }
    }

    private static func referenceFields(of kind: BlockKind) -> [(key: String, kind: BlockKind)] {
        singleReferenceFields.compactMap { key in
            guard let spec = BlockSchema.field(key, of: kind), case .reference(let named) = spec.type else { return nil }
            return (key, named)
        }
    }

    private static let sourceReferenceFields = referenceFields(of: .source)
    private static let partyReferenceFields = referenceFields(of: .party)
    private static let programmeReferenceFields = referenceFields(of: .programme)
    private static let relationReferenceFields = referenceFields(of: .relation)
    private static let eventReferenceFields = referenceFields(of: .event)

    /// `distinctKeys` of the references' keys, read in place: a key met
    /// before is known by the name's own two words, without a key made,
    /// copied or hashed (making, copying and comparing keys was 0.33 k
    /// instructions a reference, most of it reference counting of the
    /// names; the last eight references compared by name still missed
    /// often, a file cycling through more sources and parties than that).
    /// One generic function for this and the one below, taking the
    /// comparison and the key as closures, copied the references again:
    /// 13.6 M more on mb5.
    private static func distinctKeys(of references: [Reference]) -> [DeclarationKey] {
        // A file names a few dozen distinct declarations: room for them
        // from the start, not six doublings that hash every key again.
        var seen = Set<DeclarationKey>(minimumCapacity: min(references.count, 64))
        var distinct: [DeclarationKey] = []
        references.withUnsafeBufferPointer { references in
            withUnsafeTemporaryAllocation(of: SeenName.self, capacity: SeenName.slots) { cache in
                cache.initialize(repeating: SeenName(words: (0, 0), kind: -1))
                for reference in references {
                    let seenName = SeenName(reference)
                    let slot = seenName.slot
                    if cache[slot] == seenName { continue }
                    cache[slot] = seenName
                    let key = DeclarationKey(reference.expected, reference.name)
                    if seen.insert(key).inserted { distinct.append(key) }
                }
            }
        }
        return distinct
    }

    /// A reference's expected kind and the two words of its name's
    /// `String`, as a direct-mapped cache of the keys met before holds
    /// them. Equal words are an equal name: a name of 15 bytes or fewer
    /// is its bytes, a longer one points at its storage, which every
    /// reference to the same name of one file shares (`NameTable`). The
    /// reverse does not hold (names made apart differ in words): a miss
    /// only goes on to the set.
    private struct SeenName: Equatable {
        static let slots = 64
        let words: (UInt64, UInt64)
        let kind: Int

        init(words: (UInt64, UInt64), kind: Int) {
            self.words = words
            self.kind = kind
        }

        @inline(__always)
        init(_ reference: Reference) {
            words = unsafeBitCast(reference.name, to: (UInt64, UInt64).self)
            kind = reference.expected.cacheTag
        }

        /// The slot of a cache of `slots` entries.
        @inline(__always)
        var slot: Int {
            let mixed = (words.0 ^ (words.1 &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(truncatingIfNeeded: kind)) &* 0xFF51_AFD7_ED55_8CCD
            return Int(truncatingIfNeeded: mixed >> 58)
        }

        @inline(__always)
        static func == (left: SeenName, right: SeenName) -> Bool {
            left.words.0 == right.words.0 && left.words.1 == right.words.1 && left.kind == right.kind
        }
    }

    /// `keys` without repeats, in order of first appearance. A file names
    /// the same few declarations thousands of times (the parties, the
    /// programme, the source of each event), mostly the one named just
    /// before: a key among the last few seen is not hashed again.
    private static func distinctKeys<S: Sequence>(_ keys: S) -> [DeclarationKey] where S.Element == DeclarationKey {
        var seen = Set<DeclarationKey>()
        var distinct: [DeclarationKey] = []
        var recent = [DeclarationKey?](repeating: nil, count: 8)
        var nextRecent = 0
        for key in keys {
            if recent.contains(key) { continue }
            recent[nextRecent] = key
            nextRecent = (nextRecent + 1) % recent.count
            if seen.insert(key).inserted { distinct.append(key) }
        }
        return distinct
    }
}

private extension BlockKind {
    /// A small number for each kind (`FileModel.SeenName`).
    var cacheTag: Int {
        switch self {
        case .source: 0
        case .party: 1
        case .programme: 2
        case .relation: 3
        case .event: 4
        }
    }
}
