import Foundation
import JupyterWire

/// A kernelspec folder: kernel.json, and the logos Jupyter shows in its launcher.
struct Kernelspec {
    /// The absolute path of the dlkernel binary that kernel.json starts.
    var binary: String
    /// The language reference's file URL, passed to the kernel for its help links.
    var reference: String?

    /// kernel.json's content.
    var json: JSON {
        var environment: [String: JSON] = [:]
        if let reference { environment["DL_REFERENCE"] = .string(reference) }
        return [
            "argv": [.string(binary), "-f", "{connection_file}"],
            "display_name": "DL",
            "language": "dl",
            "interrupt_mode": "message",
            "env": .object(environment),
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

    /// The language reference as a file URL, if it is found: docs/language.md of the checkout
    /// this binary was built in, or share/doc/dl/language.md beside an installed binary's bin folder.
    static func languageReference() -> String? {
        var folder = URL(fileURLWithPath: currentBinary()).deletingLastPathComponent()
        for _ in 0..<4 {
            for path in ["docs/language.md", "share/doc/dl/language.md"] {
                let candidate = folder.appendingPathComponent(path)
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate.absoluteString }
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }
}
