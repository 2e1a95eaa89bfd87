/// Pure operations on workspace-relative paths (`/`-separated, no leading
/// `/`). The analysis layer never touches the file system; it reasons about
/// paths as strings and leaves symbolic links to the host.
public enum WorkspacePath {
    /// The folder part of a path: `a/b/c.annal` → `a/b`; `c.annal` → ``.
    public static func directory(of path: String) -> String {
        // An ASCII path: every character is a byte (a character scan
        // backwards costs some 200 instructions a character).
        let ascii = path.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard bytes.allSatisfy(isOneByteCharacter) else { return nil }
            guard let slash = bytes.lastIndex(of: slashByte) else { return "" }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<slash]), as: UTF8.self)
        }
        return (ascii ?? nil) ?? directoryByCharacters(of: path)
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
        if isPlainRelative(relative) && isPlainBase(base) {
            return base.isEmpty ? relative : base + "/" + relative
        }
        if let relativeBytes = asciiBytes(relative), let baseBytes = asciiBytes(base) {
            return resolveASCII(relativeBytes, from: baseBytes)
        }
        return resolveByCharacters(relative, from: base)
    }

    /// An ASCII path (no carriage return) of components joined by single
    /// slashes, none starting with a dot, not absolute, not `C:…`, not
    /// `~…`: resolving it changes nothing, so it is appended as it is (the
    /// usual `path = "sources/x.txt"`, resolved for every cited source).
    private static func isPlainRelative(_ path: String) -> Bool {
        path.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let first = bytes.first, first != slashByte, first != UInt8(ascii: "~"), first != UInt8(ascii: "\\"),
                  bytes.last != slashByte, !(bytes.count >= 2 && bytes[1] == UInt8(ascii: ":")) else { return false }
            return isPlainASCII(bytes, dotsAllowed: false)
        } ?? false
    }

    /// A folder as `directory(of:)` gives it for a workspace path: empty, or
    /// ASCII components joined by single slashes (dots are kept as they are
    /// in a base, as `resolveASCII` keeps them).
    private static func isPlainBase(_ path: String) -> Bool {
        path.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let first = bytes.first else { return true }
            return first != slashByte && bytes.last != slashByte && isPlainASCII(bytes, dotsAllowed: true)
        } ?? false
    }

    /// ASCII without carriage returns or empty components (`//`); with
    /// `dotsAllowed` false, no component starts with a dot either.
    private static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>, dotsAllowed: Bool) -> Bool {
        var previous = slashByte
        for byte in bytes {
            if !isOneByteCharacter(byte) { return false }
            if previous == slashByte && (byte == slashByte || (!dotsAllowed && byte == UInt8(ascii: "."))) { return false }
            previous = byte
        }
        return true
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
        return bytes.allSatisfy(isOneByteCharacter) ? bytes : nil
    }

    /// An ASCII byte other than a carriage return: a character of its own
    /// (CR LF is one character), so that a path of such bytes can be
    /// resolved byte by byte.
    private static func isOneByteCharacter(_ byte: UInt8) -> Bool { byte < 0x80 && byte != 0x0D }

    /// `resolve` on ASCII paths, a byte for a character, written into one
    /// buffer by a plain scan (splitting into slices and joining them cost
    /// some 10,000 instructions a path, and the server resolves every
    /// cited source's path on each keystroke).
    private static func resolveASCII(_ relative: [UInt8], from base: [UInt8]) -> String? {
        if let first = relative.first, first == slashByte || first == UInt8(ascii: "~") || first == UInt8(ascii: "\\") { return nil }
        if relative.count >= 2, relative[1] == UInt8(ascii: ":") { return nil } // C:\…
        var resolved = ResolvedPath(capacity: base.count + relative.count + 1)
        _ = resolved.append(base, dotsAreSteps: false)
        guard resolved.append(relative, dotsAreSteps: true) else { return nil }
        return String(decoding: resolved.bytes, as: UTF8.self)
    }

    private static let slashByte = UInt8(ascii: "/")

    /// A path built component by component.
    private struct ResolvedPath {
        var bytes: [UInt8] = []
        /// Where each component's separator (for the first, the component)
        /// starts in `bytes`, to take the last one off.
        var componentStarts: [Int] = []

        init(capacity: Int) { bytes.reserveCapacity(capacity) }

        /// Appends the components of `path`; with `dotsAreSteps`, `.` is
        /// skipped and `..` takes the last component off. False when a
        /// `..` climbs above the root.
        mutating func append(_ path: [UInt8], dotsAreSteps: Bool) -> Bool {
            let dot = UInt8(ascii: ".")
            var index = 0
            while index < path.count {
                if path[index] == slashByte { index += 1; continue }
                let start = index
                while index < path.count, path[index] != slashByte { index += 1 }
                let length = index - start
                if dotsAreSteps, length <= 2, path[start] == dot, path[index - 1] == dot {
                    if length == 1 { continue }
                    guard let last = componentStarts.popLast() else { return false }
                    bytes.removeSubrange(last...)
                    continue
                }
                componentStarts.append(bytes.count)
                if !bytes.isEmpty { bytes.append(slashByte) }
                bytes += path[start..<index]
            }
            return true
        }
    }
}
