import DLCore
import Foundation
import Testing

@Suite("Finite-difference gradients of image and sequence layers")
struct LayerGradientTests {
    struct ConvCase: CustomTestStringConvertible, Sendable {
        let height: Int, width: Int, channels: Int, filters: Int, kernel: (Int, Int), stride: Int, padding: Padding
        var testDescription: String {
            "\(height)x\(width)x\(channels), \(filters) filters \(kernel.0)x\(kernel.1), stride \(stride), \(padding)"
        }
    }

    @Test(
        "Conv2D",
        arguments: [
            ConvCase(height: 5, width: 5, channels: 2, filters: 3, kernel: (3, 3), stride: 1, padding: .same),
            ConvCase(height: 5, width: 6, channels: 2, filters: 2, kernel: (3, 3), stride: 1, padding: .valid),
            ConvCase(height: 6, width: 5, channels: 1, filters: 2, kernel: (3, 2), stride: 2, padding: .same),
            ConvCase(height: 7, width: 7, channels: 3, filters: 2, kernel: (2, 2), stride: 2, padding: .valid),
            // More filters than patch values: the kernel gradient in its other orientation.
            ConvCase(height: 5, width: 5, channels: 1, filters: 6, kernel: (2, 2), stride: 1, padding: .same),
            // Whole groups of eight filters over few channels: DirectConvolution, with 32 + 8
            // filters, an odd number of columns and of taps, stride 2, and valid windows that
            // leave the last column out.
            ConvCase(height: 5, width: 5, channels: 1, filters: 40, kernel: (3, 3), stride: 1, padding: .same),
            ConvCase(height: 6, width: 7, channels: 2, filters: 8, kernel: (3, 2), stride: 2, padding: .same),
            ConvCase(height: 6, width: 6, channels: 3, filters: 16, kernel: (2, 3), stride: 2, padding: .valid),
        ])
    func conv2d(_ c: ConvCase) throws {
        var generator = RandomGenerator(seed: 4)
        let layer = try Conv2D(
            inputShape: [c.height, c.width, c.channels], filters: c.filters, kernelSize: c.kernel, stride: c.stride,
            padding: c.padding, activation: .tanh, generator: &generator)
        layer.bias.value = GradientCheck.random([c.filters], seed: 2)
        let input = GradientCheck.random([2, c.height, c.width, c.channels], seed: 5)
        #expect(GradientCheck.layerError(layer, input: input) < 5e-3)
    }

    @Test(
        "Conv2D's output is the windowed sum of products, by patches or directly, with each activation",
        arguments: [
            ConvCase(height: 7, width: 6, channels: 2, filters: 3, kernel: (3, 3), stride: 1, padding: .same),
            ConvCase(height: 7, width: 7, channels: 1, filters: 32, kernel: (5, 5), stride: 1, padding: .same),
            ConvCase(height: 7, width: 6, channels: 3, filters: 40, kernel: (3, 2), stride: 2, padding: .valid),
            ConvCase(height: 6, width: 7, channels: 1, filters: 8, kernel: (2, 2), stride: 2, padding: .same),
        ], [Activation.relu, .tanh, .linear])
    func conv2dOutput(_ c: ConvCase, activation: Activation) throws {
        var generator = RandomGenerator(seed: 8)
        let layer = try Conv2D(
            inputShape: [c.height, c.width, c.channels], filters: c.filters, kernelSize: c.kernel, stride: c.stride,
            padding: c.padding, activation: activation, generator: &generator)
        layer.bias.value = GradientCheck.random([c.filters], seed: 3)
        let input = GradientCheck.random([3, c.height, c.width, c.channels], seed: 6)
        let output = layer.forward(input, training: false)
        let g = WindowGeometry(
            height: c.height, width: c.width, channels: c.channels, kernel: c.kernel, stride: c.stride, padding: c.padding)!
        #expect(output.shape == [3, g.outputHeight, g.outputWidth, c.filters])
        var worst: Float = 0
        for n in 0..<3 {
            for oh in 0..<g.outputHeight {
                for ow in 0..<g.outputWidth {
                    for f in 0..<c.filters {
                        var sum = layer.bias.value[f]
                        for kh in 0..<c.kernel.0 {
                            for kw in 0..<c.kernel.1 {
                                let (ih, iw) = (oh * c.stride - g.padTop + kh, ow * c.stride - g.padLeft + kw)
                                guard ih >= 0 && ih < c.height && iw >= 0 && iw < c.width else { continue }
                                for ch in 0..<c.channels { sum += input[n, ih, iw, ch] * layer.weight.value[kh, kw, ch, f] }
                            }
                        }
                        let expected: Float =
                            switch activation {
                            case .relu: max(sum, 0)
                            case .tanh: Foundation.tanh(sum)
                            default: sum
                            }
                        worst = max(worst, abs(output[n, oh, ow, f] - expected))
                    }
                }
            }
        }
        #expect(worst < 1e-5)
    }

    /// Inputs whose values are all at least 0.05 apart, so a finite-difference step never changes
    /// which value of a window is the largest.
    static func distinct(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        var values = (0..<shape.reduce(1, *)).map { Float($0) * 0.05 }
        values.shuffle(using: &generator)
        return Tensor(shape: shape, scalars: values)
    }

    /// (size, stride, channels): 2 channels take the one-by-one path, 16 the eight-lane path, and
    /// 9 both.
    @Test("MaxPool2D, with and without overlapping windows", arguments: [(2, 2, 2), (3, 2, 2), (2, 1, 2), (2, 2, 16), (3, 1, 9)])
    func maxPool(size: Int, stride: Int, channels: Int) throws {
        let layer = try MaxPool2D(inputShape: [6, 5, channels], size: size, stride: stride)
        let input = Self.distinct([2, 6, 5, channels], seed: 1)
        #expect(GradientCheck.layerError(layer, input: input, step: 1e-2) < 5e-3)
        // Each output is the largest value of its window.
        let output = layer.forward(input, training: false)
        let (outHeight, outWidth) = (output.shape[1], output.shape[2])
        for n in 0..<2 {
            for oh in 0..<outHeight {
                for ow in 0..<outWidth {
                    for c in 0..<channels {
                        var largest = -Float.infinity
                        for kh in 0..<size {
                            for kw in 0..<size { largest = max(largest, input[n, oh * stride + kh, ow * stride + kw, c]) }
                        }
                        #expect(output[n, oh, ow, c] == largest)
                    }
                }
            }
        }
    }

    @Test("AvgPool2D", arguments: [(2, 2), (3, 1)])
    func avgPool(size: Int, stride: Int) throws {
        let layer = try AvgPool2D(inputShape: [6, 5, 2], size: size, stride: stride)
        #expect(GradientCheck.layerError(layer, input: GradientCheck.random([2, 6, 5, 2], seed: 3)) < 5e-3)
    }

    @Test("GlobalAvgPool, Flatten, Reshape and RepeatVector")
    func shapeLayers() {
        #expect(GradientCheck.layerError(GlobalAvgPool(), input: GradientCheck.random([2, 3, 4, 2], seed: 1)) < 5e-3)
        #expect(
            GradientCheck.layerError(Reshape(flattening: [3, 4, 2]), input: GradientCheck.random([2, 3, 4, 2], seed: 2)) < 5e-3)
        #expect(GradientCheck.layerError(Reshape([4, 6]), input: GradientCheck.random([2, 3, 4, 2], seed: 3)) < 5e-3)
        #expect(GradientCheck.layerError(RepeatVector(times: 3), input: GradientCheck.random([2, 5], seed: 4)) < 5e-3)
    }

    @Test("BatchNorm in training mode, over features and over image channels", arguments: [[5, 4], [4, 3, 3, 2]])
    func batchNorm(shape: [Int]) {
        let layer = BatchNorm(inputShape: Array(shape.dropFirst()))
        layer.scale.value = GradientCheck.random([shape.last!], seed: 6)
        layer.shift.value = GradientCheck.random([shape.last!], seed: 7)
        let input = GradientCheck.random(shape, seed: 8)
        #expect(GradientCheck.layerError(layer, input: input, step: 1e-2, training: true) < 5e-3)
    }

    @Test("BatchNorm normalizes in training and uses running statistics at inference")
    func batchNormModes() {
        let layer = BatchNorm(inputShape: [2])
        let input = Tensor(shape: [4, 2], scalars: [1, 10, 2, 20, 3, 30, 4, 40])
        let normalized = layer.forward(input, training: true)
        let column0 = [0, 2, 4, 6].map { normalized.scalars[$0] }
        #expect(abs(column0.reduce(0, +)) < 1e-5)
        #expect(abs(column0.map { $0 * $0 }.reduce(0, +) / 4 - 1) < 1e-3)
        // After one batch the running mean moved 10% of the way from 0 to 2.5.
        #expect(abs(layer.runningMean.value.scalars[0] - 0.25) < 1e-6)
        #expect(layer.forward(input, training: false) != normalized)
        #expect(layer.parameterCount == 4)  // scale and shift; the running statistics are not trained
    }

    @Test("SimpleRNN, LSTM and GRU over several steps", arguments: ["simple", "lstm", "gru"], [false, true])
    func recurrent(kind: String, sequences: Bool) {
        var generator = RandomGenerator(seed: 11)
        let layer: any Layer =
            switch kind {
            case "simple": SimpleRNN(features: 3, hidden: 4, returnSequences: sequences, generator: &generator)
            case "lstm": LSTM(features: 3, hidden: 4, returnSequences: sequences, generator: &generator)
            default: GRU(features: 3, hidden: 4, returnSequences: sequences, generator: &generator)
            }
        for parameter in layer.parameters where parameter.name.contains("bias") {
            parameter.value = GradientCheck.random(parameter.value.shape, seed: 12)
        }
        let input = GradientCheck.random([2, 5, 3], seed: 13)
        #expect(GradientCheck.layerError(layer, input: input) < 5e-3, "\(kind)")
        #expect(layer.forward(input, training: false).shape == (sequences ? [2, 5, 4] : [2, 4]))
    }

    @Test("TimeDistributed dense")
    func timeDistributed() {
        var generator = RandomGenerator(seed: 3)
        let layer = TimeDistributed(Dense(inputSize: 3, outputSize: 2, activation: .sigmoid, generator: &generator))
        #expect(GradientCheck.layerError(layer, input: GradientCheck.random([2, 4, 3], seed: 9)) < 5e-3)
    }
}

@Suite("Activation graphs")
struct ActivationGraphTests {
    @Test("each activation's graph has the slopes of its values' finite differences; softmax has none")
    func slopesMatchDifferences() throws {
        let step: Float = 0.01
        // Points away from relu's kink at 0, where no finite difference is a derivative.
        let points: [Float] = [-3.3, -1.7, -0.45, 0.35, 1.2, 2.9]
        for activation in Activation.allCases where activation != .softmax {
            let graph = try #require(activation.graph(at: points))
            let above = try #require(activation.graph(at: points.map { $0 + step })).values
            let below = try #require(activation.graph(at: points.map { $0 - step })).values
            for i in points.indices {
                let difference = (above[i] - below[i]) / (2 * step)
                #expect(abs(graph.slopes[i] - difference) < 2e-3, "\(activation) at \(points[i])")
            }
        }
        #expect(Activation.softmax.graph(at: [0, 1]) == nil)
        #expect(Activation.sigmoid.graph(at: [0])!.values == [0.5] && Activation.sigmoid.graph(at: [0])!.slopes == [0.25])
    }
}
