import Foundation

/// The connection file a Jupyter client writes and passes as `-f FILE`: where to bind the five
/// sockets and the key that signs messages.
public struct ConnectionFile: Decodable, Equatable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var hbPort: Int
    public var key: String
    public var signatureScheme: String

    public enum CodingKeys: String, CodingKey {
        case transport, ip, key
        case shellPort = "shell_port"
        case iopubPort = "iopub_port"
        case stdinPort = "stdin_port"
        case controlPort = "control_port"
        case hbPort = "hb_port"
        case signatureScheme = "signature_scheme"
    }

    public init(from decoder: any Decoder) throws {
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
    public static func read(_ path: String) throws(ConnectionFileError) -> ConnectionFile {
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
    public func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }
}

/// A connection file that cannot be used.
public struct ConnectionFileError: Error, CustomStringConvertible {
    public var path: String
    public var problem: String

    public var description: String { "dlkernel: connection file \(path) \(problem)" }
}
