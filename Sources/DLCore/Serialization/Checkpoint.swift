/// Saving a model's weights after each epoch that is the best so far. Call it from the training's
/// events: between epochs the model belongs to the training thread, so saving then is safe.
public struct Checkpoint: Sendable {
    /// The file each best epoch's weights replace (atomically).
    public let path: String

    public init(path: String) { self.path = path }

    /// When `event` ends an epoch that is the best so far, saves `model`'s weights and returns that
    /// epoch's record with why the save failed, if it did; nil for any other event.
    public func save(after event: TrainingEvent, of model: Sequential) -> (record: EpochRecord, failure: String?)? {
        guard case let .epochFinished(record, isBest) = event, isBest else { return nil }
        do {
            try SafeTensors.save(model, to: path)
            return (record, nil)
        } catch {
            return (record, "\(error)")
        }
    }
}
