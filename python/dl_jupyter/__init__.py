"""DL (the language of dlrepl and dlkernel) for Python's Jupyter tools.

- `dl_jupyter.lexer.DLLexer`: a Pygments lexer, registered as "dl" for `*.dl` and `text/x-dl`.
- `dl_jupyter.papermill.DLTranslator`: writes papermill's `-p` parameters as DL `let` statements.
"""
