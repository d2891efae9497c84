import DLCore

/// Expressions: literals, names, a data set's parts and a model's series, indexes and slices,
/// arithmetic.
extension Interpreter {
    func evaluate(_ expression: Expression) throws(Diagnostic) -> Value {
        let range = expression.range
        switch expression.kind {
        case let .number(value): return .number(value)
        case let .string(text): return .string(text)
        case let .dimensions(sizes): return .list(sizes.map { .number(Double($0)) })
        case let .list(items): return .list(try items.map { e throws(Diagnostic) in try evaluate(e) })
        case let .name(name):
            guard let value = environment.values[name] else {
                throw Diagnostic(range: range, message: "unknown name '\(name)'")
            }
            return value
        case let .member(base, member):
            return try self.member(try evaluate(base), member, of: base)
        case let .index(base, index, upper):
            return try subscripted(try evaluate(base), index, upper, range: range)
        case let .negate(operand):
            return .number(-(try number(operand, "the operand of '-'")))
        case let .binary(op, left, right):
            let (a, b) = (try evaluate(left), try evaluate(right))
            switch (a, b, op) {
            case let (.number(x), .number(y), _):
                switch op {
                case .plus: return .number(x + y)
                case .minus: return .number(x - y)
                case .times: return .number(x * y)
                case .divide: return .number(x / y)
                }
            case let (.string(x), .string(y), .plus): return .string(x + y)
            case let (.string(x), .number(y), .plus): return .string(x + NumberText.format(y))
            case let (.list(x), .list(y), .plus): return .list(x + y)
            default:
                throw Diagnostic(
                    range: range, message: "'\(op.rawValue)' cannot combine \(a.kindName) and \(b.kindName)",
                    help: "arithmetic works on numbers; '+' also joins strings and lists")
            }
        case let .compare(comparison, left, right):
            let (a, b) = (try evaluate(left), try evaluate(right))
            switch (a, b) {
            case let (.number(x), .number(y)): return .boolean(comparison.holds(x, y))
            case let (.string(x), .string(y)): return .boolean(comparison.holds(x, y))
            case let (.boolean(x), .boolean(y)) where comparison == .equal || comparison == .notEqual:
                return .boolean(comparison == .equal ? x == y : x != y)
            default:
                throw Diagnostic(
                    range: range, message: "'\(comparison.rawValue)' cannot compare \(a.kindName) and \(b.kindName)",
                    help:
                        "comparisons take two numbers or two strings; for a list, compare one item (m.loss[-1]) or min(…), max(…), mean(…)"
                )
            }
        case let .call(function, arguments):
            return try call(function, arguments, range: range)
        }
    }

    private func member(_ value: Value, _ member: Name, of base: Expression) throws(Diagnostic) -> Value {
        switch value {
        case let .data(data):
            if let part = data.part(member.text) { return .data(part) }
            if Words.parts.contains(member.text) {
                let name = text(base.range)
                throw Diagnostic(
                    range: member.range, message: "'\(name)' has no \(member.text) part",
                    help: member.text == "validation"
                        ? "make one with: split \(name) 0.1"
                        : "hold out part of it with 'split \(name) 0.2', then use \(name).validation")
            }
            throw Diagnostic(
                range: member.range, message: "a data set has no part '\(member.text)'",
                help: Suggestion.help(for: member.text, in: Words.parts, listing: "its parts are"))
        case let .model(model):
            if let position = model.layerNames[member.text] {
                let network = try layers(of: model, at: member.range)
                return .layer(LayerValue(name: "\(model.name).\(member.text)", network: network, index: position))
            }
            guard let series = model.series(member.text) else {
                let named = model.layerNames.keys.sorted()
                throw Diagnostic(
                    range: member.range,
                    message:
                        "a model has no series '\(member.text)'\(named.isEmpty ? "" : ", and '\(model.name)' no layer of that name")",
                    help: Suggestion.help(for: member.text, in: Words.series + named, listing: "its series and named layers are"))
            }
            return .list(series.map { .number(Double("\($0)") ?? Double($0)) })
        case let .layer(layer):
            guard let parameter = layer.parameter(member.text) else {
                let names = layer.layer.parameters.map(\.name)
                throw Diagnostic(
                    range: member.range, message: "\(layer.name) (\(layer.layer.description)) has no parameter '\(member.text)'",
                    help: names.isEmpty
                        ? "this layer has no parameters" : Suggestion.help(for: member.text, in: names, listing: "it has"))
            }
            return .parameter(parameter)
        default:
            throw Diagnostic(range: member.range, message: "\(value.kindName) has no member '\(member.text)'")
        }
    }

    /// The network of `model`, whose layers `m[0]` and `m.hidden` read; an error at `range` while
    /// its input shape is not known.
    private func layers(of model: ModelEntry, at range: SourceRange) throws(Diagnostic) -> Sequential {
        guard let network = model.network else {
            throw Diagnostic(
                range: range, message: "'\(model.name)' has no layers yet: its input shape is not known",
                help: "train it first, or start it with an input line, e.g. input 784")
        }
        return network
    }

    /// `m[0]`: a layer of a model whose network is built, counted from 0 (negative from the end).
    private func layer(_ model: ModelEntry, _ index: Expression, _ upper: Expression?, range: SourceRange) throws(Diagnostic)
        -> Value
    {
        let network = try layers(of: model, at: range)
        guard upper == nil else {
            throw Diagnostic(
                range: range, message: "a model's layers are read one at a time", help: "for example: \(model.name)[0]")
        }
        let count = network.layers.count
        let given = try integer(index, "the layer's index", in: -count...(count - 1))
        let position = given < 0 ? count + given : given
        return .layer(LayerValue(name: "\(model.name)[\(position)]", network: network, index: position))
    }

    private func subscripted(_ value: Value, _ index: Expression, _ upper: Expression?, range: SourceRange) throws(Diagnostic)
        -> Value
    {
        if case let .model(model) = value { return try layer(model, index, upper, range: range) }
        let count: Int
        switch value {
        case let .data(data): count = data.dataset.count
        case let .list(items): count = items.count
        default: throw Diagnostic(range: range, message: "\(value.kindName) cannot be indexed")
        }
        guard count > 0 else { throw Diagnostic(range: range, message: "it is empty, so it has nothing at any index") }
        let lower = try integer(index, "the index", in: (upper == nil ? -count : 0)...(count - (upper == nil ? 1 : 0)))
        let start = lower < 0 ? count + lower : lower
        let end = try upper.map { e throws(Diagnostic) in try integer(e, "the end of the slice", in: lower...count) } ?? start + 1
        switch value {
        case let .data(data):
            let name = upper == nil ? "\(data.name)[\(start)]" : "\(data.name)[\(start):\(end)]"
            return .data(DataValue(name: name, train: data.dataset.subset(Array(start..<end), name: name), role: data.role))
        case let .list(items):
            return upper == nil ? items[start] : .list(Array(items[start..<end]))
        default:
            throw Diagnostic(range: range, message: "\(value.kindName) cannot be indexed")
        }
    }
}
