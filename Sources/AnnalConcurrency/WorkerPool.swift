#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
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
/// One loop at a time: a loop started while another runs (from inside an
/// iteration, or from another thread) runs on its caller alone, as
/// libdispatch ran nested loops.
public final class WorkerPool: @unchecked Sendable {
    /// The pool of the process: one helper per processor the process may
    /// run on, less the calling thread.
    public static let shared = WorkerPool(helpers: max(0, availableProcessors() - 1))

    /// The number of helper threads.
    public let helperCount: Int

    /// Held by the thread whose loop the helpers are running.
    private let running = Lock()
    /// Guards what follows; helpers wait on it for a loop, a loop's caller
    /// for its helpers.
    private let condition = Condition()
    private var started = false
    /// How long a helper stays awake for the next loop, in nanoseconds.
    private var awakeFor = 0
    /// The loop being run; nil between loops and once its iterations are
    /// all taken.
    private var job: Job?
    /// Counts the loops: a helper waits for the next number.
    private var generation = 0
    /// Helpers inside the current loop.
    private var activeHelpers = 0

    /// One loop: its iterations and the next one to take.
    private final class Job {
        let count: Int
        let body: (Int) -> Void
        let claims = Lock()
        var next = 0

        init(count: Int, body: @escaping (Int) -> Void) {
            self.count = count
            self.body = body
        }

        /// Takes and runs iterations until none is left.
        func run() {
            while true {
                let index = claims.withLock { () -> Int in
                    defer { next += 1 }
                    return next
                }
                guard index < count else { return }
                body(index)
            }
        }
    }

    /// A pool of `helpers` helper threads (none: every loop runs on its
    /// caller). They start with the first loop, or with `start`.
    public init(helpers: Int) {
        helperCount = max(0, helpers)
    }

    /// Starts the helper threads now, so that they are there when the first
    /// loop comes (a command calls it before it looks for files), and keeps
    /// each awake `nanoseconds` after a loop, waiting for the next one
    /// (spinning, yielding its processor to any thread that wants it)
    /// before it sleeps. Starts them once; the longest stay asked wins.
    public func start(stayingAwakeFor nanoseconds: Int = 0) {
        let starting = condition.withLock { () -> Bool in
            awakeFor = max(awakeFor, nanoseconds)
            defer { started = true }
            return !started
        }
        guard starting else { return }
        for number in 0..<helperCount {
            let launched = startDedicatedThread(name: "worker \(number + 1)") { [self] in
                var seen = 0
                while true {
                    seen = waitForLoop(after: seen)
                    if joinAndRun() {
                        condition.withLock {
                            activeHelpers -= 1
                            if activeHelpers == 0 { condition.broadcast() }
                        }
                    }
                }
            }
            precondition(launched, "the system refused a worker thread")
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
            let job = Job(count: count, body: body)
            condition.withLock {
                self.job = job
                generation += 1
                condition.broadcast()
            }
            job.run()
            // No helper joins from here on; wait for those inside.
            condition.withLock {
                self.job = nil
                while activeHelpers > 0 { condition.wait() }
            }
        }
    }

    /// Waits for a loop numbered after `seen` and returns its number:
    /// awake for `awakeFor`, then asleep.
    private func waitForLoop(after seen: Int) -> Int {
        let deadline = Self.now() + condition.withLock { awakeFor }
        while true {
            condition.lock()
            if generation != seen {
                defer { condition.unlock() }
                return generation
            }
            if Self.now() >= deadline {
                while generation == seen { condition.wait() }
                defer { condition.unlock() }
                return generation
            }
            condition.unlock()
            sched_yield()
        }
    }

    /// Joins the current loop, if any, and runs iterations until none is
    /// left; true when it joined (then it counts among `activeHelpers`).
    /// Not inlined: the helper lets go of the loop (and of the caller's
    /// closure) when this returns, before it says it has left.
    @inline(never)
    private func joinAndRun() -> Bool {
        let joined = condition.withLock { () -> Job? in
            guard let job else { return nil }
            activeHelpers += 1
            return job
        }
        guard let joined else { return false }
        joined.run()
        return true
    }

    private static func now() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }
}

/// The number of processors this process may run on: its CPU affinity
/// (a container or `taskset` may allow fewer than the machine has); the
/// processors online, as libdispatch counts them, when the call is out of
/// reach (in a static executable `dlsym` finds nothing).
public func availableProcessors() -> Int {
    #if os(Linux)
    // glibc declares sched_getaffinity only for _GNU_SOURCE, which Swift's
    // view of it leaves out: look the function up instead.
    typealias GetAffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
    if let symbol = dlsym(nil, "sched_getaffinity") {
        var mask = [UInt64](repeating: 0, count: 16)  // 1,024 processors
        let status = mask.withUnsafeMutableBytes { bytes in
            unsafeBitCast(symbol, to: GetAffinity.self)(0, bytes.count, bytes.baseAddress!)
        }
        let count = mask.reduce(0) { $0 + $1.nonzeroBitCount }
        if status == 0, count > 0 { return count }
    }
    #endif
    return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}
