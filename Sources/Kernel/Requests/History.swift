import Foundation
import JupyterWire

/// The cells run with `store_history`, for `history_request`: the last n (`tail`), a range of
/// line numbers of one session (`range`), or those matching a glob pattern (`search`).
///
/// Each kernel run is a session, numbered after the ones before it in the history file, whose
/// cells `tail` and `search` see too; `range` takes session 0 (or this session's number) for this
/// one, a negative number for one before it (-1: the previous run), or any earlier number.
/// Without a file (or when it cannot be used) history lives in memory, as session 1.
struct History {
    struct Entry: Equatable {
        var session: Int
        var line: Int
        var input: String
        var output: String?
    }

    let session: Int
    private(set) var entries: [Entry]
    private var file: HistoryFile?

    /// History in memory only, numbered session 1.
    init() { self.init(session: 1, entries: [], file: nil) }

    private init(session: Int, entries: [Entry], file: HistoryFile?) {
        self.session = session
        self.entries = entries
        self.file = file
    }

    /// History kept in `file` too: earlier runs' cells are read back and this run gets the next
    /// session number. A file that cannot be used is reported and history stays in memory.
    init(file: HistoryFile) {
        do throws(HistoryFileError) {
            let (session, entries) = try file.open()
            self.init(session: session, entries: entries, file: file)
        } catch {
            Log.write(error.description)
            self.init()
        }
    }

    /// Keeps one cell, its input and output cut as the file keeps them (`HistoryFile.cut`).
    mutating func record(line: Int, input: String, output: String?) {
        let entry = Entry(
            session: session, line: line, input: HistoryFile.cut(input, to: HistoryFile.maxInput),
            output: output.map { HistoryFile.cut($0, to: HistoryFile.maxOutput) })
        entries.append(entry)
        if entries.count > 2 * HistoryFile.limit { entries.removeFirst(entries.count - HistoryFile.limit) }
        do throws(HistoryFileError) { try file?.append(entry) } catch {
            Log.write(error.description)
            file = nil
        }
    }

    /// The reply's `history` for a request's content.
    func reply(to request: JSON) -> JSON {
        let selected: [Entry]
        switch request["hist_access_type"]?.string {
        case "tail":
            selected = Array(entries.suffix(Swift.max(0, request["n"]?.integer ?? 10)))
        case "range":
            let asked = request["session"]?.integer ?? 0
            let session = asked > 0 ? asked : self.session + asked
            let start = request["start"]?.integer ?? 1
            let stop = request["stop"]?.integer ?? Int.max
            selected = entries.filter { $0.session == session && $0.line >= start && $0.line < stop }
        case "search":
            let pattern = request["pattern"]?.string ?? "*"
            var matches = entries.filter { fnmatch(pattern, $0.input, 0) == 0 }
            if request["unique"]?.bool == true {
                var seen: Set<String> = []
                matches = matches.reversed().filter { seen.insert($0.input).inserted }.reversed()
            }
            if let n = request["n"]?.integer { matches = Array(matches.suffix(Swift.max(0, n))) }
            selected = matches
        default:
            selected = []
        }
        let output = request["output"]?.bool == true
        return .array(
            selected.map { entry in
                let input = JSON.string(entry.input)
                return [
                    .integer(entry.session), .integer(entry.line),
                    output ? [input, entry.output.map(JSON.string) ?? .null] : input,
                ]
            })
    }
}
