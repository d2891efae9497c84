import DLScript
import Foundation

/// Renders output events as plain text on a terminal or a pipe.
enum TextFrontEnd {
    /// Runs the quickstart; returns the process exit code.
    static func runQuickstart() -> Int32 {
        let terminal = isatty(STDOUT_FILENO) == 1
        do {
            try Quickstart.run { event in render(event, terminal: terminal) }
            return 0
        } catch {
            FileHandle.standardError.write(Data("dlrepl: error: \(error)\n".utf8))
            return 1
        }
    }

    /// Writes one event to standard output. Progress lines are redrawn in place on a terminal
    /// and left out on a pipe.
    static func render(_ event: OutputEvent, terminal: Bool) {
        switch event {
        case let .text(text): write(text + "\n", terminal: terminal)
        case let .lossTable(line): write(LossTable.render(line) + "\n", terminal: terminal)
        case let .plot(plot): write(plot.render() + "\n", terminal: terminal)
        case let .progress(_, progress):
            if terminal { FileHandle.standardOutput.write(Data("\r\u{1B}[2K\(progress.line)".utf8)) }
        }
    }

    private static func write(_ text: String, terminal: Bool) {
        FileHandle.standardOutput.write(Data(((terminal ? "\r\u{1B}[2K" : "") + text).utf8))
    }
}
