/// A word as written, with where it is.
struct Name: Sendable, Equatable {
    var text: String
    var range: SourceRange
}

/// An expression: a value to compute, e.g. `2 * 64`, `fashion.test[0]` or `mlp.loss`.
struct Expression: Sendable, Equatable {
    indirect enum Kind: Sendable, Equatable {
        case number(Double)
        case string(String)
        /// Sizes such as `28x28x1`.
        case dimensions([Int])
        case list([Expression])
        case name(String)
        /// `base.member`, e.g. `fashion.test` or `mlp.loss`.
        case member(Expression, Name)
        /// `base[index]`, or `base[index:upper]` for a slice.
        case index(Expression, Expression, upper: Expression?)
        /// `-operand`.
        case negate(Expression)
        /// `left op right`.
        case binary(Operator, Expression, Expression)
        /// `left < right` and the other comparisons, whose value is true or false.
        case compare(Comparison, Expression, Expression)
        /// `function(arguments)`: one of the language's functions (`Function`).
        case call(Name, [Expression])
    }

    /// The name an expression starts from (`m` of `m[1]`), for messages.
    var baseName: String? {
        switch kind {
        case let .name(name): name
        case let .member(base, _), let .index(base, _, _): base.baseName
        default: nil
        }
    }

    /// An arithmetic operator, written as its character.
    enum Operator: Character {
        case plus = "+"
        case minus = "-"
        case times = "*"
        case divide = "/"
    }

    /// A comparison, written as its symbol.
    enum Comparison: String, Sendable {
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case equal = "=="
        case notEqual = "!="

        /// Whether `a op b` holds.
        func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
            switch self {
            case .less: a < b
            case .lessOrEqual: a <= b
            case .greater: a > b
            case .greaterOrEqual: a >= b
            case .equal: a == b
            case .notEqual: a != b
            }
        }
    }

    var kind: Kind
    var range: SourceRange
    /// Whether this is an index or a slice (`x[0]`, `x[0:8]`).
    var isIndex: Bool { if case .index = kind { true } else { false } }
    /// How many levels of expressions this one holds, itself included: the parser bounds it, so
    /// that the resolver and interpreter, which recurse, cannot run out of stack.
    let depth: Int

    init(kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
        let children: [Expression] =
            switch kind {
            case .number, .string, .dimensions, .name: []
            case let .list(items): items
            case let .member(base, _): [base]
            case let .index(base, index, upper): [base, index] + (upper.map { [$0] } ?? [])
            case let .negate(operand): [operand]
            case let .binary(_, left, right), let .compare(_, left, right): [left, right]
            case let .call(_, arguments): arguments
            }
        depth = 1 + (children.map(\.depth).max() ?? 0)
    }
}

/// A word followed by its arguments, read by a `Form`: a layer (`dense 256 relu`), a data
/// source (`spirals 400 noise 0.1`) or the options of `train`.
struct Clause: Sendable, Equatable {
    /// A value given for a slot of the form.
    enum Value: Sendable, Equatable {
        case expression(Expression)
        case word(Name)
        /// The slot's name alone, e.g. `sequences` or `standardize`.
        case flag
        /// `step <factor> every <epochs>`.
        case schedule(factor: Expression, every: Expression)
    }

    struct Argument: Sendable, Equatable {
        /// The slot's name in the form.
        var slot: String
        var value: Value
        /// Where the argument (and its option name, if any) is written.
        var range: SourceRange
    }

    var head: Name
    var arguments: [Argument]

    /// The argument for `slot`, if given.
    func argument(_ slot: String) -> Argument? { arguments.last { $0.slot == slot } }

    /// The range from the head to the last argument.
    var range: SourceRange { arguments.last.map { head.range.through($0.range) } ?? head.range }
}

/// Where the samples of a `data` statement come from.
enum DataSource: Sendable, Equatable {
    /// A loader or generator, e.g. `fashion_mnist`, `csv "iris.csv" target "species"`, `spirals 400`,
    /// seen through a view at once when one follows (`fashion_mnist take 1000`; no arguments if not).
    case loader(Clause, view: Clause)
    /// Another data set seen differently, e.g. `fashion as sequences` or `fashion take 1000`.
    case view(Expression, Clause)
}

/// One statement of a script or cell.
struct Statement: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case seed(Expression)
        /// `threads n` sets the engine's threads; `threads` alone says how many it uses.
        case threads(Expression?)
        case assign(Name, Expression)
        case print([Expression])
        /// A bare expression, whose value is the result.
        case show(Expression)
        case data(Name, DataSource)
        case split(Expression, fraction: Expression)
        case model(Name, layers: [Clause])
        case summary(Name)
        case train(Name, on: Expression, options: Clause)
        case evaluate(Name, on: Expression)
        case predict(Name, on: Expression)
        case table(Name)
        /// `plot a, b [log]`: series over epochs, on a logarithmic axis with `log`.
        case plot([Expression], logarithmic: Bool)
        case boundary(Name, on: Expression)
        /// `plot fit m on data`: a regression on one feature, its data and the model's curve.
        case fit(Name, on: Expression)
        /// `plot sigmoid`: an activation and its derivative.
        case activation(Name)
        /// `plot features m[1] on data`: a layer's outputs for the samples, as 2-D points.
        case features(Expression, on: Expression)
        case trace(Name, on: Expression)
        case save(Name, path: Expression)
        case load(Name, path: Expression)
        case who
        case help(Name?)
        /// `time <statement>`: the statement, then how long it took.
        indirect case time(Statement)
        /// `run "file.dl"`: a script's statements, run in this session; the path is a string
        /// literal, so the script can be checked before anything runs.
        case run(path: String, at: SourceRange)
    }

    var kind: Kind
    /// The whole statement.
    var range: SourceRange
}
