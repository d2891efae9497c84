/// The architecture of a sequential model as plain data: what the language builds, what a
/// saved file records, and what `Sequential` is made from.
public struct ModelSpec: Codable, Equatable, Sendable {
    /// The shape of one input sample, e.g. `[784]` or `[28, 28, 1]`.
    public var inputShape: [Int]
    /// The layers, first to last.
    public var layers: [LayerSpec]

    public init(inputShape: [Int], layers: [LayerSpec]) {
        self.inputShape = inputShape
        self.layers = layers
    }
}

/// One layer of a `ModelSpec`. Images are channels-last (`H×W×C`), sequences `T×F`.
public enum LayerSpec: Codable, Equatable, Sendable {
    /// `Dense` with this many neurons (a multi-dimensional input is taken as flat).
    case dense(units: Int, activation: Activation, initializer: Initializer)
    /// `Dropout` at this rate.
    case dropout(rate: Float)
    /// An activation on its own.
    case activation(Activation)
    /// `Conv2D` with `filters` kernels of `kernel` (height, width).
    case conv2d(filters: Int, kernel: [Int], stride: Int, padding: Padding, activation: Activation, initializer: Initializer)
    /// `MaxPool2D`; the stride defaults to the size.
    case maxPool(size: Int, stride: Int?)
    /// `AvgPool2D`; the stride defaults to the size.
    case avgPool(size: Int, stride: Int?)
    case globalAvgPool
    case flatten
    case reshape([Int])
    case batchNorm
    case simpleRNN(units: Int, returnSequences: Bool)
    case lstm(units: Int, returnSequences: Bool)
    case gru(units: Int, returnSequences: Bool)
    case repeatVector(times: Int)
    /// A `Dense` layer applied to every step of a sequence.
    case timeDistributed(units: Int, activation: Activation)
    /// A `Decoder` of `units` LSTM units writing `steps` steps of `outputs` values, each fed the
    /// step before (the target while learning, its own output otherwise).
    case decoder(units: Int, steps: Int, outputs: Int, activation: Activation)

    /// A dense layer with the automatic initializer.
    public static func dense(_ units: Int, _ activation: Activation = .linear) -> LayerSpec {
        .dense(units: units, activation: activation, initializer: .automatic)
    }

    /// A stride-1 convolution with a square kernel and the automatic initializer.
    public static func conv2d(_ filters: Int, kernel: Int, padding: Padding = .same, _ activation: Activation = .linear)
        -> LayerSpec
    {
        .conv2d(
            filters: filters, kernel: [kernel, kernel], stride: 1, padding: padding, activation: activation,
            initializer: .automatic)
    }

    /// The most weights a model may have in all: 2^28 (1 GiB of weights, 4 GiB with their gradients
    /// and Adam's two moments), checked before each layer allocates, so a huge model is refused, not killed.
    public static let maxWeights = 1 << 28

    /// The layer for samples of `inputShape`, with weights drawn from `generator`; `earlierWeights`
    /// is how many weights the layers before it have.
    func makeLayer(inputShape: [Int], earlierWeights: Int, generator: inout RandomGenerator) throws(ModelError)
        -> any Layer
    {
        func positive(_ value: Int, _ what: String) throws(ModelError) {
            guard value > 0 else { throw ModelError("\(what) must be at least 1, got \(value)") }
        }
        func sequence(_ name: String) throws(ModelError) -> Int {
            guard inputShape.count == 2 else {
                throw ModelError(
                    "\(name) takes sequences steps x features, but its input is \(Shape.format(inputShape))"
                        + (inputShape.count == 3 ? " (view images as sequences of rows, or reshape to steps x features)" : ""))
            }
            return inputShape[1]
        }
        /// Refuses a layer whose weights, with the earlier layers', would pass `maxWeights`.
        func fits(_ factors: Int...) throws(ModelError) {
            var count = 1
            for factor in factors {
                let (product, overflow) = count.multipliedReportingOverflow(by: Swift.max(factor, 0))
                guard !overflow && product <= LayerSpec.maxWeights else {
                    throw ModelError("this layer would need over 268 million weights (1 GiB); make it smaller")
                }
                count = product
            }
            guard earlierWeights + count <= LayerSpec.maxWeights else {
                throw ModelError(
                    "this layer's \(NumberFormat.grouped(count)) weights would bring the model to \(NumberFormat.grouped(earlierWeights + count)), "
                        + "over the \(NumberFormat.grouped(LayerSpec.maxWeights)) a model may have (1 GiB, 4 GiB while training); make the layers smaller"
                )
            }
        }
        func shaped<L: Layer>(_ make: () throws(ShapeError) -> L) throws(ModelError) -> L {
            do { return try make() } catch { throw ModelError(error.description) }
        }
        switch self {
        case let .dense(units, activation, initializer):
            try positive(units, "a dense layer's units")
            try fits(inputShape.product, units)
            return Dense(
                inputSize: inputShape.product, outputSize: units, activation: activation,
                initializer: initializer, generator: &generator)
        case let .dropout(rate):
            guard rate >= 0 && rate < 1 else { throw ModelError("dropout rate must be in [0, 1), got \(rate)") }
            return Dropout(rate: rate, sampleWidth: inputShape.product, generator: &generator)
        case let .activation(activation):
            return ActivationLayer(activation)
        case let .conv2d(filters, kernel, stride, padding, activation, initializer):
            try positive(filters, "a convolution's filters")
            try positive(stride, "a convolution's stride")
            try fits(filters, kernel.first ?? 1, kernel.last ?? 1, inputShape.last ?? 1)
            guard kernel.count == 2, kernel.allSatisfy({ $0 > 0 }) else {
                throw ModelError("a convolution's kernel needs a height and a width of at least 1, got \(kernel)")
            }
            return try shaped { () throws(ShapeError) in
                try Conv2D(
                    inputShape: inputShape, filters: filters, kernelSize: (kernel[0], kernel[1]), stride: stride,
                    padding: padding, activation: activation, initializer: initializer, generator: &generator)
            }
        case let .maxPool(size, stride):
            try positive(size, "a pooling size")
            return try shaped { () throws(ShapeError) in try MaxPool2D(inputShape: inputShape, size: size, stride: stride) }
        case let .avgPool(size, stride):
            try positive(size, "a pooling size")
            return try shaped { () throws(ShapeError) in try AvgPool2D(inputShape: inputShape, size: size, stride: stride) }
        case .globalAvgPool:
            return GlobalAvgPool()
        case .flatten:
            return Reshape(flattening: inputShape)
        case let .reshape(shape):
            guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else {
                throw ModelError("reshape needs positive sizes, got \(shape)")
            }
            return Reshape(shape)
        case .batchNorm:
            return BatchNorm(inputShape: inputShape)
        case let .simpleRNN(units, sequences):
            try positive(units, "a recurrent layer's units")
            try fits(units, units + (inputShape.last ?? 1))
            return SimpleRNN(
                features: try sequence("SimpleRNN"), hidden: units, returnSequences: sequences, generator: &generator)
        case let .lstm(units, sequences):
            try positive(units, "a recurrent layer's units")
            try fits(4, units, units + (inputShape.last ?? 1))
            return LSTM(features: try sequence("LSTM"), hidden: units, returnSequences: sequences, generator: &generator)
        case let .gru(units, sequences):
            try positive(units, "a recurrent layer's units")
            try fits(3, units, units + (inputShape.last ?? 1))
            return GRU(features: try sequence("GRU"), hidden: units, returnSequences: sequences, generator: &generator)
        case let .repeatVector(times):
            try positive(times, "repeat's count")
            try fits(times, inputShape.product)
            return RepeatVector(times: times)
        case let .decoder(units, steps, outputs, activation):
            try positive(units, "a decoder's units")
            try positive(steps, "a decoder's steps")
            try positive(outputs, "a decoder's outputs")
            guard inputShape.count == 1 else {
                throw ModelError(
                    "a decoder starts from a vector (an encoder's summary, such as lstm 32 gives), but its input is \(Shape.format(inputShape))"
                        + (inputShape.count == 2
                            ? ": leave 'sequences' off the recurrent layer before it, so it gives its last state"
                            : ": flatten it first"))
            }
            try fits(4, units, units + inputShape[0] + outputs)
            return Decoder(
                context: inputShape[0], hidden: units, steps: steps, outputs: outputs, activation: activation,
                generator: &generator)
        case let .timeDistributed(units, activation):
            try positive(units, "a dense layer's units")
            try fits(units, inputShape.last ?? 1)
            return TimeDistributed(
                Dense(
                    inputSize: try sequence("a time-distributed dense layer"), outputSize: units,
                    activation: activation, generator: &generator))
        }
    }
}

/// A model spec cannot be built, or a model cannot take a data set.
public struct ModelError: Error, Equatable, CustomStringConvertible {
    /// What is wrong and what to do about it.
    public var message: String
    /// The 0-based index of the layer at fault, when one is.
    public var layer: Int?
    public init(_ message: String, layer: Int? = nil) {
        self.message = message
        self.layer = layer
    }
    public var description: String { message }
}
