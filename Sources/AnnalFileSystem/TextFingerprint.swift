import AnnalAnalysis
import AnnalSyntax
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A file's length and a 64-bit hash of its bytes: enough to tell that a
/// file read twice (checked, then read again for its report) still holds
/// the same text (`ByteDigest`). Not cryptographic.
public struct TextFingerprint: Sendable, Hashable {
    public let length: Int
    public let hash: UInt64

    public init(_ bytes: [UInt8]) {
        length = bytes.count
        hash = bytes.withUnsafeBytes { ByteDigest.digest($0) }
    }
}

extension FileSystemHost {
    /// A `.annal` file's bytes read again, for a report printed after the
    /// check let the text go: nil when the file no longer holds the text
    /// that was checked (`fingerprint`), is gone, or cannot be read.
    /// The text was checked as UTF-8 the first time; it is not checked again.
    /// `workspacePath` is the file's path in the workspace, joined to the
    /// root as a string (`URL`'s appending and `path` were a fifth of a
    /// report's time on one core).
    public func rereadText(_ workspacePath: String, expecting fingerprint: TextFingerprint) -> [UInt8]? {
        guard case .success(let bytes) = Self.readRegularFile(rootPrefix + workspacePath, limit: AnalysisLimits.maxSourceBytes),
              bytes.count == fingerprint.length else { return nil }
        return TextFingerprint(bytes) == fingerprint ? bytes : nil
    }
}
