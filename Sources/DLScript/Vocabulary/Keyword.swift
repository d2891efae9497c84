/// The statements of DL, one case each: the parser switches over them exhaustively, and help,
/// completion, suggestions for misspellings and the documentation test read this one table, so a
/// statement is added here or nowhere.
public enum Keyword: String, CaseIterable, Sendable {
    case seed, threads
    case `let`, print
    case data, split
    case model, summary
    case train, evaluate, predict, table, plot, trace
    case save, load
    case who, help
    case time, run

    /// The statement's word, as typed.
    public var word: String { rawValue }

    /// How the statement is written, e.g. `summary <model>`.
    public var usage: String {
        switch self {
        case .seed: "seed <n>"
        case .threads: "threads [n]"
        case .let: "let <name> = <value>"
        case .print: "print <value>, …"
        case .data: "data <name> = <source> [options]"
        case .split: "split <data> <fraction>"
        case .model: "model <name> { <layer>; … }"
        case .summary: "summary <model>"
        case .train: "train <model> on <data> [options] [{ options }]"
        case .evaluate: "evaluate <model> on <data>"
        case .predict: "predict <model> on <data>"
        case .table: "table <model>"
        case .plot:
            "plot <series>, … [log] | plot <data> | plot boundary <model> on <data> | plot fit <model> on <data> | plot features <model>[i] on <data> | plot <activation>"
        case .trace: "trace <model> on <data>[i]"
        case .save: "save <model> [to] \"file\""
        case .load: "load <name> from \"file\""
        case .who: "who"
        case .help: "help [word]  or  ?word"
        case .time: "time <statement>"
        case .run: "run \"file.dl\""
        }
    }

    /// What the statement does, in a line.
    public var summary: String {
        switch self {
        case .seed: "seeds initial weights, generated data, splits and shuffling (default 42)"
        case .threads: "how many threads the engine uses (default: the CPUs this process may run on); alone, says it"
        case .let: "binds a name to a number, string or list; 'name = value' works too"
        case .print: "prints values to standard output"
        case .data: "loads, generates or views a data set; with a test part, `name.test` selects it"
        case .split: "holds out a fraction of a data set for validation (name.validation)"
        case .model: "declares a network, one layer per line or separated by ';'"
        case .summary: "a table of the layers, their output shapes and parameter counts"
        case .train:
            "trains a model, streaming one table row per epoch; Ctrl-C stops it and keeps the last finished batch"
        case .evaluate: "the loss, the accuracy and the confusion matrix on a data set"
        case .predict:
            "the model's outputs: class probabilities for one sample, a table for several, images for an autoencoder"
        case .table: "the training history as a table"
        case .plot:
            "plots series (a model's loss, val_loss, accuracy, val_accuracy, lr, batch_loss), a 2-D classifier's decision regions, a regression's fitted curve, or an activation and its derivative; 'log' last draws series on a logarithmic axis"
        case .trace:
            "one forward pass layer by layer (input, weights, bias, pre-activation, activation), then the gradients of one backward pass"
        case .save: "writes the model's architecture and weights to a safetensors file, atomically"
        case .load: "reads a model saved by save"
        case .who: "the names this session has defined: data sets, models and values, with what each is"
        case .help: "help for a statement, layer, option, activation, loss, optimizer or data source"
        case .time: "runs the statement, then says how long it took (wall-clock time)"
        case .run: "runs a script's statements in this session, as if typed here; its names stay"
        }
    }

    /// A line of code that uses the statement.
    public var example: String {
        switch self {
        case .seed: "seed 7"
        case .threads: "threads 2"
        case .let: "let lr = 0.001"
        case .print: "print \"hello, world\""
        case .data: "data fashion = fashion_mnist"
        case .split: "split toy 0.2"
        case .model: "model tiny { input 2; dense 8 tanh; dense 2 softmax }"
        case .summary: "summary mlp"
        case .train: "train mlp on fashion epochs 10 batch 64 optimizer adam lr 0.001"
        case .evaluate: "evaluate mlp on fashion.test"
        case .predict: "predict mlp on fashion.test[0]"
        case .table: "table mlp"
        case .plot: "plot mlp.loss, mlp.val_loss"
        case .trace: "trace tiny on toy[0]"
        case .save: "save mlp \"mlp.safetensors\""
        case .load: "load again from \"mlp.safetensors\""
        case .who: "who"
        case .help: "help train"
        case .time: "time train mlp on fashion epochs 1"
        case .run: "run \"setup.dl\""
        }
    }

    /// Every statement's word, in the order help lists them.
    public static let words = allCases.map(\.rawValue)
}
