import DLCore
import Foundation

/// A script that a `run` statement names: read and parsed once, when the cell that runs it is
/// checked, so the statements that run are the ones that were checked.
struct Script {
    let path: String
    let code: String
    let statements: [Statement]

    /// The largest script `run` reads, in bytes: DL scripts are a few KB; anything near this is
    /// not one.
    static let largest = 4 << 20

    /// Reads and parses the script at `path` (relative to the working directory, like every path
    /// in DL) as every file in DL is read: a regular file only (a pipe or device would block), its
    /// size checked first. An unreadable file is an error at `range`, the path in the `run`
    /// statement; an error in its code is placed in the file.
    static func read(_ path: String, at range: SourceRange) throws(Diagnostic) -> Script {
        let data: Data
        do { data = try FileSystem.read(path, limit: largest, what: "a DL script") } catch {
            throw Diagnostic(
                range: range, message: "cannot run \"\(path)\": \(error.message)",
                help: "the path is relative to \(FileManager.default.currentDirectoryPath)")
        }
        guard let code = String(data: data, encoding: .utf8) else {
            throw Diagnostic(range: range, message: "cannot read the script \"\(path)\" as UTF-8 text", help: "run a .dl file")
        }
        do throws(Diagnostic) {
            return Script(path: path, code: code, statements: try Parser.parse(code))
        } catch {
            throw error.located(in: code, source: path)
        }
    }
}
