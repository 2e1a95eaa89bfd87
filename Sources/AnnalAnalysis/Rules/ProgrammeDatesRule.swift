/// AN501 event-outside-programme-dates (hint): an event dated before its
/// programme's `since` or after its `until` is probably misdated or names
/// the wrong programme.
enum ProgrammeDatesRule: WorkspaceRule {
    static func check(_ context: RuleContext, into diagnostics: inout [Diagnostic]) {
        var programmes = ProgrammeBounds()
        let index = context.index
        for relation in context.file.model.declarations where relation.kind == .relation {
            for event in relation.events {
                // A pattern, not `!= nil`: comparing optionals of an
                // `Equatable` payload copied the date twice per event.
                guard case .some = event.date else { continue }
                event.forEachProgramme { name in
                    check(event, programme: programmes.bounds(of: name, in: index), path: context.file.path, into: &diagnostics)
                }
            }
        }
    }

    private static func check(_ event: EventModel, programme: ProgrammeBounds.Bounds?, path: String,
                              into diagnostics: inout [Diagnostic]) {
        guard let programme, programme.since != nil || programme.until != nil, let date = event.date else { return }
        if let since = programme.since, let latest = date.latest, latest < since {
            diagnostics.append(Diagnostic(
                .eventOutsideProgrammeDates, file: path, range: event.dateRange,
                message: "this event (\(event.dateText)) is before `\(programme.id)` began (\(since.year)); check the date or the programme"))
        } else if let until = programme.until, let earliest = date.earliest, earliest > until {
            diagnostics.append(Diagnostic(
                .eventOutsideProgrammeDates, file: path, range: event.dateRange,
                message: "this event (\(event.dateText)) is after `\(programme.id)` ended (\(until.year)); check the date or the programme"))
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
    /// The last few names looked up: events alternate between a handful of
    /// programmes, and comparing a name is cheaper than hashing it.
    private var recentNames: [String] = []
    private var recentBounds: [Bounds?] = []
    private var nextRecent = 0
    private static let recentCount = 4

    /// The bounds of the programme `name` resolves to; nil when it names none.
    mutating func bounds(of name: String, in index: WorkspaceIndex) -> Bounds? {
        if let position = recentNames.firstIndex(of: name) { return recentBounds[position] }
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
        if recentNames.count < Self.recentCount {
            recentNames.append(name)
            recentBounds.append(found)
        } else {
            recentNames[nextRecent] = name
            recentBounds[nextRecent] = found
            nextRecent = (nextRecent + 1) % Self.recentCount
        }
        return found
    }
}
