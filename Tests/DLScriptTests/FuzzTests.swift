import DLCore
import DLScript
import Foundation
import Testing

/// Random and mutated scripts thrown at the parser, the interpreter and the language service
/// for a bounded time: every run must end in a result or a located error, never a crash.
@Suite("Fuzzing")
struct FuzzTests {
    /// Words and symbols to build scripts from. `threads`, `save` and `checkpoint` are left out:
    /// they change the process's thread pool or write files, which tests running beside this
    /// one must not see.
    static let vocabulary = [
        "seed", "let", "print", "data", "split", "model", "summary", "train", "evaluate", "predict", "table",
        "plot", "boundary", "trace", "load", "from", "help", "?", "on", "=", "{", "}", "(", ")", "[", "]", ",",
        ".", ":", "+", "-", "*", "/", ";", "\n", "input", "dense", "conv", "lstm", "gru", "rnn", "dropout",
        "maxpool", "flatten", "repeat", "timedense", "relu", "softmax", "sigmoid", "tanh", "epochs", "batch",
        "full", "optimizer", "adam", "sgd", "gd", "lr", "loss", "mse", "validate", "patience", "schedule", "step",
        "every", "clip", "toy", "tiny", "m", "x", "test", "loss", "val_loss", "xor", "moons", "spirals", "sine",
        "blobs", "as", "sequences", "unlabeled", "take", "0", "1", "2", "3", "0.5", "-1", "1e9", "1e300", "28x28",
        "2x2x1", "\"nope.csv\"", "\"", "#", "\\", "ü", "@",
    ]

    static let seeds = [
        "data toy = moons 64\nmodel tiny { input 2; dense 8 tanh; dense 2 softmax }\ntrain tiny on toy epochs 2 batch 16\nplot tiny.loss",
        "data x = xor\nmodel m { dense 2 tanh; dense 1 sigmoid }\ntrace m on x[0]\nplot boundary m on x",
        "data w = sine 32 steps 6\nmodel r { lstm 4 sequences; gru 3; dense 1 }\ntrain r on w epochs 1 batch 8\ntable r",
        "let a = [1, 2, 3]\nprint a[0:2] + [4], -a[1] * 2 / 0\nhelp dense\n?relu",
        "data b = blobs 30\nsplit b 0.2\nmodel c { input 2; dense 3 softmax }\ntrain c on b { epochs 2; schedule step 0.5 every 1 }\nevaluate c on b.validation\npredict c on b[0]",
        "data s = spirals 40\ndata u = s unlabeled take 10\nmodel ae { input 2; dense 1; dense 2 }\ntrain ae on u epochs 1",
    ]

    @Test("random and mutated scripts end in a result or a located error")
    func fuzz() {
        var generator = SystemRandomNumberGenerator()
        let deadline = Date().addingTimeInterval(12)
        var counts: [String: Int] = [:]
        var session = Session(options: SessionOptions(timings: false))
        var runs = 0
        while Date() < deadline {
            let code: String
            if Bool.random(using: &generator) {
                code = Self.mutate(Self.seeds.randomElement(using: &generator)!, using: &generator)
            } else {
                code = (0..<Int.random(in: 1...30, using: &generator))
                    .map { _ in Self.vocabulary.randomElement(using: &generator)! }.joined(separator: " ")
            }
            if runs % 25 == 0 { session = Session(options: SessionOptions(timings: false)) }
            runs += 1
            let interrupter = session.interrupter
            let timer = DispatchWorkItem { interrupter.interrupt() }
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.3, execute: timer)
            let started = Date()
            let outcome = session.run(code, source: "fuzz") { _ in }
            timer.cancel()
            if Date().timeIntervalSince(started) > 1 {
                FileHandle.standardError.write(
                    Data("SLOW \(Date().timeIntervalSince(started)) s: \(code.debugDescription)\n".utf8))
            }
            switch outcome {
            case .completed: counts["completed", default: 0] += 1
            case .interrupted: counts["interrupted", default: 0] += 1
            case let .failed(diagnostic):
                counts["failed", default: 0] += 1
                let lines = code.split(separator: "\n", omittingEmptySubsequences: false).count
                #expect((1...lines).contains(diagnostic.range.line), "\(code)")
                #expect(diagnostic.range.column >= 1 && !diagnostic.message.isEmpty, "\(code)")
            }
            let cursor = Int.random(in: 0...code.unicodeScalars.count, using: &generator)
            _ = session.isComplete(code)
            let completion = session.complete(code, cursor: cursor)
            #expect(completion.range.upperBound == cursor)
            _ = session.inspect(code, cursor: cursor)
        }
        // Both kinds of script must have happened, or the fuzzer tested nothing.
        #expect(counts["completed", default: 0] > 10, "\(counts)")
        #expect(counts["failed", default: 0] > 100, "\(counts)")
    }

    /// `code` with a few random edits: tokens dropped, duplicated, swapped or replaced, lines
    /// moved, numbers made extreme.
    static func mutate(_ code: String, using generator: inout SystemRandomNumberGenerator) -> String {
        var pieces = code.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<Int.random(in: 1...4, using: &generator) where !pieces.isEmpty {
            let i = Int.random(in: 0..<pieces.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: pieces.remove(at: i)
            case 1: pieces.insert(pieces[i], at: i)
            case 2: pieces.swapAt(i, Int.random(in: 0..<pieces.count, using: &generator))
            case 3: pieces[i] = vocabulary.randomElement(using: &generator)!
            case 4: pieces[i] = ["0", "-1", "1e9", "1e300", "0.5", "4097", "nan"].randomElement(using: &generator)!
            default:
                var scalars = Array(pieces[i].unicodeScalars)
                if !scalars.isEmpty { scalars.remove(at: Int.random(in: 0..<scalars.count, using: &generator)) }
                pieces[i] = String(String.UnicodeScalarView(scalars))
            }
        }
        return pieces.joined(separator: " ")
    }
}
