import DLScript
import Foundation
import Testing

private typealias Key = Terminal.Key

/// dlrepl at a prompt, in a real pseudo-terminal.
@Suite("Interactive REPL")
struct InteractiveTests {
    let historyFile = FileManager.default.temporaryDirectory.appendingPathComponent("dlrepl-history-\(UUID().uuidString)").path

    func start() throws -> Terminal {
        let terminal = try Terminal(environment: ["DLREPL_HISTORY": historyFile, "NO_COLOR": "1"])
        let screen = terminal.wait { $0.hasSuffix("dl>") }
        #expect(screen.hasPrefix("DL \(Language.version): type help for the language"))
        return terminal
    }

    @Test("prompt, continuation prompt with indent, results, and Ctrl-D exits 0")
    func prompts() throws {
        let terminal = try start()
        terminal.send("model m {", Key.enter)
        #expect(terminal.wait { $0.hasSuffix("...>") }.hasSuffix("...>"))
        terminal.send("dense 3 relu", Key.enter, "}", Key.enter)
        let defined = terminal.wait { $0.contains("input shape not known yet") && $0.hasSuffix("dl>") }
        #expect(defined.contains("...>   dense 3 relu\n...>   }"), "the suggested indent is typed for the user")
        terminal.send("2 * 21", Key.enter)
        #expect(terminal.wait { $0.contains("\n42\ndl>") }.contains("\n42\ndl>"))
        terminal.send(Key.controlD)
        #expect(terminal.exitStatus() == 0)
    }

    @Test("Tab completes from the language and the session")
    func completion() throws {
        let terminal = try start()
        terminal.send("let learning = 0.5", Key.enter)
        terminal.send("model k { dense 4 sig", Key.tab)
        #expect(terminal.wait { $0.contains("dense 4 sigmoid") }.contains("dense 4 sigmoid"))
        terminal.send(Key.controlC)
        terminal.wait { $0.hasSuffix("dl>") }
        terminal.send("print learn", Key.tab, Key.enter)
        #expect(terminal.wait { $0.contains("\n0.5\ndl>") }.contains("print learning"))
    }

    @Test("history survives a restart, multi-line entries whole; Ctrl-R searches it")
    func history() throws {
        do {
            let first = try start()
            first.send("let h = 7", Key.enter)
            first.send("model two {", Key.enter, "dense 2", Key.enter, "}", Key.enter)
            first.wait { $0.contains("not known yet") }
            first.send(Key.controlD)
            #expect(first.exitStatus() == 0)
        }
        let second = try start()
        second.send(Key.up)
        #expect(second.wait { $0.contains("}") }.contains("dl> model two {"))
        second.send(Key.controlC)
        second.wait { $0.hasSuffix("dl>") }
        second.send(Key.up, Key.up, Key.enter, "h", Key.enter)
        #expect(second.wait { $0.hasSuffix("7\ndl>") }.hasSuffix("7\ndl>"))
        second.send("let h = 8", Key.enter, Key.controlR, "let h = 7")
        #expect(second.wait { $0.hasSuffix("`let h = 7': let h = 7") }.hasSuffix("(reverse-i-search)`let h = 7': let h = 7"))
        second.send(Key.enter, "h", Key.enter)
        #expect(second.wait { $0.hasSuffix("7\ndl>") }.hasSuffix("7\ndl>"), "Ctrl-R found the older entry")
    }

    @Test("Ctrl-C stops training and keeps the session; at the prompt it clears the line")
    func interrupt() throws {
        let terminal = try start()
        terminal.send("print \"half", Key.controlC)
        #expect(terminal.wait { $0.hasSuffix("^C\ndl>") }.hasSuffix("print \"half^C\ndl>"))
        terminal.send("data s = spirals 20000", Key.enter, "model m { input 2; dense 128 relu; dense 2 softmax }", Key.enter)
        terminal.send("train m on s epochs 100000 batch 4", Key.enter)
        let training = terminal.wait(30) { $0.contains("\n      1 ") && $0.hasSuffix(" s") }
        #expect(training.split(separator: "\n").last?.hasPrefix("epoch 2/100000  batch ") == true, "a live progress line")
        #expect(training.contains("samples/s  ETA"))
        let sent = Date()
        terminal.send(Key.controlC)
        let stopped = terminal.wait { $0.contains("interrupted in epoch") && $0.hasSuffix("dl>") }
        #expect(Date().timeIntervalSince(sent) < 1.5, "back at the prompt within about a second")
        #expect(stopped.contains("the model keeps the weights after batch"))
        #expect(!stopped.contains("samples/s"), "the progress line is erased, the table stays")
        terminal.send("m.loss[0]", Key.enter)
        let answered = terminal.wait { $0.hasSuffix("dl>") && $0.contains("dl> m.loss[0]\n0.") }
        #expect(answered.contains("dl> m.loss[0]\n0."), "the session still answers, with the finished epoch's loss")
    }

    @Test(":help, :reset, :load and :quit; a mistyped command gets a suggestion")
    func commands() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("dlrepl-\(UUID().uuidString).dl").path
        try "let loaded = 3\n".write(toFile: script, atomically: true, encoding: .utf8)
        let terminal = try start()
        terminal.send(":help", Key.enter)
        #expect(terminal.wait { $0.contains(":reset") }.contains(":load <file>"))
        terminal.send(":load \(script)", Key.enter, "loaded", Key.enter)
        #expect(terminal.wait { $0.hasSuffix("3\ndl>") }.hasSuffix("3\ndl>"))
        terminal.send(":reset", Key.enter, "loaded", Key.enter)
        #expect(terminal.wait { $0.contains("unknown name 'loaded'") }.contains("unknown name 'loaded'"))
        terminal.send(":rest", Key.enter)
        #expect(
            terminal.wait { $0.contains("did you mean ':reset'?") }.contains("unknown command ':rest' — did you mean ':reset'?"))
        terminal.send(":xyzzy", Key.enter)
        #expect(terminal.wait { $0.contains("the commands are") }.contains("unknown command ':xyzzy' — the commands are"))
        terminal.send(":quit", Key.enter)
        #expect(terminal.exitStatus() == 0)
    }

    @Test("quit and exit alone leave, as in Python's REPL; in a statement they are an error")
    func quitAlone() throws {
        for word in ["quit", "exit"] {
            let terminal = try start()
            terminal.send("print \(word)", Key.enter)
            #expect(terminal.wait { $0.contains("leaves the REPL") }.contains("'\(word)' leaves the REPL or a console"))
            terminal.send("  \(word) ", Key.enter)
            #expect(terminal.exitStatus() == 0)
        }
    }
}
