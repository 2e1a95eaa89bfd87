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

    /// Calls `visit` with the path of every file under `directory`,
    /// recursively, in no particular order. Hidden entries (a name starting
    /// with `.`) are skipped, and so are the folders `skipFolder` names.
    /// A symbolic link is visited as the file it leads to; a link to a
    /// folder is not followed (no cycles). Unreadable folders are skipped.
    static func walkFiles(under directory: String, skipFolder: (String) -> Bool, _ visit: (String) -> Void) {
        var pending = [directory]
        while let folder = pending.popLast() {
            guard let stream = opendir(folder) else { continue }
            defer { closedir(stream) }
            let prefix = folder.hasSuffix("/") ? folder : folder + "/"
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasPrefix(".") { continue }  // also `.` and `..`
                let path = prefix + name
                switch Int(entry.pointee.d_type) {
                case Int(DT_DIR):
                    if !skipFolder(name) { pending.append(path) }
                case Int(DT_REG), Int(DT_LNK):
                    visit(path)
                case Int(DT_UNKNOWN):
                    // File systems that do not fill in d_type: ask lstat.
                    var info = stat()
                    guard lstat(path, &info) == 0 else { continue }
                    if info.st_mode & S_IFMT == S_IFDIR {
                        if !skipFolder(name) { pending.append(path) }
                    } else {
                        visit(path)
                    }
                default:
                    visit(path)
                }
            }
        }
    }
}
