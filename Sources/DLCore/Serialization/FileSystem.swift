import Foundation

/// The few file operations DLCore needs, with atomic writes.
public enum FileSystem {
    /// True when a file or folder exists at `path`.
    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Writes `data` to `path` atomically: into a temporary file in the same folder, flushed to
    /// disk, then renamed over `path`, so a reader sees the old file or the new one, never a
    /// partial one, even if the process dies mid-write.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = "\(folder)/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw DataError(file: path, "cannot create a file in \(folder) (does the folder exist, and may you write there?)")
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary, path) == 0 else {
                throw DataError(file: path, "cannot replace the file: \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
