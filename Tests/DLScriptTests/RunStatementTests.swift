import DLScript
import Foundation
import Testing

/// `run "file.dl"` runs a script in the session, checked with the cell before anything runs;
/// `time <statement>` says how long a statement took.
@Suite("run and time")
struct RunStatementTests {
    @Test("a script's names stay in the session and the cell that runs it may use them at once")
    func namesStay() throws {
        let folder = try TemporaryFolder()
        let setup = try folder.write("setup.dl", "data gate = xor\nmodel m { dense 4 tanh; dense 2 softmax }\nlet n = 3\n")
        let runner = ScriptRunner()
        let (lines, outcome) = runner.run("run \"\(setup)\"\ntrain m on gate epochs n\nprint n * 2")
        #expect(outcome == .completed, "\(lines)")
        #expect(lines.first == "gate: 4 training samples, each 2; 2 classes: 0, 1")
        #expect(lines.contains("finished: 3 epochs"))
        #expect(lines.last == "6")
        #expect(runner.session.names == ["gate", "m", "n"])
    }

    @Test("an error in a script is placed in the script, and nothing of the cell runs")
    func errorsInTheScript() throws {
        let folder = try TemporaryFolder()
        let bad = try folder.write("bad.dl", "print \"never\"\nmodel m { dense 4 tanh; dnse 2 }\n")
        let runner = ScriptRunner()
        let (lines, outcome) = runner.run("print \"before\"\nrun \"\(bad)\"")
        guard case let .failed(diagnostic) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(diagnostic.source == bad)
        #expect((diagnostic.range.line, diagnostic.range.column) == (2, 25))
        #expect(diagnostic.sourceLine == "model m { dense 4 tanh; dnse 2 }")
        #expect(diagnostic.summary == "unknown layer 'dnse' — did you mean 'dense'?")
        #expect(!lines.contains("before"), "a cell whose script is wrong runs nothing")
    }

    @Test("an error while a script runs is placed in the script; what ran before it stays")
    func runtimeErrorsInTheScript() throws {
        let folder = try TemporaryFolder()
        let script = try folder.write("part.dl", "let kept = 1\ndata gate = xor\nprint gate.nope\nlet lost = 2\n")
        let runner = ScriptRunner()
        let diagnostic = try #require(runner.failure(of: "run \"\(script)\""))
        #expect(diagnostic.source == script)
        #expect((diagnostic.range.line, diagnostic.range.column) == (3, 12))
        #expect(runner.session.names == ["gate", "kept"])
    }

    @Test("a missing file, a script that runs itself, one too large and a pipe are refused before anything runs")
    func refusals() throws {
        let folder = try TemporaryFolder()
        let runner = ScriptRunner()
        let missing = folder.path("nope.dl")
        let absent = try #require(runner.failure(of: "let a = 1\nrun \"\(missing)\""))
        #expect(absent.message == "cannot run \"\(missing)\": not found (a relative path starts from the current folder)")
        #expect((absent.source, absent.range.line, absent.range.column) == ("test.dl", 2, 5))
        #expect(runner.session.names.isEmpty)

        let loop = try folder.write("loop.dl", "run \"\(folder.path("loop.dl"))\"\n")
        let nested = try #require(runner.failure(of: "run \"\(loop)\""))
        #expect(nested.summary == "'run' nests more than 8 scripts deep — does a script run itself, or two scripts each other?")
        #expect(nested.source == loop)

        let large = try folder.write("large.dl", String(repeating: "# a comment line of padding\n", count: 160_000))
        let tooLarge = try #require(runner.failure(of: "run \"\(large)\""))
        #expect(tooLarge.message == "cannot run \"\(large)\": the file has 4.5 MB, more than a DL script may have (4.2 MB)")

        // A pipe would block the session until something wrote to it.
        let pipe = folder.path("pipe.dl")
        #expect(mkfifo(pipe, 0o600) == 0)
        let refused = try #require(runner.failure(of: "run \"\(pipe)\""))
        #expect(
            refused.message == "cannot run \"\(pipe)\": this is a FIFO (named pipe), not a regular file: give the path of a file")
    }

    @Test("time runs its statement, then says how long it took")
    func time() {
        let runner = ScriptRunner()
        let (lines, outcome) = runner.run("time let x = 2 + 2\ntime print x")
        #expect(outcome == .completed)
        #expect(lines.count == 3, "\(lines)")
        #expect(lines[1] == "4")
        for line in [lines[0], lines[2]] {
            #expect(line.hasPrefix("wall time: ") && line.hasSuffix(" s"), "\(line)")
            #expect(Double(line.dropFirst("wall time: ".count).dropLast(2)).map { $0 >= 0 && $0 < 5 } == true, "\(line)")
        }
        #expect(runner.session.describe("x") == "x = 4")
    }
}
