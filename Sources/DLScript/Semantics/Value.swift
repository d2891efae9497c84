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

    /// What the value is: "number", "data set".
    var kind: String {
        switch self {
        case .number: "number"
        case .string: "string"
        case .boolean: "boolean (true or false)"
        case .list: "list"
        case .data: "data set"
        case .model: "model"
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
        }
    }

    /// How `print` shows the value: strings as they are.
    var printed: String {
        if case let .string(text) = self { return text }
        return display
    }
}
