import Foundation

/// Where the kernel keeps its cells between runs: one JSON object per line, appended as cells
/// run, so history survives a restart (as IPython's does) and a crash loses at most the cell
/// that was being written. A kernel reads it when it first needs it (20,000 cells, 2.5 MB, take
/// about 0.15 s).
///
/// `{"session": 3}` reserves session 3 when a kernel starts; `{"session": 3, "line": 1, "input":
/// "…", "output": "…"}` is one cell. Sessions are numbered under an exclusive `flock`, so two
/// kernels starting at once get different numbers; lines of at most a few kilobytes written
/// with `O_APPEND` do not interleave.
struct HistoryFile {
    let path: String

    /// `$DLKERNEL_HISTORY`, or `~/.dlkernel_history`; nil (history in memory only) when the
    /// variable is set but empty.
    static var standardPath: String? {
        if let path = ProcessInfo.processInfo.environment["DLKERNEL_HISTORY"] { return path.isEmpty ? nil : path }
        return NSHomeDirectory() + "/.dlkernel_history"
    }

    /// The most cells read back; older ones stay in the file.
    static let limit = 10_000

    /// Reads the earlier sessions' cells and reserves the next session number.
    func open() throws(HistoryFileError) -> (session: Int, entries: [History.Entry]) {
        let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw HistoryFileError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
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
        try write(["session": .integer(session)], to: descriptor)
        return (session, Array(entries.suffix(Self.limit)))
    }

    /// Appends one cell.
    func append(_ entry: History.Entry) throws(HistoryFileError) {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw HistoryFileError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let record: JSON = [
            "session": .integer(entry.session), "line": .integer(entry.line), "input": .string(entry.input),
            "output": entry.output.map(JSON.string) ?? .null,
        ]
        try write(record, to: descriptor)
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
