import Foundation
import Synchronization

/// The kernel's log: one line per event on standard error, where Jupyter servers collect a
/// kernel's output. Used for what the kernel drops or cannot do; never for a cell's output.
enum Log {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data("dlkernel: \(line)\n".utf8))
    }

    /// Logs a dropped message, at most `dropsPerSecond` lines a second: a flood of junk must not
    /// fill the server's log. Drops past the limit are counted and summed up in the next line.
    static func dropped(_ line: String) {
        let now = ContinuousClock.now
        let unlogged: Int? = dropWindow.withLock { window in
            if now - window.start >= .seconds(1) {
                window.start = now
                window.logged = 0
            }
            guard window.logged < dropsPerSecond else {
                window.skipped += 1
                return nil
            }
            window.logged += 1
            defer { window.skipped = 0 }
            return window.skipped
        }
        guard let unlogged else { return }
        write(unlogged > 0 ? "\(line) (and \(unlogged) more dropped messages before it, not logged)" : line)
    }

    /// The most dropped messages logged in one second.
    static let dropsPerSecond = 10

    private struct DropWindow {
        var start = ContinuousClock.now
        var logged = 0
        var skipped = 0
    }

    private static let dropWindow = Mutex(DropWindow())
}
