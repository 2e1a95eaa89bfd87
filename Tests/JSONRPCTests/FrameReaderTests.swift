import JSONRPC
import Testing

@Suite struct FrameReaderTests {
    /// Feeds the chunks one by one, draining after each.
    static func frames(_ chunks: [[UInt8]]) -> [Frame] {
        var reader = FrameReader()
        var out: [Frame] = []
        for chunk in chunks {
            reader.append(chunk)
            while let frame = reader.next() { out.append(frame) }
        }
        return out
    }

    static func frames(_ text: String) -> [Frame] { frames([bytes(text)]) }

    static func isMalformed(_ frame: Frame?) -> Bool {
        if case .malformed = frame { true } else { false }
    }

    static let valid = #"{"jsonrpc":"2.0","method":"ok"}"#

    @Test func framingWritesExactlyTheHeaderAndBody() {
        #expect(Framing.frame(bytes("hello")) == bytes("Content-Length: 5\r\n\r\nhello"))
        #expect(Framing.frame(bytes("é😀")) == bytes("Content-Length: 6\r\n\r\né😀"))
        #expect(Framing.frame([]) == bytes("Content-Length: 0\r\n\r\n"))
    }

    @Test func readsOneFrame() {
        #expect(Self.frames("Content-Length: 5\r\n\r\nhello") == [.body(bytes("hello"))])
        #expect(Self.frames("Content-Length: 0\r\n\r\n") == [.body([])])
    }

    @Test func readsSeveralFramesInOneChunk() {
        let bodies = [Self.valid, #"{"é":"😀"}"#, "[]", ""]
        let stream = bodies.flatMap { framed($0) }
        #expect(Self.frames([stream]) == bodies.map { .body(bytes($0)) })
    }

    @Test func splitAtEveryByteBoundary() {
        let bodies = [Self.valid, #"{"text":"é😀\r\n"}"#, "{}"]
        var stream = bytes("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n") + framed(bodies[0])
        stream += framed(bodies[1]) + bytes("content-length:2\n\n") + bytes(bodies[2])
        let expected = bodies.map { Frame.body(bytes($0)) }
        for split in 0...stream.count {
            let got = Self.frames([Array(stream[..<split]), Array(stream[split...])])
            #expect(got == expected, "split at \(split)")
        }
        #expect(Self.frames(stream.map { [$0] }) == expected, "one byte at a time")
        #expect(Self.frames(stride(from: 0, to: stream.count, by: 3).map { Array(stream[$0..<min($0 + 3, stream.count)]) })
            == expected)
    }

    @Test func waitsForTheWholeBody() {
        var reader = FrameReader()
        reader.append(bytes("Content-Length: 10\r\n\r\n12345"))
        #expect(reader.next() == nil)
        #expect(reader.next() == nil)
        reader.append(bytes("6789"))
        #expect(reader.next() == nil)
        reader.append(bytes("0Content-Length: 1"))
        #expect(reader.next() == .body(bytes("1234567890")))
        #expect(reader.next() == nil)
        reader.append(bytes("\r\n\r\nx"))
        #expect(reader.next() == .body(bytes("x")))
        #expect(reader.next() == nil)
    }

    @Test(arguments: [
        "Content-Type: application/vscode-jsonrpc\r\n\r\n{}",  // missing
        "Content-Length: -5\r\n\r\n{}",
        "Content-Length: +5\r\n\r\n{}",
        "Content-Length: abc\r\n\r\n{}",
        "Content-Length: 5x\r\n\r\n{}",
        "Content-Length: 0x10\r\n\r\n{}",
        "Content-Length: 1 2\r\n\r\n{}",
        "Content-Length: 1.5\r\n\r\n{}",
        "Content-Length:\r\n\r\n{}",
        "Content-Length: 99999999999999999999999999\r\n\r\n{}",
        "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        "Content-Length: 2\r\nno colon here\r\n\r\n{}",
        "Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n{}",
        "Content-Length: 2\r\nContent-Type: text/plain; charset=utf-16\r\n\r\n{}",
    ])
    func badHeaderIsReportedThenTheNextFrameIsRead(_ header: String) {
        let got = Self.frames([bytes(header) + framed(Self.valid)])
        #expect(got.count == 2, "\(got)")
        #expect(Self.isMalformed(got.first))
        #expect(got.last == .body(bytes(Self.valid)))
    }

    @Test(arguments: [
        "application/vscode-jsonrpc; charset=utf-8",
        "application/vscode-jsonrpc; charset=utf8",
        "application/vscode-jsonrpc; charset=UTF-8",
        "Application/VSCode-JSONRPC;charset=\"utf-8\"",
        "application/vscode-jsonrpc",
        "application/vscode-jsonrpc; other=1",
    ])
    func acceptedContentTypes(_ contentType: String) {
        let got = Self.frames("Content-Type: \(contentType)\r\nContent-Length: 2\r\n\r\n{}")
        #expect(got == [.body(bytes("{}"))])
        let after = Self.frames("Content-Length: 2\r\ncontent-type: \(contentType)\r\n\r\n{}")
        #expect(after == [.body(bytes("{}"))])
    }

    @Test func bareLineFeedsAndNameCaseAreTolerated() {
        #expect(Self.frames("Content-Length: 2\n\n{}") == [.body(bytes("{}"))])
        #expect(Self.frames("Content-Length: 2\r\n\n{}") == [.body(bytes("{}"))])
        #expect(Self.frames("Content-Length: 2\n\r\n{}") == [.body(bytes("{}"))])
        #expect(Self.frames("content-length: 2\r\n\r\n{}") == [.body(bytes("{}"))])
        #expect(Self.frames("CONTENT-LENGTH:2\r\n\r\n{}") == [.body(bytes("{}"))])
        #expect(Self.frames("Content-Length: \t2 \r\n\r\n{}") == [.body(bytes("{}"))])
    }

    @Test func unknownHeadersAreIgnored() {
        let got = Self.frames("X-Foo: bar\r\nContent-Length: 2\r\nX-Empty:\r\nUser-Agent: é\r\n\r\n{}")
        #expect(got == [.body(bytes("{}"))])
    }

    @Test func strayBlankLinesBetweenFramesAreIgnored() {
        let got = Self.frames([framed("1") + bytes("\r\n\r\n\n") + framed("2")])
        #expect(got == [.body(bytes("1")), .body(bytes("2"))])
    }

    @Test(arguments: [
        "garbage\r\n",
        "hello world\r\n\r\n",
        #"{"jsonrpc":"2.0","method":"unframed"}"#,
        "\u{0}\u{1}\u{2}\r\n",
        "Content-Lenght: 2\r\n\r\n{}",
    ])
    func garbageBetweenFramesIsReportedThenReadingRecovers(_ garbage: String) {
        let got = Self.frames([framed("1") + bytes(garbage) + framed(Self.valid)])
        #expect(got.first == .body(bytes("1")))
        #expect(got.last == .body(bytes(Self.valid)), "\(got)")
        #expect(got.dropFirst().dropLast().allSatisfy(Self.isMalformed))
        #expect(got.count >= 3)
    }

    @Test func miscountedBodyLosesOnlyItself() {
        // 5 announced, 7 sent: the tail runs into the next header's line.
        let got = Self.frames([bytes("Content-Length: 5\r\n\r\n{\"a\":1}") + framed(Self.valid)])
        #expect(got.count == 3)
        #expect(got.first == .body(bytes(#"{"a":"#)))
        #expect(Self.isMalformed(got.dropFirst().first))
        #expect(got.last == .body(bytes(Self.valid)))
    }

    @Test func tooLongHeaderIsMalformed() {
        let longLine = "X-Long: " + String(repeating: "a", count: 9000) + "\r\n"
        let got = Self.frames([bytes(longLine + "Content-Length: 2\r\n\r\n{}") + framed(Self.valid)])
        #expect(Self.isMalformed(got.first))
        #expect(got.last == .body(bytes(Self.valid)))

        // No line end at all: reported once 8 KiB have gone by, with bounded memory.
        var reader = FrameReader()
        var reports = 0
        for _ in 0..<20 {
            reader.append([UInt8](repeating: UInt8(ascii: "x"), count: 1000))
            while let frame = reader.next() {
                #expect(Self.isMalformed(frame))
                reports += 1
            }
            #expect(reader.bufferedByteCount <= FrameReader.maxHeaderLength + 1000)
        }
        #expect(reports == 1)
        reader.append(framed(Self.valid))
        #expect(reader.next() == .body(bytes(Self.valid)))
    }

    @Test func endlessGarbageKeepsMemoryBounded() {
        var random = SeededRandom(seed: 7)
        var reader = FrameReader()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var highWater = 0
        for _ in 0..<160 {  // 10 MB
            for k in chunk.indices { chunk[k] = UInt8(truncatingIfNeeded: random.next()) | 0x80 }
            for k in stride(from: 0, to: chunk.count, by: 97) { chunk[k] = 0x0A }
            reader.append(chunk)
            while let frame = reader.next() { #expect(Self.isMalformed(frame)) }
            highWater = max(highWater, reader.bufferedByteCount)
        }
        #expect(highWater <= 2 * 64 * 1024 + FrameReader.maxHeaderLength)
        reader.append(framed(Self.valid))
        var last: Frame?
        while let frame = reader.next() { last = frame }
        #expect(last == .body(bytes(Self.valid)))
    }

    @Test func hugeAnnouncedBodyIsSkippedWithBoundedMemory() {
        let announced = 100 * 1024 * 1024
        var reader = FrameReader()
        reader.append(bytes("Content-Length: \(announced)\r\n\r\n"))
        #expect(reader.next() == .tooLarge(announced))
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 64 * 1024)
        var sent = 0
        var highWater = 0
        while sent < announced {
            let piece = min(chunk.count, announced - sent)
            reader.append(piece == chunk.count ? chunk : Array(chunk[..<piece]))
            sent += piece
            highWater = max(highWater, reader.bufferedByteCount)  // skipped bytes are never stored
            #expect(reader.next() == nil)
        }
        #expect(highWater == 0)
        reader.append(framed(Self.valid))
        #expect(reader.next() == .body(bytes(Self.valid)))
        #expect(reader.next() == nil)
    }

    @Test func bodyJustOverTheLimitIsTooLargeAndSkippedExactly() {
        let length = FrameReader.maxContentLength + 1
        var reader = FrameReader()
        reader.append(bytes("Content-Length: \(length)\r\n\r\n") + [UInt8](repeating: 0x7B, count: 1000))
        #expect(reader.next() == .tooLarge(length))
        #expect(reader.next() == nil)
        var remaining = length - 1000
        let chunk = [UInt8](repeating: 0x7B, count: 1 << 20)
        while remaining > chunk.count {
            reader.append(chunk)
            remaining -= chunk.count
            #expect(reader.next() == nil)
        }
        // The last bytes of the skipped body arrive with the next frame.
        reader.append(Array(chunk[..<remaining]) + framed("[1]"))
        #expect(reader.next() == .body(bytes("[1]")))
    }

    @Test func badHeaderNameResynchronisesAtTheNextContentLength() {
        let got = Self.frames("Bad Name: 1\r\nContent-Length: 2\r\n\r\n{}")
        #expect(got.count == 2)
        #expect(Self.isMalformed(got.first))
        #expect(got.last == .body(bytes("{}")))
    }

    @Test func largeBodyArrivingInChunksIsKept() {
        let length = 3 * 1024 * 1024
        var reader = FrameReader()
        reader.append(bytes("Content-Length: \(length)\r\n\r\n"))
        let chunk = [UInt8](repeating: 0x20, count: 64 * 1024)
        for _ in 0..<(length / chunk.count) {
            #expect(reader.next() == nil)
            reader.append(chunk)
        }
        guard case .body(let body)? = reader.next() else {
            Issue.record("no body")
            return
        }
        #expect(body.count == length)
    }
}
