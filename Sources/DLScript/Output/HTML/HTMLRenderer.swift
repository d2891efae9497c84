/// Renders tables as HTML for rich front ends (a notebook's `text/html`).
public enum HTMLRenderer {
    /// The HTML of an event that is a table; nil for any other.
    public static func render(_ event: OutputEvent) -> String? {
        if let table = event.table { return render(table) }
        if case let .lossTable(table) = event { return render(table) }
        return nil
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
