/// Words from Python, Keras and other languages that people type in DL out of habit, each with
/// what DL has instead: a statement that starts with one gets this advice, not "unknown
/// statement". (A name of the session that is one of these words still shows its value when
/// typed alone.)
enum ForeignWords {
    /// The message and help for a statement that starts with `word`, or nil for any other word.
    static func advice(for word: String) -> (message: String, help: String)? {
        switch word {
        case "for", "while":
            (
                "DL has no loops ('\(word)')",
                "training loops over the data itself (train m on toy epochs 10); to repeat statements, keep them in a script and run it: run \"steps.dl\""
            )
        case "if", "elif", "else":
            (
                "DL has no '\(word)'",
                "a comparison shows whether something holds: m.loss[-1] < 0.1 shows true or false"
            )
        case "def", "function", "fn", "lambda":
            (
                "DL has no functions of your own ('\(word)')",
                "name a value with let, or keep statements in a script and run it: run \"steps.dl\"; the built-in functions are \(Function.names)"
            )
        case "import", "include", "require", "using":
            (
                "DL needs no '\(word)': every layer, data set and statement is always there",
                "to run a script of DL statements in this session: run \"file.dl\""
            )
        case "var", "const", "val":
            ("DL names a value with let, not '\(word)'", "for example: let rate = 0.01 (or just rate = 0.01)")
        case "return":
            ("DL has no 'return': there are no functions to return from", "a bare expression shows its value: m.loss[-1]")
        case "class":
            ("DL has no classes", "declare a network with model: model m { dense 8 relu; dense 2 softmax }")
        case "fit":
            ("DL trains with 'train', not 'fit'", "for example: train m on toy epochs 10")
        case "compile":
            (
                "DL models need no compiling",
                "train chooses the loss from the last layer and takes the optimizer as an option: train m on toy optimizer sgd lr 0.1"
            )
        default: nil
        }
    }
}
