import AnnalTestSupport
import Foundation
import Testing

/// `annal lsp` as a process over pipes: framing, lifecycle and exit codes,
/// the way an editor starts it.
@Suite struct LSPStdioTests {
    final class Session {
        let process: ChildProcess
        private var buffer: [UInt8] = []

        init() throws {
            process = try ChildProcess(BinaryTests.executable, ["lsp"], input: .pipe, output: .pipe)
        }

        func write(_ raw: String) {
            process.write(Array(raw.utf8))
        }

        func send(_ json: String) {
            write("Content-Length: \(json.utf8.count)\r\n\r\n\(json)")
        }

        /// Reads one framed message body (5 s at most, else nil).
        func read() -> String? {
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline {
                if let separator = buffer.firstRange(of: Array("\r\n\r\n".utf8)) {
                    let header = String(decoding: buffer[..<separator.lowerBound], as: UTF8.self)
                    guard let lengthLine = header.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
                          let length = Int(lengthLine.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) else { return nil }
                    if buffer.count >= separator.upperBound + length {
                        let body = buffer[separator.upperBound..<(separator.upperBound + length)]
                        buffer.removeSubrange(..<(separator.upperBound + length))
                        return String(decoding: body, as: UTF8.self)
                    }
                }
                var waiting = [pollfd(fd: process.output!, events: Int16(POLLIN), revents: 0)]
                let ready = poll(&waiting, 1, Int32(max(deadline.timeIntervalSinceNow, 0) * 1000) + 1)
                if ready < 0 && errno == EINTR { continue }
                if ready <= 0 { return nil }
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                let count = chunk.withUnsafeMutableBytes { Glibc.read(process.output!, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return nil }
                buffer += chunk[0..<count]
            }
            return nil
        }

        /// Reads messages until one contains `needle`.
        func read(until needle: String) -> String? {
            for _ in 0..<50 {
                guard let message = read() else { return nil }
                if message.contains(needle) { return message }
            }
            return nil
        }

        func close() { process.closeInput() }

        /// The exit status within 5 s, else nil.
        func exitStatus() -> Int32? { process.ending(within: 5)?.status }

        // Input closed, as an editor ends it; killed if that does not end it.
        deinit {
            close()
            if process.ending(within: 5) == nil { process.kill() }
        }
    }

    static let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}"#

    @Test func initializeShutdownExitGivesZero() throws {
        let session = try Session()
        session.send(Self.initialize)
        let response = try #require(session.read(until: #""id":1"#))
        #expect(response.contains(#""positionEncoding":"utf-16""#))
        session.send(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)
        session.send(#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)
        #expect(session.read(until: #""id":2"#)?.contains(#""result":null"#) == true)
        session.send(#"{"jsonrpc":"2.0","method":"exit"}"#)
        #expect(session.exitStatus() == 0)
    }

    @Test func exitWithoutShutdownGivesOne() throws {
        let session = try Session()
        session.send(Self.initialize)
        _ = session.read(until: #""id":1"#)
        session.send(#"{"jsonrpc":"2.0","method":"exit"}"#)
        #expect(session.exitStatus() == 1)
    }

    @Test func endOfInputWithoutShutdownGivesOne() throws {
        let session = try Session()
        session.close()
        #expect(session.exitStatus() == 1)
    }

    @Test func badMessagesGetErrorsAndTheServerGoesOn() throws {
        let session = try Session()
        session.send(#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}"#)
        #expect(session.read(until: #""id":1"#)?.contains("-32002") == true, "not initialized")
        session.send("{not json")
        #expect(session.read(until: "-32700")?.contains(#""id":null"#) == true)
        session.write("Content-Length: abc\r\n\r\n")
        session.send(#"[1,2]"#)
        #expect(session.read(until: "-32600") != nil, "a batch is an invalid request")
        session.send(Self.initialize)
        #expect(session.read(until: #""id":1"#)?.contains("capabilities") == true)
        session.send(#"{"jsonrpc":"2.0","id":"é-🙂","method":"no/such/method"}"#)
        #expect(session.read(until: "é-🙂")?.contains("-32601") == true)
        session.send(#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#)
        #expect(session.read(until: #""id":3"#) != nil)
        session.close()
        #expect(session.exitStatus() == 0)
    }
}
