import DLCore

/// What a name in a session holds, or what an expression computes.
enum Value {
    case number(Double)
    case string(String)
    case list([Value])
    case data(DataValue)
    case model(ModelEntry)

    /// What the value is, for error messages: "a number", "a data set".
    var kindName: String {
        switch self {
        case .number: "a number"
        case .string: "a string"
        case .list: "a list"
        case .data: "a data set"
        case .model: "a model"
        }
    }

    /// How a result shows the value: whole numbers without a decimal point, strings quoted.
    var display: String {
        switch self {
        case let .number(value): NumberText.format(value)
        case let .string(text): "\"\(text)\""
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

/// Numbers as DL shows them: `3`, `0.001`, `2.5e-07`.
enum NumberText {
    static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func format(_ value: Float) -> String { format(Double(value)) }
}
