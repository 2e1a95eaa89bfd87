import AnnalConcurrency
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Set by `$/cancelRequest` (or a newer edit), read by running work.
final class CancellationToken: @unchecked Sendable {
    private let lock = Lock()
    private var cancelled = false

    var isCancelled: Bool { lock.withLock { cancelled } }

    func cancel() { lock.withLock { cancelled = true } }
}
