import Foundation

/// Training on a thread of its own, so a front end stays responsive: it receives events as they
/// happen, may cancel at any time, and waits for the outcome.
///
/// The model belongs to the run until `wait` returns; do not use it from another thread before.
public final class TrainingRun: @unchecked Sendable {
    /// Cancels the run between batches; the model keeps its last finished batch's weights.
    public let cancellation: CancellationToken
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<TrainingOutcome, ModelError>?

    /// Starts training `model` on `data` on a new thread, stepping with `optimizer` when given
    /// (see `Trainer.fit`); `events` is called on that thread.
    public init(
        trainer: Trainer, model: Sequential, data: Dataset, optimizer: (any Optimizer)? = nil,
        cancellation: CancellationToken = CancellationToken(), events: @escaping @Sendable (TrainingEvent) -> Void
    ) {
        nonisolated(unsafe) let optimizer = optimizer
        self.cancellation = cancellation
        let thread = Thread { [self] in
            result = Result { () throws(ModelError) in
                try trainer.fit(model, on: data, optimizer: optimizer, cancellation: cancellation, events: events)
            }
            done.signal()
        }
        thread.name = "DLCore.training"
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// Blocks until training ends and returns its outcome.
    public func wait() -> Result<TrainingOutcome, ModelError> {
        done.wait()
        done.signal()
        return result!
    }
}
