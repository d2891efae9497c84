extension HTMLRenderer {
    /// The loss table so far; as in text, a row that set a new best loss ends with `*`, which the
    /// footer explains.
    public static func render(_ table: LossTable) -> String {
        let columns = table.columns
        var html = "<table class=\"dl-loss-table\"><thead><tr>"
        html += columns.map { "<th>\(escape($0))</th>" }.joined() + "<th></th></tr></thead><tbody>"
        for (index, row) in table.rows.enumerated() {
            let left = table.epochsLeftOut(before: index)
            if left > 0 {
                html +=
                    "<tr><td colspan=\"\(columns.count + 1)\" style=\"text-align:center\">\(escape(LossTable.gap(left)))</td></tr>"
            }
            let cells = table.cells(row.record).map { "<td style=\"text-align:right\">\(escape($0))</td>" }.joined()
            html += "<tr>\(cells)<td>\(row.isBest ? "*" : "")</td></tr>"
        }
        html += "</tbody>"
        let footer = table.footer
        if !footer.isEmpty {
            html +=
                "<tfoot><tr><td colspan=\"\(columns.count + 1)\">\(footer.map(escape).joined(separator: "<br>"))</td></tr></tfoot>"
        }
        return html + "</table>"
    }
}
