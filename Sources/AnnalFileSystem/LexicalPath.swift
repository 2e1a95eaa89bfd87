#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Absolute paths made and tidied as text, for the few paths a command
/// starts from (the current folder, the paths it is given, the root).
///
/// Foundation's `URL` gives the same answers, but the first `URL` a process
/// makes costs about half a millisecond (its type metadata instantiated,
/// the file manager set up), on the one thread a command has before it
/// reads any file: a tenth of checking a 20,000-line file. Paths that
/// `URL` treats specially (a leading `~`, its home folder) still go to it.
public enum LexicalPath {
    /// `path` made absolute against the folder `directory` (an absolute
    /// path), standardised (`standardized`): what
    /// `URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath:
    /// directory, isDirectory: true)).standardizedFileURL.path` gives.
    public static func absolute(_ path: String, relativeTo directory: String) -> String {
        if path.utf8.first == UInt8(ascii: "~") {
            let base = URL(fileURLWithPath: directory, isDirectory: true)
            return URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.path
        }
        if path.utf8.first == UInt8(ascii: "/") { return standardized(path) }
        return standardized(appending(path, to: directory))
    }

    /// An absolute `path` standardised as `URL` does it: `.` components
    /// dropped and each `..` taking away the component before it (none
    /// above the root), where an empty component (`//`) counts as one
    /// (`a//..` is `a`: RFC 3986's removal of dot segments); the empty
    /// components left are then dropped. `/` for the root itself. Split
    /// at the byte `/`, as the file system reads a path (a `/` followed by
    /// a combining mark is one `Character`).
    public static func standardized(_ path: String) -> String {
        // The components as byte ranges of `bytes`, in a flat array of
        // their bounds (an array of `Substring.UTF8View`s had its type made
        // at run time, tens of microseconds of a command's start).
        let bytes = Array(path.utf8)
        var bounds: [Int] = []
        var start = 0
        // The empty component before a leading `/` is the root.
        if bytes.first == UInt8(ascii: "/") { start = 1 }
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "/") { end += 1 }
            let length = end - start
            if length == 1 && bytes[start] == UInt8(ascii: ".") {
                // dropped
            } else if length == 2 && bytes[start] == UInt8(ascii: ".") && bytes[start + 1] == UInt8(ascii: ".") {
                bounds.removeLast(min(2, bounds.count))
            } else {
                bounds.append(start)
                bounds.append(end)
            }
            start = end + 1
        }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 1)
        var index = 0
        while index < bounds.count {
            if bounds[index] < bounds[index + 1] {
                result.append(UInt8(ascii: "/"))
                result.append(contentsOf: bytes[bounds[index]..<bounds[index + 1]])
            }
            index += 2
        }
        if result.isEmpty { result.append(UInt8(ascii: "/")) }
        return String(decoding: result, as: UTF8.self)
    }

    /// The folder holding the absolute `path` (no trailing `/`): `/` for a
    /// path at the root and for the root itself, as `URL`'s
    /// `deletingLastPathComponent()` gives.
    public static func parent(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), slash != path.utf8.startIndex else { return "/" }
        return String(decoding: path.utf8[..<slash], as: UTF8.self)
    }

    /// `component` appended to the absolute `folder` path.
    public static func appending(_ component: String, to folder: String) -> String {
        folder.utf8.last == UInt8(ascii: "/") ? folder + component : folder + "/" + component
    }
}
