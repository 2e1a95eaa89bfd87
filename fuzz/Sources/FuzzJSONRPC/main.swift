// FuzzJSONRPC: the transport on any bytes. Properties:
// - FrameReader: fed the input in chunks (sizes drawn from the input), it
//   never traps, gives the same frames as when fed everything at once, keeps
//   bodies within `maxContentLength`, and releases what it consumed: the
//   bytes it holds stay within a bound of what arrived since its last frame;
// - JSONParser + Message.decode, on every body and on the whole input: never
//   trap; a parsed value written by JSONWriter parses back to the same value
//   and a decoded message, encoded and decoded again, is the same message
//   (non-finite numbers, such as 1e400, are written as null, as JavaScript
//   does: the comparison allows for that).
import AnnalJSON
import FuzzSupport
import JSONRPC

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)

    // All at once.
    var whole = FrameReader()
    whole.append(bytes)
    var expected: [Frame] = []
    while let frame = whole.next() { expected.append(frame) }

    // In chunks of 1 to 64 bytes, sizes from a generator seeded by the input.
    var seed: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes.prefix(16) { seed = (seed ^ UInt64(byte)) &* 0x100_0000_01b3 }
    var reader = FrameReader()
    var frames: [Frame] = []
    var offset = 0
    var sinceLastFrame = 0
    while offset < bytes.count {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let chunk = min(bytes.count - offset, 1 + Int((seed >> 33) % 64))
        reader.append(Array(bytes[offset..<offset + chunk]))
        offset += chunk
        sinceLastFrame += chunk
        while let frame = reader.next() {
            frames.append(frame)
            sinceLastFrame = 0
        }
        let bound = 2 * (sinceLastFrame + 64 + FrameReader.maxHeaderLength) + 4096
        if reader.bufferedByteCount > bound {
            violated("the frame reader holds \(reader.bufferedByteCount) bytes, over \(bound)")
        }
    }
    if frames != expected {
        violated("chunked framing differs from whole framing",
                 "whole: \(expected.prefix(5))\nchunked: \(frames.prefix(5))")
    }

    for frame in frames {
        switch frame {
        case .body(let body):
            if body.count > FrameReader.maxContentLength { violated("a body over the limit was kept") }
            checkMessage(body)
        case .tooLarge(let length):
            if length <= FrameReader.maxContentLength { violated("tooLarge(\(length)) is within the limit") }
        case .malformed:
            break
        }
    }
    checkMessage(bytes)
    return 0
}

private func checkMessage(_ bytes: [UInt8]) {
    guard let value = try? JSONParser.parse(bytes) else { return }
    let written = JSONWriter.bytes(value)
    guard let again = try? JSONParser.parse(written) else {
        violated("written JSON does not parse", String(decoding: written.prefix(400), as: UTF8.self))
    }
    if again != writable(value) {
        violated("JSON changed through the writer", String(decoding: written.prefix(400), as: UTF8.self))
    }
    guard case .success(let message) = Message.decode(value) else { return }
    let encoded = JSONWriter.bytes(message.json)
    guard let reparsed = try? JSONParser.parse(encoded) else { violated("an encoded message does not parse") }
    guard case .success(let decoded) = Message.decode(reparsed) else {
        violated("an encoded message does not decode", String(decoding: encoded.prefix(400), as: UTF8.self))
    }
    // Non-finite numbers were written as null: compare with what the writer can express.
    guard case .success(let expected) = Message.decode(writable(value)) else {
        violated("a message stops decoding once its non-finite numbers are null")
    }
    if decoded != expected {
        violated("a message changed through encoding", String(decoding: encoded.prefix(400), as: UTF8.self))
    }
}

/// The value as the writer can express it: non-finite numbers become null.
private func writable(_ value: JSONValue) -> JSONValue {
    switch value {
    case .double(let number) where !number.isFinite: return .null
    case .array(let items): return .array(items.map(writable))
    case .object(let members): return .object(members.map { ($0.0, writable($0.1)) })
    default: return value
    }
}
