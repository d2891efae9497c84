import Foundation

/// dlrepl in a real pseudo-terminal: the test types bytes into the pty's master side and reads
/// back what dlrepl draws, kept as a screen by `Screen`. No tmux and no daemon: the child is
/// spawned straight onto the pty as a session leader, so Ctrl-C reaches it as the kernel's SIGINT.
final class Terminal {
    /// Bytes for keys a test types.
    enum Key {
        static let enter = "\r"
        static let tab = "\t"
        static let up = "\u{1B}[A"
        static let controlC = "\u{03}"
        static let controlD = "\u{04}"
        static let controlR = "\u{12}"
    }

    private let master: Int32
    /// Held open for the terminal's life, so reading the master never fails with EIO while
    /// dlrepl starts or after it exits.
    private let slave: Int32
    private let pid: pid_t
    private var screen = Screen()
    private var status: Int32?

    /// Starts `dlrepl` on a new 100x40 pty with `environment` added to this process's.
    init(environment: [String: String]) throws {
        var window = winsize(ws_row: 40, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        var (master, slave): (Int32, Int32) = (0, 0)
        var name = [CChar](repeating: 0, count: 256)  // ttyname_r: tests run on several threads
        guard openpty(&master, &slave, nil, nil, &window) == 0, ttyname_r(slave, &name, name.count) == 0 else {
            throw POSIXError(.ENOTTY)
        }
        // Other tests spawn children at the same time; they must not inherit this pty.
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
        let variables = ProcessInfo.processInfo.environment.merging(environment.merging(["TERM": "xterm"]) { $1 }) { $1 }
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let argv = [strdup(Command.executable)] + [nil]
        defer { for pointer in envp + argv { free(pointer) } }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new session (POSIX_SPAWN_SETSID, 0x80 in glibc) whose first tty opened becomes its
        // controlling terminal; no signal blocked or ignored whatever the test runner's threads hold.
        posix_spawnattr_setflags(&attributes, Int16(0x80 | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        for signal in [SIGINT, SIGPIPE, SIGTERM, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, name, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, STDIN_FILENO, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, STDIN_FILENO, STDERR_FILENO)

        var pid = pid_t()
        let spawned = posix_spawn(&pid, Command.executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            close(master)
            close(slave)
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .ENOENT)
        }
        self.master = master
        self.slave = slave
        self.pid = pid
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            waitpid(pid, nil, 0)
        }
        close(master)
        close(slave)
    }

    /// Types `keys` (text, or `Key` bytes), one piece at a time as a person would.
    func send(_ keys: String...) {
        for key in keys {
            let bytes = Array(key.utf8)
            _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            usleep(30_000)
        }
    }

    /// Reads what dlrepl draws until `condition` holds for the screen or `timeout` seconds pass;
    /// returns the screen.
    @discardableResult
    func wait(_ timeout: Double = 10, until condition: (String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var text = screen.text
        while !condition(text) && Date() < deadline {
            guard readAvailable(milliseconds: 50) else { break }
            text = screen.text
        }
        return text
    }

    /// Waits up to `timeout` seconds for dlrepl to exit; returns its exit status, or nil.
    func exitStatus(within timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while status == nil && Date() < deadline {
            _ = readAvailable(milliseconds: 50)
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
            }
        }
        return status
    }

    /// Feeds the screen whatever arrives within `milliseconds`; false if the pty fails.
    private func readAvailable(milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        if count < 0 && (errno == EINTR || errno == EAGAIN) { return true }  // other tests' children signal us
        guard count > 0 else { return false }
        screen.feed(buffer[0..<count])
        return true
    }
}
