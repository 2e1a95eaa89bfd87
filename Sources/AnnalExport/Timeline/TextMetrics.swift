/// Estimates the width of text in a sans-serif font without a font: wide
/// enough for DejaVu Sans and the usual system fonts, so labels placed
/// with it do not collide.
enum TextMetrics {
    /// The estimated width of `text` at `size` pixels.
    static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        var units = 0.0
        for scalar in text.unicodeScalars {
            switch scalar {
            case " ": units += 0.32
            case "i", "j", "l", "I", "!", "'", "|", ".", ",", ":", ";": units += 0.3
            case "f", "t", "r", "(", ")", "[", "]", "-", "/": units += 0.42
            case "m", "w": units += 0.9
            case "M", "W": units += 0.95
            case "A"..."Z": units += 0.72
            case "0"..."9": units += 0.64
            case "a"..."z": units += 0.6
            default: units += scalar.value < 0x80 ? 0.6 : 0.68
            }
        }
        return units * size * (bold ? 1.08 : 1)
    }

    /// Greedy word wrap into lines no wider than `maxWidth`; at most
    /// `maxLines`, the last one cut with an ellipsis when needed.
    static func wrap(_ text: String, size: Double, bold: Bool = false, maxWidth: Double, maxLines: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if width(candidate, size: size, bold: bold) <= maxWidth || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines))
            lines[maxLines - 1] += "…"
        }
        return lines.map { truncate($0, size: size, bold: bold, maxWidth: maxWidth) }
    }

    /// Cuts `text` with an ellipsis so that it fits `maxWidth`.
    static func truncate(_ text: String, size: Double, bold: Bool = false, maxWidth: Double) -> String {
        if width(text, size: size, bold: bold) <= maxWidth { return text }
        var characters = Array(text)
        while !characters.isEmpty && width(String(characters) + "…", size: size, bold: bold) > maxWidth {
            characters.removeLast()
        }
        return String(characters) + "…"
    }
}
