import Crypto
import Foundation

/// Signs and checks messages: HMAC-SHA256 under the connection file's key, over the header,
/// parent header, metadata and content frames exactly as they travel. An empty key means
/// messages are not signed (the signature frame is empty).
public struct MessageSigner: Sendable {
    private let key: SymmetricKey?

    public init(key: String) {
        self.key = key.isEmpty ? nil : SymmetricKey(data: Data(key.utf8))
    }

    /// The lowercase hex signature of `frames`, or "" without a key.
    public func signature(of frames: [Data]) -> String {
        guard let key else { return "" }
        return Data(Self.code(of: frames, key: key)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` (hex) signs `frames`, compared in constant time. Without a key every
    /// message is accepted; with one, an empty or malformed signature is not.
    public func verifies(_ signature: Data, of frames: [Data]) -> Bool {
        guard let key else { return true }
        guard let expected = Self.bytes(fromHex: signature) else { return false }
        return Self.code(of: frames, key: key) == expected
    }

    private static func code(of frames: [Data], key: SymmetricKey) -> HashedAuthenticationCode<SHA256> {
        var hmac = HMAC<SHA256>(key: key)
        for frame in frames { hmac.update(data: frame) }
        return hmac.finalize()
    }

    /// The bytes a hex string spells, or nil (odd length, a non-hex digit, or not 32 bytes).
    private static func bytes(fromHex hex: Data) -> Data? {
        guard hex.count == 64 else { return nil }
        var bytes = Data(capacity: 32)
        var high: UInt8?
        for character in hex {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }
}
