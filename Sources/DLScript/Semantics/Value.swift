import DLCore

/// What a name in a session holds, or what an expression computes.
enum Value {
    case number(Double)
    case string(String)
    /// What a comparison computes.
    case boolean(Bool)
    case list([Value])
    case data(DataValue)
    case model(ModelEntry)
    /// One layer of a model: `m[0]`.
    case layer(LayerValue)
    /// A layer's weights or biases, copied when read: `m[0].weight`.
    case parameter(ParameterValue)

    /// What the value is: "number", "data set".
    var kind: String {
        switch self {
        case .number: "number"
        case .string: "string"
        case .boolean: "boolean (true or false)"
        case .list: "list"
        case .data: "data set"
        case .model: "model"
        case .layer: "layer"
        case .parameter: "parameter"
        }
    }

    /// What the value is, for error messages: "a number", "a data set".
    var kindName: String { "a \(kind)" }

    /// How a result shows the value: whole numbers without a decimal point, strings quoted.
    var display: String {
        switch self {
        case let .number(value): NumberText.format(value)
        case let .string(text): "\"\(text)\""
        case let .boolean(holds): holds ? "true" : "false"
        case let .list(items): "[" + items.map(\.display).joined(separator: ", ") + "]"
        case let .data(data): data.description
        case let .model(model): model.description
        case let .layer(layer): layer.display
        case let .parameter(parameter): parameter.display
        }
    }

    /// How `print` shows the value: strings as they are.
    var printed: String {
        if case let .string(text) = self { return text }
        return display
    }
}
