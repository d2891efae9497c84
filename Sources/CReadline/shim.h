// GNU readline (Debian: libreadline-dev), the REPL's line editor.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

// readline is configured through global variables, which Swift 6 will not touch from Swift code;
// these accessors do it in C.

/// Names the program, lets the caller handle signals, sets what separates words, and installs
/// the completion function.
static inline void dl_readline_configure(const char *name, const char *wordBreaks, rl_completion_func_t *complete) {
    rl_readline_name = name;
    rl_catch_signals = 0;
    rl_completer_word_break_characters = wordBreaks;
    rl_attempted_completion_function = complete;
}

/// The line being edited, and the cursor's byte offset in it.
static inline const char *dl_readline_line(void) { return rl_line_buffer; }
static inline int dl_readline_point(void) { return rl_point; }

/// Tells readline not to fall back to completing file names.
static inline void dl_readline_completion_over(void) { rl_attempted_completion_over = 1; }

/// Writes what readline has buffered in stdio to the terminal.
static inline void dl_readline_flush(void) { fflush(rl_outstream ? rl_outstream : stdout); }
