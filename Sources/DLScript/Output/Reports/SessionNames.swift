/// What `who` shows: each name a session has defined, what kind of value it holds, and that value
/// in a line.
public struct SessionNames: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        /// "a data set", "a model", "a number", …
        public var kind: String
        public var summary: String
    }

    public var entries: [Entry]

    /// The names as a table, or a line saying there are none yet.
    public var table: Table {
        Table(
            title: "names in this session", columns: ["name", "kind", "value"], alignments: [.left, .left, .left],
            rows: entries.map { [$0.name, $0.kind, $0.summary] },
            footer: entries.isEmpty ? ["none yet: define one with let, data or model"] : [])
    }
}
