import AnnalJSON
import JSONRPC
import Testing

/// What `Message.decode` must make of a JSON text.
struct ClassificationCase: Sendable, CustomTestStringConvertible {
    enum Outcome: Sendable {
        case message(Message)
        /// Rejected with -32600; `id` as read; `answer` = `isRequest`.
        case invalid(id: RequestID?, answer: Bool)
    }
    let json: String
    let outcome: Outcome
    var testDescription: String { json }

    init(_ json: String, _ outcome: Outcome) {
        self.json = json
        self.outcome = outcome
    }
}

@Suite struct MessageTests {
    static let cases: [ClassificationCase] = [
        // Requests.
        .init(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"a":1}}"#,
              .message(.request(id: .int(1), method: "initialize", params: ["a": 1]))),
        .init(#"{"method":"m","params":[1,"x"],"id":"abc","jsonrpc":"2.0"}"#,
              .message(.request(id: .string("abc"), method: "m", params: [1, "x"]))),
        .init(#"{"jsonrpc":"2.0","id":0,"method":"shutdown"}"#,
              .message(.request(id: .int(0), method: "shutdown", params: nil))),
        .init(#"{"jsonrpc":"2.0","id":-5,"method":"shutdown","params":null}"#,
              .message(.request(id: .int(-5), method: "shutdown", params: nil))),
        .init(#"{"jsonrpc":"2.0","id":"1","method":"x","extra":true}"#,
              .message(.request(id: .string("1"), method: "x", params: nil))),
        // Notifications.
        .init(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
              .message(.notification(method: "initialized", params: [:]))),
        .init(#"{"jsonrpc":"2.0","method":"exit"}"#, .message(.notification(method: "exit", params: nil))),
        .init(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":4}}"#,
              .message(.notification(method: "$/cancelRequest", params: ["id": 4]))),
        // Responses.
        .init(#"{"jsonrpc":"2.0","id":"annal-1","result":{"applied":true}}"#,
              .message(.response(id: .string("annal-1"), result: .success(["applied": true])))),
        .init(#"{"jsonrpc":"2.0","id":2,"result":null}"#, .message(.response(id: .int(2), result: .success(.null)))),
        .init(#"{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"nope","data":[1]}}"#,
              .message(.response(id: .int(3), result: .failure(JSONRPCError(code: -32601, message: "nope", data: [1]))))),
        .init(#"{"jsonrpc":"2.0","id":4,"error":{"code":-32803,"message":"failed"}}"#,
              .message(.response(id: .int(4), result: .failure(.requestFailed("failed"))))),
        // Not objects.
        .init(#"[{"jsonrpc":"2.0","id":1,"method":"m"}]"#, .invalid(id: nil, answer: true)),
        .init("[]", .invalid(id: nil, answer: true)),
        .init("42", .invalid(id: nil, answer: true)),
        .init(#""text""#, .invalid(id: nil, answer: true)),
        .init("null", .invalid(id: nil, answer: true)),
        // Bad version.
        .init(#"{"id":1,"method":"m"}"#, .invalid(id: .int(1), answer: true)),
        .init(#"{"jsonrpc":"1.0","id":1,"method":"m"}"#, .invalid(id: .int(1), answer: true)),
        .init(#"{"jsonrpc":2.0,"id":"a","method":"m"}"#, .invalid(id: .string("a"), answer: true)),
        .init(#"{"method":"m"}"#, .invalid(id: nil, answer: false)),
        // Bad ids.
        .init(#"{"jsonrpc":"2.0","id":true,"method":"m"}"#, .invalid(id: nil, answer: true)),
        .init(#"{"jsonrpc":"2.0","id":1.5,"method":"m"}"#, .invalid(id: nil, answer: true)),
        .init(#"{"jsonrpc":"2.0","id":1.0,"method":"m"}"#, .invalid(id: nil, answer: true)),
        .init(#"{"jsonrpc":"2.0","id":{"a":1},"method":"m"}"#, .invalid(id: nil, answer: true)),
        .init(#"{"jsonrpc":"2.0","id":null,"method":"m"}"#, .invalid(id: nil, answer: true)),
        // Bad method or params.
        .init(#"{"jsonrpc":"2.0","id":7,"method":5}"#, .invalid(id: .int(7), answer: true)),
        .init(#"{"jsonrpc":"2.0","method":5}"#, .invalid(id: nil, answer: false)),
        .init(#"{"jsonrpc":"2.0","id":3,"method":"m","params":"x"}"#, .invalid(id: .int(3), answer: true)),
        .init(#"{"jsonrpc":"2.0","method":"m","params":5}"#, .invalid(id: nil, answer: false)),
        // Bad responses: never answered.
        .init(#"{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"m"}}"#, .invalid(id: .int(1), answer: false)),
        .init(#"{"jsonrpc":"2.0","id":1}"#, .invalid(id: .int(1), answer: false)),
        .init(#"{"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}}"#, .invalid(id: .int(1), answer: false)),
        .init(#"{"jsonrpc":"2.0","id":1,"error":"boom"}"#, .invalid(id: .int(1), answer: false)),
        .init(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#, .invalid(id: nil, answer: false)),
        .init(#"{"jsonrpc":"2.0","id":null,"result":1}"#, .invalid(id: nil, answer: false)),
        .init(#"{"jsonrpc":"2.0","id":false,"result":1}"#, .invalid(id: nil, answer: false)),
        .init(#"{"jsonrpc":"2.0","result":1}"#, .invalid(id: nil, answer: false)),
        // A request that lost its method: answered.
        .init(#"{"jsonrpc":"2.0","id":6,"params":{}}"#, .invalid(id: .int(6), answer: true)),
        .init(#"{"jsonrpc":"2.0","params":[]}"#, .invalid(id: nil, answer: true)),
        // Shapeless.
        .init("{}", .invalid(id: nil, answer: true)),
        .init(#"{"jsonrpc":"2.0"}"#, .invalid(id: nil, answer: true)),
    ]

    @Test(arguments: cases)
    func classifies(_ testCase: ClassificationCase) throws {
        let decoded = Message.decode(try JSONParser.parse(testCase.json))
        switch (decoded, testCase.outcome) {
        case (.success(let message), .message(let expected)):
            #expect(message == expected)
        case (.failure(let failure), .invalid(let id, let answer)):
            #expect(failure.id == id)
            #expect(failure.isRequest == answer)
            #expect(failure.error.code == JSONRPCError.invalidRequest)
            #expect(!failure.error.message.isEmpty)
        case (.success(let message), .invalid):
            Issue.record("accepted as \(message)")
        case (.failure(let failure), .message):
            Issue.record("rejected: \(failure.error.message)")
        }
    }

    static let messages: [Message] = [
        .request(id: .int(1), method: "initialize", params: ["capabilities": [:], "rootUri": nil]),
        .request(id: .string("annal-7"), method: "workspace/configuration", params: ["items": [["section": "annal"]]]),
        .request(id: .int(Int.max), method: "shutdown", params: nil),
        .request(id: .string(""), method: "m", params: []),
        .notification(method: "textDocument/didChange", params: ["text": "é\n😀\"\\"]),
        .notification(method: "exit", params: nil),
        .response(id: .int(1), result: .success(["capabilities": ["hoverProvider": true]])),
        .response(id: .int(2), result: .success(.null)),
        .response(id: .string("x"), result: .success([])),
        .response(id: .int(3), result: .failure(.methodNotFound("foo/bar"))),
        .response(id: .string("4"), result: .failure(JSONRPCError(code: 12, message: "custom", data: ["why": [1, 2.5]]))),
    ]

    @Test(arguments: messages)
    func roundTrips(_ message: Message) throws {
        let text = JSONWriter.bytes(message.json)
        let decoded = Message.decode(try JSONParser.parse(text))
        #expect(decoded == .success(message))
        #expect(message.json["jsonrpc"] == "2.0")
    }

    @Test func successResponseAlwaysCarriesResult() {
        let null = Message.response(id: .int(1), result: .success(.null))
        #expect(JSONWriter.string(null.json) == #"{"jsonrpc":"2.0","id":1,"result":null}"#)
        let failure = Message.response(id: .string("a"), result: .failure(.invalidParams("bad")))
        #expect(JSONWriter.string(failure.json) == #"{"jsonrpc":"2.0","id":"a","error":{"code":-32602,"message":"bad"}}"#)
        #expect(failure.json["result"] == nil)
        let request = Message.request(id: .int(9), method: "m", params: nil)
        #expect(JSONWriter.string(request.json) == #"{"jsonrpc":"2.0","id":9,"method":"m"}"#)
        let notification = Message.notification(method: "n", params: ["a": 1])
        #expect(JSONWriter.string(notification.json) == #"{"jsonrpc":"2.0","method":"n","params":{"a":1}}"#)
        #expect(JSONWriter.string(Message.errorResponseWithoutID(.parseError("x")))
            == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}}"#)
    }

    @Test func requestIDsKeepTheirKind() {
        #expect(RequestID(json: 1) == .int(1))
        #expect(RequestID(json: "1") == .string("1"))
        #expect(RequestID(json: .int(1)) != RequestID(json: .string("1")))
        #expect(RequestID(json: true) == nil)
        #expect(RequestID(json: .double(1.0)) == nil)
        #expect(RequestID(json: nil) == nil)
        #expect(RequestID(json: [:]) == nil)
        #expect(RequestID.int(7).json == .int(7))
        #expect(RequestID.string("a").json == "a")
        #expect(RequestID.int(7).description == "7")
        #expect(RequestID.string("annal-1").description == #""annal-1""#)
    }

    @Test func errorCodesAndConstructors() {
        #expect(JSONRPCError.parseError == -32700)
        #expect(JSONRPCError.invalidRequest == -32600)
        #expect(JSONRPCError.methodNotFound == -32601)
        #expect(JSONRPCError.invalidParams == -32602)
        #expect(JSONRPCError.internalError == -32603)
        #expect(JSONRPCError.serverNotInitialized == -32002)
        #expect(JSONRPCError.unknownErrorCode == -32001)
        #expect(JSONRPCError.requestCancelled == -32800)
        #expect(JSONRPCError.contentModified == -32801)
        #expect(JSONRPCError.serverCancelled == -32802)
        #expect(JSONRPCError.requestFailed == -32803)
        let made: [(JSONRPCError, Int)] = [
            (.parseError("p"), -32700), (.invalidRequest("r"), -32600), (.methodNotFound("m"), -32601),
            (.invalidParams("i"), -32602), (.internalError("e"), -32603), (.serverNotInitialized(), -32002),
            (.requestCancelled(), -32800), (.contentModified(), -32801), (.serverCancelled(), -32802),
            (.requestFailed("f"), -32803),
        ]
        for (error, code) in made {
            #expect(error.code == code)
            #expect(error.data == nil)
            #expect(JSONRPCError(json: error.json) == error)
        }
        #expect(JSONRPCError.methodNotFound("foo/bar").message.contains("foo/bar"))
        let withData = JSONRPCError(code: 1, message: "m", data: .null)
        #expect(JSONWriter.string(withData.json) == #"{"code":1,"message":"m","data":null}"#)
        #expect(JSONRPCError(json: ["code": 1.5, "message": "m"]) == nil)
        #expect(JSONRPCError(json: ["code": 1]) == nil)
    }
}
