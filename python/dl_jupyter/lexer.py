"""A Pygments lexer for DL.

The word lists follow the language's vocabulary (Sources/DLScript/Vocabulary); a Swift test
(`LexerVocabularyTests`) fails when a word the language knows is missing here.
"""
from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace

__all__ = ["DLLexer"]

STATEMENTS = (
    "seed", "threads", "let", "print", "data", "split", "model", "summary", "train", "evaluate",
    "predict", "table", "plot", "trace", "save", "load", "who", "help", "time", "run",
)
# Words that join a statement's parts.
CONNECTIVES = ("on", "from", "to", "as", "boundary", "features", "step", "every", "full", "log", "fit")
LAYERS = (
    "input", "dense", "dropout", "activation", "conv", "maxpool", "avgpool", "globalavgpool",
    "flatten", "reshape", "batchnorm", "rnn", "lstm", "gru", "repeat", "timedense", "decoder",
)
FUNCTIONS = ("len", "min", "max", "mean", "sum", "abs", "round")
SOURCES = ("fashion_mnist", "mnist", "idx", "csv", "xor", "spirals", "moons", "circles", "blobs", "line", "sine", "waves", "digits")
# Options of train, of layers and of data sources, and the views of a data set.
OPTIONS = (
    "epochs", "batch", "optimizer", "lr", "momentum", "loss", "validate", "patience", "schedule",
    "checkpoint", "clip", "init", "stride", "padding", "sequences", "take", "unlabeled",
    "standardized", "standardize", "count", "noise", "centers", "classes", "spread", "steps",
    "target", "labels", "images", "file", "dir", "times", "factor", "values", "ahead", "length", "task", "slope", "intercept", "outputs", "shards", "workers", "hosts", "by_offset",
)
# The closed sets: activations, losses, optimizers, initializers, paddings.
CONSTANTS = (
    "linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu",
    "mse", "crossentropy", "binary_crossentropy",
    "gd", "sgd", "adagrad", "rmsprop", "adam", "adamw",
    "automatic", "xavier", "he", "same", "valid", "reverse", "add",
)


class DLLexer(RegexLexer):
    """DL: `model m { dense 8 relu; dense 2 softmax }`, `train m on toy epochs 5`."""

    name = "DL"
    aliases = ["dl"]
    filenames = ["*.dl"]
    mimetypes = ["text/x-dl"]

    tokens = {
        "root": [
            (r"[ \t\r]+", Whitespace),
            (r"\n", Whitespace),
            (r"#.*?$", Comment.Single),
            (r"\\\n", Text),
            (r'"', String.Double, "string"),
            # Sizes (28x28x1) before plain numbers, so the x stays inside the number.
            (r"\d[\d_]*(?:x\d[\d_]*)+\b", Number.Integer),
            (r"(\d[\d_]*\.\d*|\.\d+)([eE][+-]?\d+)?|\d[\d_]*[eE][+-]?\d+", Number.Float),
            (r"\d[\d_]*", Number.Integer),
            (r"(\.)([A-Za-z_]\w*)", bygroups(Punctuation, Name.Attribute)),
            (words(STATEMENTS, suffix=r"\b"), Keyword),
            (words(CONNECTIVES, suffix=r"\b"), Keyword.Pseudo),
            (words(LAYERS + SOURCES, suffix=r"\b"), Name.Builtin),
            (words(FUNCTIONS, suffix=r"(?=\()"), Name.Function),
            (words(OPTIONS, suffix=r"\b"), Name.Attribute),
            (words(CONSTANTS, suffix=r"\b"), Name.Constant),
            (r"[A-Za-z_]\w*", Name),
            (r"[<>!=]=|[<>]", Operator),
            (r"[-+*/=?]", Operator),
            (r"[{}()\[\];,:]", Punctuation),
            (r".", Text),
        ],
        "string": [
            (r'\\[nt"\\]', String.Escape),
            (r'[^"\\]+', String.Double),
            (r"\\", String.Double),
            (r'"', String.Double, "#pop"),
        ],
    }
