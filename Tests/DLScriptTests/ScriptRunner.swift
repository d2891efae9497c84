import DLCore
import DLScript
import Foundation

/// Runs DL code in a fresh session and collects its output as text lines, the way a batch run
/// prints it (progress left out, epoch seconds hidden so the output does not vary).
struct ScriptRunner {
    let session = Session(options: Self.options)

    /// Untimed tables, 72 columns, and the dlrepl built beside the tests for `workers`.
    static var options: SessionOptions {
        var options = SessionOptions(width: 72, timings: false)
        options.workerCommand =
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("dlrepl").path
        return options
    }

    /// The output lines of `code`, and how the run ended.
    func run(_ code: String, source: String = "test.dl", ascii: Bool = false) -> (lines: [String], outcome: RunOutcome) {
        let collected = Collected()
        let renderer = TextRenderer(width: 72, ascii: ascii)
        let outcome = session.run(code, source: source) { event in
            if let text = renderer.render(event) { collected.append(text) }
        }
        return (collected.lines, outcome)
    }

    /// The diagnostic `code` stops with, or nil when it runs to its end.
    func failure(of code: String) -> Diagnostic? {
        if case let .failed(diagnostic) = run(code).outcome { diagnostic } else { nil }
    }

    /// The image strips `code` shows.
    func images(_ code: String) -> [ImageStrip] {
        let strips = Strips()
        _ = session.run(code, source: "test.dl") { event in
            if case let .images(strip) = event { strips.append(strip) }
        }
        return strips.all
    }

    /// The folder of the golden scripts.
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")

    /// The `# expect:` lines of a script, in order, without the marker.
    static func expectations(_ code: String) -> [String] {
        code.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            guard let marker = line.range(of: "# expect:") else { return nil }
            var rest = line[marker.upperBound...]
            if rest.first == " " { rest.removeFirst() }
            return String(rest)
        }
    }
}

/// Lines gathered from the sink, which may be called from the training thread.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    func append(_ text: String) {
        lock.withLock { storage += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    }

    var lines: [String] { lock.withLock { storage } }
}

/// Image strips gathered from the sink.
final class Strips: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [ImageStrip] = []

    func append(_ strip: ImageStrip) { lock.withLock { storage.append(strip) } }

    var all: [ImageStrip] { lock.withLock { storage } }
}
