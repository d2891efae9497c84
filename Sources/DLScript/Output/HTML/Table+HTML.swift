extension HTMLRenderer {
    /// A table element with a caption and a footer.
    public static func render(_ table: Table) -> String {
        var html = "<table class=\"dl-table\">"
        if let title = table.title { html += "<caption>\(escape(title))</caption>" }
        html += "<thead><tr>" + table.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in table.rows {
            html += "<tr>"
            for (column, cell) in row.enumerated() {
                let align =
                    column < table.alignments.count && table.alignments[column] == .right ? " style=\"text-align:right\"" : ""
                html += "<td\(align)>\(escape(cell))</td>"
            }
            html += "</tr>"
        }
        html += "</tbody>"
        if !table.footer.isEmpty {
            html += "<tfoot><tr><td colspan=\"\(table.columns.count)\">"
            html += table.footer.map(escape).joined(separator: "<br>") + "</td></tr></tfoot>"
        }
        return html + "</table>"
    }
}
