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
        var bytes: [UInt8] = []
        _ = DescriptorIO.readToEnd(STDIN_FILENO, appendingTo: &bytes)
        return Data(bytes)
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        _ = text.withUTF8 { DescriptorIO.writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
    }
}
