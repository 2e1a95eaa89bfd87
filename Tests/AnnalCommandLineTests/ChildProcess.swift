import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process for tests that run the built `annal`: started with
/// `posix_spawn`, reaped by the test itself with `waitpid`.
///
/// Not Foundation's `Process`. On Linux it learns that a child ended from a
/// SIGCHLD dispatch source, and once, on a loaded CI machine, it never did:
/// the `annal` child was a zombie, `isRunning` stayed true and
/// `waitUntilExit()` waited for ever (docs/reliability.md). Here a wait has a
/// deadline and a killed child is reaped by a blocking `waitpid`, which the
/// kernel always answers. Pipes are opened close-on-exec, so a child another
/// test starts at the same moment does not inherit (and hold open) their ends;
/// the child starts with no blocked signals and default dispositions, whatever
/// the test runner's thread had.
final class ChildProcess: @unchecked Sendable {
    /// Where one of the child's standard streams goes.
    enum Stream {
        /// `/dev/null`.
        case null
        /// A pipe whose other end the test holds.
        case pipe
        /// A file, created or truncated.
        case file(String)
    }

    /// How a child ended.
    struct Ending: Equatable {
        /// The exit code, or the number of the signal that ended it.
        let status: Int32
        /// True when a signal ended it (a crash or a kill).
        let bySignal: Bool
    }

    let pid: pid_t
    /// The write end of the child's standard input (with `.pipe`).
    private(set) var input: Int32?
    /// The read end of the child's standard output (with `.pipe`).
    let output: Int32?
    /// The read end of the child's standard error (with `.pipe`).
    let error: Int32?

    private let lock = NSLock()
    /// Set once the child is reaped.
    private var reaped: Ending?

    /// Starts `executable`. `environment` nil inherits the test's own.
    init(_ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
         input inputStream: Stream = .null, output outputStream: Stream = .null, error errorStream: Stream = .null) throws {
        _ = Self.ignoreSIGPIPE
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // The child's ends are closed here once it has started; the test's
        // ends are kept.
        var childEnds: [Int32] = []
        var testEnds: [Int32] = []
        defer { for descriptor in childEnds { close(descriptor) } }
        func connect(_ stream: Stream, to target: Int32, childReads: Bool) throws -> Int32? {
            switch stream {
            case .null:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", childReads ? O_RDONLY : O_WRONLY, 0)
                return nil
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                return nil
            case .pipe:
                var ends: [Int32] = [-1, -1]
                guard Self.pipe2(&ends, O_CLOEXEC) == 0 else { throw ChildProcessError.pipe(errno) }
                let (childEnd, testEnd) = childReads ? (ends[0], ends[1]) : (ends[1], ends[0])
                childEnds.append(childEnd)
                testEnds.append(testEnd)
                // dup2 onto 0, 1 or 2 gives the child a descriptor without close-on-exec.
                posix_spawn_file_actions_adddup2(&actions, childEnd, target)
                return testEnd
            }
        }
        let testInput: Int32?, testOutput: Int32?, testError: Int32?
        do {
            testInput = try connect(inputStream, to: 0, childReads: true)
            testOutput = try connect(outputStream, to: 1, childReads: false)
            testError = try connect(errorStream, to: 2, childReads: false)
        } catch {
            for descriptor in testEnds { close(descriptor) }
            throw error
        }
        // The test's end of the input never blocks: `write` waits for room
        // with a deadline, so a child that stops reading fails the test
        // instead of hanging it.
        if let testInput { _ = fcntl(testInput, F_SETFL, fcntl(testInput, F_GETFL) | O_NONBLOCK) }
        if let directory { _ = Self.addChdir(&actions, directory.path) }

        var environmentLines: [String] = []
        for (key, value) in environment ?? ProcessInfo.processInfo.environment { environmentLines.append("\(key)=\(value)") }
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environmentLines.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }

        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        guard status == 0 else {
            for descriptor in [testInput, testOutput, testError].compactMap({ $0 }) { close(descriptor) }
            throw ChildProcessError.spawn(executable.path, status)
        }
        self.pid = pid
        self.input = testInput
        self.output = testOutput
        self.error = testError
    }

    deinit {
        if ended == nil { kill() }
        for descriptor in [input, output, error].compactMap({ $0 }) { close(descriptor) }
    }

    // MARK: Input

    /// Writes all of `bytes` to the child's input; false once it is
    /// closed, or when the child has not taken them within `timeout` seconds.
    @discardableResult
    func write(_ bytes: [UInt8], timeout: TimeInterval = 120) -> Bool {
        guard let input = lock.withLock({ self.input }) else { return false }
        let deadline = Date().addingTimeInterval(timeout)
        return bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(input, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                    continue
                }
                guard written < 0, errno == EINTR || errno == EAGAIN else { return false }
                let remaining = deadline.timeIntervalSinceNow
                if remaining <= 0 { return false }
                var room = [pollfd(fd: input, events: Int16(POLLOUT), revents: 0)]
                _ = poll(&room, 1, Int32(min(remaining, 1) * 1000) + 1)
            }
            return true
        }
    }

    /// Closes the child's input: it reads the end of its input.
    func closeInput() {
        lock.withLock {
            if let input { close(input) }
            input = nil
        }
    }

    // MARK: Ending

    /// How the child ended, if it has (reaped here, never blocks).
    var ended: Ending? {
        lock.withLock {
            if reaped == nil { reaped = reap(options: WNOHANG) }
            return reaped
        }
    }

    var isRunning: Bool { ended == nil }

    /// How the child ended, waiting up to `timeout` seconds; nil if it still runs.
    func ending(within timeout: TimeInterval) -> Ending? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let ended { return ended }
            if Date() >= deadline { return nil }
            usleep(2_000)
        }
    }

    /// Waits for the child to end, however long that takes. Only after a
    /// `SIGKILL`, or for a child certain to end.
    @discardableResult
    func waitForExit() -> Ending {
        lock.withLock {
            if reaped == nil { reaped = reap(options: 0) }
            return reaped!
        }
    }

    /// Sends `signal` unless the child has been reaped (its number may be reused).
    func signal(_ signal: Int32) {
        lock.withLock { if reaped == nil { _ = Glibc.kill(pid, signal) } }
    }

    /// Kills the child if it still runs and reaps it.
    @discardableResult
    func kill() -> Ending {
        signal(SIGKILL)
        return waitForExit()
    }

    private func reap(options: Int32) -> Ending? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, options)
            if result == pid { break }
            if result == -1 && errno == EINTR { continue }
            return nil  // still running (0), or not ours to wait for (-1)
        }
        let signal = status & 0x7f
        return signal == 0 ? Ending(status: (status >> 8) & 0xff, bySignal: false) : Ending(status: signal, bySignal: true)
    }

    // MARK: Running to the end

    /// What `run` collected.
    struct Outcome {
        let ending: Ending
        let output: [UInt8]
        let error: [UInt8]
        /// True when the child was killed at the deadline.
        let timedOut: Bool
        var status: Int32 { ending.status }
        var out: String { String(decoding: output, as: UTF8.self) }
        var err: String { String(decoding: error, as: UTF8.self) }
    }

    /// Runs `executable` to its end: feeds it `input` (its input is then
    /// closed), collects its output and error streams, and kills it if it
    /// has not ended after `timeout` seconds.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
                    input: [UInt8]? = nil, timeout: TimeInterval = 60) throws -> Outcome {
        let child = try ChildProcess(executable, arguments, in: directory, environment: environment,
                                     input: input == nil ? .null : .pipe, output: .pipe, error: .pipe)
        return child.collect(feeding: input ?? [], timeout: timeout)
    }

    /// Feeds `bytes` to the child's input (then closes it), reads its output
    /// and error streams to their ends, and kills it after `timeout` seconds.
    func collect(feeding bytes: [UInt8] = [], timeout: TimeInterval) -> Outcome {
        let deadline = Date().addingTimeInterval(timeout)
        var collected: [Int32: [UInt8]] = [:]
        var open = Set([output, error].compactMap { $0 })
        var pending = bytes[...]
        var writer = lock.withLock { input }
        if pending.isEmpty { closeInput(); writer = nil }
        var timedOut = false
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        // After a kill the streams close with the child; a grandchild still
        // holding them gets five more seconds.
        var lastDeadline = deadline
        while !open.isEmpty || writer != nil {
            var polled = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if let writer { polled.append(pollfd(fd: writer, events: Int16(POLLOUT), revents: 0)) }
            let remaining = lastDeadline.timeIntervalSinceNow
            if remaining <= 0 {
                if timedOut { break }
                timedOut = true
                signal(SIGKILL)
                closeInput(); writer = nil
                lastDeadline = Date().addingTimeInterval(5)
                continue
            }
            let ready = poll(&polled, nfds_t(polled.count), Int32(min(remaining, 1) * 1000) + 1)
            if ready < 0 && errno != EINTR { break }
            for entry in polled where entry.revents != 0 {
                if entry.fd == writer {
                    let written = pending.withUnsafeBytes { Glibc.write(entry.fd, $0.baseAddress, $0.count) }
                    if written > 0 { pending = pending.dropFirst(written) }
                    if (written < 0 && errno != EAGAIN && errno != EINTR) || pending.isEmpty {
                        closeInput(); writer = nil
                    }
                } else {
                    let count = chunk.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                    if count > 0 {
                        collected[entry.fd, default: []] += chunk[0..<count]
                    } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                        open.remove(entry.fd)
                    }
                }
            }
        }
        // A child that closed its streams but runs on is killed at the
        // deadline too, and that is a time-out.
        var end = ending(within: max(lastDeadline.timeIntervalSinceNow, 0))
        if end == nil {
            timedOut = true
            end = kill()
        }
        return Outcome(ending: end!, output: output.flatMap { collected[$0] } ?? [], error: error.flatMap { collected[$0] } ?? [],
                       timedOut: timedOut)
    }

    // MARK: glibc calls Swift's Glibc module does not declare (GNU extensions)

    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    /// A write to a child that has gone fails with EPIPE instead of ending the tests.
    private static let ignoreSIGPIPE: Void = { _ = Glibc.signal(SIGPIPE, SIG_IGN) }()

    private static let addChdir = unsafeBitCast(symbol("posix_spawn_file_actions_addchdir_np"), to: AddChdir.self)
    private static let pipe2 = unsafeBitCast(symbol("pipe2"), to: Pipe2.self)

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer {
        guard let address = dlsym(dlopen(nil, RTLD_NOW), name) else { fatalError("glibc has no \(name)") }
        return address
    }
}

enum ChildProcessError: Error, CustomStringConvertible {
    case pipe(Int32)
    case spawn(String, Int32)

    var description: String {
        switch self {
        case .pipe(let code): "pipe2: \(String(cString: strerror(code)))"
        case .spawn(let path, let code): "posix_spawn \(path): \(String(cString: strerror(code)))"
        }
    }
}
