@testable import AnnalConcurrency
import Dispatch
import Foundation
import Testing

@Suite struct ConcurrencyTests {
    final class Counter: @unchecked Sendable {
        let lock = Lock()
        var value = 0
        var names: [String] = []
    }

    @Test func theLockKeepsIncrementsFromManyThreadsWhole() {
        let counter = Counter()
        let done = DispatchSemaphore(value: 0)
        let threads = 8, increments = 20_000
        for _ in 0..<threads {
            let started = startDedicatedThread(name: "counter") {
                for _ in 0..<increments {
                    counter.lock.withLock {
                        // A read, a yield and a write: without the lock,
                        // threads interleave here and increments are lost.
                        let seen = counter.value
                        if seen % 1_000 == 0 { sched_yield() }
                        counter.value = seen + 1
                    }
                }
                done.signal()
            }
            #expect(started)
        }
        for _ in 0..<threads { done.wait() }
        #expect(counter.value == threads * increments)
    }

    @Test func aDedicatedThreadIsNamedAndIsNotTheCallersThread() {
        let counter = Counter()
        let done = DispatchSemaphore(value: 0)
        let caller = pthread_self()
        startDedicatedThread(name: "JSONRPC reader") {
            counter.lock.withLock {
                counter.names.append(Thread.current.name ?? "")
                counter.value = pthread_equal(pthread_self(), caller) != 0 ? 1 : 2
            }
            done.signal()
        }
        done.wait()
        #expect(counter.names == ["JSONRPC reader"])
        #expect(counter.value == 2)
    }

    #if os(Linux)
    @Test func aLongNameIsCutAtACharacterWithinTheSystemsLimit() {
        let counter = Counter()
        let done = DispatchSemaphore(value: 0)
        // 14 bytes then "é" (2 bytes): a cut at 15 bytes would split "é".
        startDedicatedThread(name: "lecteur annal é de plus") {
            counter.lock.withLock { counter.names.append(Thread.current.name ?? "") }
            done.signal()
        }
        done.wait()
        #expect(counter.names == ["lecteur annal "])
    }
    #endif
}
