/// A network that runs its layers one after another.
///
/// Built from a `ModelSpec`, checking at build time that each layer can take the previous
/// layer's output. Prints like
/// ```
/// Sequential(input 784)
///   Dense(784 => 256, relu)       # 200,960 parameters
///   Dense(256 => 10, softmax)     # 2,570 parameters
///                                 # 203,530 parameters in all
/// ```
///
/// Not thread-safe: one thread uses a model at a time (a `TrainingRun` takes it for its duration).
public final class Sequential: @unchecked Sendable, CustomStringConvertible {
    /// The architecture this model was built from.
    public let spec: ModelSpec
    /// The layers, first to last.
    public let layers: [any Layer]
    /// The per-sample output shape of each layer, in order.
    public let layerOutputShapes: [[Int]]

    /// Builds the layers of `spec`, drawing initial weights from `seed`.
    public init(_ spec: ModelSpec, seed: UInt64) throws(ModelError) {
        var generator = RandomGenerator(seed: seed)
        var shape = spec.inputShape
        var layers: [any Layer] = []
        var shapes: [[Int]] = []
        var weights = 0
        guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else {
            throw ModelError("the input shape \(Shape.format(shape)) needs positive sizes")
        }
        guard Self.fitsInMemory(shape) else {
            throw ModelError("the input shape \(Shape.format(shape)) has over 2^26 values per sample; make it smaller")
        }
        for (index, layerSpec) in spec.layers.enumerated() {
            do {
                let layer = try layerSpec.makeLayer(
                    inputShape: shape, earlierWeights: weights, generator: &generator)
                if layer is any TeacherForcedLayer, index < spec.layers.count - 1 {
                    throw ModelError(
                        "a decoder must be the model's last layer: it feeds its outputs back, so they must be the model's; "
                            + "give the decoder the outputs and activation of the layers after it instead")
                }
                shape = try layer.outputShape(for: shape)
                guard Self.fitsInMemory(shape) else {
                    throw ModelError("it gives \(Shape.format(shape)) values per sample, over 2^26; make it smaller")
                }
                layers.append(layer)
                shapes.append(shape)
                weights += layer.parameterCount
            } catch let error as ModelError {
                throw ModelError("layer \(index + 1): \(error.message)", layer: index)
            } catch {
                throw ModelError("layer \(index + 1): \(error)", layer: index)
            }
        }
        self.spec = spec
        self.layers = layers
        self.layerOutputShapes = shapes
    }

    /// Whether a sample of `shape` has at most 2^26 values, so a batch of them fits in memory.
    static func fitsInMemory(_ shape: [Int]) -> Bool {
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            if overflow || product > 1 << 26 { return false }
            count = product
        }
        return true
    }

    /// The per-sample input shape.
    public var inputShape: [Int] { spec.inputShape }
    /// The per-sample output shape.
    public var outputShape: [Int] { layerOutputShapes.last ?? spec.inputShape }
    /// Every trainable tensor, layer by layer.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }
    /// The number of trainable scalars.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }
    /// The activation of the last layer, if it has one.
    public var outputActivation: Activation? { (layers.last as? any ActivatedLayer)?.activation }

    /// Runs a batch through every layer. With `logits`, the last layer's activation is left out
    /// (for a loss that fuses it), and the next `backward` expects the gradient before it. A last
    /// layer that learns from targets (a `Decoder`) is given `teacher`, the batch's targets.
    public func forward(_ input: Tensor, training: Bool, logits: Bool = false, teacher: Tensor? = nil) -> Tensor {
        var x = input
        for layer in layers.dropLast() { x = layer.forward(x, training: training) }
        guard let last = layers.last else { return x }
        if let forced = last as? any TeacherForcedLayer {
            return forced.forward(x, training: training, activated: !logits, teacher: teacher)
        }
        if let activated = last as? any ActivatedLayer { return activated.forward(x, training: training, activated: !logits) }
        return last.forward(x, training: training)
    }

    /// Starts a batch of `rows` samples that runs in shards: its dropout masks are drawn whole,
    /// so each sample's mask is the one a single pass over the batch would give it.
    func beginShardedBatch(rows: Int) {
        for case let dropout as Dropout in layers { dropout.drawMasks(rows: rows) }
    }

    /// The next forward pass runs the batch's rows from `offset` on.
    func shard(at offset: Int) {
        for case let dropout as Dropout in layers { dropout.useRows(from: offset) }
    }

    /// Back to batches that run whole.
    func endShardedBatches() {
        for case let dropout as Dropout in layers { dropout.releaseMasks() }
    }

    /// Backpropagates the gradient of the loss with respect to the latest forward output, setting
    /// every parameter's gradient.
    public func backward(_ outputGradient: Tensor) {
        var g = outputGradient
        for (index, layer) in layers.enumerated().reversed() {
            guard let next = layer.backward(g, needsInputGradient: index > 0) else { break }
            g = next
        }
    }

    /// About how many bytes one sample takes in a training pass: the input and each layer's output,
    /// each kept for backward, with its gradient and a layer's own cache of the same size.
    public var bytesPerSample: Int {
        let values = layerOutputShapes.reduce(inputShape.product) { $0 + $1.product }
        let (bytes, overflow) = values.multipliedReportingOverflow(by: 3 * MemoryLayout<Float>.size)
        return overflow ? Int.max : bytes
    }

    /// The largest batch whose activations fit in half this machine's memory (at least 1).
    public var largestBatch: Int { Swift.max(1, MemoryBudget.activations / Swift.max(1, bytesPerSample)) }

    /// Refuses a training batch of `size` samples whose activations would not fit in `MemoryBudget.activations`.
    public func checkBatchFits(_ size: Int) throws(ModelError) {
        guard size > largestBatch else { return }
        let needed = size.multipliedReportingOverflow(by: bytesPerSample)
        let amount = needed.overflow ? "more memory than any machine has" : "about \(NumberFormat.bytes(needed.partialValue))"
        throw ModelError(
            "a batch of \(NumberFormat.grouped(size)) samples would need \(amount) for its activations, over half this "
                + "machine's memory (\(NumberFormat.bytes(MemoryBudget.activations))): use batch \(NumberFormat.grouped(largestBatch)) "
                + "or less, or smaller layers")
    }

    /// The outputs for `inputs` (`[n] + inputShape`, or any shape with that many values per
    /// sample), computed in batches of `batchSize` (fewer when the layers are large), in inference mode.
    public func predict(_ inputs: Tensor, batchSize: Int = 256) -> Tensor {
        let batchSize = Swift.min(batchSize, largestBatch)
        let n = inputs.shape.first ?? 0
        let width = inputShape.product
        precondition(inputs.count == n * width, "predict needs \(width) values per sample, got shape \(inputs.shape)")
        var result = [Float]()
        result.reserveCapacity(n * outputShape.product)
        var start = 0
        while start < n {
            let end = Swift.min(n, start + batchSize)
            let batch = Tensor(shape: [end - start, width], scalars: Array(inputs.scalars[(start * width)..<(end * width)]))
            result += forward(batch, training: false).scalars
            start = end
        }
        return Tensor(shape: [n] + outputShape, scalars: result)
    }

    /// The outputs of layer `index` (counted from 0) for `inputs`, in batches, in inference mode:
    /// what that layer has made of each sample (an autoencoder's code, a hidden layer's features).
    public func outputs(ofLayer index: Int, for inputs: Tensor, batchSize: Int = 256) -> Tensor {
        precondition(layers.indices.contains(index), "no layer \(index)")
        let batchSize = Swift.min(batchSize, largestBatch)
        let n = inputs.shape.first ?? 0
        let width = inputShape.product
        var result = [Float]()
        var start = 0
        while start < n {
            let end = Swift.min(n, start + batchSize)
            var x = Tensor(shape: [end - start, width], scalars: Array(inputs.scalars[(start * width)..<(end * width)]))
            for layer in layers[...index] { x = layer.forward(x, training: false) }
            result += x.scalars
            start = end
        }
        return Tensor(shape: [n] + layerOutputShapes[index], scalars: result)
    }

    /// A copy of every parameter's value, for `restore`.
    public func snapshot() -> [Tensor] { parameters.map(\.value) }

    /// Puts back values taken by `snapshot` of this model.
    public func restore(_ values: [Tensor]) {
        let parameters = self.parameters
        precondition(values.count == parameters.count, "snapshot does not match this model")
        for (parameter, value) in zip(parameters, values) { parameter.value = value }
    }

    public var description: String {
        let rows = layers.map { layer -> (String, String) in
            let count = layer.parameterCount
            return ("  \(layer)", count > 0 ? "# \(NumberFormat.grouped(count)) parameters" : "")
        }
        let width = (rows.map(\.0.count).max() ?? 0) + 4
        var lines = ["Sequential(input \(Shape.format(inputShape)))"]
        for (name, comment) in rows {
            lines.append(comment.isEmpty ? name : name.padding(toLength: width, withPad: " ", startingAt: 0) + comment)
        }
        lines.append(String(repeating: " ", count: width) + "# \(NumberFormat.grouped(parameterCount)) parameters in all")
        return lines.joined(separator: "\n")
    }
}
