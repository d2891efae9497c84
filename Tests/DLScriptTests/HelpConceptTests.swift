import DLScript
import Foundation
import Testing

@testable import DLScript

/// `help <concept>` teaches the ideas of an introductory course, each with DL that shows it; every
/// example in help runs as written.
@Suite("Help for concepts")
struct HelpConceptTests {
    /// The concepts an introductory course names, as a learner would ask for them.
    static let course = [
        "neuron", "weight", "bias", "activation", "forward", "loss", "cost", "gradient", "backpropagation", "gd",
        "gradient_descent", "sgd", "adagrad", "adam", "epoch", "batch", "mlp", "perceptron", "convolution", "pooling",
        "flatten", "rnn", "lstm", "gru", "one_to_one", "one_to_many", "many_to_one", "many_to_many", "seq2seq",
        "supervised", "unsupervised", "autoencoder", "overfitting", "regression", "classification", "accuracy",
    ]

    @Test("every concept of the course has help: what it is and an example")
    func everyConceptHasHelp() throws {
        for word in Self.course {
            let text = try #require(HelpText.text(for: word), "help \(word)")
            let concept = try #require(Concept.named(word), "\(word)")
            #expect(text.contains(concept.text) && text.contains("  example:\n"), "help \(word)")
            let sentences = concept.text.split(separator: ". ").count
            #expect((2...5).contains(sentences), "\(word): \(sentences) sentences")
        }
    }

    @Test("every concept's example runs in a fresh session", arguments: Concept.all.map(\.words[0]))
    func conceptExampleRuns(_ name: String) throws {
        let concept = try #require(Concept.named(name))
        let (lines, outcome) = ScriptRunner().run(concept.example, source: "help \(name)")
        #expect(outcome == .completed, "\(lines.suffix(3))")
    }

    @Test("each training option's help has its own example, and it runs")
    func optionExamplesRun() throws {
        let folder = try TemporaryFolder()
        let examples = Forms.training.optionNames.map { HelpText.optionExamples[$0] }
        #expect(!examples.contains(nil), "an option without an example of its own")
        #expect(Set(examples).count == examples.count, "two options show the same example")
        for (option, example) in HelpText.optionExamples {
            // `help seed` is the statement's help; the option's is the rest.
            if Keyword(rawValue: option) == nil {
                #expect(HelpText.text(for: option)?.contains("  example: \(example)") == true, "help \(option)")
            }
            let runner = ScriptRunner()
            let hosts = folder.path("hosts.txt")
            try "localhost slots=4\n".write(toFile: hosts, atomically: true, encoding: .utf8)
            let code = example.replacingOccurrences(of: "best.safetensors", with: folder.path("b.safetensors"))
                .replacingOccurrences(of: "hosts.txt", with: hosts)
            let (lines, outcome) = runner.run("data toy = moons 200\nmodel m { dense 8 relu; dense 2 softmax }\n" + code)
            #expect(outcome == .completed, "\(option): \(lines.suffix(3))")
        }
    }

    @Test("help loss and help optimizer list the choices")
    func choicesAreListed() throws {
        let loss = try #require(HelpText.text(for: "loss"))
        for name in ["mse", "crossentropy", "binary_crossentropy"] { #expect(loss.contains("  \(name): "), "\(name)") }
        let optimizer = try #require(HelpText.text(for: "optimizer"))
        for name in ["gd", "sgd", "adagrad", "rmsprop", "adam", "adamw"] { #expect(optimizer.contains("  \(name): "), "\(name)") }
    }
}
