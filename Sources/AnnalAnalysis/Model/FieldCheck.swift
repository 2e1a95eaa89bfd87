/// What lowering checks a field's value against: a schema entry's value
/// type without its key and documentation. Read once per field; a
/// `FieldSpec` copied and destroyed per field retained and released its
/// strings (about 100 instructions a field, 60,000 fields at mb5).
struct FieldCheck: Sendable {
    /// The shape of value the field takes (`ValueType` without payload).
    enum Shape: UInt8, Sendable {
        case string, date, enumeration, language, reference, referenceList, stringList, identifierList
    }

    let shape: Shape
    /// The kind of block a reference names (`reference`, `referenceList`).
    let referenced: BlockKind?
    /// The words an enumeration allows; nil for any other shape.
    let allowed: [String]?

    init(_ type: ValueType) {
        switch type {
        case .string: (shape, referenced, allowed) = (.string, nil, nil)
        case .date: (shape, referenced, allowed) = (.date, nil, nil)
        case .enumeration(let words): (shape, referenced, allowed) = (.enumeration, nil, words)
        case .language: (shape, referenced, allowed) = (.language, nil, nil)
        case .reference(let kind): (shape, referenced, allowed) = (.reference, kind, nil)
        case .referenceList(let kind): (shape, referenced, allowed) = (.referenceList, kind, nil)
        case .stringList: (shape, referenced, allowed) = (.stringList, nil, nil)
        case .identifierList: (shape, referenced, allowed) = (.identifierList, nil, nil)
        }
    }
}

extension BlockSchema {
    /// The checks of `fields(of: kind)`, in the same order.
    static func checks(of kind: BlockKind) -> [FieldCheck] {
        switch kind {
        case .source: sourceChecks
        case .party: partyChecks
        case .programme: programmeChecks
        case .relation: relationChecks
        case .event: eventChecks
        }
    }

    private static let sourceChecks = fields(of: .source).map { FieldCheck($0.type) }
    private static let partyChecks = fields(of: .party).map { FieldCheck($0.type) }
    private static let programmeChecks = fields(of: .programme).map { FieldCheck($0.type) }
    private static let relationChecks = fields(of: .relation).map { FieldCheck($0.type) }
    private static let eventChecks = fields(of: .event).map { FieldCheck($0.type) }
}
