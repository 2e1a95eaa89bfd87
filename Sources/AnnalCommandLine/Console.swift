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
    /// The environment a test's console is given; empty for the standard
    /// console, which reads the process's (`environmentValue`).
    public let environment: [String: String]
    /// The directory relative paths are read from, as an absolute path.
    /// The standard console reads it with `getcwd(3)`: the first `URL` a
    /// process makes costs about half a millisecond (`LexicalPath`).
    public let currentDirectoryPath: String
    /// `currentDirectoryPath` as a URL.
    public var currentDirectory: URL { URL(fileURLWithPath: currentDirectoryPath, isDirectory: true) }
    /// True for the process's own streams: the process exits when the
    /// command returns (see `keepUntilExit`).
    private let processExitsAfterCommand: Bool

    public convenience init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, outputIsTerminal: Bool,
                            environment: [String: String], currentDirectory: URL) {
        self.init(out: out, err: err, outputIsTerminal: outputIsTerminal, environment: environment,
                  currentDirectoryPath: currentDirectory.path, processExitsAfterCommand: false)
    }

    private init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, outputIsTerminal: Bool,
                 environment: [String: String], currentDirectoryPath: String, processExitsAfterCommand: Bool) {
        writeOut = out
        writeErr = err
        self.outputIsTerminal = outputIsTerminal
        self.environment = environment
        self.currentDirectoryPath = currentDirectoryPath
        self.processExitsAfterCommand = processExitsAfterCommand
    }

    /// The value of the environment variable `name`, nil when it is not
    /// set: the process's own for the standard console (looked up one
    /// variable at a time: a dictionary of the whole environment cost
    /// every command 0.13 ms, to read at most NO_COLOR), else `environment`.
    public func environmentValue(_ name: String) -> String? {
        guard processExitsAfterCommand else { return environment[name] }
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    public func out(_ text: String) { writeOut(text) }
    public func err(_ text: String) { writeErr(text) }

    /// Hands over a value a command is done with that need not be freed
    /// piece by piece: when the command runs as the process (the standard
    /// console), the value is kept until the process exits, and the
    /// system takes the memory back at once. Freeing a check's models, one
    /// allocation at a time, took about 1 ms of a 45 ms check at 5 MB
    /// (compilers skip it the same way). A test's console lets the value
    /// go as usual: tests run many commands in one process.
    public func keepUntilExit(_ value: some Any) {
        guard processExitsAfterCommand else { return }
        Self.keptUntilExit.append(value)
    }

    private static let keptUntilExit = KeptValues()

    /// Values kept until the process exits, appended under a lock.
    private final class KeptValues: @unchecked Sendable {
        private let lock = Lock()
        private var values: [Any] = []

        func append(_ value: Any) {
            lock.withLock { values.append(value) }
        }
    }

    /// The process's standard output and error.
    public static var standard: Console {
        Console(out: StandardStreams.writeOutput,
                err: StandardStreams.writeError,
                outputIsTerminal: isatty(STDOUT_FILENO) == 1,
                environment: [:],
                currentDirectoryPath: workingDirectory(),
                processExitsAfterCommand: true)
    }

    /// The process's working directory (`getcwd(3)`); Foundation's answer
    /// when it cannot be read (a directory deleted under the process).
    private static func workingDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        if getcwd(&buffer, buffer.count) != nil {
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).path
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
