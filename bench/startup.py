"""Time from process start to a REPL's first prompt, as a person at a terminal sees it.

Each run starts the REPL on a fresh pseudo-terminal, reads until its prompt appears, and sends
end-of-file. The result is the median over runs, in milliseconds.
"""
import os, pty, select, signal, statistics, time


def first_prompt_ms(argv, prompt, env=None, timeout=10.0):
    """Milliseconds from fork to `prompt` (bytes) appearing on the pty; raises on timeout."""
    start = time.perf_counter()
    pid, master = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, dict(os.environ, **(env or {})))
    seen = b""
    try:
        while prompt not in seen:
            left = timeout - (time.perf_counter() - start)
            if left <= 0 or not select.select([master], [], [], left)[0]:
                raise TimeoutError(f"{argv[0]} showed no prompt {prompt!r} in {timeout} s; it printed {seen[-200:]!r}")
            try:
                chunk = os.read(master, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                raise RuntimeError(f"{argv[0]} exited before its prompt; it printed {seen[-200:]!r}")
            seen += chunk
        return (time.perf_counter() - start) * 1000
    finally:
        try:
            os.write(master, b"\x04")
            deadline = time.perf_counter() + 2
            while os.waitpid(pid, os.WNOHANG) == (0, 0):
                if time.perf_counter() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    break
                time.sleep(0.01)
        except (OSError, ChildProcessError):
            pass
        os.close(master)


def median_first_prompt_ms(argv, prompt, runs=15, env=None):
    """The median of `runs` timings, after one untimed run that warms the file cache."""
    first_prompt_ms(argv, prompt, env)
    return statistics.median(first_prompt_ms(argv, prompt, env) for _ in range(runs))
