/// How a classifier's predictions fall: `counts[true][predicted]` for each pair of classes.
public struct ConfusionMatrix: Sendable, Equatable {
    public var counts: [[Int]]
    public var classNames: [String]

    /// The matrix as a table, a row per true class with its recall at the end.
    public var table: Table {
        let columns = ["true \\ predicted"] + classNames.indices.map(String.init) + ["recall"]
        let rows = classNames.indices.map { row -> [String] in
            let total = counts[row].reduce(0, +)
            let recall = total > 0 ? NumberText.fixed(Double(counts[row][row]) / Double(total), decimals: 3) : "-"
            return [ClassName.text(row, classNames)] + counts[row].map(String.init) + [recall]
        }
        return Table(title: "confusion matrix (rows: true class, columns: predicted)", columns: columns, rows: rows)
    }
}
