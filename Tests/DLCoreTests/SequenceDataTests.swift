import DLCore
import Foundation
import Testing

/// The generated sequences of every shape, and a class at each step counted step by step.
@Suite("Sequence data")
struct SequenceDataTests {
    /// The symbol each one-hot step of `values` names.
    func symbols(_ values: ArraySlice<Float>, width: Int) -> [Int] {
        stride(from: values.startIndex, to: values.endIndex, by: width).map { start in
            (0..<width).first { values[start + $0] == 1 }!
        }
    }

    @Test("digits: the target is the input reversed, or the sum of its two numbers in length + 1 digits")
    func digits() {
        let reversed = ToyData.digits(count: 50, length: 4, task: .reverse, seed: 1)
        #expect(reversed.samples.shape == [4, 10])
        guard case let .stepClasses(labels, steps, names) = reversed.labels else {
            Issue.record("reversed digits have a class per step")
            return
        }
        #expect(steps == 4 && names.count == 10 && labels.count == 200)
        let inputs = reversed.samples.batch(0..<50).scalars
        for sample in 0..<50 {
            let read = symbols(inputs[(sample * 40)..<((sample + 1) * 40)], width: 10)
            #expect(Array(labels[(sample * 4)..<((sample + 1) * 4)]) == read.reversed())
        }

        let sums = ToyData.digits(count: 50, length: 2, task: .add, seed: 2)
        #expect(sums.samples.shape == [5, 11], "two 2-digit numbers and the +, over 10 digits and +")
        guard case let .stepClasses(written, 3, symbolNames) = sums.labels else {
            Issue.record("sums have a class for each of their 3 digits")
            return
        }
        #expect(symbolNames.last == "+")
        let read = sums.samples.batch(0..<50).scalars
        var carries = 0
        for sample in 0..<50 {
            let s = symbols(read[(sample * 55)..<((sample + 1) * 55)], width: 11)
            #expect(s[2] == 10, "the third step is +")
            let sum = (s[0] * 10 + s[1]) + (s[3] * 10 + s[4])
            let digits = written[(sample * 3)..<((sample + 1) * 3)]
            #expect(digits.reduce(0) { $0 * 10 + $1 } == sum)
            carries += sum >= 100 ? 1 : 0
        }
        #expect(carries > 0, "some sums need the third digit")
    }

    @Test("sine ahead k: the targets are the k values after the input; waves: the whole wave of a frequency and phase")
    func ahead() {
        let ahead = ToyData.sine(count: 3, steps: 10, ahead: 3, noise: 0, seed: 4)
        let long = ToyData.sine(count: 1, steps: 13, noise: 0, seed: 4)
        guard case let .values(targets) = ahead.labels else {
            Issue.record("a wave ahead is a target of values")
            return
        }
        #expect(targets.shape == [3, 3, 1])
        let wave = long.samples.batch(0..<1).scalars
        #expect(Array(ahead.samples.batch(0..<1).scalars) == Array(wave[0..<10]))
        for k in 0..<3 { #expect(abs(targets.scalars[k] - wave[10 + k]) < 1e-6) }

        let waves = ToyData.waves(count: 4, steps: 6, seed: 5)
        guard case let .values(curves) = waves.labels else {
            Issue.record("waves are targets of values")
            return
        }
        #expect(waves.samples.shape == [2] && curves.shape == [4, 6, 1])
        let parameters = waves.samples.batch(0..<4).scalars
        for sample in 0..<4 {
            let (frequency, phase) = (parameters[2 * sample], parameters[2 * sample + 1])
            for step in 0..<6 {
                #expect(abs(curves.scalars[sample * 6 + step] - sinf(phase + frequency * Float(step))) < 1e-6)
            }
        }
    }

    @Test("with a class at each step, accuracy and the confusion matrix count steps, as the outputs say")
    func stepAccuracy() throws {
        let data = ToyData.digits(count: 40, length: 3, seed: 6)
        let spec = ModelSpec(
            inputShape: [3, 10],
            layers: [
                .lstm(units: 8, returnSequences: false), .repeatVector(times: 3),
                .lstm(units: 8, returnSequences: true), .timeDistributed(units: 10, activation: .softmax),
            ])
        let model = try Sequential(spec, seed: 6)
        let evaluation = try Evaluator.evaluate(model, on: data)
        guard case let .stepClasses(labels, _, _) = data.labels else { return }
        let outputs = model.predict(data.samples.batch(0..<40)).scalars
        var right = 0
        for row in 0..<120 {
            let step = outputs[(row * 10)..<((row + 1) * 10)]
            right += step.indices.max { step[$0] < step[$1] }! - row * 10 == labels[row] ? 1 : 0
        }
        #expect(evaluation.accuracy == Float(right) / 120)
        #expect(evaluation.stepsPerSample == 3 && evaluation.count == 40)
        #expect(evaluation.confusion?.joined().reduce(0, +) == 120)
        let wrong = ModelSpec(inputShape: [3, 10], layers: [.lstm(units: 8, returnSequences: false), .dense(10)])
        #expect(throws: ModelError.self) { try Evaluator.evaluate(try Sequential(wrong, seed: 1), on: data) }
    }

    @Test("an LSTM's and a GRU's steps are their gates: each state follows from them by the cell's formulas")
    func recurrentSteps() throws {
        var generator = RandomGenerator(seed: 9)
        let input = Tensor(shape: [2, 4, 3], scalars: (0..<24).map { _ in generator.nextNormal() })
        let lstm = LSTM(features: 3, hidden: 5, generator: &generator)
        let output = lstm.forward(input, training: false)
        let steps = lstm.lastSteps()
        #expect(
            steps.count == 4
                && steps.allSatisfy { $0.gates.map(\.name) == ["input gate i", "forget gate f", "candidate g", "output gate o"] })
        var previousCell = [Float](repeating: 0, count: 5)
        for step in steps {
            let (i, f, g, o) = (step.gates[0].values, step.gates[1].values, step.gates[2].values, step.gates[3].values)
            let (cell, state) = (step.carried[0].values, step.carried[1].values)
            for j in 0..<5 {
                #expect(abs(cell[j] - (f[j] * previousCell[j] + i[j] * g[j])) < 1e-5)
                #expect(abs(state[j] - o[j] * tanhf(cell[j])) < 1e-5)
                #expect((0...1).contains(i[j]) && (0...1).contains(f[j]) && (0...1).contains(o[j]))
            }
            previousCell = cell
        }
        #expect(steps.last?.carried[1].values == Array(output.scalars[0..<5]), "the last state is the first sample's output")

        let gru = GRU(features: 3, hidden: 2, generator: &generator)
        let gruOutput = gru.forward(input, training: false)
        var previous: [Float] = [0, 0]
        for step in gru.lastSteps() {
            let (z, n, state) = (step.gates[1].values, step.gates[2].values, step.carried[0].values)
            for j in 0..<2 { #expect(abs(state[j] - ((1 - z[j]) * n[j] + z[j] * previous[j])) < 1e-5) }
            previous = state
        }
        #expect(previous == Array(gruOutput.scalars[0..<2]))
    }
}
