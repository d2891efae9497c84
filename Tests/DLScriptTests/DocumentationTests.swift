import DLScript
import Foundation
import Testing

/// The `dl` examples of the README and the language reference run as written: each document's
/// blocks in order, in one session, without an error.
@Suite("Documentation examples", .serialized)
struct DocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The code of every ```dl block in `markdown`.
    static func blocks(_ markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```dl" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test(
        "the examples run", .disabled(if: Sanitizer.active, "they train on all of Fashion-MNIST: hours under a sanitizer"),
        arguments: ["README.md", "docs/language.md"])
    func examples(_ document: String) throws {
        let markdown = try String(contentsOf: Self.root.appendingPathComponent(document), encoding: .utf8)
        let blocks = Self.blocks(markdown)
        #expect(blocks.count >= 1)
        // Files the examples save go to a scratch folder, not the repository.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dl-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let runner = ScriptRunner()
        for (index, block) in blocks.enumerated() {
            let code = block.replacingOccurrences(of: "\"tiny.safetensors\"", with: "\"\(scratch.path)/tiny.safetensors\"")
            let (lines, outcome) = runner.run(code, source: "\(document) block \(index + 1)")
            #expect(outcome == .completed, "\(lines.suffix(4).joined(separator: "\n"))")
        }
    }

    @Test("every layer's help shows its example, which declares a model, and the limits of its numbers")
    func layerForms() {
        let runner = ScriptRunner()
        for layer in [
            "dense", "dropout", "activation", "conv", "maxpool", "avgpool", "globalavgpool", "flatten", "reshape",
            "batchnorm", "rnn", "lstm", "gru", "repeat", "timedense",
        ] {
            let help = runner.run("help \(layer)").lines
            guard let example = help.first(where: { $0.hasPrefix("  example: ") })?.dropFirst("  example: ".count) else {
                Issue.record("help \(layer) has no example")
                continue
            }
            #expect(runner.run("model m { \(example) }").outcome == .completed, "\(layer): \(example)")
            if ["dense", "conv", "maxpool", "rnn", "repeat"].contains(layer) {
                #expect(help.contains { $0.contains("(a whole number from 1 to ") }, "\(layer) shows its limits")
            }
        }
    }

    @Test("every statement, layer and training option is documented")
    func coverage() throws {
        let reference = try String(contentsOf: Self.root.appendingPathComponent("docs/language.md"), encoding: .utf8)
        #expect(Keyword.words.count == 20)
        for word in Keyword.words {
            #expect(reference.contains("`\(word) ") || reference.contains("`\(word)`"), "statement \(word)")
        }
        for layer in [
            "input", "dense", "dropout", "activation", "conv", "maxpool", "avgpool", "globalavgpool", "flatten",
            "reshape", "batchnorm", "rnn", "lstm", "gru", "repeat", "timedense",
        ] {
            #expect(reference.contains("`\(layer) ") || reference.contains("`\(layer)`"), "layer \(layer)")
        }
        for option in [
            "epochs", "batch", "optimizer", "lr", "momentum", "loss", "validate", "patience", "schedule",
            "checkpoint", "clip", "seed",
        ] {
            #expect(reference.contains("| `\(option) "), "option \(option)")
        }
    }
}
