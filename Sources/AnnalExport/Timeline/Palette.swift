import AnnalAnalysis

/// The colour of each event kind on the timeline: distinct hues, dark
/// enough to read on white, in the order of `BlockSchema.eventKinds`.
enum Palette {
    static let colors = [
        "#1f5fa8", // membership: blue
        "#2e8b57", // participation: green
        "#17a2b8", // cooperation: cyan
        "#d62728", // exercise: red
        "#e377c2", // hosting: pink
        "#ff7f0e", // agreement: orange
        "#a6a600", // consultation: olive
        "#9467bd", // training: purple
        "#8c564b", // education: brown
        "#4b5bd6", // assistance: indigo
        "#e0a800", // recognition: gold
        "#006d6f", // dialogue: dark teal
        "#6b8e23", // establishment: olive drab
        "#404040", // closure: dark grey
        "#b8336a", // support: raspberry
        "#999999", // other: grey
    ]

    /// The colour of a kind; grey for an unknown or missing kind.
    static func color(_ kind: String?) -> String {
        guard let kind, let index = BlockSchema.eventKinds.firstIndex(of: kind), index < colors.count else { return "#7f7f7f" }
        return colors[index]
    }

    /// Whether white text reads better than black on this `#rrggbb` colour
    /// (relative luminance, with gamma 2 for simplicity, below 0.3).
    static func isDark(_ color: String) -> Bool {
        let hex = color.dropFirst()
        guard hex.count == 6, let value = Int(hex, radix: 16) else { return true }
        func linear(_ channel: Int) -> Double {
            let c = Double(channel) / 255
            return c * c
        }
        let luminance = 0.2126 * linear(value >> 16 & 0xFF) + 0.7152 * linear(value >> 8 & 0xFF) + 0.0722 * linear(value & 0xFF)
        return luminance < 0.3
    }
}
