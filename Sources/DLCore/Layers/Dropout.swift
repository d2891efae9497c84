/// Randomly zeroes a fraction of its inputs while training, to keep a network from leaning on
/// any one neuron.
///
/// Inverted dropout: in training each element is kept with probability `1 − rate` and scaled by
/// `1 / (1 − rate)`, so nothing changes at inference, where the layer is the identity.
/// Backward multiplies the gradient by the same mask.
///
/// Masks come from the layer's own random stream, row after row of a batch. When a batch is
/// split into shards (data-parallel training), `drawMasks(rows:)` draws the whole batch's masks
/// at once, in that same order, and each shard's forward pass takes its own rows: so a sample's
/// mask does not depend on how the batch was split, or over how many processes.
public final class Dropout: Layer {
    /// The fraction of inputs dropped, in `[0, 1)`.
    public let rate: Float
    /// The values of one sample.
    public let sampleWidth: Int
    private var generator: RandomGenerator
    private var mask: [Float] = []
    /// A whole batch's masks while shards of it run, and the first row of the next shard.
    private var batchMasks: [Float]?
    private var rowOffset = 0
    private var output = Tensor(shape: [0])
    private var inputGradient = Tensor(shape: [0])
    private var lastForwardTrained = false

    /// A dropout layer over samples of `sampleWidth` values, whose masks come from `generator`'s stream.
    public init(rate: Float, sampleWidth: Int, generator: inout RandomGenerator) {
        precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1), got \(rate)")
        self.rate = rate
        self.sampleWidth = sampleWidth
        self.generator = generator.split()
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] { inputShape }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        lastForwardTrained = training && rate > 0
        guard lastForwardTrained else { return input }
        let count = input.count
        if let batchMasks {
            let start = rowOffset * sampleWidth
            mask = Array(batchMasks[start..<(start + count)])
        } else {
            if mask.count != count { mask = [Float](repeating: 0, count: count) }
            draw(into: &mask)
        }
        Elementwise.multiply(input, mask, into: &output)
        return output
    }

    private func draw(into masks: inout [Float]) {
        let scale = 1 / (1 - rate)
        for i in masks.indices { masks[i] = generator.nextUniform() < rate ? 0 : scale }
    }

    /// Draws the masks of a whole batch of `rows` samples, as one forward pass over it would;
    /// forward passes in training then take their rows from them, starting at `offset`, until
    /// `releaseMasks`.
    func drawMasks(rows: Int) {
        guard rate > 0 else { return }
        var masks = [Float](repeating: 0, count: rows * sampleWidth)
        draw(into: &masks)
        batchMasks = masks
    }

    /// The row of the batch drawn by `drawMasks` that the next forward pass starts at.
    func useRows(from offset: Int) { rowOffset = offset }

    /// Where the layer's random stream stands, so another process can go on drawing it.
    var randomWords: [UInt64] {
        get { generator.words }
        set { generator.words = newValue }
    }

    /// Back to drawing a mask at each forward pass.
    func releaseMasks() { batchMasks = nil }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        guard lastForwardTrained else { return outputGradient }
        Elementwise.multiply(outputGradient, mask, into: &inputGradient)
        return inputGradient
    }

    public var description: String { "Dropout(\(rate))" }
}
