import Foundation
import JupyterWire

/// A kernelspec folder: kernel.json, and the logos Jupyter shows in its launcher.
struct Kernelspec {
    /// The absolute path of the dlkernel binary that kernel.json starts.
    var binary: String

    /// kernel.json's content.
    var json: JSON {
        [
            "argv": [.string(binary), "-f", "{connection_file}"],
            "display_name": "DL",
            "language": "dl",
            "interrupt_mode": "message",
            "metadata": ["debugger": false],
        ]
    }

    /// Writes kernel.json and the logos into `folder`, creating it; each file is replaced atomically.
    func write(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.pretty(json).write(to: URL(fileURLWithPath: folder + "/kernel.json"), options: .atomic)
        for size in [32, 64] {
            try Data(Logo.png(size: size)).write(to: URL(fileURLWithPath: folder + "/logo-\(size)x\(size).png"), options: .atomic)
        }
    }

    /// JSON indented for people who open the file.
    static func pretty(_ json: JSON) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(json) + Data("\n".utf8)
    }

    /// This process's binary, by its absolute path.
    static func currentBinary() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

}
