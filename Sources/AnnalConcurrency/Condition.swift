#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A lock with a condition variable (`pthread_cond_t`): threads wait,
/// holding the lock, until another changes what they wait for and says so.
///
/// Not recursive: locking it twice on one thread deadlocks.
public final class Condition: @unchecked Sendable {
    private let mutex = Lock()
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    /// A new condition, its lock free.
    public init() {
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

    /// Waits until the lock is free and takes it.
    public func lock() { mutex.lock() }

    /// Frees the lock; only the thread that took it may free it.
    public func unlock() { mutex.unlock() }

    /// Runs `body` holding the lock.
    @inline(__always)
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        try mutex.withLock(body)
    }

    /// Frees the lock, sleeps until `broadcast` (or, rarely, for no
    /// reason: test what was waited for again), and takes the lock back.
    /// Call it holding the lock.
    public func wait() {
        let status = pthread_cond_wait(condition, mutex.mutex)
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
