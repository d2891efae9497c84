import DLScript
import Foundation
import Testing

/// Every `Tests/DLScriptTests/Scripts/*.dl` runs in a fresh session and its output must equal its
/// `# expect:` lines exactly, tables, plots and errors included.
@Suite("Golden scripts")
struct GoldenScriptTests {
    static let files =
        (try? FileManager.default.contentsOfDirectory(atPath: ScriptRunner.scripts.path))?
        .filter { $0.hasSuffix(".dl") }.sorted() ?? []

    @Test("there are golden scripts")
    func found() { #expect(Self.files.count >= 5) }

    @Test("output matches the script's expect lines", arguments: files)
    func script(_ file: String) throws {
        let code = try String(contentsOf: ScriptRunner.scripts.appendingPathComponent(file), encoding: .utf8)
        let expected = ScriptRunner.expectations(code)
        let (lines, _) = ScriptRunner().run(code, source: file)
        if lines != expected {
            let firstDifference =
                zip(lines, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(lines.count, expected.count)
            Issue.record(
                """
                \(file): output differs from line \(firstDifference + 1)
                --- actual
                \(lines.map { "# expect: \($0)" }.joined(separator: "\n"))
                """)
        }
    }
}
