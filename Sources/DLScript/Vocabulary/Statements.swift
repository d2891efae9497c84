/// What each statement does and how it is written, for `help` and completion.
enum Statements {
    struct Entry: Sendable {
        var usage: String
        var summary: String
        var example: String
    }

    static let entries: [String: Entry] = [
        "seed": Entry(
            usage: "seed <n>", summary: "seeds initial weights, generated data, splits and shuffling (default 42)",
            example: "seed 7"),
        "threads": Entry(
            usage: "threads <n>", summary: "how many threads the engine uses (default: every core)", example: "threads 2"),
        "let": Entry(
            usage: "let <name> = <value>", summary: "binds a name to a number, string or list; 'name = value' works too",
            example: "let lr = 0.001"),
        "print": Entry(usage: "print <value>, …", summary: "prints values to standard output", example: "print \"hello, world\""),
        "data": Entry(
            usage: "data <name> = <source> [options]",
            summary: "loads, generates or views a data set; with a test part, `name.test` selects it",
            example: "data fashion = fashion_mnist"),
        "split": Entry(
            usage: "split <data> <fraction>", summary: "holds out a fraction of a data set for validation (name.validation)",
            example: "split toy 0.2"),
        "model": Entry(
            usage: "model <name> { <layer>; … }", summary: "declares a network, one layer per line or separated by ';'",
            example: "model tiny { input 2; dense 8 tanh; dense 2 softmax }"),
        "summary": Entry(
            usage: "summary <model>", summary: "a table of the layers, their output shapes and parameter counts",
            example: "summary mlp"),
        "train": Entry(
            usage: "train <model> on <data> [options] [{ options }]",
            summary: "trains a model, streaming one table row per epoch; Ctrl-C stops it and keeps the last finished batch",
            example: "train mlp on fashion epochs 10 batch 64 optimizer adam lr 0.001"),
        "evaluate": Entry(
            usage: "evaluate <model> on <data>", summary: "the loss, the accuracy and the confusion matrix on a data set",
            example: "evaluate mlp on fashion.test"),
        "predict": Entry(
            usage: "predict <model> on <data>",
            summary: "the model's outputs: class probabilities for one sample, a table for several, images for an autoencoder",
            example: "predict mlp on fashion.test[0]"),
        "table": Entry(usage: "table <model>", summary: "the training history as a table", example: "table mlp"),
        "plot": Entry(
            usage: "plot <series>, … | plot boundary <model> on <data>",
            summary: "plots series (a model's loss, val_loss, accuracy, val_accuracy, lr) or a 2-D classifier's decision regions",
            example: "plot mlp.loss, mlp.val_loss"),
        "trace": Entry(
            usage: "trace <model> on <data>[i]",
            summary:
                "one forward pass layer by layer (input, weights, bias, pre-activation, activation), then the gradients of one backward pass",
            example: "trace tiny on toy[0]"),
        "save": Entry(
            usage: "save <model> [to] \"file\"",
            summary: "writes the model's architecture and weights to a safetensors file, atomically",
            example: "save mlp \"mlp.safetensors\""),
        "load": Entry(
            usage: "load <name> from \"file\"", summary: "reads a model saved by save",
            example: "load again from \"mlp.safetensors\""),
        "help": Entry(
            usage: "help [word]  or  ?word",
            summary: "help for a statement, layer, option, activation, loss, optimizer or data source", example: "help train"),
    ]
}
