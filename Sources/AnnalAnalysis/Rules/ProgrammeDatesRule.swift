/// AN501 event-outside-programme-dates (hint): an event dated before its
/// programme's `since` or after its `until` is probably misdated or names
/// the wrong programme.
enum ProgrammeDatesRule: WorkspaceRule {
    static func check(_ context: RuleContext, into diagnostics: inout [Diagnostic]) {
        var programmes = ProgrammeBounds()
        let index = context.index
        let path = context.file.path
        for relation in context.file.model.declarations where relation.kind == .relation {
            // Events read in place, and only the date copied: a copy of
            // each event (this runs on every keystroke) retained and
            // released every field.
            relation.events.withUnsafeBufferPointer { events in
                for position in events.indices {
                    guard case .some(let date) = events[position].date else { continue }
                    events[position].forEachProgramme { name in
                        guard let programme = programmes.bounds(of: name, in: index) else { return }
                        if let since = programme.since, let latest = date.latest, latest < since {
                            diagnostics.append(Diagnostic(
                                .eventOutsideProgrammeDates, file: path, range: events[position].dateRange,
                                message: "this event (\(events[position].dateText)) is before `\(programme.id)` began (\(since.year)); check the date or the programme"))
                        } else if let until = programme.until, let earliest = date.earliest, earliest > until {
                            diagnostics.append(Diagnostic(
                                .eventOutsideProgrammeDates, file: path, range: events[position].dateRange,
                                message: "this event (\(events[position].dateText)) is after `\(programme.id)` ended (\(until.year)); check the date or the programme"))
                        }
                    }
                }
            }
        }
    }
}

/// Programmes' ids and bounds, each resolved once per file: a file names
/// few programmes in many events (and the rule runs on every keystroke).
private struct ProgrammeBounds {
    /// A programme's id and its `since` and `until` days.
    final class Bounds {
        let id: String
        let since: DayStamp?
        let until: DayStamp?

        init(id: String, since: DayStamp?, until: DayStamp?) {
            self.id = id
            self.since = since
            self.until = until
        }
    }

    private var byName: [String: Bounds?] = [:]
    /// The first few names looked up, searched before the dictionary: a
    /// file names a handful of programmes in thousands of events, in any
    /// order, and comparing a few names is cheaper than hashing one.
    private var firstNames: [String] = []
    private var firstBounds: [Bounds?] = []
    private var firstLengths: [Int] = []
    private static let firstCount = 16

    /// The bounds of the programme `name` resolves to; nil when it names none.
    mutating func bounds(of name: String, in index: WorkspaceIndex) -> Bounds? {
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
                found = Bounds(id: programme.id, since: programme.date("since")?.earliest, until: programme.date("until")?.latest)
            } else {
                found = nil
            }
            byName[name] = .some(found)
        }
        if firstNames.count < Self.firstCount {
            firstNames.append(name)
            firstBounds.append(found)
            firstLengths.append(length)
        }
        return found
    }
}
