import DLScript
import Foundation

/// Ctrl-C, routed to whoever is waiting: while code runs, it cancels the run (training stops
/// after its current batch); at the prompt, it wakes the line editor, which clears the line.
///
/// The signal handler only writes a byte to a pipe (all a handler may safely do). A watcher
/// thread reads it and either interrupts the session's run or, when nothing runs, passes the byte
/// on to the prompt's pipe, which the line editor polls beside standard input.
final class Interrupts: Sendable {
    /// The read end of the pipe the prompt polls.
    let promptDescriptor: Int32
    private let promptWriter: Int32
    /// Given to every session the REPL starts, so Ctrl-C stops whichever runs.
    let interrupter = Interrupter()

    init() {
        var signalPipe: [Int32] = [0, 0]
        var promptPipe: [Int32] = [0, 0]
        guard pipe(&signalPipe) == 0, pipe(&promptPipe) == 0 else { fatalError("dlrepl: cannot create a pipe") }
        promptDescriptor = promptPipe[0]
        promptWriter = promptPipe[1]
        signalDescriptor = signalPipe[1]
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(signalDescriptor, &byte, 1)
        }
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked (spawning from a thread that blocks
        // it passes the mask on); unblock it, or Ctrl-C would never arrive.
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        let reader = signalPipe[0]
        let thread = Thread { [self] in
            var byte: UInt8 = 0
            while read(reader, &byte, 1) == 1 {
                if !interrupter.interrupt() { _ = write(promptWriter, &byte, 1) }
            }
        }
        thread.name = "dlrepl.interrupts"
        thread.start()
    }

    /// Empties the prompt's pipe after the prompt has handled an interrupt.
    func drainPrompt() {
        var byte: UInt8 = 0
        var poller = pollfd(fd: promptDescriptor, events: Int16(POLLIN), revents: 0)
        while poll(&poller, 1, 0) == 1 && read(promptDescriptor, &byte, 1) == 1 {}
    }
}

/// The write end of the signal pipe, for the handler (which cannot capture context).
nonisolated(unsafe) private var signalDescriptor: Int32 = -1
