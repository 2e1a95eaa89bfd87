/// AN501 event-outside-programme-dates (hint): an event dated before its
/// programme's `since` or after its `until` is probably misdated or names
/// the wrong programme.
enum ProgrammeDatesRule: WorkspaceRule {
    static let codes: Set<Rule> = [.eventOutsideProgrammeDates]

    static func check(_ context: RuleContext, into diagnostics: inout [Diagnostic]) {
        // An editor's workspace keeps the findings for the next version; a
        // command that checks each file once looks at each event once.
        if context.keepsResults {
            checkKeepingFindings(context, into: &diagnostics)
            return
        }
        var programmes = ProgrammeBounds()
        let index = context.index
        let path = context.file.path
        for relation in context.file.model.declarations where relation.kind == .relation {
            // Events read in place, and only the date's span read: a copy of
            // each event retained and released its parts.
            relation.events.withUnsafeBufferPointer { events in
                for position in events.indices {
                    guard let span = events[position].dateSpan else { continue }
                    events[position].forEachProgramme { name in
                        guard let programme = programmes.bounds(of: name, in: index),
                              let finding = finding(span, programme) else { return }
                        diagnostics.append(Diagnostic(.eventOutsideProgrammeDates, file: path, range: events[position].dateRange,
                                                      message: message(events[position], finding, id: programmes.id(of: programme))))
                    }
                }
            }
        }
    }

    /// `check` for an editor's analysis: what this version found for each
    /// event before, or was handed by the version it was edited from, is
    /// reused while every programme name it read still has the bounds it
    /// had (checked once a name); only the other events are looked at.
    private static func checkKeepingFindings(_ context: RuleContext, into diagnostics: inout [Diagnostic]) {
        var programmes = ProgrammeBounds()
        let index = context.index
        let path = context.file.path
        let known = context.file.eventDateResults.snapshot()
        let boundsAsBefore = !known.entries.isEmpty && (known.basis ?? [:]).allSatisfy { name, before in
            programmes.bounds(of: name, in: index).map(programmes.value) == before
        }
        var found: [[String]?] = []
        found.reserveCapacity(known.entries.count)
        var place = -1
        for relation in context.file.model.declarations where relation.kind == .relation {
            let events = relation.events
            for position in events.indices {
                place += 1
                var messages: [String] = []
                if boundsAsBefore, place < known.entries.count, let kept = known.entries[place] {
                    messages = kept
                } else if let span = events[position].dateSpan {
                    events[position].forEachProgramme { name in
                        if let programme = programmes.bounds(of: name, in: index), let finding = finding(span, programme) {
                            messages.append(message(events[position], finding, id: programmes.id(of: programme)))
                        }
                    }
                }
                for message in messages {
                    diagnostics.append(Diagnostic(.eventOutsideProgrammeDates, file: path, range: events[position].dateRange,
                                                  message: message))
                }
                found.append(messages)
            }
        }
        context.file.eventDateResults.store(.init(entries: found, basis: programmes.valuesByName))
    }

    /// What is wrong with an event's date for a programme.
    private enum Finding {
        case beforeStart(since: DayStamp)
        case afterEnd(until: DayStamp)
    }

    /// What is wrong with an event's date for a programme, if anything.
    @inline(__always)
    private static func finding(_ span: (earliest: DayStamp?, latest: DayStamp?), _ programme: ProgrammeBounds.Bounds) -> Finding? {
        if let since = programme.since, let latest = span.latest, latest < since { return .beforeStart(since: since) }
        if let until = programme.until, let earliest = span.earliest, earliest > until { return .afterEnd(until: until) }
        return nil
    }

    /// The message of a finding on `event` for the programme `id`.
    private static func message(_ event: EventModel, _ finding: Finding, id: String) -> String {
        switch finding {
        case .beforeStart(let since):
            "this event (\(event.dateText)) is before `\(id)` began (\(since.year)); check the date or the programme"
        case .afterEnd(let until):
            "this event (\(event.dateText)) is after `\(id)` ended (\(until.year)); check the date or the programme"
        }
    }
}

/// What AN501 found for each event of one version of a file (the messages
/// of its findings), kept for the next version (`ResultsByPlace`). The
/// basis is the bounds each programme name had then (nil: it named none).
typealias EventDateResults = ResultsByPlace<[String], [String: ProgrammeBoundsValue?]>

/// A programme's id and its `since` and `until` days, as AN501 read them.
struct ProgrammeBoundsValue: Sendable, Equatable {
    let id: String
    let since: DayStamp?
    let until: DayStamp?
}

/// Programmes' ids and bounds, each resolved once per file: a file names
/// few programmes in many events (and the rule runs on every keystroke).
private struct ProgrammeBounds {
    /// A programme's days, looked up for every event: plain values, no
    /// reference count a copy (a box was one taken and dropped an event).
    /// The id is read from the table only for a message (`id(of:)`).
    struct Bounds {
        /// Where the programme's whole value is (`values`).
        let slot: Int
        let since: DayStamp?
        let until: DayStamp?
    }

    /// The values of the programmes resolved so far, by slot.
    private var values: [ProgrammeBoundsValue] = []
    private var byName: [String: Bounds?] = [:]

    /// Every name looked up so far, with what it resolved to.
    var valuesByName: [String: ProgrammeBoundsValue?] { byName.mapValues { $0.map(value) } }

    /// The whole value of `bounds`.
    func value(_ bounds: Bounds) -> ProgrammeBoundsValue { values[bounds.slot] }

    /// The id of the programme of `bounds`.
    func id(of bounds: Bounds) -> String { values[bounds.slot].id }
    /// The first few names looked up, searched before the dictionary: a
    /// file names a handful of programmes in thousands of events, in any
    /// order, and comparing a few names is cheaper than hashing one.
    private var firstNames: [String] = []
    private var firstBounds: [Bounds?] = []
    private var firstLengths: [Int] = []
    /// The first names' two words (`unsafeBitCast`): equal words are the
    /// same string, as a file's names are (`NameTable` makes each once),
    /// so a look-up mostly ends at comparing integers. Names made apart
    /// differ in words however equal: a miss goes on to the names.
    private var firstLowWords: [UInt64] = []
    private var firstHighWords: [UInt64] = []
    private static let firstCount = 16

    /// The bounds of the programme `name` resolves to; nil when it names none.
    mutating func bounds(of name: String, in index: WorkspaceIndex) -> Bounds? {
        let words = unsafeBitCast(name, to: (UInt64, UInt64).self)
        for position in firstLowWords.indices where firstLowWords[position] == words.0 && firstHighWords[position] == words.1 {
            return firstBounds[position]
        }
        // Lengths first: names of a length that differ are compared in full.
        let length = name.utf8.count
        for position in firstLengths.indices where firstLengths[position] == length && firstNames[position] == name {
            return firstBounds[position]
        }
        let found: Bounds?
        if let known = byName[name] {
            found = known
        } else {
            if case .declaration(let programme) = index.resolve(name, as: .programme) {
                let value = ProgrammeBoundsValue(id: programme.id, since: programme.date("since")?.earliest,
                                                 until: programme.date("until")?.latest)
                found = Bounds(slot: values.count, since: value.since, until: value.until)
                values.append(value)
            } else {
                found = nil
            }
            byName[name] = .some(found)
        }
        if firstNames.count < Self.firstCount {
            firstNames.append(name)
            firstBounds.append(found)
            firstLengths.append(length)
            firstLowWords.append(words.0)
            firstHighWords.append(words.1)
        }
        return found
    }
}
