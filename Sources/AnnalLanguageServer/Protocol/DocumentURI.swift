#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Conversions between `file:` URIs and file-system paths.
///
/// Clients differ in percent-encoding; the server keeps the client's own
/// spelling for documents it opened and builds URIs with Foundation otherwise.
enum DocumentURI {
    /// The file-system path of a `file:` URI, or nil for other schemes.
    static func path(_ uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        let path = url.standardizedFileURL.path
        return path.isEmpty ? nil : path
    }

    /// A `file:` URI for an absolute path.
    static func uri(forPath path: String) -> String {
        URL(fileURLWithPath: path).absoluteString
    }
}
