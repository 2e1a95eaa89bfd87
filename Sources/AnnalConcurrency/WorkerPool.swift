#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CAnnalScheduling
import Dispatch

/// Runs the iterations of a loop on every processor: the calling thread
/// and helper threads of the pool's own, started once and kept, each
/// taking the next iteration no one has taken until none is left.
///
/// `DispatchQueue.concurrentPerform` did this until it was watched at work
/// (`perf sched timehist` on a 2-core machine, `annal check` on 5 MB): its
/// first loop waited 1 to 3.7 ms for libdispatch to start a worker, and in
/// about half the runs a worker, woken while the other processor was busy
/// for a moment, was queued behind the calling thread on the same
/// processor and waited there a whole scheduler tick (4 ms) while the
/// other processor sat idle. The pool's helpers start before the first
/// loop; a command that runs loop after loop keeps them awake between
/// loops (`start(stayingAwakeFor:)`): a helper that is running when a loop
/// comes takes its share at once, on the processor it holds.
///
/// The kernel of that machine also left two busy threads on one processor
/// for tens of milliseconds at a time, the other idle: a helper that finds
/// itself on the processor of another thread of the loop moves to one no
/// thread of the loop is on (`processorToMoveTo`), and is then free to run
/// anywhere again (not pinned).
///
/// One loop at a time: a loop started while another runs (from inside an
/// iteration, or from another thread) runs on its caller alone, as
/// libdispatch ran nested loops.
public final class WorkerPool: @unchecked Sendable {
    /// The pool of the process: one helper per processor the process may
    /// run on, less the calling thread.
    public static let shared = WorkerPool(helpers: max(0, availableProcessors() - 1))

    /// The number of helper threads asked for (fewer run if the system
    /// refuses some: the caller then takes more of each loop).
    public let helperCount: Int
    /// How many helpers stay awake between loops, at most: each holds a
    /// processor meanwhile, and on a machine of many processors the kernel
    /// has idle ones to wake the others onto.
    static let awakeHelpersAtMost = 3
    /// The processors the process may run on (empty where that is not known).
    let allowedProcessors: [Int32]

    /// Held by the thread whose loop the helpers are running.
    private let running = Lock()
    /// Guards what follows.
    private let state = Lock()
    /// Sleeping helpers wait on it for a loop.
    private let loopPosted: ConditionVariable
    /// A loop's caller waits on it for its helpers to leave the loop.
    private let helpersLeft: ConditionVariable
    private var started = false
    /// Run by each helper when it starts, before its first loop (`start`).
    private var helperPreparation: (@Sendable () -> Void)?
    /// How long the first helpers stay awake for the next loop, in
    /// nanoseconds.
    private var awakeFor: Int64 = 0
    /// The loop being run: nil between loops, and from when its caller has
    /// run out of iterations to take (then no helper joins any more).
    private var job: Job?
    /// Helpers inside the current loop.
    private var activeHelpers = 0
    /// Helpers awake, waiting for a loop: no call needed to bring them.
    private var awakeHelpers = 0
    /// Counts the loops (a helper waits for the next number), and the
    /// processor of the thread that starts loops, last seen: atomic words,
    /// written holding `state` and read by awake helpers without it (a
    /// lock taken at every turn of their wait would hold up the caller).
    private let generation: UnsafeMutablePointer<Int64>
    private let callerProcessor: UnsafeMutablePointer<Int64>

    /// One loop: its iterations, the next one to take, and where the
    /// threads taking them run.
    private final class Job {
        let count: Int
        let body: (Int) -> Void
        let allowed: [Int32]
        /// Guards `next` and `processors`.
        let claims = Lock()
        var next = 0
        /// The processor each thread in the loop was last seen on: the
        /// caller first, then the helpers by number (-1: not seen, or gone).
        var processors: [Int32]

        init(count: Int, threads: Int, allowed: [Int32], body: @escaping (Int) -> Void) {
            self.count = count
            self.body = body
            self.allowed = allowed
            processors = Array(repeating: -1, count: threads)
        }

        /// Takes and runs iterations until none is left, as thread
        /// `thread` of the loop (0: the caller); a helper moves when it
        /// shares a processor.
        func run(as thread: Int) {
            while true {
                let (index, moveTo) = claims.withLock { () -> (Int, Int32?) in
                    let index = next
                    next += 1
                    guard index < count else {
                        processors[thread] = -1
                        return (index, nil)
                    }
                    processors[thread] = annal_current_processor()
                    let moveTo = thread == 0 ? nil : WorkerPool.processorToMoveTo(thread: thread, processors: processors, allowed: allowed)
                    if let moveTo { processors[thread] = moveTo }
                    return (index, moveTo)
                }
                guard index < count else { return }
                if let moveTo { _ = annal_move_to_processor(moveTo) }
                body(index)
            }
        }
    }

    /// Where thread `thread` of a loop should move: when another thread of
    /// the loop was last seen on its processor, the first allowed
    /// processor none of them is on; nil when it is alone on its own, or
    /// when every allowed processor is taken (then the kernel shares them).
    static func processorToMoveTo(thread: Int, processors: [Int32], allowed: [Int32]) -> Int32? {
        let mine = processors[thread]
        guard mine >= 0, processors.enumerated().contains(where: { $0.offset != thread && $0.element == mine }) else { return nil }
        return allowed.first { !processors.contains($0) }
    }

    /// A pool of `helpers` helper threads (none: every loop runs on its
    /// caller). They start with the first loop, or with `start`.
    public init(helpers: Int) {
        helperCount = max(0, helpers)
        allowedProcessors = Self.processorsAllowed()
        loopPosted = ConditionVariable(on: state)
        helpersLeft = ConditionVariable(on: state)
        generation = .allocate(capacity: 1)
        generation.initialize(to: 0)
        callerProcessor = .allocate(capacity: 1)
        callerProcessor.initialize(to: -1)
    }

    deinit {
        // Only a pool whose helpers never started goes: they hold it.
        generation.deallocate()
        callerProcessor.deallocate()
    }

    /// The processors the calling thread may run on, in order; empty when
    /// that is not known.
    static func processorsAllowed() -> [Int32] {
        var processors = [Int32](repeating: 0, count: 1_024)
        let count = processors.withUnsafeMutableBufferPointer { annal_allowed_processors($0.baseAddress, Int32($0.count)) }
        guard count > 0, count <= processors.count else { return [] }
        return Array(processors.prefix(Int(count)))
    }

    /// Starts the helper threads now, so that they are there when the first
    /// loop comes (a command calls it before it looks for files, from the
    /// thread that will start the loops), and keeps the first
    /// `awakeHelpersAtMost` awake `nanoseconds` after a loop, waiting for
    /// the next one (spinning, yielding the processor to any thread that
    /// wants it), before they sleep. Starts them once; the longest stay
    /// asked for wins. `prepareEachHelper`, given by the call that starts
    /// them, runs on each helper as it starts, before its first loop.
    public func start(stayingAwakeFor nanoseconds: Int = 0, preparingEachHelper prepareEachHelper: (@Sendable () -> Void)? = nil) {
        let starting = state.withLock { () -> Bool in
            awakeFor = max(awakeFor, Int64(nanoseconds))
            annal_store_release(callerProcessor, Int64(annal_current_processor()))
            if !started { helperPreparation = prepareEachHelper }
            defer { started = true }
            return !started
        }
        guard starting, helperCount > 0 else { return }
        // The first helper starts the others: on a machine of many
        // processors the caller does not wait for each thread to be made.
        guard launchHelper(1) else { return }
        // A new thread may be queued on the caller's processor: let it run
        // now, so that it moves off (`waitForLoop`) before the first loop.
        sched_yield()
    }

    /// Starts helper `number` (from 1), the first starting the others;
    /// false when the system refused the thread (the pool then runs with
    /// the helpers it has).
    @discardableResult
    private func launchHelper(_ number: Int) -> Bool {
        startDedicatedThread(name: "worker \(number)") { [self] in
            // Off the caller's processor before anything else: a new
            // thread is often queued there, and the caller yields to it
            // (`start`). Its preparation (a command's heap reserved) ran
            // there while the caller waited, 1.4 to 1.7 ms in about a third
            // of a check's starts; elsewhere it overlaps the caller's work.
            _ = moveOffCallersProcessor(as: number)
            state.withLock { helperPreparation }?()
            if number == 1, helperCount >= 2 {
                for other in 2...helperCount where !launchHelper(other) { break }
            }
            var seen: Int64 = 0
            while true {
                seen = waitForLoop(after: seen, as: number)
                if joinAndRun(as: number) {
                    state.withLock {
                        activeHelpers -= 1
                        if activeHelpers == 0 { helpersLeft.signal() }
                    }
                }
            }
        }
    }

    /// Calls `body` once with each of `0..<count`, on the calling thread
    /// and the helpers, in no set order; returns when every call has.
    public func forEach(_ count: Int, _ body: (Int) -> Void) {
        guard count > 1, helperCount > 0, running.tryLock() else {
            for index in 0..<count { body(index) }
            return
        }
        defer { running.unlock() }
        start()
        withoutActuallyEscaping(body) { body in
            let job = Job(count: count, threads: helperCount + 1, allowed: allowedProcessors, body: body)
            state.withLock {
                annal_store_release(callerProcessor, Int64(annal_current_processor()))
                self.job = job
                annal_store_release(generation, annal_load_acquire(generation) + 1)
                // Wake as many sleeping helpers as can help; awake ones
                // see the new number by themselves.
                let wanted = min(helperCount, count - 1) - awakeHelpers
                for _ in 0..<max(0, wanted) { loopPosted.signal() }
            }
            job.run(as: 0)
            // No helper joins from here on; wait for those inside.
            state.withLock {
                self.job = nil
                while activeHelpers > 0 { helpersLeft.wait() }
            }
        }
    }

    /// Waits for a loop numbered after `seen` and returns its number: the
    /// first `awakeHelpersAtMost` helpers awake for `awakeFor`, then
    /// asleep. Awake, helper `thread` moves off the processor of the
    /// thread that starts loops, should it be put there (once a wait: a
    /// move that does not hold is the kernel's choice).
    private func waitForLoop(after seen: Int64, as thread: Int) -> Int64 {
        let stay = thread <= Self.awakeHelpersAtMost ? state.withLock { awakeFor } : 0
        if stay > 0 {
            state.withLock { awakeHelpers += 1 }
            let deadline = monotonicNanoseconds() + stay
            var moved = false
            while annal_load_acquire(generation) == seen && monotonicNanoseconds() < deadline {
                if !moved { moved = moveOffCallersProcessor(as: thread) }
                sched_yield()
            }
            // A loop posted meanwhile counted this helper awake and called
            // no one for it: it sees the new number below and goes.
            state.withLock { awakeHelpers -= 1 }
        }
        state.lock()
        defer { state.unlock() }
        while annal_load_acquire(generation) == seen { loopPosted.wait() }
        return annal_load_acquire(generation)
    }

    /// Moves helper `thread` to another allowed processor when it runs on
    /// the one the caller last ran on; true when it was there (moved, or
    /// alone allowed).
    private func moveOffCallersProcessor(as thread: Int) -> Bool {
        let caller = Int32(truncatingIfNeeded: annal_load_acquire(callerProcessor))
        guard caller >= 0, annal_current_processor() == caller else { return false }
        let others = allowedProcessors.filter { $0 != caller }
        if !others.isEmpty { _ = annal_move_to_processor(others[(thread - 1) % others.count]) }
        return true
    }

    /// Joins the current loop, if any, as thread `thread`, and runs
    /// iterations until none is left; true when it joined (then it counts
    /// among `activeHelpers`). Not inlined: the helper lets go of the loop
    /// (and of the caller's closure) when this returns, before it says it
    /// has left.
    @inline(never)
    private func joinAndRun(as thread: Int) -> Bool {
        let joined = state.withLock { () -> Job? in
            guard let job else { return nil }
            activeHelpers += 1
            return job
        }
        guard let joined else { return false }
        joined.run(as: thread)
        return true
    }

}

/// Nanoseconds on the monotonic clock: for waits with a deadline and for
/// timing stages (`annal check --timings`).
public func monotonicNanoseconds() -> Int64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
}

/// The number of processors this process may run on: its CPU affinity
/// (a container or `taskset` may allow fewer than the machine has), else
/// the processors online.
public func availableProcessors() -> Int {
    let allowed = WorkerPool.processorsAllowed().count
    return allowed > 0 ? allowed : max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}
