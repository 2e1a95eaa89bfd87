#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole reads and writes on a file descriptor: interrupted calls are
/// retried, partial ones continued. Failures come back as the system's
/// error number.
enum DescriptorIO {
    /// Writes all of `bytes`; nil, or the error number of the write that failed.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        guard var next = bytes.baseAddress else { return nil }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(descriptor, next, remaining)
            if written > 0 {
                next += written
                remaining -= written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return written < 0 ? errno : EIO
            }
        }
        return nil
    }

    /// Reads on to the end in 64 KiB chunks, appending to `bytes`, and stops
    /// early once `bytes` holds more than `limit`; nil, or the error number
    /// of the read that failed (what was read before it stays in `bytes`).
    static func readToEnd(_ descriptor: Int32, appendingTo bytes: inout [UInt8], limit: Int = .max) -> Int32? {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count <= limit {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if got == 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return nil
    }
}
