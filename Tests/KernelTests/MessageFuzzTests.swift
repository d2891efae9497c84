import Foundation
import JupyterWire
import Testing

@testable import Kernel

/// Random damage to well-formed messages: whatever arrives, parsing either yields a message or
/// throws a `MessageError`; it never traps. (A trap here would kill the kernel mid-notebook.)
@Suite("Jupyter messages under random damage")
struct MessageFuzzTests {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    let signer = MessageSigner(key: "")

    var valid: [Data] {
        let request = Message(
            "execute_request", content: ["code": "print \"é\"\r\ntrain m on d", "silent": false, "cursor_pos": 3],
            session: "fuzz")
        var message = request
        message.identities = [Data("client".utf8)]
        return message.frames(signer: signer)
    }

    func damaged(_ frames: [Data], _ random: inout Random) -> [Data] {
        var frames = frames
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let index = Int.random(in: 0..<frames.count, using: &random)
            var frame = [UInt8](frames[index])
            switch Int.random(in: 0..<7, using: &random) {
            case 0 where !frame.isEmpty:
                frame[Int.random(in: 0..<frame.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            case 1 where !frame.isEmpty:
                frame.removeLast(Int.random(in: 1...frame.count, using: &random))
            case 2:
                frame.insert(
                    contentsOf: Array("{}[]\",:\\u00".utf8).shuffled(using: &random),
                    at: Int.random(in: 0...frame.count, using: &random))
            case 3 where frames.count > 1:
                frames.remove(at: index)
                continue
            case 4:
                frames.insert(frames[index], at: index)
            case 5:
                frame = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            default:
                frames.swapAt(index, Int.random(in: 0..<frames.count, using: &random))
                continue
            }
            frames[index] = Data(frame)
        }
        return frames
    }

    @Test("20,000 damaged messages: each parses or is refused with a reason")
    func damagedMessages() {
        var random = Random(state: 6)
        let valid = self.valid
        var refused: [String: Int] = [:]
        for _ in 0..<20_000 {
            do throws(MessageError) {
                let message = try Message(frames: damaged(valid, &random), signer: signer)
                _ = message.frames(signer: signer)
                refused["accepted", default: 0] += 1
            } catch {
                refused[error.description, default: 0] += 1
            }
        }
        // Enough of each kind of damage was seen to mean something.
        #expect(refused["accepted", default: 0] > 100)
        #expect(refused.keys.contains { $0.contains("not a JSON object") })
        #expect(refused.keys.contains("no <IDS|MSG> delimiter frame"))
    }

    @Test("signed messages with damage are refused by the signature, never parsed further")
    func damagedSignedMessages() {
        let keyed = MessageSigner(key: "secret")
        var random = Random(state: 7)
        var message = Message("kernel_info_request", content: [:], session: "fuzz")
        message.identities = [Data("client".utf8)]
        let valid = message.frames(signer: keyed)
        for _ in 0..<5_000 {
            let frames = damaged(valid, &random)
            guard frames != valid else { continue }
            do throws(MessageError) {
                let parsed = try Message(frames: frames, signer: keyed)
                // Only damage outside the signed parts (identities, buffers) may pass.
                #expect(parsed.header == message.header)
            } catch {}
        }
    }
}
