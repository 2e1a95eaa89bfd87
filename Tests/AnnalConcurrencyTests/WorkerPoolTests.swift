@testable import AnnalConcurrency
import CAnnalScheduling
import Dispatch
import Foundation
import Testing

/// `WorkerPool` runs every iteration exactly once, on its helpers as well
/// as on the caller, one loop at a time, and never holds on to a loop's
/// closure after the loop.
@Suite(.timeLimit(.minutes(2))) struct WorkerPoolTests {
    /// How many times each iteration ran, and on how many threads.
    final class Tally: @unchecked Sendable {
        private let lock = Lock()
        private var counts: [Int]
        private var threads: Set<ObjectIdentifier> = []

        init(_ count: Int) { counts = Array(repeating: 0, count: count) }

        func record(_ index: Int) {
            let thread = ObjectIdentifier(Thread.current)
            lock.withLock {
                counts[index] += 1
                threads.insert(thread)
            }
        }

        var all: [Int] { lock.withLock { counts } }
        var threadCount: Int { lock.withLock { threads.count } }
    }

    /// A helper moves off its caller's processor before it prepares: a new
    /// thread is often queued there, and the caller, which yields to it,
    /// waited for the whole preparation (a command's heap reserved).
    @Test func aHelperPreparesOffItsCallersProcessor() {
        guard WorkerPool.processorsAllowed().count >= 2 else { return }
        final class Shared: @unchecked Sendable {
            let lock = Lock()
            var value: Int32 = -1
            func read() -> Int32 { lock.withLock { value } }
            func write(_ new: Int32) { lock.withLock { value = new } }
        }
        // Every other processor kept busy, as another process (or one that
        // is ending) often keeps it when a command starts: a new thread is
        // then queued on its caller's processor about half the time.
        let here = annal_current_processor()
        let stop = Shared()
        for processor in WorkerPool.processorsAllowed() where processor != here {
            Thread {
                _ = annal_move_to_processor(processor)
                while stop.read() < 0 {}
            }.start()
        }
        defer { stop.write(1) }
        usleep(2_000)
        var onTheCallers = 0
        let trials = 30
        for _ in 0..<trials {
            let pool = WorkerPool(helpers: 1)
            let seen = Shared()
            let prepared = DispatchSemaphore(value: 0)
            let caller = annal_current_processor()
            pool.start(preparingEachHelper: {
                seen.write(annal_current_processor())
                prepared.signal()
            })
            #expect(prepared.wait(timeout: .now() + 10) == .success)
            if seen.read() == caller { onTheCallers += 1 }
        }
        // Without the move: 14 to 18 of 30 here.
        #expect(onTheCallers <= 3, "\(onTheCallers) of \(trials) helpers prepared on their caller's processor")
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

    /// The preparation given to `start` runs once on each helper, before
    /// that helper runs any iteration, and never on the caller; a second
    /// `start` neither runs it again nor replaces it.
    @Test func eachHelperIsPreparedOnceBeforeItsFirstIteration() {
        final class Prepared: @unchecked Sendable {
            let lock = Lock()
            var threads: [ObjectIdentifier] = []
            var unpreparedRuns = 0
            func add() { lock.withLock { threads.append(ObjectIdentifier(Thread.current)) } }
            func check() {
                let thread = ObjectIdentifier(Thread.current)
                lock.withLock { if !threads.contains(thread) { unpreparedRuns += 1 } }
            }
        }
        let prepared = Prepared()
        let caller = ObjectIdentifier(Thread.current)
        let pool = WorkerPool(helpers: 3)
        pool.start(stayingAwakeFor: 1_000_000, preparingEachHelper: { prepared.add() })
        pool.start(preparingEachHelper: { prepared.add(); prepared.add() })
        let deadline = Date().addingTimeInterval(10)
        while prepared.lock.withLock({ prepared.threads.count < 3 }) && Date() < deadline { usleep(200) }
        for _ in 0..<20 {
            pool.forEach(64) { _ in
                if ObjectIdentifier(Thread.current) != caller { prepared.check() }
            }
        }
        let threads = prepared.lock.withLock { prepared.threads }
        #expect(threads.count == 3, "one preparation a helper")
        #expect(Set(threads).count == 3 && !threads.contains(caller))
        #expect(prepared.lock.withLock { prepared.unpreparedRuns } == 0)
    }

    /// Every helper of a large pool (started one by the other) takes part:
    /// thirteen iterations that can only finish all side by side, with
    /// twelve helpers, some awake and some asleep between loops.
    @Test func everyHelperOfALargePoolTakesPart() {
        let pool = WorkerPool(helpers: 12)
        pool.start(stayingAwakeFor: 1_000_000)
        for round in 0..<3 {
            let arrived = Lock()
            nonisolated(unsafe) var count = 0
            let tally = Tally(13)
            nonisolated(unsafe) var allMet = true
            // One deadline for the round: a pool short of threads fails
            // in ten seconds, not ten a waiting iteration.
            let deadline = Date().addingTimeInterval(10)
            pool.forEach(13) { index in
                tally.record(index)
                arrived.withLock { count += 1 }
                while arrived.withLock({ count < 13 }) {
                    if Date() > deadline {
                        arrived.withLock { allMet = false }
                        return
                    }
                    usleep(200)
                }
            }
            #expect(allMet, "round \(round): thirteen threads at once")
            #expect(tally.threadCount == 13)
            if !allMet { break }
            Thread.sleep(forTimeInterval: 0.005)
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
        #if os(Linux)
        #expect(WorkerPool.processorsAllowed().count == count)
        #endif
    }

    /// A helper moves only when another thread of the loop was last seen on
    /// its processor, and then to the first allowed one no thread is on.
    @Test func aHelperMovesOnlyOffASharedProcessor() {
        let allowed: [Int32] = [0, 1, 2, 3]
        // Alone on its processor, or not seen yet: stays.
        #expect(WorkerPool.processorToMoveTo(thread: 1, processors: [0, 1], allowed: allowed) == nil)
        #expect(WorkerPool.processorToMoveTo(thread: 1, processors: [0, -1], allowed: allowed) == nil)
        #expect(WorkerPool.processorToMoveTo(thread: 1, processors: [-1, -1], allowed: allowed) == nil)
        // With the caller: to the first free one.
        #expect(WorkerPool.processorToMoveTo(thread: 1, processors: [0, 0], allowed: allowed) == 1)
        #expect(WorkerPool.processorToMoveTo(thread: 2, processors: [1, 0, 0], allowed: allowed) == 2)
        #expect(WorkerPool.processorToMoveTo(thread: 3, processors: [0, 1, 2, 2], allowed: allowed) == 3)
        // Another helper not seen yet does not take a processor.
        #expect(WorkerPool.processorToMoveTo(thread: 1, processors: [2, 2, -1], allowed: allowed) == 0)
        // Every allowed processor taken: the kernel shares them.
        #expect(WorkerPool.processorToMoveTo(thread: 2, processors: [0, 1, 1], allowed: [0, 1]) == nil)
        // Only allowed processors: a container may allow 4 and 6 only.
        #expect(WorkerPool.processorToMoveTo(thread: 1, processors: [4, 4], allowed: [4, 6]) == 6)
    }

    /// The move lands on the processor asked for and leaves the thread free
    /// to run on every processor it was allowed before. Where moves are
    /// refused (a sandbox), there is nothing to check.
    @Test func aMoveLandsAndDoesNotPin() throws {
        #if os(Linux)
        let allowed = WorkerPool.processorsAllowed()
        try #require(!allowed.isEmpty)
        final class Seen: @unchecked Sendable {
            var landed: [Int32: Bool] = [:]
            var refused = false
            var allowedAfter: [Int32] = []
        }
        let seen = Seen()
        let done = DispatchSemaphore(value: 0)
        startDedicatedThread(name: "mover") {
            for processor in allowed {
                // The kernel may move the thread on as soon as it is free
                // again: a few tries, one of which must land.
                for _ in 0..<5 where seen.landed[processor] != true {
                    let status = annal_move_to_processor(processor)
                    if status == -1 { seen.refused = true }
                    seen.landed[processor] = status == 0 && annal_current_processor() == processor
                }
            }
            seen.allowedAfter = WorkerPool.processorsAllowed()
            done.signal()
        }
        done.wait()
        #expect(seen.allowedAfter == allowed, "not pinned")
        if !seen.refused {
            for processor in allowed { #expect(seen.landed[processor] == true, "landed on \(processor)") }
        }
        #expect(annal_move_to_processor(-1) == -1)
        #expect(annal_move_to_processor(100_000) == -1)
        #endif
    }
}
