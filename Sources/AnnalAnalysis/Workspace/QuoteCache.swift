import AnnalBytes
import AnnalSyntax
import AnnalConcurrency

/// Remembers quote searches in one version of a source document, so that
/// re-checking a file does not search again for quotes already found.
final class QuoteCache: @unchecked Sendable {
    private let lock = Lock()
    private var results: [Key: QuoteSearchResult] = [:]

    /// A quote keyed by its UTF-8 bytes (a quote is folded, NFC included,
    /// before it is searched, so equal bytes mean equal results). Every
    /// quote of a file is looked up on every keystroke: hashing a `String`
    /// normalises it first and `Hasher` costs about 25 instructions a byte,
    /// so the key carries a word-at-a-time hash of the bytes, computed once,
    /// and compares bytes only when the hashes agree.
    private struct Key: Hashable {
        let quote: [UInt8]
        let digest: UInt64

        init(_ quote: [UInt8]) {
            self.quote = quote
            digest = quote.withUnsafeBytes { ByteDigest.digest($0) }
        }

        func hash(into hasher: inout Hasher) { hasher.combine(digest) }

        static func == (a: Key, b: Key) -> Bool {
            a.digest == b.digest && ByteEquality.same(a.quote, b.quote)
        }
    }

    func result(for quote: [UInt8], compute: () -> QuoteSearchResult) -> QuoteSearchResult {
        let key = Key(quote)
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
