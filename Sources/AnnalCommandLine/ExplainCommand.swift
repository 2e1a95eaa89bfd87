import AnnalAnalysis

/// `annal explain CODE`: prints a rule's documentation — what it checks,
/// why, a wrong and a right example, how to fix or silence it. Without a
/// code, lists every rule.
enum ExplainCommand {
    static let help = """
    Usage: annal explain [CODE|NAME]

    Prints the documentation of a rule, by code (AN101) or name
    (unknown-reference): what it checks and why, a wrong and a right example,
    and how to fix or silence it. Without an argument, lists every rule.

    """

    static func run(arguments: [String], console: Console) -> Int32 {
        switch arguments.count {
        case 0:
            for rule in Rule.allCases {
                let d = rule.descriptor
                let name = d.name.padded(to: 31)
                let severity = d.defaultSeverity.rawValue.padded(to: 8)
                console.out("\(d.code)  \(name) \(severity) \(d.summary)\n")
            }
            return ExitStatus.clean
        case 1 where arguments[0] == "-h" || arguments[0] == "--help":
            console.out(help)
            return ExitStatus.clean
        case 1:
            guard let rule = Rule(codeOrName: arguments[0]) else {
                let names = Rule.allCases.flatMap { [$0.code, $0.descriptor.name] }
                let hint = DidYouMean.hint(for: arguments[0], among: names)
                console.err("error: no rule `\(arguments[0])`\(hint)\n\nRun `annal explain` to list every rule.\n")
                return ExitStatus.failure
            }
            let suppress = "\nTo silence it on one line: `# annal-ignore \(rule.code)` above the line (or at its end);\nin a whole file: `# annal-ignore-file \(rule.code)`.\n"
            console.out((RuleDocumentation.section(for: rule) ?? rule.descriptor.summary + "\n") + suppress)
            return ExitStatus.clean
        default:
            console.err("error: `annal explain` takes one code or name\n\n" + help)
            return ExitStatus.failure
        }
    }
}
