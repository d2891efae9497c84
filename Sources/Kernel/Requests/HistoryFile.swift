import Foundation
import JupyterWire

/// Where the kernel keeps its cells between runs: one JSON object per line, appended as cells
/// run, so history survives a restart (as IPython's does) and a crash loses at most the cell
/// that was being written. A kernel reads it when it first needs it (20,000 cells, 2.5 MB, take
/// about 0.15 s).
///
/// `{"session": 3}` reserves session 3 when a kernel starts; `{"session": 3, "line": 1, "input":
/// "…", "output": "…"}` is one cell. Sessions are numbered under an exclusive `flock`, so two
/// kernels starting at once get different numbers. Every write holds the same lock, so lines
/// never interleave.
///
/// Bounded: a cell's input is kept up to `maxInput` characters and its output up to `maxOutput`,
/// and a kernel that finds the file over `maxFileBytes` when it starts rewrites it with the newest
/// entries in half that (a new file renamed over the old, under the lock; a writer that locked
/// the old file sees it was replaced and opens the new one), so nothing newest is lost and a
/// reader never sees a partial file.
struct HistoryFile {
    let path: String

    /// `$DLKERNEL_HISTORY`, or `~/.dlkernel_history`; nil (history in memory only) when the
    /// variable is set but empty.
    static var standardPath: String? {
        if let path = ProcessInfo.processInfo.environment["DLKERNEL_HISTORY"] { return path.isEmpty ? nil : path }
        return HomeDirectory.path + "/.dlkernel_history"
    }

    /// The most cells read back; older ones stay in the file.
    static let limit = 10_000
    /// The most characters of a cell's input kept.
    static let maxInput = 100_000
    /// The most characters of a cell's output kept.
    static let maxOutput = 10_000
    /// The size past which a starting kernel rewrites the file with its newest half.
    static let maxFileBytes = 4 << 20

    /// Reads the earlier sessions' cells and reserves the next session number.
    func open() throws(HistoryFileError) -> (session: Int, entries: [History.Entry]) {
        let descriptor = try locked()
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = pread(descriptor, &buffer, buffer.count, off_t(data.count))
            guard count > 0 else { break }
            data.append(contentsOf: buffer[0..<count])
        }
        var entries: [History.Entry] = []
        var lastSession = 0
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let json = JSON(parsing: Data(line)), let session = json["session"]?.integer else { continue }
            lastSession = max(lastSession, session)
            if let number = json["line"]?.integer, let input = json["input"]?.string {
                entries.append(History.Entry(session: session, line: number, input: input, output: json["output"]?.string))
            }
        }
        let session = lastSession + 1
        let marker: JSON = ["session": .integer(session)]
        if data.count > Self.maxFileBytes {
            // The new file holds this session's marker before anyone can open it.
            try compact(data + Array(marker.encoded) + [UInt8(ascii: "\n")])
        } else {
            try write(marker, to: descriptor)
        }
        return (session, Array(entries.suffix(Self.limit)))
    }

    /// Appends one cell (`History.record` has cut its input and output to `maxInput` and `maxOutput`).
    func append(_ entry: History.Entry) throws(HistoryFileError) {
        let descriptor = try locked()
        defer { close(descriptor) }
        let record: JSON = [
            "session": .integer(entry.session), "line": .integer(entry.line), "input": .string(entry.input),
            "output": entry.output.map(JSON.string) ?? .null,
        ]
        try write(record, to: descriptor)
    }

    /// `text`, or its first `limit` characters and a note of how many more there were.
    static func cut(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "\n… (\(text.count - limit) more characters not kept in the history)"
    }

    /// The file at `path`, open for reading and appending under an exclusive lock (released when
    /// it is closed). If another kernel replaced the file while this one waited for the lock, the
    /// new file is opened and locked instead.
    private func locked() throws(HistoryFileError) -> Int32 {
        while true {
            let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw HistoryFileError(path: path, reason: String(cString: strerror(errno))) }
            flock(descriptor, LOCK_EX)
            var opened = stat()
            var named = stat()
            if fstat(descriptor, &opened) == 0, stat(path, &named) == 0, opened.st_ino == named.st_ino,
                opened.st_dev == named.st_dev
            {
                return descriptor
            }
            close(descriptor)
        }
    }

    /// Rewrites the file with the newest lines of `data` that fit in half of `maxFileBytes`,
    /// through a temporary file renamed over it; the caller holds the lock on the old file.
    private func compact(_ data: Data) throws(HistoryFileError) {
        var kept: [Data.SubSequence] = []
        var size = 0
        for line in data.split(separator: UInt8(ascii: "\n")).reversed() {
            guard size + line.count + 1 <= Self.maxFileBytes / 2 else { break }
            kept.append(line)
            size += line.count + 1
        }
        var compacted = Data(capacity: size)
        for line in kept.reversed() {
            compacted.append(line)
            compacted.append(UInt8(ascii: "\n"))
        }
        let temporary = path + ".\(getpid()).compacting"
        let descriptor = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw HistoryFileError(path: path, reason: String(cString: strerror(errno))) }
        let written = compacted.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let flushed = fsync(descriptor) == 0
        close(descriptor)
        guard written == compacted.count, flushed, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw HistoryFileError(path: path, reason: reason)
        }
    }

    private func write(_ record: JSON, to descriptor: Int32) throws(HistoryFileError) {
        let bytes = Array(record.encoded) + [UInt8(ascii: "\n")]
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw HistoryFileError(path: path, reason: String(cString: strerror(errno))) }
    }
}

/// The history file cannot be read or written; the kernel then keeps history in memory only.
struct HistoryFileError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "cannot keep history in \(path): \(reason); history is kept in memory only" }
}
