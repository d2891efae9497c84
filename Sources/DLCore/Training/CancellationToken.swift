import Synchronization

/// A flag that asks a running job to stop at its next safe point (for training: between batches).
///
/// Any thread may call `cancel`, including a signal handler's helper thread or a kernel's
/// control thread; the job reads `isCancelled`.
public final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    /// Asks the job to stop.
    public func cancel() { flag.store(true, ordering: .releasing) }

    /// True once `cancel` was called (until `reset`).
    public var isCancelled: Bool { flag.load(ordering: .acquiring) }

    /// Clears the flag for the next job.
    public func reset() { flag.store(false, ordering: .releasing) }
}
