/// The functions an expression may call, one case each: the parser, the interpreter, help,
/// completion and the highlighters read this one table, so a function is added here or nowhere.
enum Function: String, CaseIterable, Sendable {
    case len, min, max, mean, sum, abs, round

    /// How the function is called.
    var usage: String {
        switch self {
        case .len: "len(<list, string or data set>)"
        case .min: "min(<list>) or min(a, b, …)"
        case .max: "max(<list>) or max(a, b, …)"
        case .mean: "mean(<list>)"
        case .sum: "sum(<list>)"
        case .abs: "abs(<number>)"
        case .round: "round(<number>[, digits])"
        }
    }

    /// What it computes, in a line.
    var summary: String {
        switch self {
        case .len: "how many items a list has, characters a string has, or samples a data set has"
        case .min: "the smallest number of a list (a model's loss, say), or of its arguments"
        case .max: "the largest number of a list, or of its arguments"
        case .mean: "the average of a list of numbers"
        case .sum: "the total of a list of numbers"
        case .abs: "a number without its sign"
        case .round: "a number rounded to whole numbers, or to this many decimals"
        }
    }

    /// An example of a call.
    var example: String {
        switch self {
        case .len: "len(mlp.loss)"
        case .min: "min(mlp.val_loss)"
        case .max: "max(mlp.accuracy)"
        case .mean: "mean(mlp.loss)"
        case .sum: "sum([1, 2, 3])"
        case .abs: "abs(-2)"
        case .round: "round(mlp.loss[-1], 3)"
        }
    }

    /// The functions' names, listed for help and errors: `len, min, max, …`.
    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
