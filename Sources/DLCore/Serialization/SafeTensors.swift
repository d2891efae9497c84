import Foundation

/// Saving and loading models in the safetensors format, so a saved file also opens in numpy,
/// PyTorch or any other safetensors reader.
///
/// Layout: an 8-byte little-endian header length `N`, then `N` bytes of JSON mapping each tensor
/// name to `{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}` (offsets into the data
/// that follows) plus `"__metadata__"`, a map of strings; then the raw little-endian data.
/// Tensors are named `layers.<i>.<parameter>` (`layers.0.weight` is `[in, out]`); the metadata
/// key `dl.model` holds the `ModelSpec` as JSON and `format` is `dl`. A model saved after
/// training also has `dl.training` (its history and optimizer, as JSON) and the optimizer's
/// buffers as tensors `optimizer.<i>`, one dimension each.
public enum SafeTensors {
    /// The metadata key under which the architecture is stored.
    public static let modelKey = "dl.model"
    /// The metadata key under which the training so far is stored.
    public static let trainingKey = "dl.training"

    /// How `TrainingState` is written in the metadata (the buffers go in tensors).
    private struct TrainingRecord: Codable {
        var history: [EpochRecord]
        var batchLosses: [Float]
        var optimizer: OptimizerSpec?
        var optimizerSteps: Int
        var optimizerBuffers: Int
    }

    /// The file's bytes for `model`, with its training so far and the saver's `notes` (metadata
    /// under keys of the saver's own, which must not start with `dl.model` or `dl.training`).
    public static func encode(_ model: Sequential, training: TrainingState? = nil, notes: [String: String] = [:]) throws -> Data {
        var metadata = notes.merging(["format": "dl"]) { _, dl in dl }
        metadata[modelKey] = String(decoding: try JSONEncoder().encode(model.spec), as: UTF8.self)
        if let training {
            let record = TrainingRecord(
                history: training.history, batchLosses: training.batchLosses, optimizer: training.optimizer,
                optimizerSteps: training.optimizerSteps, optimizerBuffers: training.optimizerValues.count)
            metadata[trainingKey] = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        }
        var header: [String: Any] = ["__metadata__": metadata]
        var tensors: [Tensor] = []
        var offset = 0
        func add(_ name: String, _ tensor: Tensor) {
            let size = tensor.count * 4
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + size]]
            tensors.append(tensor)
            offset += size
        }
        for (index, layer) in model.layers.enumerated() {
            for parameter in layer.parameters { add("layers.\(index).\(parameter.name)", parameter.value) }
        }
        for (index, values) in (training?.optimizerValues ?? []).enumerated() {
            add("optimizer.\(index)", Tensor(shape: [values.count], scalars: values))
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }  // pad so the data is 8-byte aligned
        var data = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for tensor in tensors {
            tensor.scalars.withUnsafeBufferPointer { buffer in
                for value in buffer { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            }
        }
        return data
    }

    /// Saves `model` to `path` atomically (a temporary file renamed over the target), with its
    /// training so far and the saver's notes (see `encode`).
    public static func save(
        _ model: Sequential, to path: String, training: TrainingState? = nil, notes: [String: String] = [:]
    ) throws {
        try FileSystem.writeAtomically(try encode(model, training: training, notes: notes), to: path)
    }

    /// Loads a model saved by `save` from `path`.
    public static func load(from path: String) throws(DataError) -> Sequential { try loadSaved(from: path).network }

    /// Loads a model saved by `save` from `path`, with its training so far and notes.
    public static func loadSaved(from path: String) throws(DataError) -> SavedModel {
        // The largest model's weights and an optimizer's three buffers for each, and room for a
        // header.
        let limit = 3 * LayerSpec.maxWeights * MemoryLayout<Float>.size + (16 << 20)
        return try decodeSaved(try FileSystem.read(path, limit: limit, what: "a model"), file: path)
    }

    /// A model from a file's bytes; `file` names it in errors.
    public static func decode(_ data: Data, file: String) throws(DataError) -> Sequential {
        try decodeSaved(data, file: file).network
    }

    /// A model with its training so far and notes from a file's bytes; `file` names it in errors.
    public static func decodeSaved(_ data: Data, file: String) throws(DataError) -> SavedModel {
        func fail(_ message: String) -> DataError { DataError(file: file, "not a valid DL safetensors file: \(message)") }
        guard data.count >= 8 else { throw fail("it has \(data.count) bytes, fewer than the 8-byte header length") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw fail(
                "the header claims \(headerLength) bytes but only \(data.count - 8) follow (the file is truncated or not safetensors)"
            )
        }
        let headerEnd = 8 + Int(headerLength)
        let parsed = try? JSONSerialization.jsonObject(with: data.subdata(in: 8..<headerEnd))
        guard let header = parsed as? [String: Any] else { throw fail("the header is not a JSON object") }
        guard let metadata = header["__metadata__"] as? [String: String], let specText = metadata[modelKey] else {
            throw fail("no '\(modelKey)' entry in __metadata__, so the architecture is unknown (was it saved by DL?)")
        }
        let spec: ModelSpec
        do { spec = try JSONDecoder().decode(ModelSpec.self, from: Data(specText.utf8)) } catch {
            throw fail("the '\(modelKey)' metadata does not describe a model (\(error))")
        }
        guard !spec.layers.isEmpty else { throw fail("the stored architecture has no layers") }
        let model: Sequential
        do { model = try Sequential(spec, seed: 0) } catch { throw fail("the stored architecture cannot be built: \(error)") }
        let dataLength = data.count - headerEnd
        var taken: [Range<Int>] = []
        /// The values of tensor `name`, which must have `expected` as its shape.
        func read(_ name: String, _ expected: [Int]) throws(DataError) -> [Float] {
            guard let entry = header[name] as? [String: Any] else { throw fail("tensor '\(name)' is missing") }
            guard entry["dtype"] as? String == "F32" else { throw fail("tensor '\(name)' is not F32") }
            guard let shape = entry["shape"] as? [Int], shape == expected else {
                throw fail("tensor '\(name)' has shape \(entry["shape"] ?? "none"), the architecture needs \(expected)")
            }
            guard let offsets = entry["data_offsets"] as? [Int], offsets.count == 2, offsets[0] >= 0, offsets[1] >= offsets[0]
            else {
                throw fail(
                    "tensor '\(name)' has bad data_offsets \(entry["data_offsets"] ?? "none"): two byte offsets, begin <= end")
            }
            guard offsets[1] - offsets[0] == shape.product * 4 else {
                throw fail("tensor '\(name)' has \(offsets[1] - offsets[0]) bytes of data, its shape needs \(shape.product * 4)")
            }
            guard offsets[1] <= dataLength else {
                throw fail(
                    "tensor '\(name)' ends at byte \(offsets[1]) but the data has \(dataLength) bytes (the file is truncated)")
            }
            let range = offsets[0]..<offsets[1]
            if let other = taken.first(where: { $0.overlaps(range) }) {
                throw fail(
                    "tensor '\(name)' (bytes \(range.lowerBound)..<\(range.upperBound)) overlaps another tensor's bytes "
                        + "\(other.lowerBound)..<\(other.upperBound): the file is corrupt")
            }
            taken.append(range)
            var values = [Float](repeating: 0, count: shape.product)
            data.withUnsafeBytes { raw in
                let base = raw.baseAddress! + headerEnd + offsets[0]
                for i in values.indices {
                    values[i] = Float(
                        bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                }
            }
            guard values.allSatisfy(\.isFinite) else { throw fail("tensor '\(name)' holds NaN or infinite values") }
            return values
        }
        for (index, layer) in model.layers.enumerated() {
            for parameter in layer.parameters {
                let shape = parameter.value.shape
                parameter.value = Tensor(shape: shape, scalars: try read("layers.\(index).\(parameter.name)", shape))
            }
        }
        var training: TrainingState?
        if let text = metadata[trainingKey] {
            guard let record = try? JSONDecoder().decode(TrainingRecord.self, from: Data(text.utf8)) else {
                throw fail("the '\(trainingKey)' metadata does not describe a training")
            }
            // The optimizer's buffers follow the trainable parameters, as many for each as its kind keeps.
            let trainable = model.parameters.filter(\.trainable)
            let perParameter = record.optimizer?.buffersPerParameter ?? 0
            guard record.optimizerSteps >= 0,
                record.optimizerBuffers == 0 || record.optimizerBuffers == trainable.count * perParameter
            else {
                throw fail(
                    "the optimizer has \(record.optimizerBuffers) buffers and \(record.optimizerSteps) steps; "
                        + "\(record.optimizer?.name ?? "none") keeps \(trainable.count * perParameter) for this model")
            }
            var values: [[Float]] = []
            for index in 0..<record.optimizerBuffers {
                values.append(try read("optimizer.\(index)", [trainable[index / perParameter].value.count]))
            }
            training = TrainingState(
                history: record.history, batchLosses: record.batchLosses, optimizer: record.optimizer,
                optimizerSteps: record.optimizerSteps, optimizerValues: values)
        }
        let notes = metadata.filter { $0.key != modelKey && $0.key != trainingKey && $0.key != "format" }
        return SavedModel(network: model, training: training, notes: notes)
    }
}
