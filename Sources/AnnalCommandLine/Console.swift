import AnnalFileSystem
import AnnalConcurrency
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

/// Where a command writes, and what it knows of its terminal. Tests pass a
/// capturing console; the executable passes `Console.standard`.
public final class Console: @unchecked Sendable {
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void
    /// True when standard output is a terminal (colour may be used).
    public let outputIsTerminal: Bool
    public let environment: [String: String]
    /// The directory relative paths are read from.
    public let currentDirectory: URL

    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, outputIsTerminal: Bool,
                environment: [String: String], currentDirectory: URL) {
        writeOut = out
        writeErr = err
        self.outputIsTerminal = outputIsTerminal
        self.environment = environment
        self.currentDirectory = currentDirectory
    }

    public func out(_ text: String) { writeOut(text) }
    public func err(_ text: String) { writeErr(text) }

    /// The process's standard output and error.
    public static var standard: Console {
        Console(out: StandardStreams.writeOutput,
                err: StandardStreams.writeError,
                outputIsTerminal: isatty(STDOUT_FILENO) == 1,
                environment: ProcessInfo.processInfo.environment,
                currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    /// A console that collects what is written, for tests.
    public static func capturing(environment: [String: String] = [:], currentDirectory: URL,
                                 terminal: Bool = false) -> (Console, () -> (out: String, err: String)) {
        final class Buffer: @unchecked Sendable {
            var out = ""
            var err = ""
            let lock = Lock()
        }
        let buffer = Buffer()
        let console = Console(out: { text in buffer.lock.withLock { buffer.out += text } },
                              err: { text in buffer.lock.withLock { buffer.err += text } },
                              outputIsTerminal: terminal, environment: environment, currentDirectory: currentDirectory)
        return (console, { buffer.lock.withLock { (buffer.out, buffer.err) } })
    }
}

/// Exit statuses of `annal`, a documented contract.
public enum ExitStatus {
    /// No problem found (or only what --strict does not count).
    public static let clean: Int32 = 0
    /// Errors found (and warnings with --strict).
    public static let problems: Int32 = 1
    /// Wrong usage, or a file could not be read.
    public static let failure: Int32 = 2
}
