import DLScript
import Foundation

/// The read-eval-print loop: `dl> ` and `...> ` prompts, history, Tab completion, `:` commands.
final class Interactive {
    private var session: Session
    private let makeSession: () -> Session
    private let output: TextFrontEnd
    private let interrupts: Interrupts
    private let history = History(path: History.defaultPath, limit: 1000)
    private var entries: [String] = []
    private var pending: [String] = []
    private lazy var editor = LineEditor(interrupts: interrupts) { [unowned self] line, cursor in
        let before = self.pending.map { $0 + "\n" }.joined()
        return self.session.complete(before + line, cursor: before.unicodeScalars.count + cursor).matches
    }

    init(makeSession: @escaping () -> Session, output: TextFrontEnd, interrupts: Interrupts) {
        self.makeSession = makeSession
        session = makeSession()
        self.output = output
        self.interrupts = interrupts
    }

    static let banner = "DL \(DLRepl.version): type help for the language, :help for the REPL, Ctrl-D to quit"

    static let help = """
        :help          this help
        :reset         start a new session (forget every name)
        :load <file>   run a .dl file in this session
        :quit          leave (so do quit, exit and Ctrl-D on an empty line)
        help <word>    the language's help; ?word works too
        Tab completes words, Up and Down walk the history, Ctrl-R searches it.
        Ctrl-C stops a training run (keeping its last finished batch) or clears the line.
        """

    /// Runs until `:quit` or Ctrl-D; returns the exit code.
    func run() -> Int32 {
        entries = history.load()
        for entry in entries { editor.remember(entry) }
        say(Self.banner)
        var indent = ""
        while true {
            switch editor.readLine(prompt: pending.isEmpty ? "dl> " : "...> ", indent: indent) {
            case .end:
                if pending.isEmpty {
                    say("")
                    return 0
                }
                pending = []
                indent = ""
                say("")
            case .interrupted:
                pending = []
                indent = ""
            case let .line(line):
                indent = ""
                if pending.isEmpty {
                    if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                    // `quit` and `exit` alone leave, as they do in Python's REPL and in a notebook's
                    // console; a session name of that name is still shown with `print`.
                    if ["quit", "exit"].contains(line.trimmingCharacters(in: .whitespaces)) { return 0 }
                    if line.hasPrefix(":") {
                        remember(line)
                        if let code = command(line) { return code }
                        continue
                    }
                }
                pending.append(line)
                let code = pending.joined(separator: "\n")
                if case let .incomplete(nextIndent) = session.isComplete(code) {
                    indent = nextIndent
                    continue
                }
                pending = []
                remember(code)
                execute(code, source: "<stdin>")
            }
        }
    }

    private func remember(_ entry: String) {
        editor.remember(entry)
        entries.append(entry)
        history.save(entries)
    }

    private func execute(_ code: String, source: String) {
        session.run(code, source: source, sink: output.render)
    }

    /// Runs a `:` command; returns an exit code to leave with, or nil to go on.
    private func command(_ line: String) -> Int32? {
        let parts = line.dropFirst().split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        switch parts.first ?? "" {
        case "quit", "q": return 0
        case "help", "h", "?": say(Self.help)
        case "reset":
            session = makeSession()
            say("a new session: every name is forgotten")
        case "load":
            guard parts.count == 2, !parts[1].isEmpty else {
                FileHandle.standardError.write(Data(":load needs a file, e.g. :load examples/quickstart.dl\n".utf8))
                return nil
            }
            do {
                let source = try Batch.read(parts[1])
                execute(source.code, source: source.name)
            } catch {
                FileHandle.standardError.write(Data("\(error.message)\n".utf8))
            }
        default:
            let word = parts.first ?? ""
            let advice =
                Suggestion.nearest(to: word, in: ["help", "reset", "load", "quit"]).map { "did you mean ':\($0)'?" }
                ?? "the commands are :help, :reset, :load and :quit"
            FileHandle.standardError.write(Data("unknown command ':\(word)' — \(advice)\n".utf8))
        }
        return nil
    }

    /// Writes a line to standard output, unbuffered like the rest of the REPL's output.
    private func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
}
