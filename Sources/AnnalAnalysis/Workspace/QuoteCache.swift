import Foundation

/// Remembers quote searches in one version of a source document, so that
/// re-checking a file does not search again for quotes already found.
final class QuoteCache: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [String: QuoteSearchResult] = [:]

    func result(for quote: String, compute: () -> QuoteSearchResult) -> QuoteSearchResult {
        lock.lock()
        if let cached = results[quote] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let result = compute()
        lock.lock()
        results[quote] = result
        lock.unlock()
        return result
    }
}
