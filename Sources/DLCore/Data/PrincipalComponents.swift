/// Principal component analysis: the directions along which a set of points spreads most, and
/// the points' coordinates along them. Used to draw many-valued features in two dimensions.
public enum PrincipalComponents {
    /// The coordinates of each of the `rows` points of `values` (`rows × columns`, row by row)
    /// along its first `count` principal components, centred on the mean; found by power
    /// iteration on the covariance matrix, each component deflated before the next.
    public static func project(_ values: [Float], rows: Int, columns: Int, count: Int = 2) -> [[Float]] {
        precondition(values.count == rows * columns && rows > 0 && columns > 0, "rows × columns values")
        var means = [Double](repeating: 0, count: columns)
        for r in 0..<rows { for c in 0..<columns { means[c] += Double(values[r * columns + c]) } }
        means = means.map { $0 / Double(rows) }
        var covariance = [Double](repeating: 0, count: columns * columns)
        for r in 0..<rows {
            let centred = (0..<columns).map { Double(values[r * columns + $0]) - means[$0] }
            for i in 0..<columns where centred[i] != 0 {
                for j in 0..<columns { covariance[i * columns + j] += centred[i] * centred[j] }
            }
        }
        var components: [[Double]] = []
        for k in 0..<Swift.min(count, columns) {
            // Start away from every earlier component, so deflation cannot leave a zero vector.
            var vector = (0..<columns).map { Double(($0 * 7 + k * 3) % 11) + 1 }
            var eigenvalue = 0.0
            for _ in 0..<200 {
                var next = [Double](repeating: 0, count: columns)
                for i in 0..<columns {
                    var sum = 0.0
                    for j in 0..<columns { sum += covariance[i * columns + j] * vector[j] }
                    next[i] = sum
                }
                let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
                guard norm > 1e-12 else { break }
                next = next.map { $0 / norm }
                let settled = zip(next, vector).reduce(0) { $0 + abs($1.0 - $1.1) } < 1e-10
                (vector, eigenvalue) = (next, norm)
                if settled { break }
            }
            components.append(vector)
            // Deflate: remove this component's share, so the next iteration finds the next one.
            for i in 0..<columns {
                for j in 0..<columns { covariance[i * columns + j] -= eigenvalue * vector[i] * vector[j] }
            }
        }
        return (0..<rows).map { r in
            components.map { component in
                Float((0..<columns).reduce(0.0) { $0 + (Double(values[r * columns + $1]) - means[$1]) * component[$1] })
            }
        }
    }
}
