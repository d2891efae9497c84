#if canImport(Glibc)
    import Glibc
#endif

/// Small generated data sets for learning and tests, all seeded: points of two features with
/// class labels here, sequences in ToyData+Sequences.swift.
public enum ToyData {
    /// The four points of XOR, class 1 where exactly one input is 1. With `count > 4` the
    /// corners are repeated with Gaussian `noise` added.
    public static func xor(count: Int = 4, noise: Float = 0, seed: UInt64 = 0) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        var points = [Float]()
        var labels = [Int]()
        for i in 0..<Swift.max(count, 4) {
            let (a, b) = (i & 1, (i >> 1) & 1)
            points += [Float(a) + noise * generator.nextNormal(), Float(b) + noise * generator.nextNormal()]
            labels.append(a ^ b)
        }
        return dataset("xor", points, labels, classes: 2)
    }

    /// `classes` interleaved spiral arms of `count` points in all, each turning 1.75 times.
    public static func spirals(count: Int = 400, classes: Int = 2, noise: Float = 0.1, seed: UInt64 = 0) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        var points = [Float]()
        var labels = [Int]()
        for i in 0..<count {
            let arm = i % classes
            let t = Float(i / classes) / Float(Swift.max(1, count / classes))
            let radius = t
            let angle = 3.5 * Float.pi * t + 2 * Float.pi * Float(arm) / Float(classes)
            points += [
                radius * cosf(angle) + noise * generator.nextNormal(), radius * sinf(angle) + noise * generator.nextNormal(),
            ]
            labels.append(arm)
        }
        return dataset("spirals", points, labels, classes: classes)
    }

    /// Two interleaving half circles.
    public static func moons(count: Int = 400, noise: Float = 0.1, seed: UInt64 = 0) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        var points = [Float]()
        var labels = [Int]()
        for i in 0..<count {
            let upper = i % 2 == 0
            let angle = Float.pi * generator.nextUniform()
            let (x, y) = upper ? (cosf(angle), sinf(angle)) : (1 - cosf(angle), 0.5 - sinf(angle))
            points += [x + noise * generator.nextNormal(), y + noise * generator.nextNormal()]
            labels.append(upper ? 0 : 1)
        }
        return dataset("moons", points, labels, classes: 2)
    }

    /// A small circle (class 1) inside a larger ring (class 0).
    public static func circles(count: Int = 400, noise: Float = 0.05, factor: Float = 0.5, seed: UInt64 = 0) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        var points = [Float]()
        var labels = [Int]()
        for i in 0..<count {
            let inner = i % 2 == 1
            let angle = 2 * Float.pi * generator.nextUniform()
            let radius: Float = inner ? factor : 1
            points += [
                radius * cosf(angle) + noise * generator.nextNormal(), radius * sinf(angle) + noise * generator.nextNormal(),
            ]
            labels.append(inner ? 1 : 0)
        }
        return dataset("circles", points, labels, classes: 2)
    }

    /// `centers` Gaussian clusters of deviation `spread`, centres spaced on a circle of radius 3.
    public static func blobs(count: Int = 400, centers: Int = 3, spread: Float = 0.5, seed: UInt64 = 0) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        var points = [Float]()
        var labels = [Int]()
        for i in 0..<count {
            let c = i % centers
            let angle = 2 * Float.pi * Float(c) / Float(centers)
            points += [3 * cosf(angle) + spread * generator.nextNormal(), 3 * sinf(angle) + spread * generator.nextNormal()]
            labels.append(c)
        }
        return dataset("blobs", points, labels, classes: centers)
    }

    /// Points near a straight line, for linear regression: `x` uniform in [-2, 2] (`[1]`), and
    /// the target `slope · x + intercept` plus Gaussian `noise` (`[1]`).
    public static func line(
        count: Int = 100, slope: Float = 2, intercept: Float = 1, noise: Float = 0.3, seed: UInt64 = 0
    ) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        var xs = [Float]()
        var ys = [Float]()
        for _ in 0..<count {
            let x = 4 * generator.nextUniform() - 2
            xs.append(x)
            ys.append(slope * x + intercept + noise * generator.nextNormal())
        }
        return Dataset(
            name: "line", samples: Samples(shape: [1], floats: xs), labels: .values(Tensor(shape: [count, 1], scalars: ys)))
    }

    private static func dataset(_ name: String, _ points: [Float], _ labels: [Int], classes: Int) -> Dataset {
        Dataset(
            name: name, samples: Samples(shape: [2], floats: points),
            labels: .classes(labels, names: (0..<classes).map(String.init)))
    }
}
