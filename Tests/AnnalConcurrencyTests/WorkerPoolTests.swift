@testable import AnnalConcurrency
import Dispatch
import Foundation
import Testing

/// `WorkerPool` runs every iteration exactly once, on its helpers as well
/// as on the caller, one loop at a time, and never holds on to a loop's
/// closure after the loop.
@Suite struct WorkerPoolTests {
    /// How many times each iteration ran.
    final class Tally: @unchecked Sendable {
        private let lock = Lock()
        private var counts: [Int]
        private var threads: Set<UInt> = []

        init(_ count: Int) { counts = Array(repeating: 0, count: count) }

        func record(_ index: Int) {
            let thread = UInt(bitPattern: Int(bitPattern: UInt(pthread_self())))
            lock.withLock {
                counts[index] += 1
                threads.insert(thread)
            }
        }

        var all: [Int] { lock.withLock { counts } }
        var threadCount: Int { lock.withLock { threads.count } }
    }

    @Test(arguments: [0, 1, 2, 3, 1_000])
    func everyIterationRunsOnce(count: Int) {
        let pool = WorkerPool(helpers: 3)
        let tally = Tally(count)
        pool.forEach(count) { tally.record($0) }
        #expect(tally.all == Array(repeating: 1, count: count))
    }

    /// Iteration 0 waits for iteration 1 to start: it can only finish when
    /// another thread runs iteration 1 meanwhile (a pool that ran the loop
    /// on its caller alone would wait out the timeout).
    @Test func theHelpersRunIterationsAlongsideTheCaller() {
        for awake in [0, 5_000_000] {
            let pool = WorkerPool(helpers: 1)
            pool.start(stayingAwakeFor: awake)
            let second = DispatchSemaphore(value: 0)
            let tally = Tally(2)
            nonisolated(unsafe) var metInTime = false
            pool.forEach(2) { index in
                tally.record(index)
                if index == 0 {
                    metInTime = second.wait(timeout: .now() + 10) == .success
                } else {
                    second.signal()
                }
            }
            #expect(metInTime, "awake \(awake): iteration 1 ran while iteration 0 waited")
            #expect(tally.threadCount == 2)
        }
    }

    /// A loop inside an iteration, and loops from other threads while one
    /// runs, run on their callers: all finish, each iteration once.
    @Test func loopsInsideLoopsAndFromOtherThreadsFinish() {
        let pool = WorkerPool(helpers: 2)
        let outer = 16, inner = 50
        let tallies = (0..<outer).map { _ in Tally(inner) }
        let others = (0..<4).map { _ in Tally(200) }
        let done = DispatchSemaphore(value: 0)
        for tally in others {
            startDedicatedThread(name: "other caller") {
                pool.forEach(200) { tally.record($0) }
                done.signal()
            }
        }
        pool.forEach(outer) { index in
            pool.forEach(inner) { tallies[index].record($0) }
        }
        for _ in others { done.wait() }
        for tally in tallies { #expect(tally.all == Array(repeating: 1, count: inner)) }
        for tally in others { #expect(tally.all == Array(repeating: 1, count: 200)) }
    }

    /// Thousands of short loops back to back, helpers awake or asleep
    /// between them: no iteration lost or run twice, and no closure kept
    /// past its loop (`withoutActuallyEscaping` stops the process if a
    /// helper still held one).
    @Test func manyShortLoopsBackToBack() {
        for awake in [0, 2_000_000] {
            let pool = WorkerPool(helpers: 3)
            pool.start(stayingAwakeFor: awake)
            for round in 0..<2_000 {
                let count = 2 + round % 7
                let tally = Tally(count)
                pool.forEach(count) { tally.record($0) }
                #expect(tally.all == Array(repeating: 1, count: count), "round \(round)")
            }
        }
    }

    @Test func aPoolWithoutHelpersRunsOnItsCaller() {
        let pool = WorkerPool(helpers: 0)
        let tally = Tally(100)
        pool.forEach(100) { tally.record($0) }
        #expect(tally.all == Array(repeating: 1, count: 100))
        #expect(tally.threadCount == 1)
    }

    @Test func theProcessorsAvailableAreCounted() {
        let count = availableProcessors()
        #expect(count >= 1)
        #expect(count <= ProcessInfo.processInfo.processorCount)
    }
}
