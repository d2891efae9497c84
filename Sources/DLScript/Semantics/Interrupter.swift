import DLCore
import Synchronization

/// Stops the code a session is running, from any thread: a front end's Ctrl-C watcher, a
/// kernel's control channel or signal handler. The session is not thread-safe; this is, so a front
/// end keeps it (`Session.interrupter`) where another thread can reach it.
///
/// Each `Session.run` takes a fresh cancellation token for its duration; `interrupt` cancels it,
/// so training stops after its current batch (keeping those weights) and the statements after it
/// do not run.
public final class Interrupter: Sendable {
    private let running = Mutex<CancellationToken?>(nil)

    public init() {}

    /// Stops the run in progress; false when nothing runs (so a REPL can clear its prompt instead).
    @discardableResult
    public func interrupt() -> Bool {
        running.withLock { token in
            token?.cancel()
            return token != nil
        }
    }

    /// Runs `body` with a fresh token that `interrupt` cancels until `body` returns.
    func whileRunning<T>(_ body: (CancellationToken) -> T) -> T {
        let token = CancellationToken()
        running.withLock { $0 = token }
        defer { running.withLock { $0 = nil } }
        return body(token)
    }
}
