import DLScript
import Testing

/// A few kilobytes of code made to break a session (found by an adversarial sweep): each gets a
/// located error, and the session goes on. Before the depth bound each of these overflowed the
/// stack and killed the process.
@Suite("Hostile code")
struct HostileCodeTests {
    /// The first line of the error of running `code`, or "no error".
    func firstLine(_ code: String) -> String {
        let (lines, outcome) = ScriptRunner().run(code, source: "cell")
        guard case .failed = outcome else { return "no error" }
        return lines.first { $0.hasPrefix("cell:") } ?? lines.joined(separator: "\n")
    }

    static let tooDeep =
        "error: this expression nests more than 200 levels deep — split it into steps with 'let' (let a = …; let b = a + …)"

    @Test("long operator chains, deep brackets, unary minuses and slice chains are refused where they pass the bound")
    func deepExpressions() {
        let sum = "let x = " + Array(repeating: "1", count: 3000).joined(separator: "+")
        // The 201st level is the 201st '1' (column 9 + 2 * 200).
        #expect(firstLine(sum) == "cell:1:409: " + Self.tooDeep)
        #expect(
            firstLine("let x = " + String(repeating: "(", count: 3000) + "1" + String(repeating: ")", count: 3000)).hasSuffix(
                Self.tooDeep))
        #expect(firstLine("let x = " + String(repeating: "-", count: 100_000) + "1").hasSuffix(Self.tooDeep))
        #expect(firstLine("let x = " + String(repeating: "[", count: 5000)).hasSuffix(Self.tooDeep))
        #expect(firstLine("data d = xor\nlet x = d" + String(repeating: "[0:4]", count: 3000)).hasSuffix(Self.tooDeep))
        #expect(firstLine("let x = 2" + String(repeating: " * 2", count: 3000)).hasSuffix(Self.tooDeep))
        // Within the bound, the same forms run.
        let runner = ScriptRunner()
        #expect(runner.run("let x = " + Array(repeating: "1", count: 150).joined(separator: "+")).outcome == .completed)
        #expect(runner.run("x").lines == ["150"])
        #expect(runner.run("let y = " + String(repeating: "-", count: 150) + "2").outcome == .completed)
    }

    @Test("an error on a line of thousands of characters shows the part around it, the caret under its term")
    func longLines() {
        let sum = "let x = " + Array(repeating: "1", count: 3000).joined(separator: "+")
        let (lines, _) = ScriptRunner().run(sum, source: "cell")
        let shown = lines.drop { !$0.hasPrefix("cell:") }.dropFirst()
        guard shown.count == 2, let line = shown.first, let caret = shown.last else {
            Issue.record("\(lines)")
            return
        }
        #expect(line.count == Diagnostic.widestLine + 2 && line.hasPrefix("…") && line.hasSuffix("…"))
        #expect(caret.trimmingCharacters(in: .whitespaces) == "^")
        #expect(Array(line)[caret.count - 1] == "1", "the caret is under a term")
        // A short line is shown whole, as before.
        #expect(ScriptRunner().run("print 2 @ 3", source: "cell").lines.suffix(2) == ["print 2 @ 3", "        ^"])
    }

    @Test("the completeness check that clients send on every Enter survives deep nesting")
    func deepCompleteness() {
        let session = Session()
        #expect(session.isComplete(String(repeating: "(", count: 100_000)) == .incomplete(indent: ""))
        #expect(session.isComplete(String(repeating: "(", count: 50_000) + String(repeating: ")", count: 50_000)) == .invalid)
        #expect(session.isComplete("let x = " + String(repeating: "-", count: 100_000) + "1") == .invalid)
    }

    @Test("numbers past Int's range are errors, not traps")
    func hugeNumbers() {
        let setup = "data toy = xor\nmodel m { input 2; dense 2 softmax }\n"
        let batch = "error: the batch size must be between 1 and 16777216, got "
        #expect(firstLine(setup + "train m on toy batch 9223372036854775807").hasSuffix(batch + "9.223372036854776e+18"))
        #expect(firstLine(setup + "train m on toy batch 1e300").hasSuffix(batch + "1e+300"))
        #expect(firstLine(setup + "train m on toy batch 0").hasSuffix(batch + "0"))
        #expect(
            firstLine(setup + "data t = toy take 9223372036854775807").hasSuffix(
                "error: take is too large: 9.223372036854776e+18"))
        #expect(firstLine(setup + "toy.train[0:1e300]").contains("error: the end of the slice must be between 0 and 4"))
        #expect(firstLine(setup + "toy.train[-1e300]").contains("error:"))
    }

    @Test("user expressions evaluate values only: a statement is an error and does not run")
    func expressionsOnly() throws {
        let session = Session()
        session.run("let a = 2\ndata toy = xor") { _ in }
        #expect(try session.evaluate("a * 21").get() == "42")
        #expect(try session.evaluate("toy.train").get().hasPrefix("toy.train: 4 training samples"))
        for statement in ["let a = 3", "train m on toy", "data d = xor", "print a", "a\na", "", "seed 3"] {
            guard case let .failure(error) = session.evaluate(statement, source: "x") else {
                Issue.record("'\(statement)' ran")
                continue
            }
            #expect(
                error.rendered.hasPrefix("x:1:1: error: only an expression can be evaluated here, not a statement"),
                "\(statement): \(error.rendered)")
        }
        #expect(try session.evaluate("a").get() == "2", "nothing changed the session")
        #expect(session.names == ["a", "toy"])
    }
}
