import Foundation
import JupyterWire

/// The iopub channel. Its thread alone owns the PUB socket; every other thread (the shell, the
/// control thread, a training run's thread) hands it messages through `publish`, and they go
/// out in the order they were handed over.
final class Publisher: @unchecked Sendable {
    private let socket: Socket
    private let signer: MessageSigner
    let session: String
    private let condition = NSCondition()
    private var queue: [Message] = []
    private var sending = false
    private var stopped = false

    init(socket: Socket, signer: MessageSigner, session: String) {
        self.socket = socket
        self.signer = signer
        self.session = session
    }

    /// Starts the thread that sends.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "dlkernel.iopub"
        thread.start()
    }

    /// Queues a message of `type` for every subscriber, as a child of `parent`.
    func publish(_ type: String, _ content: JSON, parent: Message?) {
        var message = Message(type, content: content, parent: parent, session: session)
        message.identities = [Data("kernel.\(session).\(type)".utf8)]
        condition.lock()
        if !stopped {
            queue.append(message)
            condition.signal()
        }
        condition.unlock()
    }

    /// Publishes `status` with `state` (`busy`, `idle`, `starting`).
    func status(_ state: String, parent: Message?) {
        publish("status", ["execution_state": .string(state)], parent: parent)
    }

    /// Runs `body` between `busy` and `idle` statuses for `request`: what `body` publishes and
    /// replies comes before idle.
    func whileBusy(with request: Message, _ body: () -> Void) {
        status("busy", parent: request)
        body()
        status("idle", parent: request)
    }

    /// Waits until everything queued so far has been handed to libzmq.
    func flush() {
        condition.lock()
        while !queue.isEmpty || sending { condition.wait() }
        condition.unlock()
    }

    /// Sends what is queued, then closes the socket; later messages are dropped.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        flush()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopped { condition.wait() }
            if queue.isEmpty && stopped {
                condition.unlock()
                socket.close()
                return
            }
            let batch = queue
            queue = []
            sending = true
            condition.unlock()
            for message in batch {
                do {
                    try socket.send(message.frames(signer: signer))
                } catch {
                    Log.write("iopub: could not send \(message.type): \(error)")
                }
            }
            condition.lock()
            sending = false
            condition.broadcast()
            condition.unlock()
        }
    }
}
