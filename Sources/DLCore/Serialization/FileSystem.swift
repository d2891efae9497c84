import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The few file operations DLCore needs: reads that refuse what is not a regular file and stop at
/// a bound, and atomic writes that leave nothing behind when the process dies.
public enum FileSystem {
    /// True when a file or folder exists at `path`.
    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Opens `path` for reading, refusing what is not a regular file (a folder, a FIFO, a device
    /// such as `/dev/zero`) with a message that says what it is. The caller closes the descriptor.
    /// The open does not block on a FIFO (`O_NONBLOCK`), so a pipe with no writer cannot hang a session.
    static func openRegular(_ path: String) throws(DataError) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno
            switch reason {
            case ENOENT: throw DataError(file: path, "not found (a relative path starts from the current folder)")
            case EACCES: throw DataError(file: path, "you may not read this file (check its permissions)")
            default: throw DataError(file: path, "cannot open the file: \(String(cString: strerror(reason)))")
            }
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            throw DataError(file: path, "cannot read the file's status: \(String(cString: strerror(errno)))")
        }
        if let kind = Self.kind(of: status.st_mode) {
            close(descriptor)
            throw DataError(file: path, "this is \(kind), not a regular file: give the path of a file")
        }
        // Back to blocking reads, now that it is known to be a file.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return descriptor
    }

    /// What a non-regular file is, in words, or nil for a regular file.
    static func kind(of mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "a special file"
        }
    }

    /// The bytes of the regular file at `path`, refusing a file larger than `limit` bytes before
    /// reading it (`what` names the content in that message, e.g. "a model").
    public static func read(_ path: String, limit: Int, what: String) throws(DataError) -> Data {
        let descriptor = try openRegular(path)
        defer { close(descriptor) }
        var status = stat()
        fstat(descriptor, &status)
        let size = Int(status.st_size)
        guard size <= limit else {
            throw DataError(
                file: path, "the file has \(NumberFormat.bytes(size)), more than \(what) may have (\(NumberFormat.bytes(limit)))")
        }
        var data = Data(count: size)
        var filled = 0
        while filled < size {
            let count = data.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, size - filled) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        guard filled == size else {
            throw DataError(file: path, "the file changed or could not be read while loading (\(filled) of \(size) bytes)")
        }
        return data
    }

    /// Writes `data` to `path` atomically: a reader sees the old file or the new one, never a
    /// partial one, even if the process dies mid-write, and no temporary file outlives the process.
    ///
    /// The data goes to an unnamed file in the target's folder (`O_TMPFILE`), flushed to disk, given
    /// a name only at the end and renamed over the target at once. Where the file system has no
    /// unnamed files, a named temporary `.NAME.PID-RANDOM.dltmp` is used, and temporaries of processes that
    /// no longer run are removed by the next save beside them. A symbolic link is written through
    /// to its target; a special file (device, FIFO, folder) is refused; an existing file keeps its mode.
    public static func writeAtomically(_ data: Data, to path: String) throws(DataError) {
        let target = try writableTarget(path)
        let url = URL(fileURLWithPath: target)
        let folder = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        removeStaleTemporaries(of: name, in: folder)
        var status = stat()
        let mode: mode_t = stat(target, &status) == 0 ? status.st_mode & 0o7777 : 0o666 & ~currentUmask()
        let temporary = "\(folder)/.\(name).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).dltmp"

        try writeTemporary(data, named: temporary, in: folder, mode: mode, file: path)
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw DataError(file: path, "cannot replace the file: \(reason)")
        }
        // The rename is durable once the folder is flushed too.
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Leaves `data` flushed to disk in a file named `temporary`. While it is written the file has
    /// no name (`O_TMPFILE`), so a process killed then leaves nothing behind; it is named by
    /// `linkat` through /proc only once it is whole. Where unnamed files or /proc are missing, it
    /// is written under its name from the start.
    private static func writeTemporary(
        _ data: Data, named temporary: String, in folder: String, mode: mode_t, file: String
    ) throws(DataError) {
        let unnamed = open(folder, unnamedFileFlag | O_WRONLY | O_CLOEXEC, mode)
        if unnamed >= 0 {
            defer { close(unnamed) }
            try writeFlushed(data, to: unnamed, mode: mode, file: file)
            if linkat(AT_FDCWD, "/proc/self/fd/\(unnamed)", AT_FDCWD, temporary, AT_SYMLINK_FOLLOW) == 0 { return }
        }
        let named = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
        guard named >= 0 else {
            throw DataError(
                file: file,
                "cannot create a file in \(folder) (\(String(cString: strerror(errno))): does the folder exist, and may you write there?)"
            )
        }
        defer { close(named) }
        do { try writeFlushed(data, to: named, mode: mode, file: file) } catch {
            unlink(temporary)
            throw error
        }
    }

    private static func writeFlushed(_ data: Data, to descriptor: Int32, mode: mode_t, file: String) throws(DataError) {
        try writeAll(data, to: descriptor, file: file)
        fchmod(descriptor, mode)
        guard fsync(descriptor) == 0 else {
            throw DataError(file: file, "cannot flush the file to disk: \(String(cString: strerror(errno)))")
        }
    }

    /// `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`), a macro Swift does not import; the same value on x86-64 and ARM64.
    private static let unnamedFileFlag: Int32 = 0o20_000_000 | O_DIRECTORY

    /// The path a save writes: `path` itself, or the file a symbolic link there points to. Refuses a
    /// folder, device, FIFO or socket, which a rename would replace.
    private static func writableTarget(_ path: String) throws(DataError) -> String {
        var target = path
        var hops = 0
        while let status = linkStatus(target), status.st_mode & S_IFMT == S_IFLNK {
            hops += 1
            let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: target)) ?? ""
            guard hops <= 40, !destination.isEmpty else {
                throw DataError(file: path, "the symbolic link leads nowhere a file can be written (a loop?)")
            }
            target =
                destination.hasPrefix("/")
                ? destination : URL(fileURLWithPath: target).deletingLastPathComponent().appendingPathComponent(destination).path
        }
        if let status = linkStatus(target), let kind = kind(of: status.st_mode) {
            throw DataError(file: path, "this is \(kind), not a regular file: a save replaces only files; choose another path")
        }
        return target
    }

    /// The status of `path` itself (a link, not what it points to), or nil when nothing is there.
    private static func linkStatus(_ path: String) -> stat? {
        var status = stat()
        return lstat(path, &status) == 0 ? status : nil
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, file: String) throws(DataError) {
        var written = 0
        while written < data.count {
            let count = data.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, data.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw DataError(file: file, "cannot write the file: \(String(cString: strerror(errno)))") }
            written += count
        }
    }

    /// Removes `.NAME.PID-RANDOM.dltmp` files in `folder` whose process no longer runs.
    private static func removeStaleTemporaries(of name: String, in folder: String) {
        let prefix = ".\(name)."
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".dltmp") {
            let owner = entry.dropFirst(prefix.count).prefix { $0 != "-" }
            guard let pid = Int32(owner), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink("\(folder)/\(entry)") }
        }
    }

    /// The process's umask, read from /proc (setting and restoring it with umask() would race
    /// with files other threads create meanwhile); 022 where /proc does not say.
    private static func currentUmask() -> mode_t {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Umask:") }
        return line.flatMap { mode_t($0.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8) } ?? 0o022
    }
}
