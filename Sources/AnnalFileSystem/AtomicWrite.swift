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

/// Why a file could not be written: the system's reason, as `strerror`
/// words it ("Permission denied").
public struct WriteError: Error, CustomStringConvertible {
    public let description: String

    init(number: Int32) {
        description = String(cString: strerror(number))
    }

    static func fromErrno() -> WriteError { WriteError(number: errno) }
}

extension FileSystemHost {
    /// Replaces a file's content atomically: the new text is written to a
    /// temporary file in the same folder (same file system), flushed to
    /// disk, given the original's permissions, then renamed over the
    /// original. Any failure leaves the original untouched and removes the
    /// temporary file. Symbolic links are followed: the target is replaced.
    public static func writeAtomically(_ data: Data, to url: URL) throws(WriteError) {
        let target = url.resolvingSymlinksInPath()
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        var info = stat()
        let permissions: mode_t? = stat(target.path, &info) == 0 ? info.st_mode & 0o7777 : nil
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, permissions ?? 0o644)
        guard descriptor >= 0 else { throw WriteError.fromErrno() }
        var success = false
        defer {
            if !success { unlink(temporary.path) }
        }
        let failure: WriteError? = data.withUnsafeBytes { buffer in
            if let error = DescriptorIO.writeAll(buffer, to: descriptor) { return WriteError(number: error) }
            if let permissions { fchmod(descriptor, permissions) }
            return fsync(descriptor) == 0 ? nil : WriteError.fromErrno()
        }
        if let failure {
            close(descriptor)
            throw failure
        }
        close(descriptor)
        guard rename(temporary.path, target.path) == 0 else { throw WriteError.fromErrno() }
        success = true
    }
}
