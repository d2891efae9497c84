import Foundation

/// The connection file a Jupyter client writes and passes as `-f FILE`: where to bind the five
/// sockets and the key that signs messages.
struct ConnectionFile: Decodable, Equatable {
    var transport: String
    var ip: String
    var shellPort: Int
    var iopubPort: Int
    var stdinPort: Int
    var controlPort: Int
    var hbPort: Int
    var key: String
    var signatureScheme: String

    enum CodingKeys: String, CodingKey {
        case transport, ip, key
        case shellPort = "shell_port"
        case iopubPort = "iopub_port"
        case stdinPort = "stdin_port"
        case controlPort = "control_port"
        case hbPort = "hb_port"
        case signatureScheme = "signature_scheme"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        transport = try container.decodeIfPresent(String.self, forKey: .transport) ?? "tcp"
        ip = try container.decodeIfPresent(String.self, forKey: .ip) ?? "127.0.0.1"
        shellPort = try container.decode(Int.self, forKey: .shellPort)
        iopubPort = try container.decode(Int.self, forKey: .iopubPort)
        stdinPort = try container.decode(Int.self, forKey: .stdinPort)
        controlPort = try container.decode(Int.self, forKey: .controlPort)
        hbPort = try container.decode(Int.self, forKey: .hbPort)
        key = try container.decodeIfPresent(String.self, forKey: .key) ?? ""
        signatureScheme = try container.decodeIfPresent(String.self, forKey: .signatureScheme) ?? "hmac-sha256"
    }

    /// Reads and checks `path`; the error names the file and what is wrong with it.
    static func read(_ path: String) throws(ConnectionFileError) -> ConnectionFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConnectionFileError(path: path, problem: "cannot be read")
        }
        let file: ConnectionFile
        do {
            file = try JSONDecoder().decode(ConnectionFile.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw ConnectionFileError(path: path, problem: "has no '\(key.stringValue)'")
        } catch {
            throw ConnectionFileError(path: path, problem: "is not a connection file (JSON with ports and a key)")
        }
        guard ["tcp", "ipc"].contains(file.transport) else {
            throw ConnectionFileError(path: path, problem: "names transport '\(file.transport)'; only tcp and ipc work")
        }
        guard file.signatureScheme == "hmac-sha256" || file.key.isEmpty else {
            throw ConnectionFileError(
                path: path, problem: "asks for signature scheme '\(file.signatureScheme)'; only hmac-sha256 works")
        }
        return file
    }

    /// The ZeroMQ endpoint for `port`: `tcp://ip:port`, or `ipc://ip-port` as Jupyter names ipc files.
    func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }
}

/// A connection file that cannot be used.
struct ConnectionFileError: Error, CustomStringConvertible {
    var path: String
    var problem: String

    var description: String { "dlkernel: connection file \(path) \(problem)" }
}
