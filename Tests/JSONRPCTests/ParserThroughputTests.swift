import AnnalJSON
import Foundation
import JSONRPC
import Testing

/// Parser throughput on a 1 MB `didChange`-like message. Off by default;
/// run in release: `ANNAL_BENCH=1 swift test -c release --filter ParserThroughputTests`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["ANNAL_BENCH"] != nil))
struct ParserThroughputTests {
    /// A message whose params hold about 1 MB of document text with quotes,
    /// backslashes, tabs, `/`, non-ASCII characters and a line break every
    /// ~70 bytes.
    static func didChangeMessage(textBytes: Int) -> [UInt8] {
        let lines = [
            "relation nato-uz \"NATO – Uzbekistan\" {\n",
            "\tsource = \"docs/accord-2004.pdf\" // see https://example.org/a/b\n",
            "\tquote = \"L’Ouzbékistan s’engage à \\\"coopérer\\\" 😀\"\n",
            "\tperiod = 1994-05-13/2005..\n",
            "}\n",
        ]
        var text = ""
        var k = 0
        while text.utf8.count < textBytes {
            text += lines[k % lines.count]
            k += 1
        }
        let message = Message.notification(method: "textDocument/didChange", params: [
            "textDocument": ["uri": "file:///work/samples/nato.annal", "version": 42],
            "contentChanges": [["text": .string(text)]],
        ])
        return JSONWriter.bytes(message.json)
    }

    /// About 1 MB of small objects, like a large completion list.
    static func structureHeavyMessage() -> [UInt8] {
        let items: [JSONValue] = (0..<5_000).map { n in
            ["label": .string("item-\(n)"), "kind": 6, "detail": "relation — État partenaire",
             "sortText": .string(String(n)), "data": ["uri": "file:///work/x.annal", "offset": .int(n * 17)],
             "score": .double(Double(n) / 7)]
        }
        return JSONWriter.bytes(Message.response(id: .int(3), result: .success(["isIncomplete": false, "items": .array(items)])).json)
    }

    static func megabytesPerSecond(_ message: [UInt8], rounds: Int) throws -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<rounds { _ = try JSONParser.parse(message) }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(rounds))
        }
        return Double(message.count) / 1e6 / best
    }

    @Test func structureHeavyThroughput() throws {
        let message = Self.structureHeavyMessage()
        let speed = try Self.megabytesPerSecond(message, rounds: 10)
        print("JSONParser, structure-heavy: \(message.count) bytes at \(Int(speed)) MB/s")
        #expect(speed > 0)
    }

    @Test func parsesAMegabyteDidChangeFast() throws {
        let message = Self.didChangeMessage(textBytes: 1 << 20)
        let parsed = try JSONParser.parse(message)
        #expect(parsed["params"]?["contentChanges"]?.arrayValue?.first?["text"]?.stringValue?.utf8.count ?? 0 >= 1 << 20)

        let rounds = 50
        var best = Double.infinity
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<rounds { _ = try JSONParser.parse(message) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(rounds)
            best = min(best, seconds)
        }
        let megabytesPerSecond = Double(message.count) / 1e6 / best
        let foundation: Double = try {
            let data = Data(message)
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<10 { _ = try JSONSerialization.jsonObject(with: data) }
            return Double(message.count) * 10 / 1e6 / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }()
        print("JSONParser: \(message.count) bytes in \(Int(best * 1e6)) µs = \(Int(megabytesPerSecond)) MB/s"
            + " (JSONSerialization: \(Int(foundation)) MB/s)")
        #if !DEBUG
        #expect(megabytesPerSecond > 300, "the target on a quiet machine (other builds halve it)")
        #endif
    }
}
