import CZeroMQ
import Foundation
import JupyterWire

/// A ZeroMQ context: the I/O threads every socket of the kernel shares.
final class SocketContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    init() {
        guard let handle = zmq_ctx_new() else { fatalError("dlkernel: libzmq could not make a context") }
        self.handle = handle
    }

    /// Makes every blocking call on this context's sockets return `SocketError.terminated`, so
    /// each owner thread can close its socket and stop.
    func shutdown() { zmq_ctx_shutdown(handle) }

    /// Waits until every socket is closed and their queued messages are sent (or their linger
    /// time has passed), then frees the context.
    func terminate() {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}

/// Why a socket call failed.
enum SocketError: Error, Equatable, CustomStringConvertible {
    /// The context is shutting down: close the socket and stop.
    case terminated
    /// Any other libzmq error, with its message.
    case failed(String)

    static func last() -> SocketError {
        let code = zmq_errno()
        return code == ETERM ? .terminated : .failed(String(cString: zmq_strerror(code)))
    }

    var description: String {
        switch self {
        case .terminated: "the context is shutting down"
        case let .failed(message): message
        }
    }
}

/// One ZeroMQ socket. Not thread-safe, as libzmq's sockets are not: one thread owns each, and
/// hands it on only before it starts using it (hence `@unchecked Sendable`).
final class Socket: @unchecked Sendable {
    enum Kind {
        case router, publisher, reply

        var value: Int32 {
            switch self {
            case .router: ZMQ_ROUTER
            case .publisher: ZMQ_PUB
            case .reply: ZMQ_REP
            }
        }
    }

    let handle: UnsafeMutableRawPointer
    private var closed = false

    /// The largest message a peer may send: far past any cell, and small enough that a forged
    /// giant cannot take the machine's memory. libzmq drops the connection of a peer that sends more.
    static let maxMessageBytes: Int64 = 64 << 20

    /// A socket that keeps unsent messages for at most `linger` milliseconds after it is closed.
    init(_ kind: Kind, in context: SocketContext, linger: Int32 = 1000) throws(SocketError) {
        guard let handle = zmq_socket(context.handle, kind.value) else { throw .last() }
        self.handle = handle
        var value = linger
        zmq_setsockopt(handle, ZMQ_LINGER, &value, MemoryLayout<Int32>.size)
        var limit = Self.maxMessageBytes
        zmq_setsockopt(handle, ZMQ_MAXMSGSIZE, &limit, MemoryLayout<Int64>.size)
    }

    deinit { close() }

    /// Binds to an endpoint such as `tcp://127.0.0.1:5555` or `ipc://kernel-ipc-1`.
    func bind(_ endpoint: String) throws(SocketError) {
        if zmq_bind(handle, endpoint) != 0 { throw .last() }
    }

    /// Sends a multipart message.
    func send(_ frames: [Data]) throws(SocketError) {
        for (index, frame) in frames.enumerated() {
            let flags = index < frames.count - 1 ? ZMQ_SNDMORE : 0
            while true {
                let sent = frame.withUnsafeBytes { bytes in
                    zmq_send(handle, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), bytes.count, flags)
                }
                if sent >= 0 { break }
                if zmq_errno() != EINTR { throw .last() }
            }
        }
    }

    /// Receives every frame of the next message, waiting for it; or, with `wait` false, nil
    /// when no message is queued.
    func receive(wait: Bool = true) throws(SocketError) -> [Data]? {
        var frames: [Data] = []
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        while true {
            let flags = wait || !frames.isEmpty ? 0 : ZMQ_DONTWAIT
            if zmq_msg_recv(&message, handle, flags) < 0 {
                let code = zmq_errno()
                if code == EINTR { continue }
                if code == EAGAIN && frames.isEmpty { return nil }
                throw .last()
            }
            frames.append(Data(bytes: zmq_msg_data(&message), count: zmq_msg_size(&message)))
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }

    /// Closes the socket; its queued messages go out within its linger time.
    func close() {
        guard !closed else { return }
        closed = true
        zmq_close(handle)
    }
}
