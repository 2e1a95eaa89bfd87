/// AN501 event-outside-programme-dates (hint): an event dated before its
/// programme's `since` or after its `until` is probably misdated or names
/// the wrong programme.
enum ProgrammeDatesRule: WorkspaceRule {
    /// A programme's id and bounds, looked up once per file: a file names
    /// few programmes in many events (and this runs on every keystroke).
    private struct Bounds {
        let id: String
        let since: DayStamp?
        let until: DayStamp?
    }

    static func check(_ context: RuleContext, into diagnostics: inout [Diagnostic]) {
        var boundsByName: [String: Bounds?] = [:]
        // The last name looked up, kept apart from its bounds: a tuple of
        // both was copied (two strings retained) on every look-up.
        var lastName: String?
        var lastBounds: Bounds?
        func bounds(_ name: String) -> Bounds? {
            if lastName == name { return lastBounds }
            let found: Bounds?
            if let known = boundsByName[name] {
                found = known
            } else {
                if case .declaration(let programme) = context.index.resolve(name, as: .programme) {
                    found = Bounds(id: programme.id, since: programme.date("since")?.earliest, until: programme.date("until")?.latest)
                } else {
                    found = nil
                }
                boundsByName[name] = .some(found)
            }
            lastName = name
            lastBounds = found
            return found
        }
        for relation in context.file.model.relations {
            for event in relation.events {
                guard let date = event.date else { continue }
                event.forEachProgramme { name in
                    guard let programme = bounds(name) else { return }
                    if let since = programme.since, let latest = date.latest, latest < since {
                        diagnostics.append(Diagnostic(
                            .eventOutsideProgrammeDates, file: context.file.path, range: event.dateRange,
                            message: "this event (\(event.dateText)) is before `\(programme.id)` began (\(since.year)); check the date or the programme"))
                    } else if let until = programme.until, let earliest = date.earliest, earliest > until {
                        diagnostics.append(Diagnostic(
                            .eventOutsideProgrammeDates, file: context.file.path, range: event.dateRange,
                            message: "this event (\(event.dateText)) is after `\(programme.id)` ended (\(until.year)); check the date or the programme"))
                    }
                }
            }
        }
    }
}
