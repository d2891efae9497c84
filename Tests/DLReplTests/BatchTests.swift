import DLScript
import Foundation
import Testing

/// `dlrepl` in batch: scripts, `-e`, standard input; plain output; exit codes.
@Suite("Batch runs")
struct BatchTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlrepl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func script(_ name: String, _ code: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try code.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("scripts run in order in one session; results go to stdout, one line per epoch")
    func scripts() throws {
        let first = try script("first.dl", "seed 1\ndata toy = moons 40\nmodel m { input 2; dense 2 softmax }\n")
        let second = try script("second.dl", "train m on toy epochs 2 batch 20\nprint \"done\"\n")
        let result = try Command.run([first, second])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "toy: 40 training samples, each 2; 2 classes: 0, 1")
        #expect(lines.filter { $0.hasPrefix("      1 ") || $0.hasPrefix("      2 ") }.count == 2)
        #expect(lines.last == "done")
        #expect(!result.stdout.contains("\r") && !result.stdout.contains("\u{1B}"), "no redraws or colour on a pipe")
    }

    @Test("an error goes to stderr with file:line:column and a caret, and exits 1")
    func error() throws {
        let bad = try script("bad.dl", "print \"before\"\nmodel m {\n  dense2 4\n}\n")
        let result = try Command.run([bad])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty, "a syntax error runs nothing")
        #expect(
            result.stderr == """
                \(bad):3:3: error: unknown layer 'dense2' — did you mean 'dense'?
                  dense2 4
                  ^~~~~~

                """)
        let later = try Command.run([try script("ok.dl", "print 1"), bad, try script("never.dl", "print 2")])
        #expect(later.status == 1 && later.stdout == "1\n", "the scripts after a failing one do not run")
    }

    @Test("a warning goes to stderr and the run goes on")
    func warning() throws {
        let result = try Command.run([
            "--quiet", "-e", "data toy = moons 32\nmodel l { dense 2 }\ntrain l on toy epochs 1 batch 16\nprint \"after\"",
        ])
        #expect(result.status == 0)
        #expect(result.stderr.hasPrefix("warning: 'l' ends without softmax, so it is trained with mse on one-hot labels"))
        #expect(result.stdout.hasSuffix("after\n") && !result.stdout.contains("warning"))
    }

    @Test("-e, standard input and '-' run code; a shebang line works")
    func sources() throws {
        #expect(try Command.run(["-e", "let a = 2", "-e", "a * 21"]).stdout == "42\n")
        #expect(try Command.run([], input: "print \"piped\"\n").stdout == "piped\n")
        let mixed = try Command.run([try script("a.dl", "let x = 5"), "-", "-e", "x + 1"], input: "x = x * 2\n")
        #expect(mixed.stdout == "11\n" && mixed.status == 0)
        let shebang = try script("run.dl", "#!/usr/bin/env dlrepl\nprint \"shebang\"\n")
        chmod(shebang, 0o755)
        let directory = URL(fileURLWithPath: Command.executable).deletingLastPathComponent().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shebang)
        process.environment = ["PATH": "\(directory):/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        #expect(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "shebang\n")
        #expect(process.terminationStatus == 0)
    }

    @Test("usage errors exit 2; --version, --help, --quiet, --seed and --threads work")
    func options() throws {
        let unknown = try Command.run(["--bogus"])
        #expect(unknown.status == 2 && unknown.stderr.contains("Unknown option '--bogus'"))
        let missing = try Command.run([folder.appendingPathComponent("none.dl").path])
        #expect(missing.status == 2 && missing.stderr.contains("cannot read"))
        #expect(try Command.run(["--threads", "0", "-e", "1"]).status == 2)
        #expect(try Command.run(["--version"]).stdout == Language.version + "\n")
        let help = try Command.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("--threads") && help.stdout.contains("130"))
        let quiet = try Command.run(["--quiet", "-e", "data t = xor", "-e", "print t.train[0:1]"])
        #expect(!quiet.stdout.contains("4 training samples") && quiet.stdout.hasPrefix("t.train[0:1]: 1 training sample,"))
        let seeded = try Command.run(["--seed", "7", "--threads", "1", "-e", "data t = blobs 3", "-e", "print 1"])
        #expect(seeded.status == 0)
        #expect(
            try Command.run(["--seed", "7", "-e", "data t = blobs 3"]).stdout
                == seeded.stdout.replacingOccurrences(of: "1\n", with: ""))
    }

    @Test("threads alone says how many the engine uses: by default the CPUs the process may run on")
    func threadsFollowAffinity() throws {
        let pinned = Process()
        pinned.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        pinned.arguments = ["-c", "0", Command.executable, "-e", "threads"]
        let output = Pipe()
        pinned.standardOutput = output
        try pinned.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        pinned.waitUntilExit()
        #expect(text == "threads: 1 (this process may run on 1 CPU)\n")
        let chosen = try Command.run(["--threads", "3", "-e", "threads"])
        #expect(chosen.stdout.hasPrefix("threads: 3 (this process may run on "))
    }

    @Test("SIGINT during training stops it, keeps the model, and exits 130")
    func interrupt() throws {
        let (status, text) = try Command.interrupted(
            "data s = spirals 4000\nmodel m { input 2; dense 32 relu; dense 2 softmax }\ntrain m on s epochs 100000 batch 4\nprint \"not reached\"",
            after: "      2 ")
        #expect(status == 130)
        #expect(
            text.contains("the model keeps the weights after batch")
                || text.contains("the model keeps the weights of the last finished batch"))
        #expect(!text.contains("not reached"))
    }
}
