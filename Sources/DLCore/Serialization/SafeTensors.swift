import Foundation

/// Saving and loading models in the safetensors format, so a saved file also opens in numpy,
/// PyTorch or any other safetensors reader.
///
/// Layout: an 8-byte little-endian header length `N`, then `N` bytes of JSON mapping each tensor
/// name to `{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}` (offsets into the data
/// that follows) plus `"__metadata__"`, a map of strings; then the raw little-endian data.
/// Tensors are named `layers.<i>.<parameter>` (`layers.0.weight` is `[in, out]`); the metadata
/// key `dl.model` holds the `ModelSpec` as JSON and `format` is `dl`.
public enum SafeTensors {
    /// The metadata key under which the architecture is stored.
    public static let modelKey = "dl.model"

    /// The file's bytes for `model`.
    public static func encode(_ model: Sequential) throws -> Data {
        let specJSON = String(decoding: try JSONEncoder().encode(model.spec), as: UTF8.self)
        var header: [String: Any] = ["__metadata__": ["format": "dl", modelKey: specJSON]]
        var tensors: [Tensor] = []
        var offset = 0
        for (index, layer) in model.layers.enumerated() {
            for parameter in layer.parameters {
                let size = parameter.value.count * 4
                header["layers.\(index).\(parameter.name)"] = [
                    "dtype": "F32", "shape": parameter.value.shape, "data_offsets": [offset, offset + size],
                ]
                tensors.append(parameter.value)
                offset += size
            }
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

    /// Saves `model` to `path` atomically (a temporary file renamed over the target).
    public static func save(_ model: Sequential, to path: String) throws {
        try FileSystem.writeAtomically(try encode(model), to: path)
    }

    /// Loads a model saved by `save` from `path`.
    public static func load(from path: String) throws(DataError) -> Sequential {
        // The largest model's weights, and room for a header.
        let limit = LayerSpec.maxWeights * MemoryLayout<Float>.size + (16 << 20)
        return try decode(try FileSystem.read(path, limit: limit, what: "a model"), file: path)
    }

    /// A model from a file's bytes; `file` names it in errors.
    public static func decode(_ data: Data, file: String) throws(DataError) -> Sequential {
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
        for (index, layer) in model.layers.enumerated() {
            for parameter in layer.parameters {
                let name = "layers.\(index).\(parameter.name)"
                guard let entry = header[name] as? [String: Any] else { throw fail("tensor '\(name)' is missing") }
                guard entry["dtype"] as? String == "F32" else { throw fail("tensor '\(name)' is not F32") }
                guard let shape = entry["shape"] as? [Int], shape == parameter.value.shape else {
                    throw fail(
                        "tensor '\(name)' has shape \(entry["shape"] ?? "none"), the architecture needs \(parameter.value.shape)")
                }
                guard let offsets = entry["data_offsets"] as? [Int], offsets.count == 2, offsets[0] >= 0,
                    offsets[1] >= offsets[0]
                else {
                    throw fail(
                        "tensor '\(name)' has bad data_offsets \(entry["data_offsets"] ?? "none"): two byte offsets, begin <= end"
                    )
                }
                guard offsets[1] - offsets[0] == shape.product * 4 else {
                    throw fail(
                        "tensor '\(name)' has \(offsets[1] - offsets[0]) bytes of data, its shape needs \(shape.product * 4)")
                }
                guard offsets[1] <= dataLength else {
                    throw fail(
                        "tensor '\(name)' ends at byte \(offsets[1]) but the data has \(dataLength) bytes (the file is truncated)"
                    )
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
                parameter.value = Tensor(shape: shape, scalars: values)
            }
        }
        return model
    }
}
