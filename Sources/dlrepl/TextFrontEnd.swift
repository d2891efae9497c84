import DLScript
import Foundation
import Synchronization

/// Renders a session's output events as text: results and output on standard output, errors and
/// warnings on standard error. On a terminal, progress lines are redrawn in place and errors are red (unless
/// `NO_COLOR` is set); on a pipe, progress is left out and nothing is coloured.
final class TextFrontEnd: Sendable {
    let renderer: TextRenderer
    /// Leave out notes and progress (`--quiet`).
    let quiet: Bool
    private let terminal = isatty(STDOUT_FILENO) == 1
    private let colour: Bool
    /// Whether a progress line is on the screen; held while writing, so lines never interleave.
    private let progressShown = Mutex(false)

    /// The process's number among those mpirun started; only the first prints all, the others
    /// only their errors, each marked with the process's rank.
    let rank: Int

    init(ascii: Bool, quiet: Bool, rank: Int = 0) {
        self.quiet = quiet
        self.rank = rank
        colour = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        renderer = TextRenderer(width: terminal ? Self.terminalWidth() : 72, ascii: ascii)
    }

    /// The terminal's columns, kept between 40 and 160 so plots stay readable (72 if unknown).
    static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 72 }
        return Swift.min(160, Swift.max(40, Int(size.ws_col) - 1))
    }

    /// Writes one event; called from the session's thread and the training thread.
    func render(_ event: OutputEvent) {
        progressShown.withLock { render(event, progressShown: &$0) }
    }

    private func render(_ event: OutputEvent, progressShown: inout Bool) {
        if rank != 0 {
            if case let .error(diagnostic) = event {
                write("rank \(rank): \(diagnostic.rendered)\n", to: FileHandle.standardError)
            }
            return
        }
        switch event {
        case let .progress(_, progress):
            guard terminal && !quiet else { return }
            write("\r\u{1B}[2K" + (progress?.line ?? ""), to: FileHandle.standardOutput)
            progressShown = progress != nil
        case .note where quiet:
            return
        case .warning:
            clearProgress(&progressShown)
            write((renderer.render(event) ?? "") + "\n", to: FileHandle.standardError)
        case let .error(diagnostic):
            clearProgress(&progressShown)
            var text = diagnostic.rendered
            if colour, let range = text.range(of: "error:") {
                text.replaceSubrange(range, with: "\u{1B}[1;31merror:\u{1B}[0m")
            }
            write(text + "\n", to: FileHandle.standardError)
        default:
            clearProgress(&progressShown)
            write((renderer.render(event) ?? "") + "\n", to: FileHandle.standardOutput)
        }
    }

    private func clearProgress(_ progressShown: inout Bool) {
        if progressShown {
            write("\r\u{1B}[2K", to: FileHandle.standardOutput)
            progressShown = false
        }
    }

    private func write(_ text: String, to handle: FileHandle) { handle.write(Data(text.utf8)) }
}
