import Foundation

/// The cells this kernel ran with `store_history`, for `history_request`: the last n (`tail`),
/// a range of line numbers (`range`), or those matching a glob pattern (`search`). The kernel
/// keeps one session's history, numbered 1; session 0 also means it, as in IPython.
struct History {
    struct Entry {
        var line: Int
        var input: String
        var output: String?
    }

    static let session = 1
    private(set) var entries: [Entry] = []

    mutating func record(line: Int, input: String, output: String?) {
        entries.append(Entry(line: line, input: input, output: output))
    }

    /// The reply's `history` for a request's content.
    func reply(to request: JSON) -> JSON {
        let selected: [Entry]
        switch request["hist_access_type"]?.string {
        case "tail":
            selected = Array(entries.suffix(Swift.max(0, request["n"]?.integer ?? 10)))
        case "range":
            let session = request["session"]?.integer ?? 0
            guard session == 0 || session == Self.session else { return [] }
            let start = request["start"]?.integer ?? 1
            let stop = request["stop"]?.integer ?? Int.max
            selected = entries.filter { $0.line >= start && $0.line < stop }
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
                    .integer(Self.session), .integer(entry.line),
                    output ? [input, entry.output.map(JSON.string) ?? .null] : input,
                ]
            })
    }
}
