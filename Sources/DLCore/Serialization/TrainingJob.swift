import Foundation

/// A training handed to other processes (`train … workers n`, an MPI job): the session writes the
/// model with its optimizer, the data and the options into a folder; every worker reads them and
/// trains its shard of each batch; the first writes the trained model back into the folder.
public struct TrainingJob {
    public var model: Sequential
    /// The history and optimizer state the training goes on from.
    public var training: TrainingState?
    public var data: Dataset
    /// How to train; its communicator is the workers' own, and a validation data set is written
    /// beside the training data.
    public var options: TrainingOptions
    /// Where the first worker saves the weights of each new best epoch, if anywhere.
    public var checkpoint: String?

    public init(
        model: Sequential, training: TrainingState?, data: Dataset, options: TrainingOptions, checkpoint: String? = nil
    ) {
        self.model = model
        self.training = training
        self.data = data
        self.options = options
        self.checkpoint = checkpoint
    }

    /// The options that travel as JSON.
    private struct Settings: Codable {
        var epochs: Int
        var batchSize: Int?
        var shuffle: Bool
        var seed: UInt64
        var optimizer: OptimizerSpec
        var loss: LossKind?
        var validationFraction: Double?
        var validationSet: Bool
        var patience: Int?
        var schedule: TrainingOptions.Schedule
        var clipNorm: Float?
        var shards: Int
        var checkpoint: String?
    }

    /// What the first worker reports to the session, a line of JSON each: the training's events
    /// as they happen, then how it ended.
    public enum Message: Codable, Sendable, Equatable {
        case event(TrainingEvent)
        /// The weights of the best epoch so far were saved to the checkpoint, or `failure` says why not.
        case checkpoint(EpochRecord, failure: String?)
        case outcome(TrainingOutcome)
    }

    /// The line a worker sends to the first worker's standard input to stop the training after
    /// the step every worker is in.
    public static let stopLine = "stop"

    /// Where the first worker writes the trained model, with its optimizer.
    public static func trainedPath(in folder: String) -> String { folder + "/trained.safetensors" }

    /// The metadata key of the model's random streams (its dropout layers'), which go to the
    /// workers and come back, so a job draws the masks a training here would.
    static let randomKey = "dl.job.random"

    private static func randomNotes(_ model: Sequential) throws -> [String: String] {
        let streams = model.layers.compactMap { ($0 as? Dropout)?.randomWords }
        return [randomKey: String(decoding: try JSONEncoder().encode(streams), as: UTF8.self)]
    }

    /// Reads a model saved with `randomNotes`, its dropout layers going on from where they stood.
    private static func readModel(_ path: String) throws -> SavedModel {
        let saved = try SafeTensors.loadSaved(from: path)
        let streams = try JSONDecoder().decode([[UInt64]].self, from: Data((saved.notes[randomKey] ?? "[]").utf8))
        let dropouts = saved.network.layers.compactMap { $0 as? Dropout }
        guard streams.count == dropouts.count, streams.allSatisfy({ $0.count == 4 }) else {
            throw DataError(file: path, "its random streams do not fit its dropout layers")
        }
        for (dropout, words) in zip(dropouts, streams) { dropout.randomWords = words }
        return saved
    }

    /// Writes the trained `model` with its training state into `folder` (the first worker does).
    public static func writeTrained(_ model: Sequential, training: TrainingState, to folder: String) throws {
        try SafeTensors.save(model, to: trainedPath(in: folder), training: training, notes: try randomNotes(model))
    }

    /// Puts the trained weights and random streams from `folder` into `model` (the session's,
    /// of the same architecture); returns the training state the worker wrote.
    public static func readTrained(from folder: String, into model: Sequential) throws -> TrainingState? {
        let trained = try readModel(trainedPath(in: folder))
        model.restore(trained.network.snapshot())
        for (mine, theirs) in zip(model.layers, trained.network.layers) {
            if let mine = mine as? Dropout, let theirs = theirs as? Dropout { mine.randomWords = theirs.randomWords }
        }
        return trained.training
    }

    /// Writes the job into `folder`, which must exist.
    public func write(to folder: String) throws {
        try SafeTensors.save(model, to: folder + "/model.safetensors", training: training, notes: try Self.randomNotes(model))
        try DatasetFile.write(data, to: folder + "/data.bin")
        var fraction: Double?
        var validationSet = false
        switch options.validation {
        case .none: break
        case let .fraction(f): fraction = f
        case let .dataset(set):
            try DatasetFile.write(set, to: folder + "/validation.bin")
            validationSet = true
        }
        let settings = Settings(
            epochs: options.epochs, batchSize: options.batchSize, shuffle: options.shuffle, seed: options.seed,
            optimizer: options.optimizer, loss: options.loss, validationFraction: fraction, validationSet: validationSet,
            patience: options.patience, schedule: options.schedule, clipNorm: options.clipNorm, shards: options.shards,
            checkpoint: checkpoint)
        try FileSystem.writeAtomically(try JSONEncoder().encode(settings), to: folder + "/options.json")
    }

    /// Reads a job that `write` wrote into `folder`.
    public static func read(from folder: String) throws -> TrainingJob {
        let saved = try readModel(folder + "/model.safetensors")
        let settingsData = try FileSystem.read(folder + "/options.json", limit: 1 << 20, what: "a job's options")
        let settings = try JSONDecoder().decode(Settings.self, from: settingsData)
        var options = TrainingOptions(
            epochs: settings.epochs, batchSize: settings.batchSize, optimizer: settings.optimizer, loss: settings.loss,
            patience: settings.patience, schedule: settings.schedule, clipNorm: settings.clipNorm,
            shuffle: settings.shuffle, seed: settings.seed)
        options.shards = settings.shards
        if let fraction = settings.validationFraction { options.validation = .fraction(fraction) }
        if settings.validationSet { options.validation = .dataset(try DatasetFile.read(folder + "/validation.bin")) }
        return TrainingJob(
            model: saved.network, training: saved.training, data: try DatasetFile.read(folder + "/data.bin"),
            options: options, checkpoint: settings.checkpoint)
    }
}

/// A data set in a file of its own, for processes of one job: a JSON description, then the
/// samples' values and the labels as little-endian floats. Samples read by offset from a file
/// (`SampleFile`) stay there: the description names the file and the rows, and each process reads
/// its shards' samples from it at the same path.
enum DatasetFile {
    #if !_endian(little)
        #error("job files hold little-endian floats, copied as they are in memory")
    #endif

    private struct Description: Codable {
        var name: String
        var shape: [Int]
        var count: Int
        /// `classes`, `steps`, `values` or `none`.
        var labels: String
        var names: [String]?
        var steps: Int?
        var valueShape: [Int]?
        /// Where the samples are when they are read by offset, instead of after the header.
        var source: Source?
    }

    /// Samples in a file of their own: its path, where the values start, what each byte is
    /// divided by, the rows taken (nil: all) and the standardization applied as they are read.
    private struct Source: Codable {
        var path: String
        var offset: Int
        var divisor: Float
        var rows: [Int]?
        var mean: Float?
        var deviation: Float?
    }

    static func write(_ set: Dataset, to path: String) throws {
        var description = Description(name: set.name, shape: set.samples.shape, count: set.count, labels: "none")
        var labels: [Float] = []
        switch set.labels {
        case let .classes(classes, names):
            (description.labels, description.names, labels) = ("classes", names, classes.map(Float.init))
        case let .stepClasses(classes, steps, names):
            (description.labels, description.names, description.steps) = ("steps", names, steps)
            labels = classes.map(Float.init)
        case let .values(values):
            (description.labels, description.valueShape, labels) = ("values", values.shape, values.scalars)
        case .none: break
        }
        var sampleValues: [Float] = []
        if let layout = set.samples.fileLayout {
            let standardization = set.samples.standardization
            description.source = Source(
                path: layout.file.absolutePath, offset: layout.offset, divisor: layout.divisor, rows: layout.rows,
                mean: standardization?.mean, deviation: standardization?.deviation)
        } else {
            sampleValues = set.samples.tensor.scalars
        }
        let header = try JSONEncoder().encode(description)
        var data = Data()
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(header)
        // Little-endian floats: this machine's own order on every platform DL builds for.
        for values in [sampleValues, labels] {
            values.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        try FileSystem.writeAtomically(data, to: path)
    }

    static func read(_ path: String) throws -> Dataset {
        let data = try FileSystem.read(path, limit: Int.max, what: "a job's data")
        func fail(_ message: String) -> DataError { DataError(file: path, "not a job's data file: \(message)") }
        guard data.count >= 8 else { throw fail("too short") }
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard headerLength >= 0, headerLength <= data.count - 8 else { throw fail("its header runs past its end") }
        let description = try JSONDecoder().decode(Description.self, from: data.subdata(in: 8..<(8 + headerLength)))
        let floats = (data.count - 8 - headerLength) / 4
        var values = [Float](repeating: 0, count: floats)
        let start = 8 + headerLength
        values.withUnsafeMutableBytes { destination in
            data.withUnsafeBytes { raw in
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + 4 * floats)]))
            }
        }
        var samples: Samples
        var sampleValues = description.count * description.shape.product
        if let source = description.source {
            let file = try SampleFile(source.path)
            let rows = source.rows ?? Array(0..<description.count)
            guard rows.count == description.count,
                rows.allSatisfy({ $0 >= 0 && source.offset + ($0 + 1) * description.shape.product <= file.size })
            else { throw fail("its rows are not all in \(source.path)") }
            samples = Samples(
                shape: description.shape, count: description.count, file: file, offset: source.offset,
                divisor: source.divisor, rows: source.rows)
            if let mean = source.mean, let deviation = source.deviation {
                samples = samples.standardized(Standardization(mean: mean, deviation: deviation))
            }
            sampleValues = 0
        } else {
            guard sampleValues <= floats else { throw fail("it holds fewer values than its samples need") }
            samples = Samples(shape: description.shape, floats: Array(values[..<sampleValues]))
        }
        let rest = Array(values[sampleValues...])
        let labels: Dataset.Labels
        switch description.labels {
        case "classes": labels = .classes(rest.map { Int($0) }, names: description.names ?? [])
        case "steps": labels = .stepClasses(rest.map { Int($0) }, steps: description.steps ?? 1, names: description.names ?? [])
        case "values": labels = .values(Tensor(shape: description.valueShape ?? [rest.count], scalars: rest))
        default: labels = .none
        }
        return Dataset(name: description.name, samples: samples, labels: labels)
    }
}
