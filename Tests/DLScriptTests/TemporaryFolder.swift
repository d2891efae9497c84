import Foundation

/// A folder of its own under the system's temporary folder, removed when the value goes away:
/// for scripts that `run` reads, CSV files, saved models.
final class TemporaryFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dl-script-tests-\(UUID().uuidString)")

    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of `name` in the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }
}
