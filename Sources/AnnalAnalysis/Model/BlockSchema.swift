/// The kinds of block the format defines.
public enum BlockKind: String, Sendable, Hashable, CaseIterable {
    case source, party, programme, relation, event

    /// Kinds that declare an id other files can reference.
    public var isDeclaration: Bool { self != .event }
}

/// What a field's value must be.
public enum ValueType: Sendable, Hashable {
    case string
    case date
    /// A closed set of identifiers, such as a party's `kind`.
    case enumeration([String])
    /// An identifier naming a declaration of one of these kinds.
    case reference(BlockKind)
    /// A list of references to declarations of this kind.
    case referenceList(BlockKind)
    case stringList
    /// A list of bare identifiers (aliases).
    case identifierList
    /// A language tag such as `fr` or `en`.
    case language
}

/// A `ValueType` without an enumeration's words: what lowering switches
/// on for every field, copied without a reference count (the words, an
/// array, were retained and released at each copy, 15,000 times at mb5).
enum ValueKind: Sendable {
    case string
    case date
    /// A closed set of identifiers (`BlockSchema.allowedWords(of:)`,
    /// `BlockSchema.enumerationWords(field:of:)`).
    case enumeration
    case reference(BlockKind)
    case referenceList(BlockKind)
    case stringList
    case identifierList
    case language

    init(_ type: ValueType) {
        switch type {
        case .string: self = .string
        case .date: self = .date
        case .enumeration: self = .enumeration
        case .reference(let kind): self = .reference(kind)
        case .referenceList(let kind): self = .referenceList(kind)
        case .stringList: self = .stringList
        case .identifierList: self = .identifierList
        case .language: self = .language
        }
    }
}

/// One field a block kind accepts.
public struct FieldSpec: Sendable, Hashable {
    public let key: String
    public let type: ValueType
    public let required: Bool
    /// One line for completion and hover.
    public let doc: String
    /// When true the key takes a language suffix: `name.fr`, `name.en`.
    public let localized: Bool

    init(_ key: String, _ type: ValueType, required: Bool = false, localized: Bool = false, _ doc: String) {
        self.key = key
        self.type = type
        self.required = required
        self.doc = doc
        self.localized = localized
    }
}

/// The fields each block kind accepts, and the enumerations they use.
public enum BlockSchema {
    public static let partyKinds = ["state", "organisation"]
    public static let programmeKinds = [
        "programme", "forum", "mechanism", "plan", "centre", "operation",
        "initiative", "format", "project", "body",
    ]
    public static let sourceKinds = ["page", "article", "report", "statement", "treaty", "other"]
    public static let eventKinds = [
        "membership", "participation", "cooperation", "exercise", "hosting",
        "agreement", "consultation", "training", "education", "assistance",
        "recognition", "dialogue", "establishment", "closure", "support", "other",
    ]

    /// The fields of a block kind, in canonical order.
    public static func fields(of kind: BlockKind) -> [FieldSpec] {
        switch kind {
        case .source: sourceFields
        case .party: partyFields
        case .programme: programmeFields
        case .relation: relationFields
        case .event: eventFields
        }
    }

    /// The index in `fields(of: kind)` of the field whose key is exactly
    /// `bytes` (UTF-8), without making a `String`: lowering looks up every
    /// key. Nil for a key outside the schema, such as `name.fr` or a typo
    /// (`field(_:of:)` handles those).
    static func fieldIndex(ofKeyBytes bytes: ArraySlice<UInt8>, in kind: BlockKind) -> Int? {
        fieldIndex(ofKeyBytes: bytes, among: packedKeys(of: kind))
    }

    /// `fieldIndex(ofKeyBytes:in:)` among a kind's `packedKeys(of:)`,
    /// taken once for many fields.
    static func fieldIndex(ofKeyBytes bytes: ArraySlice<UInt8>, among keys: [PackedKey]) -> Int? {
        guard let key = bytes.withUnsafeBufferPointer(PackedKey.init) else { return nil }
        return keys.firstIndex(of: key)
    }

    /// A key of at most sixteen bytes as its length and two little-endian
    /// words (zero past its end): a schema key is found by comparing three
    /// integers a field, where comparing byte arrays retained an array and
    /// ran a generic loop for each field of the schema.
    struct PackedKey: Equatable {
        let length: Int
        let low: UInt64
        let high: UInt64

        /// Nil for a key longer than sixteen bytes (no schema key is).
        /// Read a word (or half a word) at each end, overlapping in the
        /// middle, and shifted into place: no loop over the bytes.
        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            let count = bytes.count
            guard count <= 16, let base = bytes.baseAddress.map(UnsafeRawPointer.init) else {
                if bytes.isEmpty { (length, low, high) = (0, 0, 0); return }
                return nil
            }
            length = count
            @inline(__always) func word(_ offset: Int) -> UInt64 { UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
            @inline(__always) func half(_ offset: Int) -> UInt64 {
                UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            }
            switch count {
            case 8...16:
                low = word(0)
                high = count == 8 ? 0 : word(count - 8) >> UInt64(8 * (16 - count))
            case 4..<8:
                // The two halves overlap by 8 − count bytes, equal in both.
                low = half(0) | half(count - 4) << UInt64(8 * (count - 4))
                high = 0
            default:
                var value: UInt64 = 0
                for offset in 0..<count { value |= UInt64(bytes[offset]) << UInt64(8 * offset) }
                low = value
                high = 0
            }
        }
    }

    /// The keys of `fields(of:)` packed, in the same order.
    static func packedKeys(of kind: BlockKind) -> [PackedKey] {
        switch kind {
        case .source: sourceKeys
        case .party: partyKeys
        case .programme: programmeKeys
        case .relation: relationKeys
        case .event: eventKeys
        }
    }

    private static let sourceKeys = pack(sourceFields)
    private static let partyKeys = pack(partyFields)
    private static let programmeKeys = pack(programmeFields)
    private static let relationKeys = pack(relationFields)
    private static let eventKeys = pack(eventFields)

    private static func pack(_ fields: [FieldSpec]) -> [PackedKey] {
        fields.map { packed($0.key) }
    }

    /// A schema word packed: a field key or an enumerated word, all of
    /// sixteen bytes or fewer (a test checks them).
    private static func packed(_ word: String) -> PackedKey {
        var word = word
        return word.withUTF8 { PackedKey($0)! }
    }

    // Built once: `fields(of:)` is called for every field of every file.
    private static let sourceFields = makeFields(of: .source)
    private static let partyFields = makeFields(of: .party)
    private static let programmeFields = makeFields(of: .programme)
    private static let relationFields = makeFields(of: .relation)
    private static let eventFields = makeFields(of: .event)

    private static func makeFields(of kind: BlockKind) -> [FieldSpec] {
        switch kind {
        case .source: [
            FieldSpec("path", .string, required: true, "File of the source document, relative to this file, inside the workspace."),
            FieldSpec("title", .string, "Title of the document."),
            FieldSpec("kind", .enumeration(sourceKinds), "What sort of document it is."),
            FieldSpec("publisher", .reference(.party), "The party that published it."),
            FieldSpec("lang", .language, "Language of the document, such as fr or en."),
            FieldSpec("updated", .date, "When the document was last updated or published."),
            FieldSpec("url", .string, "Where the document was found."),
        ]
        case .party: [
            FieldSpec("kind", .enumeration(partyKinds), required: true, "A state or an organisation."),
            FieldSpec("name", .string, required: true, localized: true, "Name in English; name.fr and others for other languages."),
            FieldSpec("aliases", .identifierList, "Other acronyms for the party, such as OTAN for NATO."),
            FieldSpec("doc", .string, "One line describing the party."),
        ]
        case .programme: [
            FieldSpec("name", .string, required: true, localized: true, "Name in English; name.fr and others for other languages."),
            FieldSpec("kind", .enumeration(programmeKinds), "What sort of programme or body it is."),
            FieldSpec("aliases", .identifierList, "Other acronyms, such as PPP for PfP."),
            FieldSpec("owner", .reference(.party), "The party that runs it."),
            FieldSpec("parent", .reference(.programme), "The programme it belongs to."),
            FieldSpec("successor", .reference(.programme), "The programme that replaced it."),
            FieldSpec("since", .date, "When it started."),
            FieldSpec("until", .date, "When it ended."),
            FieldSpec("doc", .string, "One line describing it."),
        ]
        case .relation: [
            FieldSpec("parties", .referenceList(.party), required: true, "The two or more parties of the relation."),
            FieldSpec("programmes", .referenceList(.programme), "Programmes through which the parties cooperate."),
            FieldSpec("title", .string, "A title for the relation."),
            FieldSpec("summary", .string, "One paragraph on the relation."),
        ]
        case .event: [
            FieldSpec("kind", .enumeration(eventKinds), required: true, "What happened."),
            FieldSpec("programme", .reference(.programme), "The programme the event belongs to."),
            FieldSpec("programmes", .referenceList(.programme), "Several programmes the event belongs to."),
            FieldSpec("parties", .referenceList(.party), "The parties involved, if not all of the relation's."),
            FieldSpec("place", .string, "Where it happened."),
            FieldSpec("summary", .string, "One sentence saying what happened."),
            FieldSpec("areas", .stringList, "Areas of cooperation."),
        ]
        }
    }

    /// The field spec for a key such as `name` or `name.fr`, if the kind defines it.
    public static func field(_ key: String, of kind: BlockKind) -> FieldSpec? {
        fieldIndex(key, of: kind).map { fields(of: kind)[$0] }
    }

    /// The index in `fields(of: kind)` of the spec for a key such as
    /// `name` or `name.fr` (a localised key's is its base key's).
    static func fieldIndex(_ key: String, of kind: BlockKind) -> Int? {
        let specs = fields(of: kind)
        if let exact = specs.firstIndex(where: { $0.key == key }) { return exact }
        guard let dot = key.firstIndex(of: ".") else { return nil }
        let base = String(key[..<dot])
        let suffix = key[key.index(after: dot)...]
        guard !suffix.isEmpty, let index = specs.firstIndex(where: { $0.key == base }), specs[index].localized else { return nil }
        return index
    }

    /// The value kind of each of `fields(of: kind)`, in the same order:
    /// what lowering checks a value against, read by index without copying
    /// the entry's key and documentation (a `FieldSpec` copied and
    /// destroyed per field retained and released its strings, about 100
    /// instructions a field, 60,000 fields at mb5), nor an enumeration's
    /// words (`ValueKind`).
    static func valueKinds(of kind: BlockKind) -> [ValueKind] {
        switch kind {
        case .source: sourceValueKinds
        case .party: partyValueKinds
        case .programme: programmeValueKinds
        case .relation: relationValueKinds
        case .event: eventValueKinds
        }
    }

    /// The words the enumeration field `field` of `kind` allows, as
    /// written in the schema (for messages; checks compare them packed,
    /// `allowedWords(of:)`); none for a field of another type.
    static func enumerationWords(field: Int, of kind: BlockKind) -> [String] {
        guard case .enumeration(let words) = fields(of: kind)[field].type else { return [] }
        return words
    }

    /// For each of `fields(of: kind)`, in the same order, the words an
    /// enumeration field allows, packed (`PackedKey`; none for a field of
    /// another type): an event's `kind` is checked by comparing integers
    /// with sixteen keys, where comparing its bytes with each allowed
    /// `String` cost about 300 instructions a field.
    static func allowedWords(of kind: BlockKind) -> [[PackedKey]] {
        switch kind {
        case .source: sourceAllowedWords
        case .party: partyAllowedWords
        case .programme: programmeAllowedWords
        case .relation: relationAllowedWords
        case .event: eventAllowedWords
        }
    }

    private static func packAllowedWords(_ fields: [FieldSpec]) -> [[PackedKey]] {
        fields.map { field in
            guard case .enumeration(let allowed) = field.type else { return [] }
            return allowed.map(packed)
        }
    }

    private static let sourceAllowedWords = packAllowedWords(sourceFields)
    private static let partyAllowedWords = packAllowedWords(partyFields)
    private static let programmeAllowedWords = packAllowedWords(programmeFields)
    private static let relationAllowedWords = packAllowedWords(relationFields)
    private static let eventAllowedWords = packAllowedWords(eventFields)

    private static let sourceValueKinds = sourceFields.map { ValueKind($0.type) }
    private static let partyValueKinds = partyFields.map { ValueKind($0.type) }
    private static let programmeValueKinds = programmeFields.map { ValueKind($0.type) }
    private static let relationValueKinds = relationFields.map { ValueKind($0.type) }
    private static let eventValueKinds = eventFields.map { ValueKind($0.type) }
}

/// A set of the fields of one block kind, by their index in
/// `BlockSchema.fields(of:)`: which fields a block gives, or which an event
/// keeps. Lowering asks "given already?", "required and missing?" of every
/// field; a bit test answers where comparing key strings cost about forty
/// instructions a pair.
struct SchemaFieldSet: Equatable {
    private var bits: UInt64 = 0

    init() {}

    /// The fields of `kind` whose key is one of `keys` (exact keys).
    init(keys: [String], of kind: BlockKind) {
        for (index, spec) in BlockSchema.fields(of: kind).enumerated() where keys.contains(spec.key) {
            insert(index)
        }
    }

    @inline(__always)
    func contains(_ index: Int) -> Bool { bits & (1 << UInt64(index)) != 0 }

    @inline(__always)
    mutating func insert(_ index: Int) { bits |= 1 << UInt64(index) }

    /// Whether every field of `other` is in this set.
    @inline(__always)
    func contains(all other: SchemaFieldSet) -> Bool { bits & other.bits == other.bits }

    var isEmpty: Bool { bits == 0 }

    /// The required fields of `kind`.
    static func required(of kind: BlockKind) -> SchemaFieldSet {
        switch kind {
        case .source: requiredOfSource
        case .party: requiredOfParty
        case .programme: requiredOfProgramme
        case .relation: requiredOfRelation
        case .event: requiredOfEvent
        }
    }

    private static let requiredOfSource = requiredFields(of: .source)
    private static let requiredOfParty = requiredFields(of: .party)
    private static let requiredOfProgramme = requiredFields(of: .programme)
    private static let requiredOfRelation = requiredFields(of: .relation)
    private static let requiredOfEvent = requiredFields(of: .event)

    private static func requiredFields(of kind: BlockKind) -> SchemaFieldSet {
        var set = SchemaFieldSet()
        for (index, spec) in BlockSchema.fields(of: kind).enumerated() where spec.required { set.insert(index) }
        return set
    }
}
