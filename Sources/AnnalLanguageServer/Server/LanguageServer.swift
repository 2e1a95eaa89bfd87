import AnnalConcurrency
import AnnalAnalysis
import AnnalJSON
import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONRPC

/// The server's view of its client: a way to send messages and to make
/// requests. `Connection` (stdio) is one; the in-process test client another.
///
/// Server→client requests take a completion handler rather than `async`:
/// the server runs on Dispatch queues only and never needs a free thread of
/// the cooperative pool to make progress.
public protocol ClientConnection: AnyObject, Sendable {
    func send(_ message: Message)
    func request(_ method: String, _ params: JSONValue?,
                 completion: @escaping @Sendable (Result<JSONValue, JSONRPCError>) -> Void)
}

extension Connection: ClientConnection {
    public func request(_ method: String, _ params: JSONValue?,
                        completion: @escaping @Sendable (Result<JSONValue, JSONRPCError>) -> Void) {
        Task { completion(await self.request(method, params)) }
    }
}

/// The Annal language server.
///
/// Concurrency: the transport's reader thread hands every message to
/// `handle`, which queues it on one serial state queue, so notifications
/// (edits) apply in arrival order and each request sees the state as of its
/// arrival. Requests then run on a concurrent queue against an immutable
/// snapshot, so a slow request never delays typing. Diagnostics are computed
/// off the state queue and skipped when a newer edit has arrived.
public final class LanguageServer: @unchecked Sendable {
    let client: ClientConnection
    private let onExit: @Sendable (Int32) -> Void
    var exitHandler: @Sendable (Int32) -> Void { onExit }
    /// Polls the client process given in `initialize` (`processId`).
    var parentWatch: DispatchSourceTimer?
    let stateQueue = DispatchQueue(label: "annal.state")
    let workQueue = DispatchQueue(label: "annal.requests", attributes: .concurrent)
    let diagnosticsQueue = DispatchQueue(label: "annal.diagnostics")

    /// Only touched on `stateQueue`.
    var state = ServerState()

    private let inFlightLock = Lock()
    private var inFlight: [RequestID: CancellationToken] = [:]
    /// The newest state generation, readable from any thread.
    let latestGeneration = AtomicCounter()
    /// Absolute paths of the open documents, readable from any thread:
    /// indexing skips analysing what an open buffer will replace anyway.
    let openPaths = AtomicPathSet()
    /// What was last published per URI, so unchanged sets are not resent.
    var published: [String: JSONValue] = [:]

    /// - Parameters:
    ///   - client: where to send messages.
    ///   - onExit: called with the exit code when `exit` arrives (0 after
    ///     `shutdown`, 1 otherwise).
    public init(client: ClientConnection, onExit: @escaping @Sendable (Int32) -> Void) {
        self.client = client
        self.onExit = onExit
    }

    /// Takes one incoming message, from any thread; processed in order.
    public func handle(_ message: Message) {
        // Cancels go through the state queue too, so a cancel always finds the
        // request it follows registered; the queue only ever holds quick work.
        stateQueue.async { self.process(message) }
    }

    /// The exit code when the client closes the input without `exit`:
    /// 0 after `shutdown`, else 1.
    public func exitCodeAtEndOfInput() -> Int32 {
        stateQueue.sync { state.lifecycle == .shutDown ? 0 : 1 }
    }

    /// Runs `body` on the state queue and waits: for tests and shutdown.
    func sync<T>(_ body: () -> T) -> T { stateQueue.sync(execute: body) }

    // MARK: - Dispatch

    private func process(_ message: Message) {
        switch message {
        case .request(let id, let method, let params):
            processRequest(id: id, method: method, params: params)
        case .notification(let method, let params):
            processNotification(method: method, params: params)
        case .response:
            break // matched by the transport
        }
    }

    /// Answers the requests held during indexing, in their order.
    func releaseHeldRequests() {
        let held = state.heldRequests
        state.heldRequests = []
        for request in held { processRequest(id: request.id, method: request.method, params: request.params) }
    }

    private func processRequest(id: RequestID, method: String, params: JSONValue?) {
        switch state.lifecycle {
        case .waitingForInitialize where method != "initialize":
            respond(id, .failure(JSONRPCError(code: JSONRPCError.serverNotInitialized, message: "the server is not initialized; send `initialize` first", data: nil)))
            return
        case .shutDown:
            respond(id, .failure(JSONRPCError(code: JSONRPCError.invalidRequest, message: "the server is shut down; only `exit` is expected", data: nil)))
            return
        default:
            break
        }
        switch method {
        case "initialize":
            guard state.lifecycle == .waitingForInitialize else {
                respond(id, .failure(JSONRPCError(code: JSONRPCError.invalidRequest, message: "`initialize` was already received", data: nil)))
                return
            }
            respond(id, initialize(params))
        case "shutdown":
            state.lifecycle = .shutDown
            respond(id, .success(.null))
        default:
            if state.indexingInProgress > 0, Features.handlers[method] != nil {
                state.heldRequests.append((id, method, params))
                return
            }
            guard let handler = Features.handlers[method] else {
                respond(id, .failure(JSONRPCError(code: JSONRPCError.methodNotFound, message: "unknown method `\(method)`", data: nil)))
                return
            }
            let token = CancellationToken()
            inFlightLock.withLock { inFlight[id] = token }
            let context = RequestContext(params: params, snapshot: state.snapshot, cancellation: token)
            workQueue.async {
                let result: Result<JSONValue, JSONRPCError>
                do throws(JSONRPCError) {
                    try context.checkCancelled()
                    result = .success(try handler(context))
                } catch {
                    result = .failure(error)
                }
                self.finish(id, token.isCancelled ? .failure(Self.cancelled) : result)
            }
        }
    }

    static let cancelled = JSONRPCError(code: JSONRPCError.requestCancelled, message: "request cancelled", data: nil)

    private func processNotification(method: String, params: JSONValue?) {
        if method == "$/cancelRequest" {
            if let id = params?["id"].flatMap(RequestID.init(json:)) { cancel(id) }
            return
        }
        if method == "exit" {
            onExit(state.lifecycle == .shutDown ? 0 : 1)
            return
        }
        guard state.lifecycle != .waitingForInitialize else { return } // dropped, as the specification says
        switch method {
        case "initialized": initialized()
        case "textDocument/didOpen": didOpen(params)
        case "textDocument/didChange": didChange(params)
        case "textDocument/didClose": didClose(params)
        case "textDocument/didSave": didSave(params)
        case "workspace/didChangeWatchedFiles": didChangeWatchedFiles(params)
        case "workspace/didChangeWorkspaceFolders": didChangeWorkspaceFolders(params)
        case "$/setTrace": state.traceVerbose = params?["value"]?.stringValue == "verbose" || params?["value"]?.stringValue == "messages"
        default: break // unknown notifications are ignored
        }
    }

    // MARK: - Responses and cancellation

    private func respond(_ id: RequestID, _ result: Result<JSONValue, JSONRPCError>) {
        client.send(.response(id: id, result: result))
    }

    /// Sends the one response of an in-flight request, unless it was sent already.
    private func finish(_ id: RequestID, _ result: Result<JSONValue, JSONRPCError>) {
        let wasInFlight = inFlightLock.withLock { inFlight.removeValue(forKey: id) != nil }
        if wasInFlight { respond(id, result) }
    }

    private func cancel(_ id: RequestID) {
        if let held = state.heldRequests.firstIndex(where: { $0.id == id }) {
            state.heldRequests.remove(at: held)
            respond(id, .failure(Self.cancelled))
            return
        }
        let token = inFlightLock.withLock { inFlight[id] }
        token?.cancel()
        // Work that has not started yet answers -32800 when it does; work under
        // way checks the token, and its result is replaced by -32800 at the end.
    }

    // MARK: - Logging

    /// `window/logMessage` (type 3 = info, 4 = log). Only when tracing is on,
    /// or for warnings and errors, so clients stay quiet by default.
    func log(_ message: String, type: Int = 4) {
        guard type <= 2 || state.traceVerbose else { return }
        client.send(.notification(method: "window/logMessage", params: .object([("type", .int(type)), ("message", .string(message))])))
    }
}

/// A counter readable from any thread.
final class AtomicCounter: @unchecked Sendable {
    private let lock = Lock()
    private var value = 0

    var current: Int { lock.withLock { value } }

    func set(_ newValue: Int) { lock.withLock { value = newValue } }
}

/// A set of paths readable and writable from any thread.
final class AtomicPathSet: @unchecked Sendable {
    private let lock = Lock()
    private var paths = Set<String>()

    func contains(_ path: String) -> Bool { lock.withLock { paths.contains(path) } }
    func insert(_ path: String) { lock.withLock { _ = paths.insert(path) } }
    func remove(_ path: String) { lock.withLock { _ = paths.remove(path) } }
}
