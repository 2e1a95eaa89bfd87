import AnnalConcurrency
import AnnalJSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON-RPC 2.0 connection over two file descriptors (by default stdin and
/// stdout), framed with `Content-Length` headers.
///
/// One dedicated reader thread (never a cooperative-pool thread) reads with
/// `read(2)` and hands every request and notification to the handler in
/// arrival order. Any thread may send; each frame is written whole under a
/// lock. The server's own requests (`request(_:_:)`) are matched to their
/// responses here, so responses never reach the handler.
///
/// The connection does not own the file descriptors: it never closes them.
/// Writing to a closed pipe must not kill the process, so `start` sets
/// `SIGPIPE` to be ignored, process-wide.
public final class Connection: @unchecked Sendable {
    private let input: Int32
    private let output: Int32

    // Guarded by `stateLock`.
    private let stateLock = Lock()
    private var logger: @Sendable (String) -> Void = { _ in }
    private var started = false
    private var closed = false
    private var readerRunning = false
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1
    private var nextRequestNumber = 1
    private var pending: [RequestID: CheckedContinuation<Result<JSONValue, JSONRPCError>, Never>] = [:]
    /// Requests given up by a cancelled caller: their replies are dropped quietly.
    private var abandoned: Set<RequestID> = []

    // Guarded by `writeLock`.
    private let writeLock = Lock()
    private var outputBroken = false

    /// A connection reading `input` and writing `output`.
    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        self.input = input
        self.output = output
    }

    /// Where the connection reports problems that have no one to answer
    /// (an invalid notification, a reply to an unknown request, a failed
    /// write); by default nowhere. Called without any lock held, so it may
    /// send through this connection.
    public var log: @Sendable (String) -> Void {
        get { locked { logger } }
        set { locked { logger = newValue } }
    }

    /// Starts the reader thread.
    ///
    /// For every incoming request and notification, `handler` is called on
    /// the reader thread, in arrival order; it must not block waiting for a
    /// response from the other side (that response is read by the same
    /// thread). Responses to `request(_:_:)` resume their callers and never
    /// reach `handler`.
    ///
    /// Errors are answered and reading goes on: a framing error, invalid JSON
    /// or a batch array gets an error response with `"id": null` (-32700, or
    /// -32600 for a batch); an invalid message gets -32600 with its id when
    /// readable. Invalid notifications and responses are only logged.
    ///
    /// When reading stops (end of input, a read error or `close()`),
    /// pending requests resume with an error and `onClose` is called once.
    /// A second call to `start` does nothing.
    public func start(handler: @escaping @Sendable (Message) -> Void, onClose: @escaping @Sendable () -> Void) {
        let shouldStart: Bool = locked {
            guard !started else { return false }
            started = true
            readerRunning = true
            var fds: [Int32] = [-1, -1]
            if pipe(&fds) == 0 {  // wakes the reader on close()
                wakeRead = fds[0]
                wakeWrite = fds[1]
                _ = fcntl(wakeRead, F_SETFD, FD_CLOEXEC)
                _ = fcntl(wakeWrite, F_SETFD, FD_CLOEXEC)
            }
            return true
        }
        guard shouldStart else { return }
        _ = Self.ignoreSIGPIPE
        let launched = startDedicatedThread(name: "JSONRPC reader") { [self] in
            readLoop(handler: handler)
            finish(onClose: onClose)
        }
        if !launched {
            report("could not start the reader thread; the connection is closed")
            finish(onClose: onClose)
        }
    }

    /// Sends a message. Thread-safe: the frame is written whole, under a
    /// lock, retrying interrupted and partial writes.
    public func send(_ message: Message) {
        write(body: JSONWriter.bytes(message.json))
    }

    /// Sends a notification.
    public func notify(_ method: String, _ params: JSONValue?) {
        send(.notification(method: method, params: params))
    }

    /// Answers a request.
    public func respond(_ id: RequestID, _ result: Result<JSONValue, JSONRPCError>) {
        send(.response(id: id, result: result))
    }

    /// Sends a request to the other side and waits for its response (a
    /// result or an error). Ids are the strings `"annal-1"`, `"annal-2"`, …
    ///
    /// Resumes with `requestCancelled` when the calling task is cancelled
    /// (the reply, if one comes, is then dropped) or when the connection
    /// closes first.
    public func request(_ method: String, _ params: JSONValue?) async -> Result<JSONValue, JSONRPCError> {
        let id: RequestID = locked {
            defer { nextRequestNumber += 1 }
            return .string("annal-\(nextRequestNumber)")
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let refusal: JSONRPCError? = locked {
                    if closed { return Self.closedError(id) }
                    if Task.isCancelled { return .requestCancelled("request \(id) cancelled") }
                    pending[id] = continuation
                    return nil
                }
                if let refusal {
                    continuation.resume(returning: .failure(refusal))
                } else {
                    send(.request(id: id, method: method, params: params))
                }
            }
        } onCancel: {
            let continuation = locked {
                let continuation = pending.removeValue(forKey: id)
                if continuation != nil { abandoned.insert(id) }
                return continuation
            }
            continuation?.resume(returning: .failure(.requestCancelled("request \(id) cancelled")))
        }
    }

    /// Stops reading (the reader thread ends soon after, then `onClose` is
    /// called); pending requests resume with an error. Sending still works.
    public func close() {
        let waiting: [CheckedContinuation<Result<JSONValue, JSONRPCError>, Never>] = locked {
            guard !closed else { return [] }
            closed = true
            if readerRunning && wakeWrite >= 0 {
                var byte: UInt8 = 1
                _ = systemWrite(wakeWrite, &byte, 1)
            }
            return takePending()
        }
        for continuation in waiting {
            continuation.resume(returning: .failure(Self.closedError(nil)))
        }
    }

    // MARK: - Reading

    private func readLoop(handler: @Sendable (Message) -> Void) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var reader = FrameReader()
        while waitForInput() {
            let count = read(input, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                report("read failed: \(String(cString: strerror(errno)))")
                return
            }
            if count == 0 { return }  // end of input
            reader.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            while let frame = reader.next() {
                dispatch(frame, handler: handler)
                if locked({ closed }) { return }  // the handler may close
            }
        }
    }

    /// Waits until the input is readable (or at its end). False once the
    /// connection is closed.
    private func waitForInput() -> Bool {
        let wake: Int32 = locked { closed ? -2 : wakeRead }
        if wake == -2 { return false }
        if wake < 0 { return true }
        var fds = [pollfd(fd: input, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        while true {
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return true  // let read(2) report the problem
            }
            if fds[1].revents != 0 { return false }
            if fds[0].revents != 0 { return true }
        }
    }

    private func dispatch(_ frame: Frame, handler: @Sendable (Message) -> Void) {
        switch frame {
        case .body(let bytes):
            let value: JSONValue
            do {
                value = try JSONParser.parse(bytes)
            } catch {
                report("invalid JSON: \(error)")
                sendWithoutID(.parseError("invalid JSON: \(error)"))
                return
            }
            switch Message.decode(value) {
            case .success(.response(let id, let result)):
                deliver(id, result)
            case .success(let message):
                handler(message)
            case .failure(let failure):
                if failure.isRequest {
                    if let id = failure.id {
                        respond(id, .failure(failure.error))
                    } else {
                        sendWithoutID(failure.error)
                    }
                } else {
                    report("ignored invalid message: \(failure.error.message)")
                }
            }
        case .malformed(let reason):
            report("malformed message header: \(reason)")
            sendWithoutID(.parseError("malformed message header: \(reason)"))
        case .tooLarge(let length):
            report("skipped a message of \(length) bytes")
            sendWithoutID(.parseError(
                "message of \(length) bytes is larger than the limit of \(FrameReader.maxContentLength) bytes"))
        }
    }

    private func deliver(_ id: RequestID, _ result: Result<JSONValue, JSONRPCError>) {
        let (continuation, wasAbandoned) = locked {
            let continuation = pending.removeValue(forKey: id)
            let wasAbandoned = continuation == nil && abandoned.remove(id) != nil
            return (continuation, wasAbandoned)
        }
        if let continuation {
            continuation.resume(returning: result)
        } else if !wasAbandoned {
            report("response to an unknown request \(id)")
        }
    }

    private func finish(onClose: @Sendable () -> Void) {
        let waiting: [CheckedContinuation<Result<JSONValue, JSONRPCError>, Never>] = locked {
            closed = true
            readerRunning = false
            if wakeRead >= 0 { systemClose(wakeRead) }
            if wakeWrite >= 0 { systemClose(wakeWrite) }
            wakeRead = -1
            wakeWrite = -1
            return takePending()
        }
        for continuation in waiting {
            continuation.resume(returning: .failure(Self.closedError(nil)))
        }
        onClose()
    }

    /// Empties `pending`; call under the lock.
    private func takePending() -> [CheckedContinuation<Result<JSONValue, JSONRPCError>, Never>] {
        let waiting = Array(pending.values)
        pending.removeAll()
        abandoned.removeAll()
        return waiting
    }

    // MARK: - Writing

    private func sendWithoutID(_ error: JSONRPCError) {
        write(body: JSONWriter.bytes(Message.errorResponseWithoutID(error)))
    }

    private func write(body: [UInt8]) {
        let frame = Framing.frame(body)
        let failure: String? = frame.withUnsafeBytes { bytes in
            writeLock.lock()
            defer { writeLock.unlock() }
            guard !outputBroken, let base = bytes.baseAddress else { return nil }
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(output, base + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    var fds = [pollfd(fd: output, events: Int16(POLLOUT), revents: 0)]
                    _ = poll(&fds, 1, -1)
                } else {
                    outputBroken = true
                    let reason = written < 0 ? String(cString: strerror(errno)) : "nothing written"
                    return "write failed (\(reason)); no more messages will be sent"
                }
            }
            return nil
        }
        if let failure { report(failure) }
    }

    // MARK: - Helpers

    private static func closedError(_ id: RequestID?) -> JSONRPCError {
        .requestCancelled(id.map { "request \($0) not sent: the connection is closed" } ?? "the connection closed")
    }

    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Calls `log` outside any lock.
    private func report(_ message: String) {
        let logger = locked { self.logger }
        logger(message)
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        stateLock.lock()
        defer { stateLock.unlock() }
        return try body()
    }
}

// `write` and `close` are also methods here; these name the system calls.
@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

@inline(__always)
private func systemClose(_ fd: Int32) {
    _ = close(fd)
}
