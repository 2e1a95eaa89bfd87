import AnnalJSON
import AnnalSyntax
import Foundation
import JSONRPC
@testable import AnnalLanguageServer

/// An in-process LSP client: it writes a workspace to a temporary folder,
/// drives a `LanguageServer` directly (no pipes) and collects what the
/// server sends. Requests wait for their response (10 s at most).
///
/// Positions are written inline with markers `1️⃣`, `2️⃣`, … which `open`
/// removes and returns as LSP positions in the negotiated encoding.
final class TestClient: ClientConnection, @unchecked Sendable {
    private(set) var server: LanguageServer!
    let root: URL
    let encoding: PositionEncoding
    private let lock = NSCondition()
    private var received: [Message] = []
    private var nextID = 0
    /// Server→client requests, as (method, params), and the answer each gets.
    private(set) var serverRequests: [(String, JSONValue?)] = []
    var answerServerRequest: @Sendable (String, JSONValue?) -> Result<JSONValue, JSONRPCError> = { _, _ in .success(.null) }
    private(set) var exitCode: Int32?

    static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    /// - Parameters:
    ///   - files: workspace files by relative path (`.annal` texts may hold markers; they are stripped on disk).
    ///   - capabilities: the client capabilities to announce.
    init(files: [String: String] = [:], encoding: PositionEncoding = .utf16) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("annal-lsp-\(UUID().uuidString)")
            .resolvingSymlinksInPath()
        self.encoding = encoding
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Self.strip(text).text.write(to: url, atomically: true, encoding: .utf8)
        }
        server = LanguageServer(client: WeakClient(self)) { [weak self] code in self?.lock.withLock { self?.exitCode = code } }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Capabilities of a capable client (pull diagnostics off unless asked).
    static func capabilities(encoding: PositionEncoding = .utf16, pull: Bool = false, extra: [(String, JSONValue)] = []) -> JSONValue {
        var textDocument: [(String, JSONValue)] = [
            ("completion", .object([("completionItem", .object([("snippetSupport", true), ("documentationFormat", .array(["markdown", "plaintext"]))]))])),
            ("hover", .object([("contentFormat", .array(["markdown", "plaintext"]))])),
            ("rename", .object([("prepareSupport", true)])),
            ("publishDiagnostics", .object([("relatedInformation", true), ("tagSupport", .object([("valueSet", .array([1, 2]))]))])),
            ("documentSymbol", .object([("hierarchicalDocumentSymbolSupport", true)])),
            ("codeAction", .object([("codeActionLiteralSupport", .object([("codeActionKind", .object([("valueSet", .array(["quickfix", "refactor"]))]))]))])),
            ("documentLink", .object([("tooltipSupport", true)])),
        ]
        if pull { textDocument.append(("diagnostic", .object([("relatedInformation", true)]))) }
        let capabilities: [(String, JSONValue)] = [
            ("general", .object([("positionEncodings", .array([.string(encoding.rawValue)]))])),
            ("textDocument", .object(textDocument)),
            ("window", .object([("workDoneProgress", true)])),
            ("workspace", .object([("didChangeWatchedFiles", .object([("dynamicRegistration", true)]))])),
        ]
        var result = JSONValue.object(capabilities)
        for (key, value) in extra { result = setting(result, [key], value) }
        return result
    }

    // MARK: - Markers

    /// Removes markers; returns the clean text and each marker's byte offset.
    static func strip(_ text: String) -> (text: String, offsets: [Int: Int]) {
        var clean = text
        var offsets: [Int: Int] = [:]
        while true {
            var best: (number: Int, range: Range<String.Index>)?
            for (number, marker) in markers.enumerated() {
                if let range = clean.range(of: marker), best == nil || range.lowerBound < best!.range.lowerBound {
                    best = (number + 1, range)
                }
            }
            guard let (number, range) = best else { break }
            offsets[number] = clean.utf8.distance(from: clean.startIndex, to: range.lowerBound)
            clean.removeSubrange(range)
        }
        return (clean, offsets)
    }

    func uri(_ path: String) -> String { DocumentURI.uri(forPath: root.appendingPathComponent(path).path) }

    // MARK: - ClientConnection (what the server sends)

    func send(_ message: Message) {
        // Every message must survive a JSON round trip, as on a real wire.
        let bytes = JSONWriter.bytes(message.json)
        guard let decoded = try? JSONParser.parse(bytes), case .success(let again) = Message.decode(decoded) else {
            fatalError("the server sent a message that does not round-trip: \(String(decoding: bytes, as: UTF8.self))")
        }
        lock.withLock {
            received.append(again)
            lock.broadcast()
        }
    }

    func request(_ method: String, _ params: JSONValue?,
                 completion: @escaping @Sendable (Result<JSONValue, JSONRPCError>) -> Void) {
        lock.withLock { serverRequests.append((method, params)) }
        // Answered from another thread, as a real client's reply arrives.
        let answer = answerServerRequest
        DispatchQueue.global().async { completion(answer(method, params)) }
    }

    // MARK: - Driving the server

    func notify(_ method: String, _ params: JSONValue?) {
        server.handle(.notification(method: method, params: params))
    }

    /// Sends a request and waits for its response.
    @discardableResult
    func request(_ method: String, _ params: JSONValue?, id explicitID: RequestID? = nil) -> Result<JSONValue, JSONRPCError> {
        let id = explicitID ?? lock.withLock { nextID += 1; return RequestID.int(nextID) }
        server.handle(.request(id: id, method: method, params: params))
        guard let response = waitFor({ message in
            if case .response(let responseID, _) = message, responseID == id { return true }
            return false
        }), case .response(_, let result) = response else {
            return .failure(JSONRPCError(code: -1, message: "no response to \(method) within the time limit", data: nil))
        }
        return result
    }

    /// The result of a request that must succeed.
    func result(_ method: String, _ params: JSONValue?) throws -> JSONValue {
        switch request(method, params) {
        case .success(let value): return value
        case .failure(let error): throw error
        }
    }

    /// Waits until a received message satisfies `predicate`; returns it.
    func waitFor(timeout: TimeInterval = 10, _ predicate: (Message) -> Bool) -> Message? {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        var checked = 0
        while true {
            while checked < received.count {
                if predicate(received[checked]) { return received[checked] }
                checked += 1
            }
            if !lock.wait(until: deadline) { return nil }
        }
    }

    /// Every notification received so far with this method.
    func notifications(_ method: String) -> [JSONValue?] {
        lock.withLock {
            received.compactMap { if case .notification(method, let params) = $0 { return params } else { return nil } }
        }
    }

    var exitStatus: Int32? { lock.withLock { exitCode } }

    /// initialize + initialized with the workspace folder; waits until
    /// start-up indexing has finished.
    @discardableResult
    func start(capabilities: JSONValue? = nil) throws -> JSONValue {
        let result = try self.result("initialize", .object([
            ("processId", .null),
            ("rootUri", .string(DocumentURI.uri(forPath: root.path))),
            ("capabilities", capabilities ?? Self.capabilities(encoding: encoding)),
            ("workspaceFolders", .array([.object([("uri", .string(DocumentURI.uri(forPath: root.path))), ("name", "ws")])])),
        ]))
        notify("initialized", .object([]))
        let deadline = Date().addingTimeInterval(10)
        while server.sync({ server.state.completedIndexingRuns }) == 0 && Date() < deadline {
            usleep(2_000)
        }
        return result
    }

    /// Opens a document (markers stripped) and returns the marker positions.
    @discardableResult
    func open(_ path: String, _ marked: String, version: Int = 1) -> [Int: JSONValue] {
        let (text, offsets) = Self.strip(marked)
        notify("textDocument/didOpen", .object([("textDocument", .object([
            ("uri", .string(uri(path))), ("languageId", "annal"), ("version", .int(version)), ("text", .string(text)),
        ]))]))
        let index = LineIndex(text)
        return offsets.mapValues { offset in
            let position = index.position(of: offset, in: encoding)
            return .object([("line", .int(position.line)), ("character", .int(position.column))])
        }
    }

    /// `{textDocument: {uri}, position}` params.
    func at(_ path: String, _ position: JSONValue?) -> JSONValue {
        .object([("textDocument", .object([("uri", .string(uri(path)))])), ("position", position ?? .null)])
    }

    /// The latest diagnostics published for a path, once everything sent
    /// so far has been processed and published (push mode). With `version`,
    /// the set must be for that version of the open document.
    func diagnostics(_ path: String, version: Int? = nil) -> [JSONValue] {
        let target = uri(path)
        server.sync {}
        server.diagnosticsQueue.sync {}
        guard let last = notifications("textDocument/publishDiagnostics").last(where: { $0?["uri"]?.stringValue == target }) else { return [] }
        if let version, last?["version"]?.intValue != version { return [] }
        return last?["diagnostics"]?.arrayValue ?? []
    }

    func shutdown() {
        _ = request("shutdown", nil)
        notify("exit", nil)
        server.sync {}
    }
}

/// Sets the value at a path of keys in a JSON object, making objects on the
/// way and replacing an existing key rather than adding a second one.
func setting(_ json: JSONValue, _ path: ArraySlice<String>, _ value: JSONValue) -> JSONValue {
    guard let key = path.first else { return value }
    var members = json.objectValue ?? []
    if let index = members.firstIndex(where: { $0.0 == key }) {
        members[index].1 = setting(members[index].1, path.dropFirst(), value)
    } else {
        members.append((key, setting(.object([]), path.dropFirst(), value)))
    }
    return .object(members)
}

/// The server's hold on a `TestClient`: weak, so that the client (which
/// holds the server) is freed when a test ends and removes its folder.
private final class WeakClient: ClientConnection, @unchecked Sendable {
    private weak var client: TestClient?

    init(_ client: TestClient) { self.client = client }

    func send(_ message: Message) { client?.send(message) }

    func request(_ method: String, _ params: JSONValue?,
                 completion: @escaping @Sendable (Result<JSONValue, JSONRPCError>) -> Void) {
        guard let client else { return completion(.failure(JSONRPCError(code: JSONRPCError.requestCancelled, message: "the test client is gone"))) }
        client.request(method, params, completion: completion)
    }
}
