/// Renders tables as HTML for rich front ends (a notebook's `text/html`).
public enum HTMLRenderer {
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

    /// The loss table so far, from the lines a training run has streamed; the best epoch's row
    /// is bold.
    public static func render(lossTable lines: [LossTable.Line]) -> String {
        var columns: [String] = []
        var rows: [[String]] = []
        var footer: [String] = []
        var best: Set<Int> = []
        for line in lines {
            switch line {
            case let .header(names): columns = names
            case let .row(cells, _, isBest):
                if isBest { best.insert(rows.count) }
                rows.append(cells)
            case let .footer(lines): footer += lines
            }
        }
        var html = "<table class=\"dl-loss-table\"><thead><tr>"
        html += columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for (index, row) in rows.enumerated() {
            let cells = row.map { "<td style=\"text-align:right\">\(escape($0))</td>" }.joined()
            html += best.contains(index) ? "<tr style=\"font-weight:bold\">\(cells)</tr>" : "<tr>\(cells)</tr>"
        }
        html += "</tbody>"
        if !footer.isEmpty {
            html +=
                "<tfoot><tr><td colspan=\"\(Swift.max(columns.count, 1))\">\(footer.map(escape).joined(separator: "<br>"))</td></tr></tfoot>"
        }
        return html + "</table>"
    }

    /// Text with `& < > "` escaped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
