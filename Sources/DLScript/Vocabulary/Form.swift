import DLCore

/// The shape of a clause: a head word, required arguments in order, optional ones recognised by
/// what they are, and named options (`stride 2`). One table of forms drives the parser,
/// completion and help, so the three always agree.
struct Form: Sendable {
    /// What an argument may be.
    enum Kind: Sendable {
        /// Any expression (a number, string, name or arithmetic).
        case expression
        /// One of these words.
        case words([String])
        /// The option's name alone.
        case flag
        /// An expression or one of these words (`batch 64`, `batch full`).
        case expressionOr([String])
        /// `step <factor> every <epochs>`.
        case schedule
        /// A new name the clause gives (`as hidden`), read as a word and never evaluated.
        case name
    }

    /// What a value given to a slot must be: checked when the clause runs (`Arguments`), and
    /// shown by help, so the limits live in the form's row and nowhere else.
    enum Check: Sendable {
        /// A whole number in the range.
        case whole(ClosedRange<Int>)
        /// A number in the range.
        case number(ClosedRange<Double>)
        /// One to `rank` whole sizes (`784`, `5x5`, `28x28x1`), each in `each`.
        case sizes(rank: Int, each: ClosedRange<Int>)

        /// The check in words, for help: `a whole number from 1 to 1,024`.
        var help: String {
            switch self {
            case let .whole(range) where range.upperBound == Int.max:
                "a whole number, at least \(NumberText.grouped(range.lowerBound))"
            case let .whole(range):
                "a whole number from \(NumberText.grouped(range.lowerBound)) to \(NumberText.grouped(range.upperBound))"
            case let .number(range):
                "a number from \(NumberText.format(range.lowerBound)) to \(NumberText.format(range.upperBound))"
            case let .sizes(rank, each):
                "\(rank == 1 ? "a size" : "1 to \(rank) sizes joined by x"), each \(NumberText.grouped(each.lowerBound)) to \(NumberText.grouped(each.upperBound))"
            }
        }
    }

    struct Slot: Sendable {
        var name: String
        var kind: Kind
        var help: String
        /// What its value must be, when it is a number or sizes.
        var check: Check?
        /// What messages call it: `the units`.
        var noun: String

        init(_ name: String, _ kind: Kind, _ help: String, _ check: Check? = nil, called noun: String? = nil) {
            self.name = name
            self.kind = kind
            self.help = help
            self.check = check
            self.noun = noun ?? "the \(name)"
        }

        /// The help line's text: what it is, and its limits.
        var description: String { check.map { "\(help) (\($0.help))" } ?? help }
    }

    var name: String
    /// One line on what the clause does.
    var summary: String
    var required: [Slot] = []
    var optional: [Slot] = []
    var options: [Slot] = []
    /// A line of code that uses it.
    var example: String
    /// For a layer, what it builds from its checked arguments.
    var layer: (@Sendable (Arguments) throws(Diagnostic) -> LayerSpec)? = nil
    /// For a data source, the data set it loads or generates, given the name it is defined as.
    var source: (@Sendable (Arguments, String) throws(Diagnostic) -> DataValue)? = nil

    /// The clause as a usage line, e.g. `dense <units> [activation] [init <initializer>]`.
    var usage: String {
        var parts = [name]
        parts += required.map { "<\($0.name)>" }
        parts += optional.map { "[\($0.name)]" }
        parts += options.map { slot in
            switch slot.kind {
            case .flag: "[\(slot.name)]"
            case .schedule: "[\(slot.name) step <factor> every <epochs>]"
            case .name: "[\(slot.name) <name>]"
            default: "[\(slot.name) <\(slot.name == "lr" ? "rate" : "value")>]"
            }
        }
        return parts.joined(separator: " ")
    }

    /// The words of the slots that take words, for completion and suggestions.
    var optionNames: [String] { options.map(\.name) }
}

/// The words of the language's closed sets.
enum Words {
    static let activations = Activation.allCases.map(\.rawValue)
    static let initializers = Initializer.allCases.map(\.rawValue)
    static let losses = LossKind.allCases.map(\.rawValue)
    static let optimizers = OptimizerSpec.names
    static let paddings = Padding.allCases.map(\.rawValue)
    /// What `mlp.<series>` may name.
    static let series = ["loss", "accuracy", "val_loss", "val_accuracy", "lr", "batch_loss"]
    /// What `fashion.<part>` may name.
    static let parts = ["train", "test", "validation"]
}
