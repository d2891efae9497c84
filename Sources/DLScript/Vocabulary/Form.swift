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
    }

    struct Slot: Sendable {
        var name: String
        var kind: Kind
        var help: String
        init(_ name: String, _ kind: Kind, _ help: String) {
            self.name = name
            self.kind = kind
            self.help = help
        }
    }

    var name: String
    /// One line on what the clause does.
    var summary: String
    var required: [Slot] = []
    var optional: [Slot] = []
    var options: [Slot] = []
    /// A line of code that uses it.
    var example: String

    /// The clause as a usage line, e.g. `dense <units> [activation] [init <initializer>]`.
    var usage: String {
        var parts = [name]
        parts += required.map { "<\($0.name)>" }
        parts += optional.map { "[\($0.name)]" }
        parts += options.map { slot in
            switch slot.kind {
            case .flag: "[\(slot.name)]"
            case .schedule: "[\(slot.name) step <factor> every <epochs>]"
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
    static let series = ["loss", "accuracy", "val_loss", "val_accuracy", "lr"]
    /// What `fashion.<part>` may name.
    static let parts = ["train", "test", "validation"]
}
