// The wire target of `dlfuzz`: each input is a multipart message, its frames separated by NUL
// bytes, read as the kernel reads what arrives on a socket. A message that parses must survive
// a round trip through the kernel's own encoder.
import Foundation
import JupyterWire

private let unsigned = MessageSigner(key: "")
private let signed = MessageSigner(key: "fuzz-key")

func fuzzWire(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let frames = UnsafeBufferPointer(start: data, count: size).split(separator: 0, omittingEmptySubsequences: false)
        .map { Data($0) }
    for signer in [unsigned, signed] {
        guard let message = try? Message(frames: frames, signer: signer) else { continue }
        let again = try? Message(frames: message.frames(signer: signer), signer: signer)
        precondition(again?.header == message.header && again?.content == message.content, "a round trip changed the message")
    }
    return 0
}
