/// Where a piece of code is: 1-based line and column (counted in Unicode scalars, as Jupyter
/// counts cursor positions), the offset from the start of the code, and the length.
public struct SourceRange: Sendable, Equatable, Hashable {
    /// The 1-based line.
    public var line: Int
    /// The 1-based column within the line.
    public var column: Int
    /// The 0-based offset from the start of the code, in Unicode scalars.
    public var offset: Int
    /// How many Unicode scalars the range covers (at least 1 when shown with a caret).
    public var length: Int

    public init(line: Int, column: Int, offset: Int, length: Int) {
        self.line = line
        self.column = column
        self.offset = offset
        self.length = length
    }

    /// The range from the start of `self` to the end of `other`.
    func through(_ other: SourceRange) -> SourceRange {
        SourceRange(line: line, column: column, offset: offset, length: Swift.max(length, other.offset + other.length - offset))
    }

    /// The offset just past the end.
    var end: Int { offset + length }
}
