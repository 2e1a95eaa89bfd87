import AnnalAnalysis
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A file's length and a 64-bit hash of its bytes: enough to tell that a
/// file read twice (checked, then read again for its report) still holds
/// the same text. Not cryptographic; about half an instruction a byte.
public struct TextFingerprint: Sendable, Hashable {
    public let length: Int
    public let hash: UInt64

    public init(_ bytes: [UInt8]) {
        length = bytes.count
        hash = bytes.withUnsafeBytes { Self.hash($0) }
    }

    static func hash(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
        var offset = 0
        while offset + 8 <= raw.count {
            hash = mix(hash, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < raw.count {
            tail |= UInt64(raw[offset]) << shift
            shift += 8
            offset += 1
        }
        return mix(hash, tail)
    }

    @inline(__always)
    private static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        var next = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
        next ^= next >> 29
        return next
    }
}

extension FileSystemHost {
    /// A `.annal` file's bytes read again, for a report printed after the
    /// check let the text go: nil when the file no longer holds the text
    /// that was checked (`fingerprint`), is gone, or cannot be read.
    /// The text was checked as UTF-8 the first time; it is not checked again.
    public func rereadText(_ url: URL, expecting fingerprint: TextFingerprint) -> [UInt8]? {
        guard case .success(let bytes) = Self.readRegularFile(url.path, limit: AnalysisLimits.maxSourceBytes),
              bytes.count == fingerprint.length else { return nil }
        return TextFingerprint(bytes) == fingerprint ? bytes : nil
    }
}
