import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two folders named with the same characters in other bytes, side by side
/// in a new temporary folder: `e` with a combining acute accent, and a
/// composed `é`. The file system tells them apart by their bytes, so a
/// file in one is outside a root set to the other (tests of containment).
/// Made with `mkdir(2)`, which takes the name's bytes as they are.
public struct AccentTwinFolders {
    /// The temporary folder holding both; `remove()` deletes it.
    public let top: URL
    /// The path of the folder named with `e` and U+0301.
    public let decomposed: String
    /// The path of the folder named with U+00E9.
    public let composed: String

    /// Makes both folders, each holding `file` (a path below it, its
    /// folders made too) with `contents`. `prefix` names the temporary
    /// folder.
    public init(prefix: String, holding file: String, contents: String) throws {
        top = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: top, withIntermediateDirectories: true)
        decomposed = top.path + "/e\u{301}"
        composed = top.path + "/\u{E9}"
        let folders = file.split(separator: "/").dropLast()
        for folder in [decomposed, composed] {
            var path = folder
            try Self.makeFolder(path)
            for name in folders {
                path += "/" + name
                try Self.makeFolder(path)
            }
            guard FileManager.default.createFile(atPath: folder + "/" + file, contents: Data(contents.utf8)) else {
                throw Failure(description: "could not create \(folder)/\(file)")
            }
        }
    }

    /// Deletes the temporary folder and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(at: top)
    }

    private static func makeFolder(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 else {
            throw Failure(description: "mkdir \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Why the folders could not be made.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }
}
