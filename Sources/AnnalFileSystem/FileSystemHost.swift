import AnnalBytes
import AnnalAnalysis
import AnnalSyntax
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

/// The only place of the command line that touches the file system: it
/// finds `.annal` files, reads them, and loads the source documents they
/// cite, refusing anything that leads outside the workspace root.
public struct FileSystemHost: Sendable {
    /// Absolute, symlink-resolved path of the workspace root.
    public var root: URL { URL(fileURLWithPath: rootPath, isDirectory: true) }
    /// `root` as a path (no trailing `/` but for the file system's root).
    public let rootPath: String
    /// `root` as a path ending in `/`: sources are found and contained by
    /// string operations and `realpath(3)`, not `URL` (whose appending,
    /// `path` and standardising cost about 75,000 instructions a source).
    let rootPrefix: String
    /// Source documents larger than this are not read (`.tooLarge`).
    public let maxSourceBytes: Int
    /// The folders already found to be folders, for a command that runs
    /// once (nil: every path is looked at every time).
    let checkedFolders: CheckedFolders?

    /// `remembersFolders`: a batch command checks each folder on the way
    /// to a source once (`CheckedFolders`); the language server does not.
    public init(root: URL, maxSourceBytes: Int = AnalysisLimits.maxSourceBytes, remembersFolders: Bool = false) {
        self.init(resolvedRoot: Self.resolvedPath(of: root), maxSourceBytes: maxSourceBytes, remembersFolders: remembersFolders)
    }

    /// `init(root:)` for a root given as an absolute path: no `URL` made
    /// (the first one costs a command about half a millisecond,
    /// `LexicalPath`) unless the root does not exist.
    public init(rootPath: String, maxSourceBytes: Int = AnalysisLimits.maxSourceBytes, remembersFolders: Bool = false) {
        // `resolvedPath(of:)` without its `URL` but for a missing root.
        let standardized = LexicalPath.standardized(rootPath)
        let resolved = Self.realPath(standardized) ?? URL(fileURLWithPath: standardized).resolvingSymlinksInPath().path
        self.init(resolvedRoot: resolved, maxSourceBytes: maxSourceBytes, remembersFolders: remembersFolders)
    }

    private init(resolvedRoot: String, maxSourceBytes: Int, remembersFolders: Bool) {
        self.maxSourceBytes = maxSourceBytes
        checkedFolders = remembersFolders ? CheckedFolders() : nil
        // As `URL(fileURLWithPath:isDirectory:).path` gives it back: no
        // trailing `/` but for the root.
        rootPath = resolvedRoot.utf8.count > 1 && resolvedRoot.utf8.last == UInt8(ascii: "/")
            ? String(decoding: resolvedRoot.utf8.dropLast(), as: UTF8.self) : resolvedRoot
        rootPrefix = rootPath.utf8.last == UInt8(ascii: "/") ? rootPath : rootPath + "/"
    }

    /// The absolute path of `url` with `.` and `..` removed as written, then
    /// every symbolic link resolved. `realpath(3)` does the resolving when
    /// the path exists: Foundation's `resolvingSymlinksInPath` costs about
    /// 75,000 instructions a path, and every cited source is checked this
    /// way before it is read. A path that does not exist keeps Foundation's
    /// answer (links resolved as far as they go).
    static func resolvedPath(of url: URL) -> String {
        let standardized = url.standardizedFileURL
        return realPath(standardized.path) ?? standardized.resolvingSymlinksInPath().path
    }

    /// `realpath(3)` of `path`: nil when it does not exist (or cannot be
    /// resolved).
    static func realPath(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    /// Why a file could not be read, worded for the user.
    public struct ReadError: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) { self.description = description }
    }

    /// `.annal` files under the given paths (files or folders), recursively,
    /// skipping hidden folders and build folders; as absolute URLs, sorted.
    /// Paths are read relative to `directory`; errors name them as given.
    public func discover(_ paths: [String], relativeTo directory: URL) throws(ReadError) -> [URL] {
        try Self.discoverPaths(paths, relativeTo: directory.path).map { URL(fileURLWithPath: $0) }
    }

    /// `discover` as absolute paths without `.` or `..` components, sorted:
    /// for a command that reads each file once, no `URL` is made for it
    /// (about 5,700 instructions, and as many again for each `path` read
    /// back from it: 13 M instructions on one core for a thousand files).
    /// `directory`: the absolute path of the folder relative paths are
    /// read from (`LexicalPath`).
    public static func discoverPaths(_ paths: [String], relativeTo directory: String) throws(ReadError) -> [String] {
        var found = Set<String>()
        for path in paths {
            let absolute = LexicalPath.absolute(path, relativeTo: directory)
            switch PathKind(path: absolute) {
            case .missing:
                throw ReadError(description: "\(path): no such file or folder")
            case .directory:
                walkFiles(under: absolute, endingWith: ".annal",
                          skipFolder: { $0 == ".build" || $0.hasPrefix(".build-") || $0 == "node_modules" }) { file in
                    found.insert(file)
                }
            case .regularFile, .other:
                found.insert(absolute)
            }
        }
        return found.sorted()
    }

    /// The workspace-relative path of a file, or nil when it is outside.
    public func workspacePath(of url: URL) -> String? {
        if let path = linkFreeWorkspacePath(url.path) { return path }
        return workspacePathResolvingLinks(of: url)
    }

    /// `workspacePath(of:)` of a file given by an absolute path without `.`
    /// or `..` components (as `discoverPaths` gives them).
    public func workspacePath(ofFile path: String) -> String? {
        if let relative = linkFreeWorkspacePath(path) { return relative }
        return workspacePathResolvingLinks(of: URL(fileURLWithPath: path))
    }

    /// `workspacePath(of:)` the general way: every link resolved first.
    func workspacePathResolvingLinks(of url: URL) -> String? {
        workspacePath(ofResolved: Self.resolvedPath(of: url))
    }

    /// `workspacePath(of:)` for an absolute path without `.` or `..`
    /// components (as `loadSource` builds): resolved by `realpath(3)` alone.
    func workspacePath(ofPlainPath path: String) -> String? {
        // Missing: links resolved as far as they go, as `resolvedPath(of:)` does.
        workspacePath(ofResolved: Self.realPath(path) ?? URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
    }

    private func workspacePath(ofResolved resolved: String) -> String? {
        if resolved.utf8.count + 1 == rootPrefix.utf8.count, rootPrefix.utf8.starts(with: resolved.utf8) { return "" }
        return pathBelowRoot(resolved)
    }

    /// What follows the root's path and its `/` in `path`, as written (no
    /// link resolved); nil when `path` does not start with them. Compared
    /// as bytes: `hasPrefix` compares characters, and a folder spelt with
    /// é composed is not the one spelt with e and a combining accent (the
    /// file system compares bytes).
    public func pathBelowRoot(_ path: String) -> String? {
        guard path.utf8.starts(with: rootPrefix.utf8) else { return nil }
        return String(decoding: path.utf8.dropFirst(rootPrefix.utf8.count), as: UTF8.self)
    }

    /// Reads a `.annal` file as UTF-8 text. Refused before any read: a FIFO
    /// or a device (which could block or never end) and a file over
    /// `AnalysisLimits.maxSourceBytes`. Text with a NUL byte is refused as binary.
    public func readText(_ url: URL) throws(ReadError) -> String {
        try readText(atPath: url.path)
    }

    /// `readText` of the file at an absolute path.
    public func readText(atPath path: String) throws(ReadError) -> String {
        let bytes = try readTextBytesUnvalidated(atPath: path)
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        throw ReadError(description: "\(path): not UTF-8 text (bad byte at offset \(Self.firstInvalidUTF8Byte(bytes)))")
    }

    /// `readText`, as the file's UTF-8 bytes, for a caller that parses
    /// bytes: the same checks and messages, without making a `String`
    /// (whose validation cost more than lexing the file).
    public func readTextBytes(_ url: URL) throws(ReadError) -> [UInt8] {
        try readTextBytes(atPath: url.path)
    }

    /// `readTextBytes` of the file at an absolute path.
    public func readTextBytes(atPath path: String) throws(ReadError) -> [UInt8] {
        let bytes = try readTextBytesUnvalidated(atPath: path)
        if let offset = UTF8Validation.firstInvalidByte(bytes) {
            throw ReadError(description: "\(path): not UTF-8 text (bad byte at offset \(offset))")
        }
        return bytes
    }

    /// The bytes of a text file, refused when it is not a regular file,
    /// too large or binary (a NUL byte); not yet checked as UTF-8.
    private func readTextBytesUnvalidated(atPath path: String) throws(ReadError) -> [UInt8] {
        let bytes: [UInt8]
        switch Self.readRegularFile(path, limit: AnalysisLimits.maxSourceBytes) {
        case .success(let read):
            bytes = read
        case .failure(.notRegular):
            throw ReadError(description: "\(path): not a regular file")
        case .failure(.tooLarge(let size)):
            throw ReadError(description: "\(path): \(size) bytes, over the limit of \(AnalysisLimits.maxSourceBytes) bytes for one file")
        case .failure(.failed(let reason)):
            throw ReadError(description: "\(path): cannot be read (\(reason))")
        }
        if let offset = Self.firstNULByte(bytes) {
            throw ReadError(description: "\(path): a binary file, not text (NUL byte at offset \(offset))")
        }
        return bytes
    }

    /// Loads a cited source document given its workspace path.
    public func loadSource(_ workspacePath: String) -> SourceLoad {
        // A path with `.` or `..` components (which source resolution does
        // not produce) takes `URL`'s lexical standardising first.
        let plain = !Self.hasDotComponent(workspacePath)
        if plain, let load = loadSourceWithoutLinks(workspacePath) { return load }
        return loadSourceResolvingLinks(workspacePath, plain: plain)
    }

    /// Whether a `/`-separated path has a `.` or `..` component. By bytes:
    /// splitting the `String` into substrings cost about 13 K instructions
    /// a source loaded.
    static func hasDotComponent(_ path: String) -> Bool {
        var length = 0
        var dots = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if length > 0 && length == dots && dots <= 2 { return true }
                length = 0
                dots = 0
            } else {
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return length > 0 && length == dots && dots <= 2
    }

    /// `loadSource` the general way: the path resolved by `realpath(3)`
    /// (or `URL` for a path with `.` or `..`) and checked to be inside
    /// the root before it is read.
    func loadSourceResolvingLinks(_ workspacePath: String, plain: Bool) -> SourceLoad {
        let path = plain ? rootPrefix + workspacePath : root.appendingPathComponent(workspacePath).standardizedFileURL.path
        let kind = PathKind(path: path)
        guard kind != .missing else { return .missing }
        // A symbolic link may lead out of the workspace: refuse before reading.
        let contained = plain ? self.workspacePath(ofPlainPath: path) : self.workspacePath(of: URL(fileURLWithPath: path))
        guard contained != nil else { return .outsideWorkspace }
        if kind == .directory { return .unreadable("it is a folder") }
        guard access(path, R_OK) == 0 else { return .unreadable("permission denied") }
        let data: [UInt8]
        switch Self.readRegularFile(path, limit: maxSourceBytes) {
        case .success(let read): data = read
        case .failure(.notRegular): return .unreadable("it is not a regular file")  // a FIFO would block, a device never end
        case .failure(.tooLarge(let size)): return .tooLarge(bytes: size)
        case .failure(.failed(let reason)): return .unreadable(reason)
        }
        return Self.sourceLoad(of: data)
    }

    /// What a source's bytes, read whole, load as: text, or not UTF-8.
    static func sourceLoad(of data: [UInt8]) -> SourceLoad {
        // Annal's validator (about a quarter of the cost of `String`'s); the
        // bytes stay bytes: folding reads them as they are.
        if let offset = UTF8Validation.firstInvalidByte(data) { return .notUTF8(offset: offset) }
        // Valid UTF-8 with NUL bytes: binary, or UTF-16 text; no quote matches in it.
        if let offset = Self.firstNULByte(data) { return .notUTF8(offset: offset) }
        return .utf8(data)
    }

    /// Offset of the first byte that breaks UTF-8 (the end of the data
    /// when none does).
    static func firstInvalidUTF8Byte(_ bytes: [UInt8]) -> Int {
        UTF8Validation.firstInvalidByte(bytes) ?? bytes.count
    }
}
