import CReadline
import Foundation

/// What the user did at a prompt.
enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C: the line was cleared.
    case interrupted
    /// Ctrl-D on an empty line.
    case end
}

/// GNU readline behind a small type: editing, history, Tab completion. Uses readline's callback
/// interface so that a Ctrl-C at the prompt (arriving on the interrupts' pipe) can clear the line,
/// which the blocking `readline()` cannot do.
final class LineEditor {
    private let interrupts: Interrupts
    /// Returns the completions of the word before the cursor in the current line.
    private let complete: (_ line: String, _ cursor: Int) -> [String]

    init(interrupts: Interrupts, complete: @escaping (_ line: String, _ cursor: Int) -> [String]) {
        self.interrupts = interrupts
        self.complete = complete
        LineEditor.current = self
        dl_readline_configure(strdup("dlrepl"), strdup(" \t\n.,;:{}()[]=+-*/?\"#")) { text, _, _ in
            dl_readline_completion_over()
            guard let editor = LineEditor.current, let buffer = dl_readline_line() else { return nil }
            let line = String(cString: buffer)
            let prefixBytes = Array(line.utf8.prefix(Int(dl_readline_point())))
            let cursor = String(decoding: prefixBytes, as: UTF8.self).unicodeScalars.count
            LineEditor.matches = editor.complete(line, cursor)
            LineEditor.nextMatch = 0
            return rl_completion_matches(text) { _, _ in
                guard LineEditor.nextMatch < LineEditor.matches.count else { return nil }
                defer { LineEditor.nextMatch += 1 }
                return strdup(LineEditor.matches[LineEditor.nextMatch])
            }
        }
    }

    /// Reads a line after `prompt`, with `indent` already typed.
    func readLine(prompt: String, indent: String = "") -> LineInput {
        LineEditor.result = nil
        // After the handler returns, readline draws the prompt again unless the handler has
        // removed itself, so it does.
        rl_callback_handler_install(prompt) { line in
            rl_callback_handler_remove()
            LineEditor.installed = false
            guard let line else {
                LineEditor.result = .end
                return
            }
            LineEditor.result = .line(String(cString: line))
            free(line)
        }
        LineEditor.installed = true
        defer {
            if LineEditor.installed { rl_callback_handler_remove() }
            // readline writes through stdio; what it buffered must reach the terminal before the
            // REPL's own (unbuffered) output does.
            dl_readline_flush()
        }
        if !indent.isEmpty {
            rl_insert_text(indent)
            rl_redisplay()
        }
        var descriptors = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: interrupts.promptDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        while LineEditor.result == nil {
            guard poll(&descriptors, 2, -1) > 0 else {
                if errno == EINTR { continue }
                return .end
            }
            if descriptors[1].revents != 0 {
                interrupts.drainPrompt()
                rl_free_line_state()
                rl_callback_sigcleanup()
                rl_replace_line("", 0)
                FileHandle.standardOutput.write(Data("^C\n".utf8))
                return .interrupted
            }
            if descriptors[0].revents != 0 { rl_callback_read_char() }
        }
        return LineEditor.result!
    }

    /// Adds an entry to the in-memory history (arrows and Ctrl-R).
    func remember(_ entry: String) { add_history(entry) }

    // readline's callbacks are C functions without context, so they reach the editor through
    // these; only the main thread touches them.
    nonisolated(unsafe) private static var current: LineEditor?
    nonisolated(unsafe) private static var result: LineInput?
    nonisolated(unsafe) private static var installed = false
    nonisolated(unsafe) private static var matches: [String] = []
    nonisolated(unsafe) private static var nextMatch = 0
}
