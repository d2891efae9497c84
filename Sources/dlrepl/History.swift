import Foundation

/// The REPL's history file: one entry per line, so multi-line entries are kept whole by writing
/// their line breaks as `\n` (and backslashes as `\\`). Bounded to the latest `limit` entries;
/// rewritten atomically after each entry, so a crash loses nothing.
struct History {
    let path: String
    let limit: Int

    /// `$DLREPL_HISTORY`, or `.dlrepl_history` in `$HOME` (the account's home when it is unset).
    static var defaultPath: String {
        let environment = ProcessInfo.processInfo.environment
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return environment["DLREPL_HISTORY"]
            ?? (home as NSString).appendingPathComponent(".dlrepl_history")
    }

    /// The saved entries, oldest first; none if the file does not exist or cannot be read.
    func load() -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").suffix(limit).map { Self.decode(String($0)) }
    }

    /// Writes `entries` (the latest `limit` of them).
    func save(_ entries: [String]) {
        let text = entries.suffix(limit).map(Self.encode).joined(separator: "\n") + "\n"
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    static func encode(_ entry: String) -> String {
        entry.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func decode(_ line: String) -> String {
        var out = ""
        var escaped = false
        for c in line {
            if escaped {
                out.append(c == "n" ? "\n" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }
}
