import Foundation
import JupyterWire
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

    /// A history file in a fresh folder.
    func temporaryFile() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlkernel-history-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("history").path
    }

    @Test("a history file keeps cells across runs: each run is the next session, range -1 is the one before")
    func persistence() throws {
        let path = temporaryFile()
        var first = History(file: HistoryFile(path: path))
        #expect(first.session == 1)
        first.record(line: 1, input: "x = 1", output: nil)
        first.record(line: 2, input: "6 * 7", output: "42")
        var second = History(file: HistoryFile(path: path))
        #expect(second.session == 2)
        second.record(line: 1, input: "y = 2", output: nil)
        #expect(second.reply(to: ["hist_access_type": "tail", "n": 2]) == [[1, 2, "6 * 7"], [2, 1, "y = 2"]])
        #expect(second.reply(to: ["hist_access_type": "range", "session": 0]) == [[2, 1, "y = 2"]])
        #expect(second.reply(to: ["hist_access_type": "range", "session": -1, "start": 2]) == [[1, 2, "6 * 7"]])
        #expect(
            second.reply(to: ["hist_access_type": "range", "session": 1, "output": true]) == [
                [1, 1, ["x = 1", .null]], [1, 2, ["6 * 7", "42"]],
            ])
        #expect(lines(second.reply(to: ["hist_access_type": "search", "pattern": "* = *"])) == [1, 1])
        // A third run sees both; an input with newlines and quotes comes back as it went in.
        second.record(line: 2, input: "print \"a\"\nmodel m {\n  dense 2\n}", output: nil)
        let third = History(file: HistoryFile(path: path))
        #expect(third.session == 3)
        #expect(third.entries.map(\.input) == ["x = 1", "6 * 7", "y = 2", "print \"a\"\nmodel m {\n  dense 2\n}"])
    }

    @Test("damaged lines in the file are skipped, the rest is read")
    func damagedFile() throws {
        let path = temporaryFile()
        let text = "{\"session\": 4}\n{\"session\": 4, \"line\": 1, \"input\": \"a\"}\nnot json\n{\"session\": 4, \"line\": 2\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let history = History(file: HistoryFile(path: path))
        #expect(history.session == 5)
        #expect(history.entries == [History.Entry(session: 4, line: 1, input: "a", output: nil)])
    }

    @Test("a file that cannot be opened leaves history in memory, as session 1")
    func unusableFile() {
        var history = History(file: HistoryFile(path: "/nonexistent-folder/history"))
        #expect(history.session == 1)
        history.record(line: 1, input: "x = 1", output: nil)
        #expect(history.reply(to: ["hist_access_type": "tail", "n": 5]) == [[1, 1, "x = 1"]])
    }

    @Test("kernels starting at once get different sessions")
    func concurrentStarts() async {
        let path = temporaryFile()
        let sessions = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { History(file: HistoryFile(path: path)).session } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(sessions) == Set(1...8))
    }
}

@Suite("History file bounds")
struct HistoryBoundTests {
    func temporaryFile() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlkernel-bounds-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("history").path
    }

    func size(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1 }

    @Test("a huge cell is kept cut, with a note of how much was left out")
    func hugeCells() {
        let path = temporaryFile()
        var history = History(file: HistoryFile(path: path))
        let cell = String(repeating: "1 + ", count: 2_500_000) + "1"  // 10 MB
        history.record(line: 1, input: cell, output: String(repeating: "x", count: 50_000))
        #expect(size(path) < HistoryFile.maxInput + HistoryFile.maxOutput + 1_000)
        let reread = History(file: HistoryFile(path: path)).entries[0]
        let note = "\n… (\(cell.count - HistoryFile.maxInput) more characters not kept in the history)"
        #expect(reread.input.count == HistoryFile.maxInput + note.count)
        #expect(reread.input.hasPrefix(String(cell.prefix(HistoryFile.maxInput))) && reread.input.hasSuffix(note))
        #expect(reread.output?.hasSuffix("\n… (40000 more characters not kept in the history)") == true)
        #expect(history.entries[0] == reread, "memory keeps what the file keeps")
    }

    @Test("a file past its bound is rewritten with its newest half when a kernel starts")
    func compaction() throws {
        let path = temporaryFile()
        var history = History(file: HistoryFile(path: path))
        let filler = String(repeating: "a", count: 90_000)
        var line = 0
        while size(path) <= HistoryFile.maxFileBytes {
            line += 1
            history.record(line: line, input: "cell \(line) " + filler, output: nil)
        }
        let next = History(file: HistoryFile(path: path))
        #expect(next.session == 2)
        #expect(size(path) <= HistoryFile.maxFileBytes / 2 + 100)
        // The newest cells are read back from the compacted file, and the file is valid JSON lines.
        let after = History(file: HistoryFile(path: path))
        #expect(after.session == 3)
        #expect(after.entries.last?.input.hasPrefix("cell \(line) ") == true)
        #expect(after.entries.count >= 20)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\n").allSatisfy { JSON(parsing: Data($0.utf8)) != nil })
        #expect(try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent) == ["history"])
    }

    @Test("kernels appending while another compacts lose no cell")
    func concurrentCompaction() async throws {
        let path = temporaryFile()
        var seed = History(file: HistoryFile(path: path))
        let filler = String(repeating: "b", count: 90_000)
        for line in 1...50 { seed.record(line: line, input: "old \(line) " + filler, output: nil) }
        // Four writers append small cells while kernels start (and compact) beside them.
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    let file = HistoryFile(path: path)
                    for line in 1...50 {
                        try? file.append(
                            History.Entry(session: 100 + writer, line: line, input: "w\(writer) \(line)", output: nil))
                    }
                }
            }
            for _ in 0..<3 { group.addTask { _ = History(file: HistoryFile(path: path)) } }
        }
        let entries = History(file: HistoryFile(path: path)).entries
        for writer in 0..<4 {
            #expect(entries.filter { $0.session == 100 + writer }.map(\.line) == Array(1...50), "writer \(writer)")
        }
    }
}
