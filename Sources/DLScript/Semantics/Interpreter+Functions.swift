/// The language's functions (`Function`): counts and summaries of lists, and a little arithmetic.
extension Interpreter {
    func call(_ name: Name, _ arguments: [Expression], range: SourceRange) throws(Diagnostic) -> Value {
        guard let function = Function(rawValue: name.text) else { throw Self.unknownFunction(name) }
        let values = try arguments.map { e throws(Diagnostic) in try evaluate(e) }
        func wrongArguments(_ expected: String) -> Diagnostic {
            Diagnostic(
                range: range, message: "\(function.rawValue) takes \(expected)",
                help: "\(function.usage), e.g. \(function.example)")
        }
        /// The numbers of a list argument, or of the arguments themselves.
        func numbers(allowingSeveral: Bool) throws(Diagnostic) -> [Double] {
            let items: [Value]
            if values.count == 1, case let .list(list) = values[0] {
                items = list
            } else if allowingSeveral && values.count > 1 {
                items = values
            } else {
                throw wrongArguments(allowingSeveral ? "a list, or two numbers or more" : "one list")
            }
            return try items.enumerated().map { index, item throws(Diagnostic) in
                guard case let .number(number) = item else {
                    throw Diagnostic(
                        range: arguments[values.count == 1 ? 0 : index].range,
                        message: "\(function.rawValue) works on numbers, and this holds \(item.kindName)")
                }
                return number
            }
        }
        func nonEmpty(_ numbers: [Double]) throws(Diagnostic) -> [Double] {
            guard !numbers.isEmpty else {
                throw Diagnostic(range: range, message: "\(function.rawValue) of an empty list has no value")
            }
            return numbers
        }
        switch function {
        case .len:
            guard values.count == 1 else { throw wrongArguments("one list, string or data set") }
            switch values[0] {
            case let .list(items): return .number(Double(items.count))
            case let .string(text): return .number(Double(text.count))
            case let .data(data): return .number(Double(data.dataset.count))
            default: throw wrongArguments("a list, a string or a data set, not \(values[0].kindName)")
            }
        case .min: return .number(try nonEmpty(try numbers(allowingSeveral: true)).min()!)
        case .max: return .number(try nonEmpty(try numbers(allowingSeveral: true)).max()!)
        case .sum: return .number(try numbers(allowingSeveral: false).reduce(0, +))
        case .mean:
            let items = try nonEmpty(try numbers(allowingSeveral: false))
            return .number(items.reduce(0, +) / Double(items.count))
        case .abs:
            guard values.count == 1, case let .number(value) = values[0] else { throw wrongArguments("one number") }
            return .number(Swift.abs(value))
        case .round:
            guard (1...2).contains(values.count), case let .number(value) = values[0] else {
                throw wrongArguments("a number, and how many decimals")
            }
            let digits = values.count == 2 ? try integer(arguments[1], "the decimals", in: 0...15) : 0
            let scale = pow10(digits)
            return .number((value * scale).rounded() / scale)
        }
    }

    /// 10 to the power `digits`, exactly for the decimals `round` takes.
    private func pow10(_ digits: Int) -> Double { (0..<digits).reduce(1) { product, _ in product * 10 } }

    /// A call of a function DL does not have.
    static func unknownFunction(_ name: Name) -> Diagnostic {
        Diagnostic(
            range: name.range, message: "DL has no function '\(name.text)'",
            help: Suggestion.nearest(to: name.text, in: Function.allCases.map(\.rawValue)).map { "did you mean '\($0)'?" }
                ?? "its functions are \(Function.names)")
    }
}
