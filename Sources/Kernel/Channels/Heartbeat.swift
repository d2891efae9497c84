import Foundation

/// The heartbeat channel: echoes every ping on a thread of its own, so a client sees the kernel
/// alive even while a cell trains.
enum Heartbeat {
    /// Starts echoing on `socket` (a REP socket) until the context shuts down.
    static func start(_ socket: Socket) {
        let thread = Thread {
            while true {
                do throws(SocketError) {
                    guard let ping = try socket.receive() else { continue }
                    try socket.send(ping)
                } catch {
                    if error != .terminated { Log.write("heartbeat: \(error)") }
                    socket.close()
                    return
                }
            }
        }
        thread.name = "dlkernel.heartbeat"
        thread.start()
    }
}
