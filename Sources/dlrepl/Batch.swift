import DLScript
import Foundation

/// Runs scripts, `-e` code and standard input in one session, stopping at the first error.
struct Batch {
    let session: Session
    let output: TextFrontEnd
    let interrupts: Interrupts

    /// One piece of code to run and the name its errors give.
    struct Source {
        var name: String
        var code: String
    }

    /// Runs `sources` in order; returns the exit code: 0, 1 after an error, 130 when interrupted.
    func run(_ sources: [Source]) -> Int32 {
        for source in sources {
            let outcome = session.run(source.code, source: source.name, sink: output.render)
            switch outcome {
            case .completed: continue
            case .failed: return 1
            case .interrupted: return 130
            }
        }
        return 0
    }

    /// The code of a script file, or of standard input for `-`.
    static func read(_ path: String) throws(ValidationFailure) -> Source {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return Source(name: "<stdin>", code: String(decoding: data, as: UTF8.self))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationFailure("cannot read \(path): no such file, or it is not readable")
        }
        return Source(name: path, code: String(decoding: data, as: UTF8.self))
    }
}

/// A problem with the command line, reported with exit code 2.
struct ValidationFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
