#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A condition variable (`pthread_cond_t`) on a `Lock`: a thread holding
/// the lock waits until another changes what it waits for and says so.
/// Several variables may share one lock, one for each kind of waiter.
public final class ConditionVariable: @unchecked Sendable {
    /// The lock a waiter holds.
    public let lock: Lock
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    /// A condition variable on `lock`.
    public init(on lock: Lock) {
        self.lock = lock
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        let status = pthread_cond_init(condition, nil)
        precondition(status == 0, "pthread_cond_init failed: \(status)")
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deinitialize(count: 1)
        condition.deallocate()
    }

    /// Frees the lock, sleeps until `signal` or `broadcast` (or, rarely,
    /// for no reason: test what was waited for again), and takes the lock
    /// back. Call it holding the lock.
    public func wait() {
        let status = pthread_cond_wait(condition, lock.mutex)
        precondition(status == 0, "pthread_cond_wait failed: \(status)")
    }

    /// Wakes one thread waiting, if any. Call it holding the lock, after
    /// the change it waits for.
    public func signal() {
        let status = pthread_cond_signal(condition)
        precondition(status == 0, "pthread_cond_signal failed: \(status)")
    }

    /// Wakes every thread waiting. Call it holding the lock, after the
    /// change they wait for.
    public func broadcast() {
        let status = pthread_cond_broadcast(condition)
        precondition(status == 0, "pthread_cond_broadcast failed: \(status)")
    }
}
