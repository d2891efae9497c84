/// An activation as a function of one variable, for drawing: its values and its slope.
extension Activation {
    /// The activation and its derivative at each of `inputs`, computed by the same code the layers
    /// run (forward, then backward with a gradient of 1); nil for softmax, which maps a whole row
    /// of values and has no graph of one variable.
    public func graph(at inputs: [Float]) -> (values: [Float], slopes: [Float])? {
        guard self != .softmax else { return nil }
        var outputs = Tensor(shape: [inputs.count], scalars: inputs)
        apply(to: &outputs, columns: 1)
        var slopes = [Float](repeating: 1, count: inputs.count)
        outputs.scalars.withUnsafeBufferPointer { y in
            slopes.withUnsafeMutableBufferPointer { d in
                backward(output: y.baseAddress!, gradient: d.baseAddress!, into: d.baseAddress!, rows: inputs.count, columns: 1)
            }
        }
        return (outputs.scalars, slopes)
    }
}
