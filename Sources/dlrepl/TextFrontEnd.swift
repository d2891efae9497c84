import DLCore
import DLScript
import Foundation

/// Runs DL code and renders its output as plain text on a terminal or a pipe.
enum TextFrontEnd {
    /// Runs the script at `path`, drawing plots in plain ASCII when `ascii` is set; returns the
    /// process exit code (0, or 1 after an error).
    static func runScript(_ path: String, ascii: Bool) -> Int32 {
        let code: String
        do { code = try String(contentsOfFile: path, encoding: .utf8) } catch {
            FileHandle.standardError.write(Data("dlrepl: cannot read \(path): \(error.localizedDescription)\n".utf8))
            return 1
        }
        let terminal = isatty(STDOUT_FILENO) == 1
        let width = terminal ? terminalWidth() : 72
        let renderer = TextRenderer(width: width, ascii: ascii)
        let session = Session(options: SessionOptions(width: width))
        let outcome = session.run(code, source: path) { event in render(event, with: renderer, terminal: terminal) }
        return outcome == .completed ? 0 : 1
    }

    /// The terminal's columns, kept between 40 and 160 so plots stay readable (72 if unknown).
    static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 72 }
        return Swift.min(160, Swift.max(40, Int(size.ws_col) - 1))
    }

    /// Writes one event. Progress lines are redrawn in place on a terminal and left out on a
    /// pipe; errors go to standard error.
    static func render(_ event: OutputEvent, with renderer: TextRenderer, terminal: Bool) {
        let clear = terminal ? "\r\u{1B}[2K" : ""
        switch event {
        case let .progress(_, progress):
            guard terminal else { return }
            FileHandle.standardOutput.write(Data((clear + (progress?.line ?? "")).utf8))
        case .error:
            FileHandle.standardOutput.write(Data(clear.utf8))
            FileHandle.standardError.write(Data((renderer.render(event) ?? "").utf8 + Data("\n".utf8)))
        default:
            FileHandle.standardOutput.write(Data((clear + (renderer.render(event) ?? "") + "\n").utf8))
        }
    }
}
