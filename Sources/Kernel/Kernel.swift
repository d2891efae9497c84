import DLScript
import Dispatch
import Foundation
import JupyterWire

/// A running kernel: the five sockets of a connection file, each owned by one thread.
/// - heartbeat: echoes on its own thread;
/// - shell: reads requests and runs them, one at a time, on its own thread (the DL session
///   lives there);
/// - control: `kernel_info`, `interrupt_request` and `shutdown_request` on its own thread, so
///   they are served while a cell runs;
/// - iopub: the publisher's thread sends what any thread publishes, in order;
/// - stdin: read on its own thread and dropped (DL code never asks for input), so what a client
///   sends there cannot pile up in memory.
///
/// Every socket refuses messages over `Socket.maxMessageBytes`; the three request channels share
/// one `SignatureHistory`, so a message replayed on any of them is dropped.
final class Kernel: @unchecked Sendable {
    private let context: SocketContext
    private let publisher: Publisher
    private let shellChannel: RequestChannel
    private let controlChannel: RequestChannel
    private let heartbeat: Socket
    private let stdinChannel: RequestChannel
    /// The DL session, handed to the shell thread, which alone uses it from then on. Its
    /// `train … workers n` runs the dlrepl installed beside this kernel as each worker.
    private let session = Session(options: Kernel.sessionOptions)

    static var sessionOptions: SessionOptions {
        var options = SessionOptions()
        let beside = Bundle.main.executableURL.map { $0.deletingLastPathComponent().appendingPathComponent("dlrepl").path }
        if let beside, FileManager.default.isExecutableFile(atPath: beside) { options.workerCommand = beside }
        return options
    }
    /// Stops the session's running cell from the control thread and the SIGINT handler.
    private let interrupter: Interrupter
    private let info: JSON
    private let stopping = DispatchSemaphore(value: 0)

    /// Binds every socket the connection file names; throws with the endpoint that failed.
    init(connection: ConnectionFile) throws(KernelStartError) {
        let signer = MessageSigner(key: connection.key)
        let session = UUID().uuidString.lowercased()
        let context = SocketContext()
        self.context = context
        let history = SignatureHistory()
        interrupter = self.session.interrupter
        func bound(_ kind: Socket.Kind, _ port: Int, linger: Int32 = 1000) throws(KernelStartError) -> Socket {
            let endpoint = connection.endpoint(port)
            do {
                let socket = try Socket(kind, in: context, linger: linger)
                try socket.bind(endpoint)
                return socket
            } catch {
                throw KernelStartError(endpoint: endpoint, reason: error.description)
            }
        }
        publisher = Publisher(socket: try bound(.publisher, connection.iopubPort), signer: signer, session: session)
        func channel(_ name: String, _ port: Int, linger: Int32 = 1000) throws(KernelStartError) -> RequestChannel {
            RequestChannel(
                name: name, socket: try bound(.router, port, linger: linger), signer: signer, session: session,
                history: history)
        }
        shellChannel = try channel("shell", connection.shellPort)
        controlChannel = try channel("control", connection.controlPort)
        stdinChannel = try channel("stdin", connection.stdinPort, linger: 0)
        heartbeat = try bound(.reply, connection.hbPort, linger: 0)
        info = KernelInfo.content()
    }

    /// Serves until a `shutdown_request`, then exits the process.
    func run() -> Never {
        publisher.start()
        publisher.status("starting", parent: nil)
        Heartbeat.start(heartbeat)
        let shell = Shell(channel: shellChannel, publisher: publisher, session: session, info: info) {
            [self] request, channel in shutDown(request, replyingOn: channel)
        }
        shellChannel.start(shell.handle)
        controlChannel.start { [self] request in control(request) }
        stdinChannel.start { request in Log.dropped("stdin: dropped a \(request.type): DL never asks for input") }
        let interrupts = watchInterruptSignal()
        let parent = ParentWatch.start { [interrupter, stopping] in
            interrupter.interrupt()
            stopping.signal()
        }
        stopping.wait()
        interrupts.cancel()
        parent?.cancel()
        // Everything is published; stop the sockets and leave within a second, even if a
        // training thread is still finishing its batch.
        publisher.stop()
        context.shutdown()
        let terminated = DispatchSemaphore(value: 0)
        Thread { [context] in
            context.terminate()
            terminated.signal()
        }.start()
        _ = terminated.wait(timeout: .now() + 1)
        // _exit, not exit: exit's handlers tear down libraries (OpenBLAS's threads among them)
        // that a training thread may still be inside; there is nothing left to flush.
        fflush(nil)
        _exit(0)
    }

    private func control(_ request: Message) {
        switch request.type {
        case "shutdown_request":
            shutDown(request, replyingOn: controlChannel)
        case "interrupt_request":
            publisher.whileBusy(with: request) {
                interrupter.interrupt()
                controlChannel.reply(to: request, ["status": "ok"])
            }
        case "kernel_info_request":
            publisher.whileBusy(with: request) { controlChannel.reply(to: request, info) }
        default:
            publisher.whileBusy(with: request) { Log.write("control: no handler for \(request.type); ignored") }
        }
    }

    /// Replies to a shutdown request (the client restarts the process when it asked for a
    /// restart), stops any running cell and wakes `run` to leave.
    private func shutDown(_ request: Message, replyingOn channel: RequestChannel) {
        publisher.whileBusy(with: request) {
            interrupter.interrupt()
            channel.reply(to: request, ["status": "ok", "restart": .bool(request.content["restart"]?.bool ?? false)])
        }
        publisher.flush()
        stopping.signal()
    }

    /// SIGINT, as `jupyter_client` sends when a kernelspec asks for `signal` interrupts, or
    /// Ctrl-C in the terminal that started the kernel: interrupts the running cell.
    private func watchInterruptSignal() -> DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [interrupter] in interrupter.interrupt() }
        source.resume()
        return source
    }
}

/// A socket the kernel could not bind.
struct KernelStartError: Error, CustomStringConvertible {
    var endpoint: String
    var reason: String

    var description: String {
        "dlkernel: cannot bind \(endpoint): \(reason) (is another kernel using this connection file's ports?)"
    }
}
