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
        var kept: [Substring.UTF8View] = []
        var components = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)[...]
        // The empty component before the leading `/` is the root.
        if components.first?.isEmpty == true { components = components.dropFirst() }
        for component in components {
            if component.elementsEqual(".".utf8) { continue }
            if component.elementsEqual("..".utf8) {
                if !kept.isEmpty { kept.removeLast() }
                continue
            }
            kept.append(component)
        }
        var result: [UInt8] = []
        result.reserveCapacity(path.utf8.count + 1)
        for component in kept where !component.isEmpty {
            result.append(UInt8(ascii: "/"))
            result.append(contentsOf: component)
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
