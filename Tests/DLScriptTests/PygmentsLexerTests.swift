import Foundation
import Testing

@testable import DLScript

/// The Pygments lexer in python/ (for nbconvert, Sphinx and any Pygments user) lists the
/// language's words by hand; this fails when the language learns a word the lexer does not know.
@Suite("Pygments lexer vocabulary")
struct PygmentsLexerTests {
    static let lexer = DocumentationTests.root.appendingPathComponent("python/dl_jupyter/lexer.py")

    /// The quoted words of the lexer's source.
    static func lexerWords() throws -> Set<String> {
        let source = try String(contentsOf: lexer, encoding: .utf8)
        let quoted = try Regex(#""([a-z_]+)""#)
        return Set(source.matches(of: quoted).compactMap { $0.output[1].substring.map(String.init) })
    }

    @Test("every word help knows, and every option of a layer or data source, is in the lexer")
    func everyWordIsHighlighted() throws {
        let known = try Self.lexerWords()
        let forms = Forms.layers + Forms.sources + [Forms.training, Forms.view]
        let words =
            HelpText.topics + forms.flatMap(\.optionNames) + Words.activations + Words.losses
            + Words.optimizers + Words.initializers + Words.paddings
        let missing = Set(words).subtracting(known).sorted()
        #expect(missing.isEmpty, "add these words to \(Self.lexer.lastPathComponent): \(missing)")
    }
}
