import DLScript
import Testing

/// Each kind of error says where (line:column, a caret under the bad token), what is wrong and,
/// for a misspelling, the nearest right word. Lexical and syntax errors are golden scripts of their
/// own (`Scripts/errors/*.dl`); these are the errors that need a session set up first.
@Suite("Error messages")
struct DiagnosticTests {
    /// The rendered error of running `code` in a session that first ran `setup`.
    func error(_ code: String, after setup: String = "") -> String {
        let runner = ScriptRunner()
        if !setup.isEmpty { #expect(runner.run(setup).outcome == .completed) }
        let (lines, outcome) = runner.run(code, source: "cell")
        guard case .failed = outcome else { return "no error; output: \(lines)" }
        return lines.drop { !$0.hasPrefix("cell:") }.joined(separator: "\n")
    }

    @Test("options and their values are checked")
    func options() {
        let setup = "data d = xor; model m { dense 2 softmax }"
        #expect(
            error("train m on d epocs 3", after: setup)
                == "cell:1:14: error: unknown training option 'epocs' — did you mean 'epochs'?\ntrain m on d epocs 3\n             ^~~~~"
        )
        #expect(
            error("train m on d optimizer adamm", after: setup)
                == "cell:1:24: error: unknown optimizer 'adamm' — did you mean 'adam'?\ntrain m on d optimizer adamm\n                       ^~~~~"
        )
        #expect(
            error("train m on d epochs 0", after: setup)
                == "cell:1:21: error: epochs must be between 1 and 1000000, got 0\ntrain m on d epochs 0\n                    ^")
        #expect(
            error("train m on d { epochs 2; bach 4 }", after: setup)
                == "cell:1:26: error: unknown training option 'bach' — did you mean 'batch'?\ntrain m on d { epochs 2; bach 4 }\n                         ^~~~"
        )
        #expect(
            error("train m on d momentum 0.9", after: setup)
                == "cell:1:14: error: momentum is an option of sgd — add: optimizer sgd\ntrain m on d momentum 0.9\n             ^~~~~~~~~~~~"
        )
    }

    @Test("a value written without its option's name gets the option named")
    func valueWithoutOption() {
        #expect(
            error("model c { input 8x8x1; conv 4 3x3 stride 2 valid }")
                == "cell:1:44: error: unknown 'conv' option 'valid' — 'valid' is a value of 'padding': write 'padding valid'"
                + "\nmodel c { input 8x8x1; conv 4 3x3 stride 2 valid }\n                                           ^~~~~")
        #expect(
            error("train m on d rmsprop", after: "data d = xor; model m { dense 2 softmax }").hasPrefix(
                "cell:1:14: error: unknown training option 'rmsprop' — 'rmsprop' is a value of 'optimizer': write 'optimizer rmsprop'"
            ))
    }

    @Test(
        "a view of a data set written after 'train' points to a 'data' statement",
        arguments: [("take 100", "data small = fashion take 2000"), ("as sequences", "data rows = fashion as sequences")])
    func viewInTrain(view: String, example: String) {
        let word = view.split(separator: " ")[0]
        let message = error("train m on d \(view) epochs 1", after: "data d = xor; model m { dense 2 softmax }")
        #expect(
            message.hasPrefix(
                "cell:1:14: error: unknown training option '\(word)' — '\(word)' views a data set in a 'data' statement: "
                    + "make the view first (\(example)), then train on it"))
    }

    @Test("names are checked before anything runs")
    func names() {
        let setup = "data fashion = xor; model mlp { dense 2 softmax }"
        #expect(
            error("print 1\ntrain mlp on fashon", after: setup)
                == "cell:2:14: error: unknown name 'fashon' — did you mean 'fashion'?\ntrain mlp on fashon\n             ^~~~~~")
        #expect(
            error("summary mpl", after: setup)
                == "cell:1:9: error: unknown model 'mpl' — did you mean 'mlp'?\nsummary mpl\n        ^~~")
        #expect(error("let a = 1\ntrain a on fashion", after: setup).hasPrefix("cell:2:7: error: 'a' is a number, not a model"))
        #expect(
            error("evaluate mlp on fashion.test", after: setup).hasPrefix(
                "cell:1:25: error: 'fashion' has no test part — hold out part of it with 'split fashion 0.2', "
                    + "then use fashion.validation"))
        #expect(
            error("evaluate mlp on fashion.validation", after: setup).hasPrefix(
                "cell:1:25: error: 'fashion' has no validation part — make one with: split fashion 0.1"))
        #expect(
            error("evaluate mlp on fashion.tset", after: setup).hasPrefix(
                "cell:1:25: error: a data set has no part 'tset' — did you mean 'test'?"))
    }

    @Test("shape errors point at the layer and name both shapes")
    func shapes() {
        let message = error("model m {\n  input 28x28\n  conv 8 3\n}")
        #expect(message.hasPrefix("cell:3:3: error: layer 1: Conv2D"))
        #expect(message.contains("28x28"))
        #expect(message.hasSuffix("  conv 8 3\n  ^~~~~~~~"))
        #expect(
            error("model m { input 4; dense 2000000 }")
                == "cell:1:26: error: the units must be between 1 and 1048576, got 2000000\nmodel m { input 4; dense 2000000 }\n                         ^~~~~~~"
        )
    }

    @Test("a misspelled help topic gets a suggestion")
    func help() {
        #expect(error("help dens") == "cell:1:6: error: no help for 'dens' — did you mean 'dense'?\nhelp dens\n     ^~~~")
    }
}
