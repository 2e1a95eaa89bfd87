/// AN501 event-outside-programme-dates (hint): an event dated before its
/// programme's `since` or after its `until` is probably misdated or names
/// the wrong programme.
enum ProgrammeDatesRule: WorkspaceRule {
    static func check(_ context: RuleContext, into diagnostics: inout [Diagnostic]) {
        for relation in context.file.model.relations {
            for event in relation.events {
                guard let date = event.date else { continue }
                for name in event.programmes {
                    guard case .declaration(let programme) = context.index.resolve(name, as: .programme) else { continue }
                    if let since = programme.date("since")?.earliest, let latest = date.latest, latest < since {
                        diagnostics.append(Diagnostic(
                            .eventOutsideProgrammeDates, file: context.file.path, range: event.dateRange,
                            message: "this event (\(event.dateText)) is before `\(programme.id)` began (\(since.year)); check the date or the programme"))
                    } else if let until = programme.date("until")?.latest, let earliest = date.earliest, earliest > until {
                        diagnostics.append(Diagnostic(
                            .eventOutsideProgrammeDates, file: context.file.path, range: event.dateRange,
                            message: "this event (\(event.dateText)) is after `\(programme.id)` ended (\(until.year)); check the date or the programme"))
                    }
                }
            }
        }
    }
}
