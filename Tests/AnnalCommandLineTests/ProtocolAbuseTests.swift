import AnnalTestSupport
import Foundation
import Testing


/// `annal lsp` as a process, fed what a broken or hostile client might send:
/// bad framing, bad JSON, bad messages, bad parameters, lifecycle mistakes,
/// floods and huge or deeply nested documents. Each case checks the answer
/// the specification requires, then that the server still answers a normal
/// request. Every wait is bounded; a server that hangs fails the test.
@Suite(.serialized) struct ProtocolAbuseTests {
    typealias JSON = [String: Any]

    /// The document every session opens: `demo` is declared on line 0.
    static let document = """
    party demo {
      kind = state
      name = "Démo 🙂🙂 state"
    }

    """

    // MARK: - Framing

    @Test func aFinishedSessionLeavesNoProcessOrFolderBehind() throws {
        var root: URL?
        var process: ChildProcess?
        do {
            let server = try AbuseServer()
            try server.expectAlive()
            root = server.root
            process = server.process
        }
        // The reader thread may hold the server for a moment after the
        // test lets go (it is delivering the last reply): allow for it.
        let folder = try #require(root).path
        let deadline = Date().addingTimeInterval(20)
        while (process?.isRunning != false || FileManager.default.fileExists(atPath: folder)) && Date() < deadline {
            usleep(10_000)
        }
        #expect(process?.isRunning == false)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func missingContentLengthIsAParseErrorAndReadingGoesOn() throws {
        let server = try AbuseServer()
        server.write("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":50,\"method\":\"shutdown\"}")
        let error = try #require(server.nextError())
        #expect(error.code == -32700 && error.id == nil)
        #expect(error.message.contains("missing Content-Length"))
        try server.expectAlive()
    }

    @Test func negativeContentLengthIsAParseError() throws {
        let server = try AbuseServer()
        server.write("Content-Length: -5\r\n\r\n{}")
        let error = try #require(server.nextError())
        #expect(error.code == -32700 && error.message.contains("invalid Content-Length"))
        try server.expectAlive()
    }

    @Test func nonNumericContentLengthIsAParseError() throws {
        let server = try AbuseServer()
        server.write("Content-Length: twelve\r\n\r\n")
        server.write("Content-Length: 12abc\r\n\r\n")
        server.write("Content-Length: \r\n\r\n")
        for _ in 0..<3 {
            let error = try #require(server.nextError())
            #expect(error.code == -32700 && error.message.contains("Content-Length"))
        }
        try server.expectAlive()
    }

    @Test func contentLengthBeyondAnyIntegerIsRejected() throws {
        let server = try AbuseServer()
        server.write("Content-Length: 99999999999999999999999999999\r\n\r\n{}")
        let error = try #require(server.nextError())
        #expect(error.code == -32700 && error.message.contains("out of range"))
        try server.expectAlive()
    }

    /// A terabyte announced: reported at once, nothing allocated for it. Its
    /// bytes would be skipped as they came; none do, so the stream is over.
    @Test func hugeContentLengthIsReportedWithoutAllocating() throws {
        let server = try AbuseServer()
        let before = try #require(server.residentKiB())
        server.write("Content-Length: 1000000000000\r\n\r\n")
        let error = try #require(server.nextError())
        #expect(error.code == -32700)
        #expect(error.message.contains("1000000000000 bytes is larger than the limit of \(64 * 1024 * 1024) bytes"))
        let after = try #require(server.residentKiB())
        #expect(after - before < 16 * 1024, "resident memory grew from \(before) KiB to \(after) KiB")
        server.closeInput()
        #expect(server.exitStatus() == 1)
    }

    /// Just over the limit (64 MiB + 1), streamed whole: skipped as it
    /// arrives, never stored, and the next message is read.
    @Test func bodyOverTheLimitIsSkippedWithBoundedMemory() throws {
        let server = try AbuseServer()
        let limit = 64 * 1024 * 1024
        let before = try #require(server.peakResidentKiB())
        server.write("Content-Length: \(limit + 1)\r\n\r\n")
        let chunk = [UInt8](repeating: UInt8(ascii: " "), count: 1 << 20)
        for _ in 0..<64 { server.write(chunk) }
        server.write([UInt8(ascii: "}")])
        let error = try #require(server.nextError())
        #expect(error.message.contains("larger than the limit"))
        try server.expectAlive()
        let peak = try #require(server.peakResidentKiB())
        #expect(peak - before < 32 * 1024, "peak resident memory went from \(before) to \(peak) KiB: the body was stored")
    }

    @Test func truncatedBodyThenEndOfInputExitsCleanly() throws {
        let server = try AbuseServer()
        server.write("Content-Length: 100\r\n\r\n{\"jsonrpc\":\"2.0\",")
        server.closeInput()
        #expect(server.exitStatus() == 1, "no shutdown was received")
        #expect(server.crashed == false)
    }

    @Test func truncatedHeaderThenEndOfInputExitsCleanly() throws {
        let server = try AbuseServer()
        server.write("Content-Len")
        server.closeInput()
        #expect(server.exitStatus() == 1)
    }

    @Test func junkBetweenMessagesIsSkipped() throws {
        let server = try AbuseServer()
        server.write("garbage\r\nmore garbage without a colon\r\n\r\n\u{0}\u{1}binary")
        let error = try #require(server.nextError())
        #expect(error.code == -32700)
        try server.expectAlive()
    }

    @Test func headerOverEightKilobytesIsRejected() throws {
        let server = try AbuseServer()
        server.write("X-Padding: " + String(repeating: "a", count: 10_000) + "\r\nContent-Length: 2\r\n\r\n{}")
        let error = try #require(server.nextError())
        #expect(error.message.contains("header longer than"))
        try server.expectAlive()
    }

    @Test func unsupportedCharsetSkipsTheBody() throws {
        let server = try AbuseServer()
        let body = #"{"jsonrpc":"2.0","id":51,"method":"shutdown"}"#
        server.write("Content-Type: application/vscode-jsonrpc; charset=latin1\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        let error = try #require(server.nextError())
        #expect(error.message.contains("charset"))
        try server.expectAlive()  // the shutdown in the skipped body was not obeyed
    }

    @Test func conflictingContentLengthsAreRejected() throws {
        let server = try AbuseServer()
        server.write("Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}")
        let error = try #require(server.nextError())
        #expect(error.message.contains("conflicting"))
        try server.expectAlive()
    }

    @Test func lowercaseHeadersAndBareLineFeedsAreAccepted() throws {
        let server = try AbuseServer()
        let body = #"{"jsonrpc":"2.0","id":52,"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(server.uri)"},"position":{"line":0,"character":7}}}"#
        server.write("content-length: \(body.utf8.count)\nX-Other: 1\n\n\(body)")
        let response = try #require(server.response(to: 52))
        #expect(response["result"] is JSON)
    }

    // MARK: - JSON

    @Test func emptyBodyIsAParseError() throws {
        let server = try AbuseServer()
        server.write("Content-Length: 0\r\n\r\n")
        #expect(try #require(server.nextError()).code == -32700)
        try server.expectAlive()
    }

    @Test func invalidJSONIsAParseErrorWithNullID() throws {
        let server = try AbuseServer()
        server.send(#"{"jsonrpc":"2.0","id":53,"method":"shutdown""#)
        server.send(#"{"jsonrpc":"2.0","id":54,"method":'shutdown'}"#)
        for _ in 0..<2 {
            let error = try #require(server.nextError())
            #expect(error.code == -32700 && error.id == nil)
        }
        try server.expectAlive()
    }

    @Test func invalidUTF8InTheBodyIsAParseError() throws {
        let server = try AbuseServer()
        var body = Array(#"{"jsonrpc":"2.0","id":55,"method":"textDocument/hover","params":{"x":""#.utf8)
        body += [0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80]  // bad continuation, bytes never in UTF-8, a UTF-8 surrogate
        body += Array(#""}}"#.utf8)
        server.write(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
        let error = try #require(server.nextError())
        #expect(error.code == -32700 && error.id == nil)
        server.send(#"{"jsonrpc":"2.0","id":56,"method":"x","params":{"t":"\ud800"}}"#)  // a lone surrogate escape
        #expect(try #require(server.nextError()).code == -32700)
        try server.expectAlive()
    }

    @Test func jsonNestedTooDeepIsAParseErrorNotAStackOverflow() throws {
        let server = try AbuseServer()
        let depth = 100_000
        server.send(#"{"jsonrpc":"2.0","id":57,"method":"x","params":"# + String(repeating: "[", count: depth)
                    + String(repeating: "]", count: depth) + "}")
        let error = try #require(server.nextError())
        #expect(error.code == -32700 && error.message.contains("nested deeper than 256"))
        try server.expectAlive()
    }

    // MARK: - Messages

    @Test func batchArrayIsAnInvalidRequest() throws {
        let server = try AbuseServer()
        server.send(#"[{"jsonrpc":"2.0","id":58,"method":"shutdown"},{"jsonrpc":"2.0","method":"exit"}]"#)
        let error = try #require(server.nextError())
        #expect(error.code == -32600 && error.id == nil && error.message.contains("batch"))
        server.send("[]")
        #expect(try #require(server.nextError()).code == -32600)
        try server.expectAlive()  // neither the shutdown nor the exit inside was obeyed
    }

    @Test func wrongJSONRPCVersionIsAnInvalidRequestWithItsID() throws {
        let server = try AbuseServer()
        server.send(#"{"jsonrpc":"1.0","id":59,"method":"shutdown"}"#)
        let error = try #require(server.nextError())
        #expect(error.code == -32600 && error.id as? Int == 59)
        server.send(#"{"id":60,"method":"shutdown"}"#)
        let missing = try #require(server.nextError())
        #expect(missing.code == -32600 && missing.id as? Int == 60)
        try server.expectAlive()
    }

    @Test func missingOrBadMethodIsAnInvalidRequest() throws {
        let server = try AbuseServer()
        server.send(#"{"jsonrpc":"2.0","id":61,"params":{"textDocument":{"uri":"file:///x"}}}"#)
        let missing = try #require(server.nextError())
        #expect(missing.code == -32600 && missing.id as? Int == 61)
        server.send(#"{"jsonrpc":"2.0","id":62,"method":42}"#)
        let number = try #require(server.nextError())
        #expect(number.code == -32600 && number.id as? Int == 62)
        server.send(#"{"jsonrpc":"2.0","id":63,"method":"textDocument/hover","params":"not an object"}"#)
        let params = try #require(server.nextError())
        #expect(params.code == -32600 && params.id as? Int == 63)
        try server.expectAlive()
    }

    @Test func unknownMethodIsMethodNotFound() throws {
        let server = try AbuseServer()
        server.send(#"{"jsonrpc":"2.0","id":64,"method":"textDocument/noSuchThing","params":{}}"#)
        #expect(try #require(server.response(to: 64)).errorCode == -32601)
        server.send(#"{"jsonrpc":"2.0","id":65,"method":"$/noSuchThing","params":{}}"#)
        #expect(try #require(server.response(to: 65)).errorCode == -32601)
        try server.expectAlive()
    }

    @Test func unknownNotificationsAreIgnored() throws {
        let server = try AbuseServer()
        server.send(#"{"jsonrpc":"2.0","method":"textDocument/noSuchThing","params":{"a":[1,2,3]}}"#)
        server.send(#"{"jsonrpc":"2.0","method":"$/noSuchThing"}"#)
        server.send(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":42,"text":[]}}}"#)
        let response = try server.expectAlive()
        #expect(server.responses(before: response).isEmpty, "a notification was answered")
    }

    @Test func stringIDWithUnicodeIsEchoedExactly() throws {
        let server = try AbuseServer()
        let id = "é-🙂-\u{0}-\"quoted\"-\\-\u{2028}-𝄞"
        let escaped = String(decoding: try JSONSerialization.data(withJSONObject: [id], options: [.fragmentsAllowed]), as: UTF8.self).dropFirst().dropLast()
        server.send(#"{"jsonrpc":"2.0","id":\#(escaped),"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(server.uri)"},"position":{"line":0,"character":7}}}"#)
        let response = try #require(server.next { ($0["id"] as? String) != nil })
        #expect(response["id"] as? String == id)
        #expect(response["result"] is JSON)
    }

    @Test func fractionalObjectBooleanAndNullIDsAreInvalidRequests() throws {
        let server = try AbuseServer()
        for id in ["1.5", #"{"n":1}"#, "true", "null", "[1]", "1e400", "123456789012345678901234567890"] {
            server.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"shutdown"}"#)
            let error = try #require(server.nextError(), "id \(id)")
            #expect(error.code == -32600 && error.id == nil, "id \(id)")
        }
        try server.expectAlive()  // none of those shutdowns was obeyed
    }

    @Test func responsesWithUnknownIDsAreIgnored() throws {
        let server = try AbuseServer()
        server.send(#"{"jsonrpc":"2.0","id":"annal-999","result":{"applied":true}}"#)
        server.send(#"{"jsonrpc":"2.0","id":12345,"error":{"code":-32603,"message":"boom"}}"#)
        server.send(#"{"jsonrpc":"2.0","id":12346}"#)
        server.send(#"{"jsonrpc":"2.0","id":null,"result":1}"#)
        let response = try server.expectAlive()
        #expect(server.responses(before: response).isEmpty, "a response was answered")
    }

    // MARK: - Parameters

    @Test func positionAsAStringIsInvalidParams() throws {
        let server = try AbuseServer()
        server.send(#"{"jsonrpc":"2.0","id":66,"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(server.uri)"},"position":"0:7"}}"#)
        #expect(try #require(server.response(to: 66)).errorCode == -32602)
        server.send(#"{"jsonrpc":"2.0","id":67,"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(server.uri)"},"position":{"line":-1,"character":0}}}"#)
        #expect(try #require(server.response(to: 67)).errorCode == -32602)
        server.send(#"{"jsonrpc":"2.0","id":68,"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(server.uri)"},"position":{"line":0.5,"character":"7"}}}"#)
        #expect(try #require(server.response(to: 68)).errorCode == -32602)
        try server.expectAlive()
    }

    @Test func missingTextDocumentIsInvalidParams() throws {
        let server = try AbuseServer()
        for (id, params) in [(69, #"{"position":{"line":0,"character":7}}"#), (70, #"{"textDocument":{"uri":5},"position":{"line":0,"character":7}}"#),
                             (71, #"[]"#)] {
            server.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"textDocument/hover","params":\#(params)}"#)
            #expect(try #require(server.response(to: id)).errorCode == -32602, "params \(params)")
        }
        server.send(#"{"jsonrpc":"2.0","id":72,"method":"textDocument/documentSymbol"}"#)
        #expect(try #require(server.response(to: 72)).errorCode == -32602)
        try server.expectAlive()
    }

    @Test func everyRequestSurvivesMissingParams() throws {
        let server = try AbuseServer()
        let methods = ["textDocument/hover", "textDocument/completion", "textDocument/definition", "textDocument/references",
                       "textDocument/documentSymbol", "textDocument/formatting", "textDocument/rangeFormatting",
                       "textDocument/semanticTokens/full", "textDocument/foldingRange", "textDocument/selectionRange",
                       "textDocument/codeAction", "textDocument/rename", "textDocument/prepareRename",
                       "textDocument/documentLink", "textDocument/diagnostic", "workspace/symbol", "completionItem/resolve"]
        for (offset, method) in methods.enumerated() {
            for (variant, params) in ["{}", #"{"textDocument":{"uri":"\#(server.uri)"}}"#, "[1]"].enumerated() {
                let id = 1000 + offset * 10 + variant
                server.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#)
                let response = try #require(server.response(to: id), "\(method) \(params)")
                if let code = response.errorCode { #expect([-32602, -32601, -32803].contains(code), "\(method) \(params): \(code)") }
            }
        }
        try server.expectAlive()
    }

    @Test func positionsOutOfRangeAreClamped() throws {
        let server = try AbuseServer()
        for (id, line, character) in [(73, 0, 100_000), (74, 100_000, 0), (75, Int(Int32.max), Int(Int32.max)), (76, 3, 1)] {
            server.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(server.uri)"},"position":{"line":\#(line),"character":\#(character)}}}"#)
            let response = try #require(server.response(to: id))
            #expect(response.errorCode == nil, "line \(line) character \(character)")
        }
        server.send(#"{"jsonrpc":"2.0","id":77,"method":"textDocument/selectionRange","params":{"textDocument":{"uri":"\#(server.uri)"},"positions":[{"line":99,"character":99},{"line":0,"character":9999}]}}"#)
        #expect(try #require(server.response(to: 77)).errorCode == nil)
        try server.expectAlive()
    }

    /// Line 2 is `  name = "Démo 🙂🙂 state"`: UTF-16 characters 16 and 18 fall
    /// inside the surrogate pairs of the two emoji.
    @Test func positionsInsideASurrogatePairAreSnapped() throws {
        let server = try AbuseServer()
        for (id, character) in [(78, 16), (79, 18)] {
            server.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(server.uri)"},"position":{"line":2,"character":\#(character)}}}"#)
            #expect(try #require(server.response(to: id)).errorCode == nil)
            server.send(#"{"jsonrpc":"2.0","id":\#(id + 100),"method":"textDocument/completion","params":{"textDocument":{"uri":"\#(server.uri)"},"position":{"line":2,"character":\#(character)}}}"#)
            #expect(try #require(server.response(to: id + 100)).errorCode == nil)
        }
        // An edit whose range starts and ends inside the pairs: the text must
        // stay valid UTF-8 (the edit snaps to whole characters).
        server.change(#"[{"range":{"start":{"line":2,"character":16},"end":{"line":2,"character":18}},"text":"x"}]"#)
        server.send(#"{"jsonrpc":"2.0","id":80,"method":"textDocument/formatting","params":{"textDocument":{"uri":"\#(server.uri)"},"options":{"tabSize":2,"insertSpaces":true}}}"#)
        let formatting = try #require(server.response(to: 80))
        #expect(formatting.errorCode == nil)
        try server.expectAlive()
    }

    @Test func editsOutOfRangeAreClamped() throws {
        let server = try AbuseServer()
        server.change(#"[{"range":{"start":{"line":500,"character":3},"end":{"line":900,"character":0}},"text":"\n# appended\n"},{"range":{"start":{"line":1,"character":500},"end":{"line":0,"character":0}},"text":""}]"#)
        server.change(#"[{"range":{"start":{"line":"x"}},"text":"ignored?"},{"text":5}]"#)
        try server.expectAlive()
    }

    @Test func changesToAnUnopenedDocumentAreIgnored() throws {
        let server = try AbuseServer()
        let other = server.root.appendingPathComponent("never-opened.annal").absoluteString
        server.send(#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"\#(other)","version":2},"contentChanges":[{"text":"party x {}"}]}}"#)
        server.send(#"{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"\#(other)"}}}"#)
        server.send(#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"not a uri at all"},"contentChanges":[]}}"#)
        server.send(#"{"jsonrpc":"2.0","id":81,"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(other)"},"position":{"line":0,"character":7}}}"#)
        #expect(try #require(server.response(to: 81)).errorCode == -32602, "the edit must not have opened it")
        try server.expectAlive()
    }

    @Test func tenThousandCancellations() throws {
        let server = try AbuseServer()
        var burst: [UInt8] = []
        for index in 0..<10_000 {
            let id = index % 3 == 0 ? "\(index)" : index % 3 == 1 ? "\"r\(index)\"" : #"{"bad":true}"#
            let body = #"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":\#(id)}}"#
            burst += Array("Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        }
        let started = Date()
        server.write(burst)
        let response = try server.expectAlive()
        #expect(Date().timeIntervalSince(started) < 10 * AbuseServer.timeScale)
        #expect(server.responses(before: response).isEmpty, "a cancellation was answered")
    }

    @Test func cancellingARequestStillAnswersItOnce() throws {
        let server = try AbuseServer()
        server.send(#"{"jsonrpc":"2.0","id":82,"method":"workspace/symbol","params":{"query":""}}"#)
        server.send(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":82}}"#)
        server.send(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":82}}"#)
        let response = try #require(server.response(to: 82))
        #expect(response.errorCode == nil || response.errorCode == -32800)
        try server.expectAlive()
        #expect(server.received.filter { ($0["id"] as? Int) == 82 }.count == 1)
    }

    // MARK: - Lifecycle

    @Test func requestsBeforeInitializeAreRefused() throws {
        let server = try AbuseServer(initialize: false)
        server.send(#"{"jsonrpc":"2.0","id":83,"method":"textDocument/hover","params":{}}"#)
        #expect(try #require(server.response(to: 83)).errorCode == -32002)
        server.send(#"{"jsonrpc":"2.0","id":84,"method":"shutdown"}"#)
        #expect(try #require(server.response(to: 84)).errorCode == -32002)
        server.send(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(server.uri)","languageId":"annal","version":1,"text":"party x {}"}}}"#)
        try server.initialize()
        try server.expectAlive()
    }

    @Test func secondInitializeIsRefused() throws {
        let server = try AbuseServer()
        server.send(#"{"jsonrpc":"2.0","id":85,"method":"initialize","params":{"capabilities":{}}}"#)
        #expect(try #require(server.response(to: 85)).errorCode == -32600)
        try server.expectAlive()
    }

    @Test func requestsAfterShutdownAreInvalid() throws {
        let server = try AbuseServer()
        server.send(#"{"jsonrpc":"2.0","id":86,"method":"shutdown"}"#)
        let shutdown = try #require(server.response(to: 86))
        #expect(shutdown["result"] is NSNull)
        server.send(#"{"jsonrpc":"2.0","id":87,"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(server.uri)"},"position":{"line":0,"character":7}}}"#)
        #expect(try #require(server.response(to: 87)).errorCode == -32600)
        server.send(#"{"jsonrpc":"2.0","id":88,"method":"shutdown"}"#)
        #expect(try #require(server.response(to: 88)).errorCode == -32600)
        server.send(#"{"jsonrpc":"2.0","method":"exit"}"#)
        #expect(server.exitStatus() == 0)
    }

    @Test func exitWithoutShutdownExitsWithOne() throws {
        let server = try AbuseServer()
        server.send(#"{"jsonrpc":"2.0","method":"exit","params":{"ignored":true}}"#)
        #expect(server.exitStatus() == 1)
    }

    @Test func exitBeforeInitializeExitsWithOne() throws {
        let server = try AbuseServer(initialize: false)
        server.send(#"{"jsonrpc":"2.0","method":"exit"}"#)
        #expect(server.exitStatus() == 1)
    }

    // MARK: - Documents

    @Test func deeplyNestedListsAndUnterminatedBlocks() throws {
        let server = try AbuseServer()
        let depth = 100_000
        let nested = "relation r {\n  parties = " + String(repeating: "[", count: depth) + "\n}\n"
        server.open(uri: server.uri(of: "nested.annal"), text: nested)
        let unterminated = String(repeating: "relation r {\n  event 2003 {\n    cite x \"unterminated\n", count: 5_000)
        server.open(uri: server.uri(of: "unterminated.annal"), text: unterminated)
        for (id, name) in [(89, "nested.annal"), (90, "unterminated.annal")] {
            server.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"\#(server.uri(of: name))"}}}"#)
            #expect(try #require(server.response(to: id, timeout: 20)).errorCode == nil, "\(name)")
        }
        try server.expectAlive()
    }

    /// 50 MB of blocks, opened then edited. Over `AnalysisLimits.maxSourceBytes`
    /// (16 MiB) the text is kept and edited but not analysed, and the user is
    /// warned once: every answer comes at once. Cut below the limit by an
    /// edit, it is analysed again, which shows the edits were all applied.
    @Test func fiftyMegabyteDocumentOpenedThenEdited() throws {
        let server = try AbuseServer()
        let block = Array("party p0000000 {\n  kind = state\n  name = \"A long name to take room, with accents: é è ê and more\"\n}\n\n".utf8)
        let copies = 50 * 1024 * 1024 / block.count
        var text: [UInt8] = []
        text.reserveCapacity(copies * block.count)
        for index in 0..<copies {
            var numbered = block
            let digits = Array(String(index, radix: 36).utf8)
            numbered.replaceSubrange(7..<(7 + digits.count), with: digits)  // unique ids, same length
            text += numbered
        }
        let uri = server.uri(of: "big.annal")
        let started = Date()
        server.open(uri: uri, text: String(decoding: text, as: UTF8.self))
        let warning = try #require(server.next(timeout: 30) { ($0["method"] as? String) == "window/showMessage" })
        #expect("\(warning)".contains("big.annal has \(text.count) bytes, over the limit of 16777216"))
        server.send(#"{"jsonrpc":"2.0","id":91,"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(uri)"},"position":{"line":0,"character":7}}}"#)
        let hover = try #require(server.response(to: 91, timeout: 30))
        #expect(hover.errorCode == nil && hover["result"] is NSNull, "not analysed: nothing to say")
        let lines = copies * 5
        let edits = [
            // Insert at the end, then cut everything between the first block and it.
            #"{"range":{"start":{"line":\#(lines),"character":0},"end":{"line":\#(lines),"character":0}},"text":"party tail {\n  kind = state\n}\n"}"#,
            #"{"range":{"start":{"line":5,"character":0},"end":{"line":\#(lines),"character":0}},"text":""}"#,
        ]
        for (version, edit) in edits.enumerated() {
            server.send(#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"\#(uri)","version":\#(version + 2)},"contentChanges":[\#(edit)]}}"#)
        }
        server.send(#"{"jsonrpc":"2.0","id":92,"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(uri)"},"position":{"line":5,"character":7}}}"#)
        let edited = try #require(server.response(to: 92, timeout: 30))
        #expect("\(edited["result"] ?? "")".contains("tail"), "the edits were not all applied: \(edited)")
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 30 * AbuseServer.timeScale, "\(elapsed) s")
        #expect(server.received.filter { ($0["method"] as? String) == "window/showMessage" }.count == 1, "warned once")
        try server.expectAlive()
    }
}

// MARK: - A server process driven over pipes

/// One `annal lsp` process over pipes, initialised on a temporary workspace
/// holding `a.annal` (open, with `ProtocolAbuseTests.document`). A reader
/// thread collects every message the server sends.
final class AbuseServer: @unchecked Sendable {
    typealias JSON = [String: Any]

    let process: ChildProcess
    let root: URL
    private let condition = NSCondition()
    private var buffer: [UInt8] = []
    /// Every message received, in order. Guarded by `condition`.
    private var messages: [JSON] = []
    /// Index of the first message `nextError()` has not looked at.
    private var errorCursor = 0
    private var outputClosed = false
    private var nextID = 100_000
    /// How many messages had arrived when `initialize` was answered.
    private var afterInitialize = 0

    /// The URI of the open document.
    var uri: String { uri(of: "a.annal") }

    init(initialize: Bool = true) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("annal-abuse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try ProtocolAbuseTests.document.write(to: root.appendingPathComponent("a.annal"), atomically: true, encoding: .utf8)
        // The server's error stream is kept in the folder: a test that
        // times out shows it (see `diagnosis`).
        process = try ChildProcess(BinaryTests.executable, ["lsp"], input: .pipe, output: .pipe,
                                   error: .file(root.appendingPathComponent("server.stderr").path))
        // The server weakly: the thread outlives no test. Once the test lets
        // go, `deinit` stops the server, the pipe closes, and the folder is
        // removed. The process strongly: its output descriptor stays open
        // (and its number not reused by another test) until this thread has
        // read the end of it, even when `deinit` runs on this very thread.
        let process = self.process
        let thread = Thread { [weak self] in
            let handle = process.output!
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(handle, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard let self, self.receive(chunk[0..<max(count, 0)]) else { return }
            }
        }
        thread.start()
        if initialize { try self.initialize() }
    }

    deinit {
        // Ended as an editor ends it: input closed; killed after 5 s.
        if process.isRunning {
            closeInput()
            if exitStatus(timeout: 5) == nil { process.kill() }
        }
        try? FileManager.default.removeItem(at: root)
    }

    func uri(of name: String) -> String { root.appendingPathComponent(name).absoluteString }

    /// `initialize`, `initialized`, and `a.annal` opened.
    func initialize() throws {
        let id = takeID()
        send(#"{"jsonrpc":"2.0","id":\#(id),"method":"initialize","params":{"processId":null,"rootUri":"\#(root.absoluteString)","capabilities":{}}}"#)
        let response = try #require(self.response(to: id, timeout: 20), "no answer to initialize; \(diagnosis())")
        try #require(response["result"] is JSON)
        afterInitialize = received.count
        send(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)
        open(uri: uri, text: ProtocolAbuseTests.document)
    }

    // MARK: Writing

    func write(_ bytes: [UInt8]) { process.write(bytes, timeout: 120 * Self.timeScale) }

    func write(_ text: String) { write(Array(text.utf8)) }

    /// Sends one framed body.
    func send(_ json: String) { write("Content-Length: \(json.utf8.count)\r\n\r\n\(json)") }

    func open(uri: String, text: String) {
        let data = try! JSONSerialization.data(withJSONObject: [
            "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": ["textDocument": ["uri": uri, "languageId": "annal", "version": 1, "text": text]],
        ] as [String: Any])
        write(Array("Content-Length: \(data.count)\r\n\r\n".utf8) + [UInt8](data))
    }

    /// `didChange` of `a.annal` with these content changes (JSON array text).
    func change(_ changes: String) {
        send(#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"\#(uri)","version":9},"contentChanges":\#(changes)}}"#)
    }

    func closeInput() { process.closeInput() }

    func takeID() -> Int {
        condition.lock()
        defer { condition.unlock() }
        nextID += 1
        return nextID
    }

    // MARK: Reading

    /// Every message received so far.
    var received: [JSON] {
        condition.lock()
        defer { condition.unlock() }
        return messages
    }

    /// The first message received (from the start) satisfying `predicate`,
    /// waiting up to `timeout` seconds.
    func next(timeout: TimeInterval = 10, where predicate: (JSON) -> Bool) -> JSON? {
        let deadline = Date().addingTimeInterval(timeout * Self.timeScale)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let found = messages.first(where: predicate) { return found }
            if outputClosed || !condition.wait(until: deadline) {
                return messages.first(where: predicate)
            }
        }
    }

    /// The response to request `id` (an integer id).
    func response(to id: Int, timeout: TimeInterval = 10) -> JSON? {
        next(timeout: timeout) { $0["id"] as? Int == id && $0["method"] == nil }
    }

    /// The next error response not yet returned by this function.
    func nextError(timeout: TimeInterval = 10) -> (code: Int, message: String, id: Any?)? {
        let deadline = Date().addingTimeInterval(timeout * Self.timeScale)
        condition.lock()
        defer { condition.unlock() }
        while true {
            while errorCursor < messages.count {
                let message = messages[errorCursor]
                errorCursor += 1
                if let error = message["error"] as? JSON, let code = error["code"] as? Int {
                    let id = message["id"]
                    return (code, error["message"] as? String ?? "", id is NSNull ? nil : id)
                }
            }
            if outputClosed || !condition.wait(until: deadline) { return nil }
        }
    }

    /// Responses (messages with an id and no method) that arrived after
    /// initialisation and before `message`.
    func responses(before message: JSON) -> [JSON] {
        let all = received
        guard let index = all.firstIndex(where: { ($0 as NSDictionary).isEqual(to: message) }) else { return [] }
        return all[min(afterInitialize, index)..<index].filter { $0["id"] != nil && $0["method"] == nil }
    }

    /// Sends a hover on `demo` in `a.annal` and requires a real answer:
    /// the server is alive and its state intact.
    @discardableResult
    func expectAlive(timeout: TimeInterval = 10, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSON {
        let id = takeID()
        send(#"{"jsonrpc":"2.0","id":\#(id),"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(uri)"},"position":{"line":0,"character":7}}}"#)
        let response = try #require(self.response(to: id, timeout: timeout), "the server did not answer a hover", sourceLocation: sourceLocation)
        let result = try #require(response["result"] as? JSON, "hover failed: \(response)", sourceLocation: sourceLocation)
        #expect("\(result)".contains("demo"), sourceLocation: sourceLocation)
        return response
    }

    /// Takes what one `read` returned (nothing at end of output); false
    /// once the output is closed.
    private func receive(_ bytes: ArraySlice<UInt8>) -> Bool {
        condition.lock()
        defer { condition.broadcast(); condition.unlock() }
        if bytes.isEmpty {
            outputClosed = true
            return false
        }
        buffer += bytes
        while let body = Self.takeFrame(&buffer) {
            let object = (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) as? JSON
            messages.append(object ?? ["unparsable": String(decoding: body, as: UTF8.self)])
        }
        return true
    }

    private static func takeFrame(_ buffer: inout [UInt8]) -> [UInt8]? {
        guard let separator = buffer.firstRange(of: Array("\r\n\r\n".utf8)) else { return nil }
        let header = String(decoding: buffer[..<separator.lowerBound], as: UTF8.self)
        guard let line = header.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)),
              buffer.count >= separator.upperBound + length else { return nil }
        let body = Array(buffer[separator.upperBound..<(separator.upperBound + length)])
        buffer.removeSubrange(..<(separator.upperBound + length))
        return body
    }

    // MARK: Process

    /// The exit status, waiting up to `timeout` seconds; nil if still running.
    func exitStatus(timeout: TimeInterval = 10) -> Int32? {
        process.ending(within: timeout * Self.timeScale)?.status
    }

    /// True when the process died of a signal (a crash).
    var crashed: Bool { process.ended?.bySignal == true }

    /// What can be seen of a server that does not answer: whether it runs,
    /// its threads' states and where the kernel has them waiting, what it
    /// wrote to its error stream, and how many messages it sent.
    func diagnosis() -> String {
        var lines: [String] = []
        if let ended = process.ended {
            lines.append("the server ended: \(ended.bySignal ? "signal" : "status") \(ended.status)")
        } else {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.pid)/task")) ?? []
            for task in tasks.sorted() {
                let folder = "/proc/\(process.pid)/task/\(task)"
                let stat = (try? String(contentsOfFile: "\(folder)/stat", encoding: .utf8)) ?? ""
                let state = stat.split(separator: ")").last?.split(separator: " ").first ?? "?"
                let waitingIn = (try? String(contentsOfFile: "\(folder)/wchan", encoding: .utf8)) ?? "?"
                lines.append("thread \(task): \(state) in \(waitingIn)")
            }
        }
        let errors = (try? String(contentsOf: root.appendingPathComponent("server.stderr"), encoding: .utf8)) ?? ""
        lines.append("error stream: \(errors.isEmpty ? "(empty)" : String(errors.suffix(2_000)))")
        lines.append("messages received: \(received.count)")
        return lines.joined(separator: "\n")
    }

    /// Resident memory now (VmRSS) and at its peak (VmHWM), in KiB.
    func residentKiB() -> Int? { status("VmRSS:") }
    func peakResidentKiB() -> Int? { status("VmHWM:") }

    private func status(_ key: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(process.pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }

    /// Stretches every time bound: `scripts/sanitizers` sets
    /// `ANNAL_TEST_TIME_SCALE` (sanitized binaries run several times slower).
    static let timeScale = Double(ProcessInfo.processInfo.environment["ANNAL_TEST_TIME_SCALE"] ?? "") ?? 1
}

extension Dictionary where Key == String, Value == Any {
    /// The `error.code` of a response, if it is an error.
    var errorCode: Int? { (self["error"] as? [String: Any])?["code"] as? Int }
}
