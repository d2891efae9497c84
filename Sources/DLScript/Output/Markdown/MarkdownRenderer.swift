/// Renders help as Markdown, for clients that show it (a notebook's inspector, `text/markdown`).
public enum MarkdownRenderer {
    /// A help page: its title as code, what it is, a list of its arguments and options, and its
    /// example in a `dl` code block.
    public static func render(_ page: HelpPage) -> String {
        var parts = ["**" + code(page.title) + "**"]
        if !page.paragraphs.isEmpty { parts.append(page.paragraphs.joined(separator: "\n")) }
        if !page.fields.isEmpty { parts.append(list(page.fields)) }
        if !page.options.isEmpty { parts.append("Options:\n\n" + list(page.options)) }
        if let example = page.example { parts.append("Example:\n\n```dl\n\(example)\n```") }
        return parts.joined(separator: "\n\n") + "\n"
    }

    private static func list(_ pairs: [(name: String, description: String)]) -> String {
        pairs.map { "- \(code($0.name)): \($0.description)" }.joined(separator: "\n")
    }

    /// Inline code, fenced with more backticks than the text holds.
    static func code(_ text: String) -> String {
        var fence = "`"
        while text.contains(fence) { fence += "`" }
        let padding = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + padding + text + padding + fence
    }
}
