import Foundation
import Synchronization

/// The signatures of the messages the kernel has accepted lately, on every channel, so that a
/// captured message sent again (from any socket identity) is dropped instead of run twice, as
/// jupyter_client's Session does. Bounded: past `capacity` the oldest are forgotten.
public final class SignatureHistory: Sendable {
    /// How many signatures are remembered.
    public let capacity: Int
    private let state = Mutex(State())

    private struct State {
        var seen: Set<Data> = []
        var order: [Data] = []
        var next = 0
    }

    public init(capacity: Int = 1 << 16) { self.capacity = capacity }

    /// Records `signature`; false when it was seen before (a replay). Unsigned messages (an empty
    /// signature, when the connection file has no key) cannot be told apart and always pass.
    public func accept(_ signature: Data) -> Bool {
        guard !signature.isEmpty else { return true }
        return state.withLock { state in
            guard state.seen.insert(signature).inserted else { return false }
            if state.order.count < capacity {
                state.order.append(signature)
            } else {
                state.seen.remove(state.order[state.next])
                state.order[state.next] = signature
                state.next = (state.next + 1) % capacity
            }
            return true
        }
    }
}
