/// Pure operations on workspace-relative paths (`/`-separated, no leading
/// `/`). The analysis layer never touches the file system; it reasons about
/// paths as strings and leaves symbolic links to the host.
public enum WorkspacePath {
    /// The folder part of a path: `a/b/c.annal` → `a/b`; `c.annal` → ``.
    public static func directory(of path: String) -> String {
        if let bytes = asciiBytes(path) {
            // An ASCII path: every character is a byte (a character scan
            // backwards costs some 200 instructions a character).
            guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "" }
            return String(decoding: bytes[..<slash], as: UTF8.self)
        }
        return directoryByCharacters(of: path)
    }

    /// `directory(of:)` for any path, character by character.
    static func directoryByCharacters(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Resolves `relative` against the folder `base`, removing `.` and `..`.
    /// Returns nil when the result is absolute or climbs out of the
    /// workspace root: such a path is never read.
    public static func resolve(_ relative: String, from base: String) -> String? {
        if let relativeBytes = asciiBytes(relative), let baseBytes = asciiBytes(base) {
            return resolveASCII(relativeBytes, from: baseBytes)
        }
        return resolveByCharacters(relative, from: base)
    }

    /// `resolve(_:from:)` for any paths, character by character.
    static func resolveByCharacters(_ relative: String, from base: String) -> String? {
        if relative.hasPrefix("/") || relative.hasPrefix("~") || relative.hasPrefix("\\") { return nil }
        if relative.count >= 2, relative.dropFirst().first == ":" { return nil } // C:\…
        var parts = base.split(separator: "/").map(String.init)
        for component in relative.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(component))
            }
        }
        return parts.joined(separator: "/")
    }

    /// The UTF-8 bytes of an ASCII string without carriage returns (where
    /// characters and bytes are one and the same: CR LF is one character),
    /// else nil.
    private static func asciiBytes(_ text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        return bytes.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? bytes : nil
    }

    /// `resolve` on ASCII paths, a byte for a character.
    private static func resolveASCII(_ relative: [UInt8], from base: [UInt8]) -> String? {
        let slash = UInt8(ascii: "/")
        if let first = relative.first, first == slash || first == UInt8(ascii: "~") || first == UInt8(ascii: "\\") { return nil }
        if relative.count >= 2, relative[1] == UInt8(ascii: ":") { return nil } // C:\…
        var parts = base.split(separator: slash)
        for component in relative.split(separator: slash, omittingEmptySubsequences: true) {
            if component.count == 1 && component.first == UInt8(ascii: ".") { continue }
            if component.count == 2 && component.allSatisfy({ $0 == UInt8(ascii: ".") }) {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
                continue
            }
            parts.append(component)
        }
        return String(decoding: Array(parts.joined(separator: [slash])), as: UTF8.self)
    }
}
