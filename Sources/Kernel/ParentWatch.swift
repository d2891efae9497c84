import Foundation

/// Watches the process that started the kernel (a notebook server, `jupyter console`): when it
/// dies, the kernel is adopted by another process, and `parentDied` runs, so a killed client
/// leaves no orphan kernel behind (as ipykernel's parent poller does).
enum ParentWatch {
    /// Checks once a second; nothing when the kernel was started by init itself (pid 1).
    static func start(_ parentDied: @escaping @Sendable () -> Void) -> DispatchSourceTimer? {
        let parent = getppid()
        guard parent > 1 else { return nil }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler {
            guard getppid() != parent else { return }
            timer.cancel()
            Log.write("kernel: the process that started it (pid \(parent)) is gone; shutting down")
            parentDied()
        }
        timer.resume()
        return timer
    }
}
