import Foundation

extension FileSystemHost {
    /// Replaces a file's content atomically: the new text is written to a
    /// temporary file in the same folder (same file system), flushed to
    /// disk, given the original's permissions, then renamed over the
    /// original. Any failure leaves the original untouched and removes the
    /// temporary file. Symbolic links are followed: the target is replaced.
    public static func writeAtomically(_ data: Data, to url: URL) throws {
        let target = url.resolvingSymlinksInPath()
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        let permissions = (try? FileManager.default.attributesOfItem(atPath: target.path))?[.posixPermissions] as? NSNumber
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, mode_t(permissions?.uint16Value ?? 0o644))
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var success = false
        defer {
            if !success { unlink(temporary.path) }
        }
        do {
            try data.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
                    }
                    offset += written
                }
            }
            if let permissions { fchmod(descriptor, mode_t(permissions.uint16Value)) }
            guard fsync(descriptor) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            close(descriptor)
            throw error
        }
        close(descriptor)
        guard rename(temporary.path, target.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        success = true
    }
}
