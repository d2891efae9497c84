extension HTMLRenderer {
    /// A help page: its title as code, what it is, its arguments and options as a definition
    /// list, and its example in a `pre` block.
    public static func render(_ page: HelpPage) -> String {
        var html = "<div class=\"dl-help\"><p><code><b>\(escape(page.title))</b></code></p>"
        if !page.paragraphs.isEmpty { html += "<p>" + page.paragraphs.map(escape).joined(separator: "<br>") + "</p>" }
        if !page.fields.isEmpty { html += definitions(page.fields) }
        if !page.options.isEmpty { html += "<p>Options:</p>" + definitions(page.options) }
        if let example = page.example { html += "<p>Example:</p><pre><code>\(escape(example))</code></pre>" }
        return html + "</div>"
    }

    private static func definitions(_ pairs: [(name: String, description: String)]) -> String {
        "<dl>" + pairs.map { "<dt><code>\(escape($0.name))</code></dt><dd>\(escape($0.description))</dd>" }.joined() + "</dl>"
    }
}
