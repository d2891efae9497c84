import DLCore

/// A trace in characters: a line per input, parameter, pre-activation and output, then the
/// prediction, the loss and the gradients.
extension Trace {
    public var text: String {
        var lines = ["trace of \(model) on \(data)" + (label.map { "   label: \($0)" } ?? "")]
        lines.append("input x \(Shape.format(Array(input.shape.dropFirst()))): \(Self.text(input))")
        lines.append("forward pass")
        for (index, step) in steps.enumerated() {
            lines.append("  layer \(index + 1): \(step.layer)")
            for parameter in step.parameters {
                lines.append(
                    "    \(Self.role(parameter.name)) \(Shape.format(parameter.values.shape)): \(Self.text(parameter.values))")
            }
            lines += Self.recurrence(step.recurrence)
            if let activation = step.activation {
                lines.append("    pre-activation z: \(Self.text(activation.input))")
                lines.append("    \(activation.name)(z): \(Self.text(step.output))")
            } else {
                lines.append("    output: \(Self.text(step.output))")
            }
        }
        if let prediction {
            lines.append(
                "prediction: class \(prediction.index)"
                    + (prediction.name == String(prediction.index) ? "" : " (\(prediction.name))"))
        }
        if let target { lines.append("target y: \(Self.text(target))") }
        switch backward {
        case let .gradients(loss, layers):
            lines.append("loss: \(NumberText.significant(loss))")
            lines.append("backward pass: the gradient of the loss for each weight (what an optimizer step follows, downhill)")
            for layer in layers {
                lines.append("  layer \(layer.number): \(layer.layer)")
                for parameter in layer.parameters {
                    lines.append(
                        "    ∂loss/∂\(parameter.name) \(Shape.format(parameter.values.shape)): \(Self.text(parameter.values))")
                }
            }
        case let .unavailable(reason):
            lines.append("backward pass: not shown (\(reason))")
        }
        return lines.joined(separator: "\n")
    }

    /// A recurrent layer's first and last steps (every step when there are at most 3): each gate
    /// after its activation and what the step carries on.
    private static func recurrence(_ steps: [RecurrentStep]) -> [String] {
        guard !steps.isEmpty else { return [] }
        let shown = steps.count <= 3 ? Array(steps.indices) : [0, steps.count - 1]
        var lines: [String] = []
        for index in shown {
            if index == steps.count - 1, steps.count > 3 {
                lines.append("    … \(steps.count - 2) more steps …")
            }
            lines.append("    step \(index + 1) of \(steps.count)")
            for values in steps[index].gates + steps[index].carried {
                lines.append("      \(values.name): \(text(Values(shape: [values.values.count], scalars: values.values)))")
            }
        }
        return lines
    }

    /// A parameter's name as the course writes it.
    private static func role(_ name: String) -> String {
        switch name {
        case "weight", "weights", "kernel": "weights W"
        case "bias": "bias b"
        default: name
        }
    }

    /// Up to 8 values, then the count and the range of the rest; a matrix of up to 8 values row by
    /// row, rows separated by `;`.
    static func text(_ values: Values) -> String {
        let scalars = values.scalars
        if values.shape.count == 2, values.shape[0] > 1, scalars.count <= 8 {
            let columns = values.shape[1]
            let rows = (0..<values.shape[0]).map { row in
                scalars[(row * columns)..<((row + 1) * columns)].map { NumberText.significant($0, 3) }.joined(separator: ", ")
            }
            return "[\(rows.joined(separator: "; "))]"
        }
        let shown = scalars.prefix(8).map { NumberText.significant($0, 3) }.joined(separator: ", ")
        guard scalars.count > 8 else { return "[\(shown)]" }
        let low = scalars.min() ?? 0
        let high = scalars.max() ?? 0
        return
            "[\(shown), …] (\(NumberText.grouped(scalars.count)) values in [\(NumberText.significant(low, 3)), \(NumberText.significant(high, 3))])"
    }
}
