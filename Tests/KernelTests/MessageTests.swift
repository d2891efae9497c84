import Foundation
import JupyterWire
import Testing

@testable import Kernel

/// The wire format: frames in, checked message out, and back.
@Suite("Jupyter messages")
struct MessageTests {
    let signer = MessageSigner(key: "a0436f6c-1916-498b-8eb9-e81ab9368e84")

    func frames(_ header: String, content: String = "{}", signature: String? = nil, key: MessageSigner? = nil) -> [Data] {
        let parts = [header, "{}", "{}", content].map { Data($0.utf8) }
        let signed = signature ?? (key ?? signer).signature(of: parts)
        return [Data("client-1".utf8), Message.delimiter, Data(signed.utf8)] + parts
    }

    @Test("HMAC-SHA256 over the four JSON frames, as Python's hmac computes it")
    func knownSignature() {
        // hmac.new(b"key", b"{}" * 4, hashlib.sha256).hexdigest()
        let parts = Array(repeating: Data("{}".utf8), count: 4)
        #expect(
            MessageSigner(key: "key").signature(of: parts)
                == "ca767b02c5bc061ed184a9a029e7f93a7f2f7ed4e8fe74120fc1212f0b008fa3")
        #expect(MessageSigner(key: "").signature(of: parts) == "")
    }

    @Test("a signed message parses, and its reply round-trips with identities and parent")
    func roundTrip() throws {
        let request = try Message(
            frames: frames(#"{"msg_id":"1","msg_type":"kernel_info_request","session":"s"}"#), signer: signer)
        #expect(request.type == "kernel_info_request")
        #expect(request.identities == [Data("client-1".utf8)])
        let reply = Message("kernel_info_reply", content: ["status": "ok", "count": 3], parent: request, session: "k")
        let back = try Message(frames: reply.frames(signer: signer), signer: signer)
        #expect(back.identities == request.identities)
        #expect(back.parentHeader["msg_id"] == "1")
        #expect(back.content["count"]?.integer == 3)
        #expect(back.header["version"] == "5.3")
    }

    @Test("bad, missing and malformed signatures are refused when a key is set")
    func signatures() {
        let header = #"{"msg_id":"1","msg_type":"execute_request"}"#
        #expect(throws: MessageError.badSignature) { try Message(frames: frames(header, signature: ""), signer: signer) }
        #expect(throws: MessageError.badSignature) {
            try Message(frames: frames(header, signature: String(repeating: "0", count: 64)), signer: signer)
        }
        #expect(throws: MessageError.badSignature) {
            try Message(frames: frames(header, key: MessageSigner(key: "other")), signer: signer)
        }
        #expect(throws: MessageError.badSignature) { try Message(frames: frames(header, signature: "zz"), signer: signer) }
        var tampered = frames(header, content: #"{"code":"1"}"#)
        tampered[6] = Data(#"{"code":"2"}"#.utf8)
        #expect(throws: MessageError.badSignature) { try Message(frames: tampered, signer: signer) }
        #expect(throws: Never.self) { try Message(frames: frames(header, signature: ""), signer: MessageSigner(key: "")) }
    }

    @Test("malformed frames are refused with the part named")
    func malformed() {
        #expect(throws: MessageError.noDelimiter) { try Message(frames: [Data("x".utf8)], signer: signer) }
        #expect(throws: MessageError.missingFrames(2)) {
            try Message(frames: [Message.delimiter, Data(), Data("{}".utf8)], signer: signer)
        }
        #expect(throws: MessageError.notAnObject("header")) { try Message(frames: frames("[1"), signer: signer) }
        #expect(throws: MessageError.notAnObject("content")) {
            try Message(frames: frames(#"{"msg_type":"x"}"#, content: "7"), signer: signer)
        }
        #expect(throws: MessageError.noType) { try Message(frames: frames(#"{"msg_id":"1"}"#), signer: signer) }
        for _ in 0..<2000 {
            let garbage = (0..<Int.random(in: 0...8)).map { _ in
                Data((0..<Int.random(in: 0...12)).map { _ in UInt8.random(in: 0...255) })
            }
            _ = try? Message(frames: garbage + (Bool.random() ? [Message.delimiter] : []) + garbage, signer: signer)
        }
    }

    @Test("connection files: tcp and ipc endpoints, and errors that name the file and the field")
    func connectionFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kernel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func write(_ text: String) throws -> String {
            let path = folder.appendingPathComponent("\(UUID().uuidString).json").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let ports = #""shell_port":5001,"iopub_port":5002,"stdin_port":5003,"control_port":5004,"hb_port":5005"#
        let tcp = try ConnectionFile.read(write(#"{"transport":"tcp","ip":"127.0.0.1","key":"k",\#(ports)}"#))
        #expect(tcp.endpoint(tcp.shellPort) == "tcp://127.0.0.1:5001")
        #expect(tcp.signatureScheme == "hmac-sha256")
        let ipc = try ConnectionFile.read(write(#"{"transport":"ipc","ip":"/tmp/kernel","key":"",\#(ports)}"#))
        #expect(ipc.endpoint(ipc.hbPort) == "ipc:///tmp/kernel-5005")
        let missing = try write(#"{"shell_port":1}"#)
        #expect(throws: ConnectionFileError.self) { try ConnectionFile.read(missing) }
        do {
            _ = try ConnectionFile.read(missing)
        } catch {
            #expect(error.description == "dlkernel: connection file \(missing) has no 'iopub_port'")
        }
        let udp = try write(#"{"transport":"udp",\#(ports)}"#)
        do {
            _ = try ConnectionFile.read(udp)
        } catch {
            #expect(error.description.hasSuffix("names transport 'udp'; only tcp and ipc work"))
        }
    }
}
