import Foundation

/// One Jupyter message: routing identities, then the signed parts (header, parent header,
/// metadata, content) and any binary buffers.
public struct Message: Sendable {
    public static let delimiter = Data("<IDS|MSG>".utf8)
    public static let protocolVersion = "5.3"

    public var identities: [Data] = []
    public var header: JSON
    public var parentHeader: JSON = [:]
    public var metadata: JSON = [:]
    public var content: JSON
    public var buffers: [Data] = []
    /// The signature it arrived with (empty for a message made here, or when nothing is signed).
    public var signature = Data()

    public var type: String { header["msg_type"]?.string ?? "" }

    /// A new message of `type` answering `parent` (if any), to the same identities and session.
    public init(_ type: String, content: JSON, parent: Message? = nil, session: String) {
        header = [
            "msg_id": .string(UUID().uuidString.lowercased()),
            "session": .string(session),
            "username": "dlkernel",
            "date": .string(Self.timestamp()),
            "msg_type": .string(type),
            "version": .string(Self.protocolVersion),
        ]
        self.content = content
        if let parent {
            identities = parent.identities
            parentHeader = parent.header
        }
    }

    /// Reads the frames of a multipart message, checking the signature. Throws, and says which
    /// part is wrong, for anything a well-behaved client would not send.
    public init(frames: [Data], signer: MessageSigner) throws(MessageError) {
        guard let split = frames.firstIndex(of: Self.delimiter) else { throw .noDelimiter }
        let signed = frames[(split + 1)...]
        guard signed.count >= 5 else { throw .missingFrames(signed.count) }
        let parts = Array(signed.dropFirst().prefix(4))
        guard signer.verifies(signed[signed.startIndex], of: parts) else { throw .badSignature }
        let names = ["header", "parent_header", "metadata", "content"]
        var values: [JSON] = []
        for (name, part) in zip(names, parts) {
            guard let value = JSON(parsing: part), value.object != nil else { throw .notAnObject(name) }
            values.append(value)
        }
        guard values[0]["msg_type"]?.string?.isEmpty == false else { throw .noType }
        identities = Array(frames[..<split])
        (header, parentHeader, metadata, content) = (values[0], values[1], values[2], values[3])
        buffers = Array(signed.dropFirst(5))
        signature = signed[signed.startIndex]
    }

    /// The frames to send: identities, delimiter, signature, the four JSON parts, buffers.
    public func frames(signer: MessageSigner) -> [Data] {
        let parts = [header.encoded, parentHeader.encoded, metadata.encoded, content.encoded]
        return identities + [Self.delimiter, Data(signer.signature(of: parts).utf8)] + parts + buffers
    }

    /// ISO 8601 with microseconds, in UTC, as Jupyter writes dates.
    private static func timestamp() -> String {
        let now = Date().timeIntervalSince1970
        let seconds = Int(now.rounded(.down))
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let micro = Int((now - Double(seconds)) * 1_000_000)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), micro)
    }
}

/// Why received frames are not a message the kernel may act on; logged, never answered.
public enum MessageError: Error, Equatable, CustomStringConvertible {
    case noDelimiter
    case missingFrames(Int)
    case badSignature
    case notAnObject(String)
    case noType
    case replayed

    public var description: String {
        switch self {
        case .noDelimiter: "no <IDS|MSG> delimiter frame"
        case let .missingFrames(count): "\(count) frames after the delimiter; a message needs 5 (signature and four JSON parts)"
        case .badSignature: "the signature does not match the connection file's key"
        case let .notAnObject(part): "the \(part) frame is not a JSON object"
        case .noType: "the header has no msg_type"
        case .replayed: "its signature was seen before: a message is acted on once (a replay?)"
        }
    }
}
