import Foundation
import JupyterWire

/// A ROUTER channel that clients send requests on: shell, control or stdin. Its thread alone owns
/// the socket: it reads each message, checks its signature, shape and that it is not a replay,
/// and hands the good ones to a handler, which replies through `reply` on the same thread.
/// Anything else is logged (at a bounded rate) and dropped, unanswered.
final class RequestChannel: @unchecked Sendable {
    let name: String
    private let socket: Socket
    private let signer: MessageSigner
    private let session: String
    private let history: SignatureHistory

    init(name: String, socket: Socket, signer: MessageSigner, session: String, history: SignatureHistory) {
        self.name = name
        self.socket = socket
        self.signer = signer
        self.session = session
        self.history = history
    }

    /// Starts the channel's thread, which calls `handler` for each request until the context
    /// shuts down.
    func start(_ handler: @escaping @Sendable (Message) -> Void) {
        let thread = Thread { [self] in
            while true {
                do throws(SocketError) {
                    guard let frames = try socket.receive() else { continue }
                    if let request = parse(frames) { handler(request) }
                } catch {
                    if error != .terminated { Log.write("\(name): \(error)") }
                    socket.close()
                    return
                }
            }
        }
        thread.name = "dlkernel.\(name)"
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// The requests already waiting on the socket, read without waiting for more.
    func waiting() -> [Message] {
        var requests: [Message] = []
        while let frames = try? socket.receive(wait: false) {
            if let request = parse(frames) { requests.append(request) }
        }
        return requests
    }

    /// Sends the reply to `request`: `kernel_info_request` gets a `kernel_info_reply`.
    func reply(to request: Message, _ content: JSON) {
        let type = request.type.hasSuffix("_request") ? String(request.type.dropLast(8)) + "_reply" : request.type + "_reply"
        let message = Message(type, content: content, parent: request, session: session)
        do {
            try socket.send(message.frames(signer: signer))
        } catch {
            Log.write("\(name): could not send \(type): \(error)")
        }
    }

    private func parse(_ frames: [Data]) -> Message? {
        do throws(MessageError) {
            let message = try Message(frames: frames, signer: signer)
            guard history.accept(message.signature) else { throw .replayed }
            return message
        } catch {
            Log.dropped("\(name): dropped a message: \(error)")
            return nil
        }
    }
}
