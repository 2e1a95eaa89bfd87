#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's standard input, output and error, read and written with
/// `read(2)` and `write(2)`.
public enum StandardStreams {
    /// Writes all of `text` to standard output, retrying interrupted and
    /// partial writes. A closed or failing stream drops the rest quietly:
    /// output nobody reads is not an error of the command.
    public static func writeOutput(_ text: String) {
        write(text, to: STDOUT_FILENO)
    }

    /// Writes all of `text` to standard error (see `writeOutput`).
    public static func writeError(_ text: String) {
        write(text, to: STDERR_FILENO)
    }

    /// Everything on standard input up to its end (what was read before a
    /// read error, if one happens).
    public static func readInputToEnd() -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return data
            }
        }
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            guard var next = bytes.baseAddress else { return }
            var remaining = bytes.count
            while remaining > 0 {
                let written = systemWrite(descriptor, next, remaining)
                if written > 0 {
                    next += written
                    remaining -= written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}

// `write` is also a method here; this names the system call.
@inline(__always)
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafePointer<UInt8>, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
