/// What the recurrent layers (`SimpleRNN`, `LSTM`, `GRU`) share beside their products
/// (`SequenceProducts`): the input check, the description and the initial weights.
enum Recurrent {
    /// Checks that samples are sequences of `features` values per step.
    static func checkSequence(_ inputShape: [Int], features: Int, layer: String) throws(ShapeError) {
        guard inputShape.count == 2, inputShape[1] == features, inputShape[0] >= 1 else {
            throw ShapeError(layer: layer, inputShape: inputShape, expected: "a sequence steps x \(features)")
        }
    }

    /// The layer as DL writes it, e.g. `LSTM(28 => 64, sequences)`.
    static func description(_ name: String, features: Int, hidden: Int, returnSequences: Bool) -> String {
        "\(name)(\(features) => \(hidden)\(returnSequences ? ", sequences" : ""))"
    }

    /// Weights for `features` inputs, `hidden` units and `gates` blocks: input weights
    /// Xavier-uniform, recurrent weights with orthonormal rows (as Keras initialises them).
    static func weights(features: Int, hidden: Int, gates: Int, generator: inout RandomGenerator)
        -> (wx: Parameter, wh: Parameter)
    {
        let width = gates * hidden
        let wx = Initializer.xavier.weights(
            count: features * width, fanIn: features, fanOut: width, activation: .tanh, generator: &generator)
        let wh = Initializer.orthogonalRows(rows: hidden, columns: width, generator: &generator)
        return (
            Parameter(name: "input_weight", value: Tensor(shape: [features, width], scalars: wx)),
            Parameter(name: "recurrent_weight", value: Tensor(shape: [hidden, width], scalars: wh))
        )
    }
}
