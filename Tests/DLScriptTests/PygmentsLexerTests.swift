import Foundation
import Testing

@testable import DLScript

/// The highlighters in python/ list the language's words by hand: the Pygments lexer (for
/// nbconvert, Sphinx and any Pygments user) and JupyterLab's editor mode. This fails when the
/// language learns a word one of them does not know.
@Suite("Highlighter vocabulary")
struct PygmentsLexerTests {
    static let highlighters = ["python/dl_jupyter/lexer.py", "python/labextension/static/remoteEntry.js"].map {
        DocumentationTests.root.appendingPathComponent($0)
    }

    /// The quoted words of a highlighter's source.
    static func quotedWords(_ file: URL) throws -> Set<String> {
        let source = try String(contentsOf: file, encoding: .utf8)
        let quoted = try Regex(#""([a-z_]+)""#)
        return Set(source.matches(of: quoted).compactMap { $0.output[1].substring.map(String.init) })
    }

    @Test("every word help knows, and every option of a layer or data source, is in each highlighter")
    func everyWordIsHighlighted() throws {
        let forms = Forms.layers + Forms.sources + [Forms.training, Forms.view]
        // The concepts help explains (neuron, overfitting, …) are not words of the language.
        let words =
            HelpText.topics.filter { Concept.named($0) == nil || HelpText.isLanguageWord($0) } + forms.flatMap(\.optionNames)
            + Words.activations + Words.losses
            + Words.optimizers + Words.initializers + Words.paddings
        for file in Self.highlighters {
            let missing = Set(words).subtracting(try Self.quotedWords(file)).sorted()
            #expect(missing.isEmpty, "add these words to \(file.lastPathComponent): \(missing)")
        }
    }
}
