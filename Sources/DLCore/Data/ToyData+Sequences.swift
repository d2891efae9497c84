#if canImport(Glibc)
    import Glibc
#endif

/// Generated sequences, one set for each shape a recurrent model can have: many-to-one and
/// many-to-many (`sine`), sequence-to-sequence of another length (`sine` with `ahead`, `digits`)
/// and one-to-many (`waves`).
extension ToyData {
    /// Noisy sine waves: each sample is `steps` values of a sine with a random phase and frequency
    /// (`[steps, 1]`). Its target is the next value (`[1]`, many-to-one); with `sequenceTargets`
    /// the whole wave shifted one step ahead (`[steps, 1]`, many-to-many); with `ahead` the
    /// `ahead` values that follow (`[ahead, 1]`, sequence to sequence of another length).
    public static func sine(
        count: Int = 1_000, steps: Int = 20, ahead: Int? = nil, noise: Float = 0.05, sequenceTargets: Bool = false,
        seed: UInt64 = 0
    ) -> Dataset {
        precondition(ahead == nil || !sequenceTargets, "targets are either the shifted wave or the values ahead")
        var generator = RandomGenerator(seed: seed)
        var inputs = [Float]()
        var targets = [Float]()
        let following = ahead ?? 1
        for _ in 0..<count {
            let phase = 2 * Float.pi * generator.nextUniform()
            let frequency = 0.2 + 0.3 * generator.nextUniform()
            let wave = (0..<(steps + following)).map { sinf(phase + frequency * Float($0)) }
            inputs += wave.prefix(steps).map { $0 + noise * generator.nextNormal() }
            targets += sequenceTargets ? Array(wave[1...steps]) : Array(wave[steps...])
        }
        let targetShape = sequenceTargets ? [count, steps, 1] : ahead.map { [count, $0, 1] } ?? [count, 1]
        return Dataset(
            name: "sine", samples: Samples(shape: [steps, 1], floats: inputs),
            labels: .values(Tensor(shape: targetShape, scalars: targets)))
    }

    /// Whole waves from two numbers (one-to-many): each sample is a sine's frequency and phase
    /// (`[2]`), its target the `steps` values of that sine (`[steps, 1]`).
    public static func waves(count: Int = 1_000, steps: Int = 20, seed: UInt64 = 0) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        var inputs = [Float]()
        var targets = [Float]()
        for _ in 0..<count {
            let frequency = 0.2 + 0.3 * generator.nextUniform()
            let phase = 2 * Float.pi * generator.nextUniform()
            inputs += [frequency, phase]
            targets += (0..<steps).map { sinf(phase + frequency * Float($0)) }
        }
        return Dataset(
            name: "waves", samples: Samples(shape: [2], floats: inputs),
            labels: .values(Tensor(shape: [count, steps, 1], scalars: targets)))
    }

    /// What `digits` asks of a model.
    public enum DigitTask: String, Sendable, CaseIterable {
        /// The string backwards: `1234` gives `4321`.
        case reverse
        /// The sum of two numbers of `length` digits, with `length + 1` digits: `12+34` gives `046`.
        case add
    }

    /// Strings of random digits for an encoder-decoder (sequence to sequence): each step is a
    /// symbol one-hot (`0` to `9`, and `+` when adding), in and out, so that each output step is a
    /// class. `reverse` reads `length` digits and gives them backwards; `add` reads two numbers
    /// of `length` digits joined by `+` (`2 · length + 1` steps) and gives their sum in
    /// `length + 1` digits.
    public static func digits(count: Int = 2_000, length: Int = 4, task: DigitTask = .reverse, seed: UInt64 = 0) -> Dataset {
        precondition(length > 0, "at least one digit")
        let symbols = (0...9).map(String.init) + (task == .add ? ["+"] : [])
        var generator = RandomGenerator(seed: seed)
        var inputs = [Float]()
        var targets = [Int]()
        let (inputSteps, outputSteps) = task == .add ? (2 * length + 1, length + 1) : (length, length)
        for _ in 0..<count {
            let digits = (0..<(task == .add ? 2 * length : length)).map { _ in Int(generator.next() % 10) }
            let read: [Int]
            let written: [Int]
            switch task {
            case .reverse:
                read = digits
                written = digits.reversed()
            case .add:
                let number = { (part: ArraySlice<Int>) in part.reduce(0) { $0 * 10 + $1 } }
                var sum = number(digits.prefix(length)) + number(digits.suffix(length))
                var sumDigits = [Int](repeating: 0, count: length + 1)
                for place in sumDigits.indices.reversed() {
                    sumDigits[place] = sum % 10
                    sum /= 10
                }
                read = Array(digits.prefix(length)) + [10] + Array(digits.suffix(length))
                written = sumDigits
            }
            for symbol in read { inputs += (0..<symbols.count).map { $0 == symbol ? 1 : 0 } }
            targets += written
        }
        return Dataset(
            name: "digits", samples: Samples(shape: [inputSteps, symbols.count], floats: inputs),
            labels: .stepClasses(targets, steps: outputSteps, names: symbols))
    }
}
