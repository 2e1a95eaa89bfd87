#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a path is, as `stat(2)` sees it through symbolic links.
enum PathKind: Equatable {
    case missing
    case directory
    case regularFile
    /// A FIFO, a device or a socket.
    case other

    init(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            self = .missing
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: self = .directory
        case S_IFREG: self = .regularFile
        default: self = .other
        }
    }
}

extension FileSystemHost {
    /// True when `path` is a folder (or a symbolic link to one).
    public static func isDirectory(_ path: String) -> Bool {
        PathKind(path: path) == .directory
    }

    /// True when something (of any kind) is at `path`, links followed.
    public static func exists(_ path: String) -> Bool {
        PathKind(path: path) != .missing
    }

    /// Calls `visit` with the path of every file under `directory` whose
    /// name ends with `suffix`, recursively, in no particular order. Hidden
    /// entries (a name starting with `.`) are skipped, and so are the
    /// folders `skipFolder` names. A symbolic link is visited as the file it
    /// leads to; a link to a folder is not followed (no cycles). Unreadable
    /// folders are skipped. Names are judged on their bytes: no string is
    /// made for a file that does not end with `suffix` (a workspace holds
    /// seven source documents for each `.annal` file).
    static func walkFiles(under directory: String, endingWith suffix: String, skipFolder: (String) -> Bool,
                          _ visit: (String) -> Void) {
        let suffixBytes = Array(suffix.utf8)
        var pending = [directory]
        while let folder = pending.popLast() {
            guard let stream = opendir(folder) else { continue }
            defer { closedir(stream) }
            let prefix = folder.hasSuffix("/") ? folder : folder + "/"
            while let entry = readdir(stream) {
                // The name, made only for a file wanted or a possible folder;
                // nil for a hidden entry (`.` and `..` too) and the rest.
                let (wanted, name) = withUnsafeBytes(of: entry.pointee.d_name) { raw -> (Bool, String?) in
                    let length = raw.firstIndex(of: 0) ?? raw.count
                    let bytes = UnsafeRawBufferPointer(rebasing: raw[..<length])
                    if bytes.first == UInt8(ascii: ".") { return (false, nil) }
                    let wanted = length >= suffixBytes.count && bytes.suffix(suffixBytes.count).elementsEqual(suffixBytes)
                    let isFolder = Int(entry.pointee.d_type) == Int(DT_DIR) || Int(entry.pointee.d_type) == Int(DT_UNKNOWN)
                    return (wanted, wanted || isFolder ? String(decoding: bytes, as: UTF8.self) : nil)
                }
                guard let name else { continue }
                let path = prefix + name
                switch Int(entry.pointee.d_type) {
                case Int(DT_DIR):
                    if !skipFolder(name) { pending.append(path) }
                case Int(DT_UNKNOWN):
                    // File systems that do not fill in d_type: ask lstat.
                    var info = stat()
                    guard lstat(path, &info) == 0 else { continue }
                    if info.st_mode & S_IFMT == S_IFDIR {
                        if !skipFolder(name) { pending.append(path) }
                    } else if wanted {
                        visit(path)
                    }
                default:
                    // Files, links to files and anything else named so.
                    if wanted { visit(path) }
                }
            }
        }
    }
}
