import Foundation

/// The kernel's log: one line per event on standard error, where Jupyter servers collect a
/// kernel's output. Used for what the kernel drops or cannot do; never for a cell's output.
enum Log {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data("dlkernel: \(line)\n".utf8))
    }
}
