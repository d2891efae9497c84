import DLScript
import Foundation
import Testing

/// Every `Tests/DLScriptTests/Scripts/*.dl` and `Scripts/errors/*.dl` runs in a fresh session and
/// its output must equal its `# expect:` lines exactly, tables, plots and errors included. Each
/// script in `errors/` shows one error message, its source line and its caret.
@Suite("Golden scripts")
struct GoldenScriptTests {
    static let files = scripts(in: "") + scripts(in: "errors/")

    static func scripts(in folder: String) -> [String] {
        let path = ScriptRunner.scripts.appendingPathComponent(folder).path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".dl") }.sorted().map { folder + $0 }
    }

    @Test("there are golden scripts, and error scripts")
    func found() { #expect(Self.files.count >= 5 && Self.scripts(in: "errors/").count >= 36) }

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
