import AnnalJSON
import Foundation
import JSONRPC
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The client side of a connection: two pipes, one into the server's
/// input and one out of its output. Blocking reads run on their own thread,
/// never on the cooperative pool.
final class Peer: @unchecked Sendable {
    let serverInput: Int32
    let serverOutput: Int32
    private var toServer: Int32
    private let fromServer: Int32
    private var reader = FrameReader()
    private let lock = NSLock()

    init() {
        var a: [Int32] = [-1, -1]
        var b: [Int32] = [-1, -1]
        precondition(pipe(&a) == 0 && pipe(&b) == 0)
        serverInput = a[0]
        toServer = a[1]
        serverOutput = b[1]
        fromServer = b[0]
    }

    deinit {
        for fd in [serverInput, toServer, serverOutput, fromServer] where fd >= 0 { close(fd) }
    }

    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(toServer, raw.baseAddress! + offset, raw.count - offset)
                precondition(written > 0 || errno == EINTR)
                if written > 0 { offset += written }
            }
        }
    }

    func send(_ text: String) { write(framed(text)) }

    /// Closes the server's input: end of input.
    func closeInput() {
        lock.lock()
        defer { lock.unlock() }
        if toServer >= 0 {
            close(toServer)
            toServer = -1
        }
    }

    /// The next message the server wrote, or nil after `timeout` seconds.
    func readMessage(timeout: Double = 10) async -> JSONValue? {
        let message = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: self.readBlocking(timeout: timeout)) }
            thread.start()
        }
        // ThreadSanitizer does not see a continuation hand a value from a
        // Thread to a task; taking the lock the reader parsed under shows it
        // the order (scripts/sanitizers reported the handoff as a race).
        lock.withLock {}
        return message
    }

    private func readBlocking(timeout: Double) -> JSONValue? {
        lock.lock()
        defer { lock.unlock() }
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let frame = reader.next() {
                guard case .body(let body) = frame else { return .string("unexpected frame \(frame)") }
                return try? JSONParser.parse(body)
            }
            let remaining = Int(deadline.timeIntervalSinceNow * 1000)
            guard remaining > 0 else { return nil }
            var fds = [pollfd(fd: fromServer, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 1, Int32(remaining)) > 0 else { continue }
            let count = read(fromServer, &buffer, buffer.count)
            guard count > 0 else { return nil }
            reader.append(Array(buffer[..<count]))
        }
    }
}

/// Thread-safe record of what the connection handed out.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var _messages: [Message] = []
    private var _threadNames: Set<String> = []
    private var _logs: [String] = []
    private var _closes = 0

    var messages: [Message] { lock.withLock { _messages } }
    var threadNames: Set<String> { lock.withLock { _threadNames } }
    var logs: [String] { lock.withLock { _logs } }
    var closes: Int { lock.withLock { _closes } }

    func handle(_ message: Message) {
        let name = Thread.current.name ?? ""
        lock.withLock {
            _messages.append(message)
            _threadNames.insert(name)
        }
    }
    func log(_ text: String) { lock.withLock { _logs.append(text) } }
    func closed() { lock.withLock { _closes += 1 } }

    /// Waits (without blocking the pool) until `condition` holds or 10 s pass.
    func wait(until condition: @escaping @Sendable (Recorder) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if condition(self) { return true }
            try? await Task.sleep(nanoseconds: 2_000_000)
        }
        return condition(self)
    }
}

@Suite(.serialized) struct ConnectionTests {
    /// A started connection over a fresh pipe pair.
    static func connect(handler: (@Sendable (Connection, Message) -> Void)? = nil) -> (Connection, Peer, Recorder) {
        let peer = Peer()
        let recorder = Recorder()
        let connection = Connection(input: peer.serverInput, output: peer.serverOutput)
        connection.log = { recorder.log($0) }
        connection.start(
            handler: { [weak connection] message in
                recorder.handle(message)
                if let connection { handler?(connection, message) }
            },
            onClose: { recorder.closed() })
        return (connection, peer, recorder)
    }

    @Test func requestsAndNotificationsReachTheHandlerInOrderOnTheReaderThread() async {
        let (connection, peer, recorder) = Self.connect()
        var expected: [Message] = []
        var batch: [UInt8] = []
        for n in 0..<60 {
            let message: Message = n % 3 == 0
                ? .notification(method: "n\(n)", params: ["k": .int(n)])
                : .request(id: n % 2 == 0 ? .int(n) : .string("s\(n)"), method: "r\(n)", params: [.int(n)])
            expected.append(message)
            batch += Framing.frame(JSONWriter.bytes(message.json))
        }
        peer.write(Array(batch[..<1000]))
        peer.write(Array(batch[1000...]))
        #expect(await recorder.wait { $0.messages.count == 60 })
        #expect(recorder.messages == expected)
        #expect(recorder.threadNames == ["JSONRPC reader"])
        connection.close()
    }

    @Test func invalidJSONGetsAParseErrorWithNullIDAndReadingGoesOn() async throws {
        let (connection, peer, recorder) = Self.connect()
        peer.send(#"{"jsonrpc":"2.0","id":1,"method":"#)
        peer.send(#"{"jsonrpc":"2.0","id":2,"method":"next"}"#)
        let answer = try #require(await peer.readMessage())
        #expect(answer["jsonrpc"] == "2.0")
        #expect(answer["id"] == .null)
        #expect(answer["error"]?["code"] == .int(-32700))
        #expect(answer["error"]?["message"]?.stringValue?.isEmpty == false)
        #expect(answer["result"] == nil)
        let text = JSONWriter.string(answer)
        #expect(text.hasPrefix(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"#))
        #expect(await recorder.wait { $0.messages.count == 1 })
        #expect(recorder.messages == [.request(id: .int(2), method: "next", params: nil)])
        connection.close()
    }

    @Test func invalidMessagesAreAnsweredOrLogged() async throws {
        let (connection, peer, recorder) = Self.connect { connection, message in
            if case .request(let id, _, _) = message { connection.respond(id, .success("handled")) }
        }
        peer.send(#"{"jsonrpc":"2.0","id":7,"method":5}"#)
        let wrongMethod = try #require(await peer.readMessage())
        #expect(wrongMethod["id"] == 7)
        #expect(wrongMethod["error"]?["code"] == .int(-32600))

        peer.send(#"[{"jsonrpc":"2.0","id":8,"method":"m"}]"#)
        let batch = try #require(await peer.readMessage())
        #expect(batch["id"] == .null)
        #expect(batch["error"]?["code"] == .int(-32600))

        peer.write(bytes("Content-Length: nope\r\n\r\n"))
        let framing = try #require(await peer.readMessage())
        #expect(framing["id"] == .null)
        #expect(framing["error"]?["code"] == .int(-32700))

        // Invalid notification and a stray response: logged, never answered.
        peer.send(#"{"jsonrpc":"2.0","method":"m","params":5}"#)
        peer.send(#"{"jsonrpc":"2.0","id":"annal-99","result":1}"#)
        peer.send(#"{"jsonrpc":"2.0","id":9,"method":"ping"}"#)
        let next = try #require(await peer.readMessage())
        #expect(next == ["jsonrpc": "2.0", "id": 9, "result": "handled"])
        #expect(recorder.logs.contains { $0.contains("params") })
        #expect(recorder.logs.contains { $0.contains("annal-99") })
        #expect(recorder.messages == [.request(id: .int(9), method: "ping", params: nil)])
        connection.close()
    }

    @Test func serverRequestsAreMatchedToTheirReplies() async throws {
        let (connection, peer, recorder) = Self.connect()
        let first = Task { await connection.request("workspace/configuration", ["items": [["section": "annal"]]]) }
        let sent = try #require(await peer.readMessage())
        #expect(sent["method"] == "workspace/configuration")
        #expect(sent["id"] == "annal-1")
        #expect(sent["params"]?["items"] == [["section": "annal"]])
        peer.send(#"{"jsonrpc":"2.0","id":"annal-1","result":[{"tabSize":4}]}"#)
        #expect(await first.value == .success([["tabSize": 4]]))

        let second = Task { await connection.request("window/showMessageRequest", nil) }
        let sentAgain = try #require(await peer.readMessage())
        #expect(sentAgain["id"] == "annal-2")
        #expect(sentAgain["params"] == nil)
        peer.send(#"{"jsonrpc":"2.0","id":"annal-2","error":{"code":-32803,"message":"declined","data":{"x":1}}}"#)
        #expect(await second.value == .failure(JSONRPCError(code: -32803, message: "declined", data: ["x": 1])))

        // Replies out of order still find their callers.
        let a = Task { await connection.request("a", nil) }
        let b = Task { await connection.request("b", nil) }
        let m1 = try #require(await peer.readMessage())
        let m2 = try #require(await peer.readMessage())
        for sent in [m2, m1] {
            peer.send(JSONWriter.string(["jsonrpc": "2.0", "id": sent["id"]!, "result": sent["method"]!]))
        }
        #expect(await a.value == .success("a"))
        #expect(await b.value == .success("b"))
        #expect(recorder.messages.isEmpty, "responses never reach the handler")
        connection.close()
    }

    @Test func cancelledRequestResumesAndItsLateReplyIsDropped() async throws {
        let (connection, peer, recorder) = Self.connect()
        let task = Task { await connection.request("slow", nil) }
        let sent = try #require(await peer.readMessage())
        task.cancel()
        let result = await task.value
        #expect(result.failureCode == JSONRPCError.requestCancelled)
        peer.send(JSONWriter.string(["jsonrpc": "2.0", "id": sent["id"]!, "result": nil]))
        peer.send(#"{"jsonrpc":"2.0","method":"after"}"#)
        #expect(await recorder.wait { $0.messages.count == 1 })
        #expect(recorder.logs.isEmpty)
        connection.close()
    }

    @Test func endOfInputCallsOnCloseOnceAndFailsPendingRequests() async throws {
        let (connection, peer, recorder) = Self.connect()
        let pending = Task { await connection.request("never/answered", nil) }
        _ = try #require(await peer.readMessage())
        peer.send(#"{"jsonrpc":"2.0","method":"last"}"#)
        peer.closeInput()
        #expect(await recorder.wait { $0.closes >= 1 })
        #expect(await pending.value.failureCode != nil)
        try await Task.sleep(nanoseconds: 100_000_000)
        #expect(recorder.closes == 1)
        #expect(recorder.messages == [.notification(method: "last", params: nil)])
        // Requests after the end fail at once instead of hanging.
        #expect(await connection.request("late", nil).failureCode != nil)
        connection.close()
        #expect(recorder.closes == 1)
    }

    @Test func closeStopsReadingAndFailsPendingRequests() async throws {
        let (connection, peer, recorder) = Self.connect()
        let pending = Task { await connection.request("waiting", nil) }
        _ = try #require(await peer.readMessage())
        connection.close()
        #expect(await pending.value.failureCode == JSONRPCError.requestCancelled)
        #expect(await recorder.wait { $0.closes == 1 })
        peer.send(#"{"jsonrpc":"2.0","method":"ignored"}"#)
        try await Task.sleep(nanoseconds: 50_000_000)
        #expect(recorder.messages.isEmpty)
        connection.close()
        #expect(recorder.closes == 1)
    }

    @Test func closingFromTheHandlerStopsAtThatMessage() async throws {
        let (_, peer, recorder) = Self.connect { connection, _ in connection.close() }
        peer.write(framed(#"{"jsonrpc":"2.0","method":"first"}"#) + framed(#"{"jsonrpc":"2.0","method":"second"}"#))
        #expect(await recorder.wait { $0.closes == 1 })
        #expect(recorder.messages == [.notification(method: "first", params: nil)])
    }

    @Test func concurrentSendsWriteWholeFrames() async throws {
        let (connection, peer, _) = Self.connect()
        let text = String(repeating: "é😀 \"quoted\"\n", count: 500)
        // 2 MB through a 64 KiB pipe: the senders block until the reads
        // below drain it, so they run on their own threads, not the pool.
        for worker in 0..<8 {
            Thread {
                for n in 0..<25 {
                    connection.notify("w\(worker)", ["n": .int(n), "text": .string(text)])
                }
            }.start()
        }
        var perWorker: [String: [Int]] = [:]
        for _ in 0..<200 {
            let message = try #require(await peer.readMessage())
            #expect(message["params"]?["text"] == .string(text))
            perWorker[message["method"]!.stringValue!, default: []].append(message["params"]!["n"]!.intValue!)
        }
        #expect(perWorker.count == 8)
        #expect(perWorker.values.allSatisfy { $0 == Array(0..<25) })
        connection.close()
    }
}

extension Result where Failure == JSONRPCError {
    var failureCode: Int? { if case .failure(let error) = self { error.code } else { nil } }
}
