extension HTMLRenderer {
    /// The loss table so far, the best epochs' rows in bold.
    public static func render(_ table: LossTable) -> String {
        let columns = table.columns
        var html = "<table class=\"dl-loss-table\"><thead><tr>"
        html += columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for (index, row) in table.rows.enumerated() {
            let left = table.epochsLeftOut(before: index)
            if left > 0 {
                html +=
                    "<tr><td colspan=\"\(columns.count)\" style=\"text-align:center\">\(escape(LossTable.gap(left)))</td></tr>"
            }
            let cells = table.cells(row.record).map { "<td style=\"text-align:right\">\(escape($0))</td>" }.joined()
            html += row.isBest ? "<tr style=\"font-weight:bold\">\(cells)</tr>" : "<tr>\(cells)</tr>"
        }
        html += "</tbody>"
        let footer = table.footer
        if !footer.isEmpty {
            html +=
                "<tfoot><tr><td colspan=\"\(columns.count)\">\(footer.map(escape).joined(separator: "<br>"))</td></tr></tfoot>"
        }
        return html + "</table>"
    }
}
