/// A 2-D convolution over channels-last images: each of `filters` kernels slides over the image
/// and gives one output channel.
///
/// Input `[batch, H, W, C]`, output `[batch, H', W', filters]`. With the image's windows laid out
/// as rows of a patch matrix `P` (`[batch·H'·W', kh·kw·C]`, "im2col"), the layer is one matrix
/// product `Y = σ(P · K + b)` with kernels `K` of shape `[kh·kw·C, filters]` (stored as
/// `[kh, kw, C, filters]`). Backward: `∂K = Pᵀ · g`, `∂b = Σ_rows g`, `∂P = g · Kᵀ`, and
/// `∂x` adds each patch gradient back where the patch came from ("col2im").
///
/// `Convolution` (Ops/) computes the products over the batch, split over DLCore's pool. Inputs
/// with few channels, whose patches are too short for `sgemm` (the first layer of a grey-image
/// CNN), skip the patches: `Y` and `∂K` come from `DirectConvolution`.
public final class Conv2D: ActivatedLayer {
    public let filters: Int
    public let kernelSize: (height: Int, width: Int)
    public let stride: Int
    public let padding: Padding
    public let activation: Activation
    /// `K`, `[kh, kw, C, filters]`.
    public let weight: Parameter
    /// `b`, `[filters]`.
    public let bias: Parameter
    /// Whether the latest forward pass left the activation out (see `ActivatedLayer`).
    private var activationSkipped = false
    private let geometry: WindowGeometry

    private let convolution: Convolution
    private var input = Tensor(shape: [0])
    private var output = Tensor(shape: [0])
    private var inputGradient = Tensor(shape: [0])
    private var activationGradient = Tensor(shape: [0])

    /// A convolution for inputs of `inputShape` (`[H, W, C]`); throws a `ShapeError` when no
    /// window fits.
    public init(
        inputShape: [Int], filters: Int, kernelSize: (Int, Int), stride: Int = 1, padding: Padding = .same,
        activation: Activation = .linear, initializer: Initializer = .automatic,
        generator: inout RandomGenerator
    ) throws(ShapeError) {
        let name =
            "Conv2D(\(filters), \(kernelSize.0)x\(kernelSize.1)\(stride == 1 ? "" : ", stride \(stride)"), \(padding.rawValue)\(activation == .linear ? "" : ", \(activation.rawValue)"))"
        guard inputShape.count == 3,
            let geometry = WindowGeometry(
                height: inputShape[0], width: inputShape[1], channels: inputShape[2],
                kernel: kernelSize, stride: stride, padding: padding)
        else {
            throw ShapeError.image(
                layer: name, inputShape: inputShape,
                expected: "an image height x width x channels at least as large as the \(kernelSize.0)x\(kernelSize.1) kernel")
        }
        self.geometry = geometry
        convolution = Convolution(geometry: geometry, filters: filters)
        self.filters = filters
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.activation = activation
        let fanIn = geometry.patchSize
        let fanOut = kernelSize.0 * kernelSize.1 * filters
        let values = initializer.weights(
            count: fanIn * filters, fanIn: fanIn, fanOut: fanOut, activation: activation,
            generator: &generator)
        weight = Parameter(
            name: "weight", value: Tensor(shape: [kernelSize.0, kernelSize.1, inputShape[2], filters], scalars: values))
        bias = Parameter(name: "bias", value: Tensor(shape: [filters]))
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        guard inputShape == [geometry.inputHeight, geometry.inputWidth, geometry.channels] else {
            throw ShapeError(
                layer: description, inputShape: inputShape,
                expected: "\(geometry.inputHeight)x\(geometry.inputWidth)x\(geometry.channels)")
        }
        return [geometry.outputHeight, geometry.outputWidth, filters]
    }

    public func forward(_ input: Tensor, training: Bool, activated: Bool) -> Tensor {
        activationSkipped = !activated
        precondition(input.count == input.shape[0] * geometry.inputSize, "\(description) got input \(input.shape)")
        self.input = input
        // Y = σ(P · K + b); relu is applied as Y is stored.
        let relu = activated && activation == .relu
        convolution.forward(input, kernel: weight.value, bias: bias.value, relu: relu, into: &output)
        if activated && !relu { activation.apply(to: &output, columns: filters) }
        return output
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        let g = activation.inputGradient(
            output: output, outputGradient: outputGradient, skipped: activationSkipped, buffer: &activationGradient)
        // ∂K = Pᵀ · g, ∂b = Σ_rows g, ∂x = col2im(g · Kᵀ)
        convolution.backward(
            g, input: input, kernel: weight.value, kernelGradient: &weight.gradient, inputGradient: &inputGradient,
            needsInputGradient: needsInputGradient)
        Elementwise.sumRows(g, into: &bias.gradient)
        return needsInputGradient ? inputGradient : nil
    }

    public var description: String {
        "Conv2D(\(geometry.channels) => \(filters), \(kernelSize.height)x\(kernelSize.width)\(stride == 1 ? "" : ", stride \(stride)"), \(padding.rawValue)\(activation == .linear ? "" : ", \(activation.rawValue)"))"
    }
}
