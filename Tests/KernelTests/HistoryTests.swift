import Testing

@testable import Kernel

@Suite("History: tail, range and search, as history_request asks")
struct HistoryTests {
    /// Cells 1 to 6; cells 2 and 5 have the same input.
    var history: History {
        var history = History()
        for (line, input) in ["x = 1", "6 * 7", "print x", "model m { dense 2 }", "6 * 7", "y = 2"].enumerated() {
            history.record(line: line + 1, input: input, output: input.hasPrefix("6") ? "42" : nil)
        }
        return history
    }

    func lines(_ reply: JSON) -> [Int] { (reply.array ?? []).compactMap { $0.array?[1].integer } }

    @Test("tail gives the last n cells as [session, line, input]")
    func tail() {
        let reply = history.reply(to: ["hist_access_type": "tail", "n": 2, "output": false, "raw": true])
        #expect(reply == [[1, 5, "6 * 7"], [1, 6, "y = 2"]])
        #expect(lines(history.reply(to: ["hist_access_type": "tail", "n": 100])) == [1, 2, 3, 4, 5, 6])
    }

    @Test("range gives lines start up to stop, of this session (1) or the current one (0)")
    func range() {
        #expect(lines(history.reply(to: ["hist_access_type": "range", "session": 1, "start": 2, "stop": 4])) == [2, 3])
        #expect(lines(history.reply(to: ["hist_access_type": "range", "session": 0, "start": 5])) == [5, 6])
        #expect(lines(history.reply(to: ["hist_access_type": "range", "session": 7, "start": 1])) == [])
    }

    @Test("search matches a glob pattern; unique keeps the last of equal inputs; n keeps the last n")
    func search() {
        #expect(lines(history.reply(to: ["hist_access_type": "search", "pattern": "6*"])) == [2, 5])
        #expect(lines(history.reply(to: ["hist_access_type": "search", "pattern": "6*", "unique": true])) == [5])
        #expect(lines(history.reply(to: ["hist_access_type": "search", "pattern": "*", "n": 3])) == [4, 5, 6])
        #expect(lines(history.reply(to: ["hist_access_type": "search", "pattern": "model ?*"])) == [4])
    }

    @Test("with output, each entry's third item is [input, output], output null when there was none")
    func output() {
        let reply = history.reply(to: ["hist_access_type": "range", "start": 1, "stop": 3, "output": true])
        #expect(reply == [[1, 1, ["x = 1", .null]], [1, 2, ["6 * 7", "42"]]])
    }

    @Test("an unknown access type gives no entries")
    func unknown() {
        #expect(history.reply(to: ["hist_access_type": "everything"]) == [])
    }
}
