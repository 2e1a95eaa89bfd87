import AnnalAnalysis

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The short way to a path inside the root: when no symbolic link is on the
// path below the root (resolved already), the path as written is the path
// resolved, inside the root by construction. Telling that takes one `lstat`
// per component below the root, where `realpath(3)` reads every component
// from `/` (a `readlink` each) and `access`/`stat` come on top: about a
// tenth of the time a check spent on sources went to those calls, in the
// kernel, where an instruction count does not see it. Each function answers
// nil when it cannot tell, and the caller takes the general way, which gives
// the answers it always gave.

extension FileSystemHost {
    /// Loads a source by the short way: every folder between the root and
    /// the file is a folder, not a link, and the file itself is opened with
    /// `O_NOFOLLOW`, so the file checked is the file read (its descriptor).
    /// Six system calls a source where the general way made fifteen. Nil
    /// when a link is on the way, permission is refused, or anything else
    /// fails. `workspacePath` has no `.` or `..` component.
    func loadSourceWithoutLinks(_ workspacePath: String) -> SourceLoad? {
        var path = Array((rootPrefix + workspacePath).utf8CString)
        switch folders(of: &path, from: rootPrefix.utf8.count) {
        case .allFolders: break
        case .oneMissing: return .missing
        case .notAllFolders: return nil
        }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            // No such file, its folders being real folders inside the root.
            return errno == ENOENT ? .missing : nil
        }
        defer { close(descriptor) }
        switch Self.readRegularFile(descriptor: descriptor, limit: maxSourceBytes) {
        case .success(let data):
            return Self.sourceLoad(of: data)
        case .failure(.notRegular):
            var info = stat()
            let isFolder = fstat(descriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
            return .unreadable(isFolder ? "it is a folder" : "it is not a regular file")
        case .failure(.tooLarge(let size)):
            return .tooLarge(bytes: size)
        case .failure(.failed):
            return nil
        }
    }

    /// `workspacePath(of:)` by the short way, for an absolute path that
    /// starts with the root (`pathBelowRoot`, by bytes, so the folders to
    /// check start at the right byte) and whose components below it are
    /// plain names (no `.`, `..` or empty one), none of them a link. Nil
    /// otherwise, and when the file does not exist.
    func linkFreeWorkspacePath(_ absolutePath: String) -> String? {
        guard let relative = pathBelowRoot(absolutePath), !relative.isEmpty,
              !relative.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).contains(where: {
                  $0.isEmpty || $0.elementsEqual(".".utf8) || $0.elementsEqual("..".utf8)
              })
        else { return nil }
        var path = Array(absolutePath.utf8CString)
        guard folders(of: &path, from: rootPrefix.utf8.count) == .allFolders else { return nil }
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFLNK else { return nil }
        return relative
    }

    /// What the folders of a path below the root are.
    private enum FolderCheck {
        /// Each a folder, not a link.
        case allFolders
        /// One is missing, those above it being folders: nothing is there.
        case oneMissing
        /// One is a link or something else, or could not be looked at.
        case notAllFolders
    }

    /// What the folders of `path` (a NUL-terminated path) named after
    /// `start` are: `lstat` of each prefix that ends before a slash at or
    /// after `start`, but for those this command found to be folders
    /// already (`checkedFolders`). `path` is as given on return.
    private func folders(of path: inout [CChar], from start: Int) -> FolderCheck {
        let slash = CChar(UInt8(ascii: "/"))
        for end in start..<(path.count - 1) where path[end] == slash {
            path[end] = 0
            defer { path[end] = slash }
            // The prefix as `lstat` reads it: up to the first NUL.
            let prefix = checkedFolders.map { _ in
                path[..<end].prefix { $0 != 0 }.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            }
            if let prefix, checkedFolders?.contains(prefix) == true { continue }
            var info = stat()
            let found = lstat(path, &info) == 0
            let missing = !found && errno == ENOENT
            if missing { return .oneMissing }
            guard found, info.st_mode & S_IFMT == S_IFDIR else { return .notAllFolders }
            if let prefix { checkedFolders?.insert(prefix) }
        }
        return .allFolders
    }
}
