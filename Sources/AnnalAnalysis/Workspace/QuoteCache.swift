import Foundation

/// Remembers quote searches in one version of a source document, so that
/// re-checking a file does not search again for quotes already found.
final class QuoteCache: @unchecked Sendable {
    private let lock = NSLock()
    /// Keyed by the quote's UTF-8 bytes: hashing a `String` normalises it
    /// (NFC) first, which costs more than the bytes (a quote is folded, NFC
    /// included, before it is searched, so equal bytes mean equal results).
    private var results: [Key: QuoteSearchResult] = [:]

    /// UTF-8 bytes hashed as one block (an `[UInt8]` key hashes byte by byte).
    private struct Key: Hashable {
        let bytes: [UInt8]
        func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }

    func result(for quote: String, compute: () -> QuoteSearchResult) -> QuoteSearchResult {
        let key = Key(bytes: Array(quote.utf8))
        lock.lock()
        if let cached = results[key] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let result = compute()
        lock.lock()
        results[key] = result
        lock.unlock()
        return result
    }
}
