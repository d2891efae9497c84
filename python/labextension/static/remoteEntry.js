// DL highlighting for JupyterLab 4, written by hand as a federated extension (the container that
// JupyterLab loads for every folder in share/jupyter/labextensions), so that it needs no npm
// registry and no build: it takes CodeMirror and JupyterLab's language registry from the shared
// modules JupyterLab offers, and registers DL for the MIME type the kernel names (text/x-dl).
// The word lists follow the language's vocabulary; a Swift test (PygmentsLexerTests) fails when
// a word the language knows is missing here or in the Pygments lexer.
(function () {
  "use strict";

  const STATEMENTS = [
    "seed", "threads", "let", "print", "data", "split", "model", "summary", "train", "evaluate",
    "predict", "table", "plot", "trace", "save", "load", "who", "help", "time", "run",
  ];
  const CONNECTIVES = ["on", "from", "to", "as", "boundary", "features", "step", "every", "full", "log", "fit"];
  const LAYERS = [
    "input", "dense", "dropout", "activation", "conv", "maxpool", "avgpool", "globalavgpool",
    "flatten", "reshape", "batchnorm", "rnn", "lstm", "gru", "repeat", "timedense", "decoder",
  ];
  const FUNCTIONS = ["len", "min", "max", "mean", "sum", "abs", "round"];
  const SOURCES = ["fashion_mnist", "mnist", "idx", "csv", "xor", "spirals", "moons", "circles", "blobs", "line", "sine", "waves", "digits"];
  const OPTIONS = [
    "epochs", "batch", "optimizer", "lr", "momentum", "loss", "validate", "patience", "schedule",
    "checkpoint", "clip", "init", "stride", "padding", "sequences", "take", "unlabeled",
    "standardized", "standardize", "count", "noise", "centers", "classes", "spread", "steps",
    "target", "labels", "images", "file", "dir", "times", "factor", "values", "ahead", "length", "task", "slope", "intercept", "outputs", "shards", "workers", "hosts", "by_offset",
  ];
  const CONSTANTS = [
    "linear", "relu", "sigmoid", "tanh", "softmax", "leaky_relu",
    "mse", "crossentropy", "binary_crossentropy",
    "gd", "sgd", "adagrad", "rmsprop", "adam", "adamw",
    "automatic", "xavier", "he", "same", "valid", "reverse", "add",
  ];

  // Each word's style, in the order a word is looked up (a statement word first).
  const STYLES = new Map();
  for (const [words, style] of [
    [CONSTANTS, "atom"], [OPTIONS, "attribute"], [LAYERS.concat(SOURCES), "builtin"],
    [FUNCTIONS, "builtin"], [CONNECTIVES, "keyword"], [STATEMENTS, "keyword"],
  ]) {
    for (const word of words) STYLES.set(word, style);
  }

  /** A CodeMirror stream parser for DL: one token per call; the state knows an open string. */
  const dl = {
    name: "dl",
    startState: () => ({ inString: false, afterDot: false }),
    token(stream, state) {
      if (state.inString) {
        while (!stream.eol()) {
          const c = stream.next();
          if (c === "\\") stream.next();
          else if (c === '"') { state.inString = false; break; }
        }
        return "string";
      }
      if (stream.eatSpace()) return null;
      if (stream.match("#")) { stream.skipToEnd(); return "comment"; }
      if (stream.eat('"')) { state.inString = true; return dl.token(stream, state); }
      if (stream.match(/^\d[\d_]*(x\d[\d_]*)+\b/)) return "number";
      if (stream.match(/^(\d[\d_]*\.\d*|\.\d+|\d[\d_]*)([eE][+-]?\d+)?/)) return "number";
      const afterDot = state.afterDot;
      state.afterDot = false;
      if (stream.match(/^[A-Za-z_]\w*/)) {
        return afterDot ? "property" : STYLES.get(stream.current()) || "variable";
      }
      const c = stream.next();
      if (c === ".") { state.afterDot = true; return "punctuation"; }
      if ("<>!=".includes(c)) { stream.eat("="); return "operator"; }
      if ("-+*/?".includes(c)) return "operator";
      if ("{}()[]".includes(c)) return "bracket";
      return "punctuation";
    },
    languageData: { commentTokens: { line: "#" } },
  };

  /** A shared module's exports: the newest version JupyterLab offers. */
  async function shared(scope, name) {
    const versions = scope[name];
    if (!versions) throw new Error(`dl-jupyter: JupyterLab shares no ${name}`);
    const newest = Object.keys(versions).sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop();
    return (await versions[newest].get())();
  }

  let shareScope = null;
  window._JUPYTERLAB = window._JUPYTERLAB || {};
  window._JUPYTERLAB["dl-jupyter"] = {
    init(scope) { shareScope = scope; },
    async get(module) {
      if (module !== "./extension") throw new Error(`dl-jupyter has no module ${module}`);
      const codemirror = await shared(shareScope, "@jupyterlab/codemirror");
      const language = await shared(shareScope, "@codemirror/language");
      const plugin = {
        id: "dl-jupyter:highlighting",
        description: "Highlights DL (text/x-dl) in notebooks, consoles and .dl files.",
        autoStart: true,
        requires: [codemirror.IEditorLanguageRegistry],
        activate(app, languages) {
          languages.addLanguage({
            name: "DL",
            displayName: "DL",
            alias: ["dl"],
            mime: "text/x-dl",
            extensions: ["dl"],
            load: async () => new language.LanguageSupport(language.StreamLanguage.define(dl)),
          });
        },
      };
      return () => ({ __esModule: true, default: plugin });
    },
  };
})();
