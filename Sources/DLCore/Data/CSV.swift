import Foundation

/// Comma-separated files with a header row: numeric feature columns and one target column, or
/// several holding a vector of numbers.
public enum CSV {
    /// How to read the target column.
    public enum TargetKind: Sendable {
        /// Classes when any value is not a number or all are whole numbers with at most 20
        /// distinct values; numeric targets otherwise.
        case automatic
        /// Each distinct value is a class (sorted, numerically when they are numbers).
        case classes
        /// Numbers to regress on.
        case values
    }

    /// Per-feature mean and standard deviation used to standardise inputs (`(x − μ) / σ`).
    public struct ColumnStandardization: Sendable, Equatable {
        public var means: [Float]
        public var deviations: [Float]
    }

    /// Reads `path`. Every column but `target` must hold numbers; `target` becomes class labels
    /// or regression targets as `targetKind` says. With `standardize`, each feature is shifted
    /// and scaled to mean 0 and deviation 1, and the statistics used are returned.
    public static func load(
        _ path: String, target: String, targetKind: TargetKind = .automatic,
        standardize: Bool = false
    ) throws(DataError) -> (dataset: Dataset, standardization: ColumnStandardization?) {
        try load(path, targets: [target], targetKind: targetKind, standardize: standardize)
    }

    /// Reads `path` with the columns `targets` as each sample's target: one column as `load(_:
    /// target:)` reads it, several as a vector of numbers (`[targets.count]`), for a model with an
    /// output per column (or a sequence of them, one value per step).
    public static func load(
        _ path: String, targets: [String], targetKind: TargetKind = .automatic,
        standardize: Bool = false
    ) throws(DataError) -> (dataset: Dataset, standardization: ColumnStandardization?) {
        precondition(!targets.isEmpty, "at least one target column")
        if targets.count > 1 && targetKind == .classes {
            throw DataError(
                file: path, "\(targets.count) target columns are read as numbers; classes come from one column")
        }
        if let twice = targets.first(where: { name in targets.filter { $0 == name }.count > 1 }) {
            throw DataError(file: path, "the target column '\(twice)' is named twice")
        }
        let bytes = try FileSystem.read(path, limit: MemoryBudget.dataFile, what: "a CSV file")
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw DataError(file: path, "cannot read the file as UTF-8 text (is it a CSV file?)")
        }
        var rows = try parse(text, file: path)
        guard !rows.isEmpty else { throw DataError(file: path, "the file is empty; it needs a header row naming the columns") }
        let header = rows.removeFirst().fields
        var targetColumns: [Int] = []
        for target in targets {
            guard let column = header.firstIndex(of: target) else {
                throw DataError(
                    file: path, "no column named '\(target)'; the header has \(header.map { "'\($0)'" }.joined(separator: ", "))")
            }
            targetColumns.append(column)
        }
        guard !rows.isEmpty else { throw DataError(file: path, "the file has a header but no data rows") }
        let featureColumns = header.indices.filter { !targetColumns.contains($0) }
        guard !featureColumns.isEmpty else {
            if targets.count == 1 {
                throw DataError(
                    file: path,
                    "the only column is the target '\(targets[0])': a sample needs at least one feature column beside it")
            }
            throw DataError(
                file: path,
                "every column is a target (\(targets.map { "'\($0)'" }.joined(separator: ", "))): a sample needs at least one feature column beside them"
            )
        }
        var features = [Float]()
        features.reserveCapacity(rows.count * featureColumns.count)
        var cells = [[String]](repeating: [], count: targetColumns.count)
        for row in rows {
            guard row.fields.count == header.count else {
                throw DataError(
                    file: path, "line \(row.line): \(row.fields.count) fields, but the header names \(header.count) columns")
            }
            for column in featureColumns {
                let cell = row.fields[column].trimmingCharacters(in: .whitespaces)
                guard let value = Float(cell), value.isFinite else {
                    throw DataError(file: path, "line \(row.line), column '\(header[column])': '\(cell)' is not a number")
                }
                features.append(value)
            }
            for (k, column) in targetColumns.enumerated() {
                cells[k].append(row.fields[column].trimmingCharacters(in: .whitespaces))
            }
        }
        var standardization: ColumnStandardization?
        if standardize {
            let stats = statistics(features, columns: featureColumns.count)
            for i in features.indices {
                let j = i % featureColumns.count
                features[i] = (features[i] - stats.means[j]) / stats.deviations[j]
            }
            standardization = stats
        }
        let lines = rows.map(\.line)
        let labels: Dataset.Labels
        if targets.count == 1 {
            labels = try makeLabels(cells[0], kind: targetKind, column: targets[0], file: path, lines: lines)
        } else {
            // Several columns: each sample's target is their numbers, in the order named.
            var values = [Float](repeating: 0, count: rows.count * targets.count)
            for (k, column) in cells.enumerated() {
                for (row, value) in try finiteNumbers(column, column: targets[k], file: path, lines: lines).enumerated() {
                    values[row * targets.count + k] = value
                }
            }
            labels = .values(Tensor(shape: [rows.count, targets.count], scalars: values))
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return (
            Dataset(name: name, samples: Samples(shape: [featureColumns.count], floats: features), labels: labels),
            standardization
        )
    }

    private static func statistics(_ values: [Float], columns: Int) -> ColumnStandardization {
        let rows = values.count / columns
        var means = [Double](repeating: 0, count: columns)
        var squares = [Double](repeating: 0, count: columns)
        for (i, v) in values.enumerated() { means[i % columns] += Double(v) }
        means = means.map { $0 / Double(rows) }
        for (i, v) in values.enumerated() { squares[i % columns] += pow(Double(v) - means[i % columns], 2) }
        let deviations = squares.map { s -> Float in
            let d = Float((s / Double(rows)).squareRoot())
            return d > 0 ? d : 1
        }
        return ColumnStandardization(means: means.map(Float.init), deviations: deviations)
    }

    private static func makeLabels(
        _ targets: [String], kind: TargetKind, column: String, file: String, lines: [Int]
    ) throws(DataError) -> Dataset.Labels {
        let allNumeric = targets.allSatisfy { Float($0) != nil }
        // Targets read as numbers must be finite: values, and numbers that might become classes.
        let numbers =
            kind == .values || (kind == .automatic && allNumeric)
            ? try finiteNumbers(targets, column: column, file: file, lines: lines) : nil
        let distinct = Set(targets)
        let asClasses: Bool
        switch kind {
        case .classes: asClasses = true
        case .values: asClasses = false
        case .automatic:
            asClasses = numbers.map { numbers in distinct.count <= 20 && numbers.allSatisfy { $0 == $0.rounded() } } ?? true
        }
        if asClasses {
            let names = allNumeric ? distinct.sorted { Float($0)! < Float($1)! } : distinct.sorted()
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            return .classes(targets.map { index[$0]! }, names: names)
        }
        return .values(Tensor(shape: [targets.count, 1], scalars: numbers ?? []))
    }

    /// The cells of target `column` as numbers, each finite; otherwise an error that names the
    /// first cell that is not a number, or else the first that is infinite or NaN.
    private static func finiteNumbers(
        _ cells: [String], column: String, file: String, lines: [Int]
    ) throws(DataError) -> [Float] {
        let numbers = cells.map { Float($0) }
        if let bad = numbers.firstIndex(where: { $0 == nil }) {
            throw DataError(file: file, "line \(lines[bad]), column '\(column)': '\(cells[bad])' is not a number")
        }
        if let bad = numbers.firstIndex(where: { !$0!.isFinite }) {
            throw DataError(
                file: file,
                "line \(lines[bad]), column '\(column)': the target '\(cells[bad])' is not a finite number; "
                    + "fix or remove that row")
        }
        return numbers.map { $0! }
    }

    /// Splits text into rows of fields (RFC 4180: quoted fields may hold commas, doubled quotes
    /// and line breaks). Blank lines are skipped.
    static func parse(_ text: String, file: String) throws(DataError) -> [(line: Int, fields: [String])] {
        var rows: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var quoted = false
        var line = 1
        var rowLine = 1
        var characters = text.makeIterator()
        var pending: Character? = nil
        func endRow() {
            if !(fields.isEmpty && field.isEmpty && !quoted) { rows.append((rowLine, fields + [field])) }
            fields = []
            field = ""
            quoted = false
        }
        while let c = pending ?? characters.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    let next = characters.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        inQuotes = false
                        pending = next
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty:
                inQuotes = true
                quoted = true
            case ",":
                fields.append(field)
                field = ""
                quoted = false
            case "\n", "\r\n", "\r":
                endRow()
                line += 1
                rowLine = line
            default: field.append(c)
            }
        }
        if inQuotes { throw DataError(file: file, "line \(rowLine): a quoted field is never closed") }
        endRow()
        return rows
    }
}
