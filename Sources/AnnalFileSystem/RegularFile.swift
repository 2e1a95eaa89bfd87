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

/// Why a path could not be read as a regular file.
enum RegularFileProblem: Error {
    /// A FIFO, a device, a socket or a folder: opening or reading it could
    /// block forever or never end, so it is refused before any read.
    case notRegular
    /// Larger than the limit (the size found, read before any byte).
    case tooLarge(Int)
    /// The system's reason (`open` or `read` failed).
    case failed(String)
}

extension FileSystemHost {
    /// Reads a regular file whole, at most `limit` bytes.
    ///
    /// The file is opened without blocking (a FIFO with no writer opens at
    /// once instead of waiting), then checked on the open descriptor, so the
    /// file checked is the file read: anything but a regular file, or a file
    /// over the limit, is refused before a byte is read.
    static func readRegularFile(_ path: String, limit: Int) -> Result<[UInt8], RegularFileProblem> {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.failed(String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        return readRegularFile(descriptor: descriptor, limit: limit)
    }

    /// `readRegularFile(_:limit:)` on a descriptor opened without blocking;
    /// the caller closes it.
    static func readRegularFile(descriptor: Int32, limit: Int) -> Result<[UInt8], RegularFileProblem> {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.failed(String(cString: strerror(errno)))) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegular) }
        let size = Int(info.st_size)
        if size > limit { return .failure(.tooLarge(size)) }
        // Read straight into the array, one byte more than the size so that
        // the read that finds the end of the file needs no room to be made:
        // no zeroed buffer, no copy (a `Data` zeroed its bytes, then was
        // copied into an array: 22 M instructions for the files of mb5).
        var failure: RegularFileProblem?
        var grew = false
        var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, initialized in
            while initialized < buffer.count {
                let got = read(descriptor, buffer.baseAddress! + initialized, buffer.count - initialized)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = .failed(String(cString: strerror(errno)))
                    return
                }
                if got == 0 { return }
                initialized += got
                // All that `fstat` promised came in a read that asked for
                // more: a regular file returns fewer bytes than asked only
                // at its end, so the read that would find the end (one
                // system call a file, 604 at mb5) is not made.
                if initialized == size { return }
            }
            grew = true  // the buffer is full: the file grew since fstat
        }
        if let failure { return .failure(failure) }
        // The file grew since fstat: read on in chunks, within the limit.
        if grew, let error = DescriptorIO.readToEnd(descriptor, appendingTo: &bytes, limit: limit) {
            return .failure(.failed(String(cString: strerror(error))))
        }
        if bytes.count > limit { return .failure(.tooLarge(bytes.count)) }
        return .success(bytes)
    }

    /// The offset of the first NUL byte: text never holds one, a binary file
    /// or UTF-16 text (which can pass for UTF-8) nearly always does.
    static func firstNULByte(_ bytes: [UInt8]) -> Int? {
        // memchr over the bytes: `firstIndex(of:)` on a `Data` checked
        // exclusivity on every element, about 200 instructions per byte.
        bytes.withUnsafeBytes { buffer -> Int? in
            guard let base = buffer.baseAddress, let found = memchr(base, 0, buffer.count) else { return nil }
            return base.distance(to: UnsafeRawPointer(found))
        }
    }
}
