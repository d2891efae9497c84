import DLScript
import Foundation
import JupyterWire
import Synchronization

/// Publishes one cell's output events on iopub, as they happen, in Jupyter's terms:
/// - text and notes as `stream` stdout, warnings as `stream` stderr;
/// - a bare expression's value as `execute_result`;
/// - tables, plots and images as `display_data` with `text/plain` beside `text/html`, or beside
///   `image/svg+xml` and `image/png` (which untrusted notebooks, nbconvert and GitHub show), and what has only text (a trace) as `stream` stdout;
/// - a loss table as one `display_data` that each epoch's row updates in place (through a
///   transient `display_id`), with the training's progress line under it until the next row.
///   Updates go out at most ten times a second (the latest state), and the table shows at most
///   `tableRows` epochs, so a 10,000-epoch training costs a client what a 10-epoch one does. When
///   training ends, that display becomes the run's line and the finished table is published as
///   a `display_data` of its own, which clients that ignore updates (jupyter console) show too;
/// - progress outside a training as a display of its own, updated in place;
/// - an error as one `error` message with its source line and caret.
///
/// The sink is called from the shell thread and from a training run's thread, so what has been
/// shown is behind a mutex, held while publishing so that messages keep their order.
final class CellOutput: Sendable {
    private let publisher: Publisher
    private let request: Message
    private let executionCount: Int
    private let renderer = TextRenderer(width: 72)
    private let shown = Mutex(Shown())
    /// The most epochs a loss table's display shows (the first, the best and the last ones).
    static let tableRows = 30
    /// The least time between two updates of a loss table's display.
    static let updateInterval = DispatchTimeInterval.milliseconds(100)

    /// What the cell's displays show so far.
    private struct Shown {
        var lossTable: (id: String, table: LossTable)?
        /// Whether the loss table is still growing (its footer has not come).
        var lossTableOpen: Bool { lossTable.map { $0.table.outcome == nil } ?? false }
        /// The progress lines shown under the open loss table, by progress id.
        var tableProgress: [(id: String, text: String)] = []
        /// When the loss table's display was last sent; whether it changed since; whether a
        /// later send is scheduled.
        var tableSent = DispatchTime.now()
        var tableChanged = false
        var sendScheduled = false
        /// Set when the cell has ended: nothing more is sent.
        var finished = false
        /// Each progress id's display and the text it shows.
        var progressDisplays: [String: (display: String, text: String)] = [:]
        var results: [String] = []
    }

    init(publisher: Publisher, request: Message, executionCount: Int) {
        self.publisher = publisher
        self.request = request
        self.executionCount = executionCount
    }

    /// The text of the cell's results so far, joined, for the history's output; nil if none.
    var resultText: String? {
        shown.withLock { $0.results.isEmpty ? nil : $0.results.joined(separator: "\n") }
    }

    /// Sends what is still waiting for its interval; called when the cell ends, before its reply.
    func finish() {
        shown.withLock { shown in
            if shown.tableChanged { sendLossTable(update: true, &shown) }
            shown.finished = true
        }
    }

    /// Publishes one event.
    func send(_ event: OutputEvent) {
        shown.withLock { shown in
            guard !shown.finished else { return }
            switch event {
            case let .text(text), let .note(text):
                stream("stdout", text)
            case .warning:
                stream("stderr", renderer.render(event) ?? "")
            case let .result(text):
                shown.results.append(text)
                publish(
                    "execute_result",
                    ["execution_count": .integer(executionCount), "data": ["text/plain": .string(text)], "metadata": [:]])
            case let .lossTable(table):
                showLossTable(table, &shown)
            case let .progress(id, progress):
                showProgress(id, progress?.line, &shown)
            case let .error(diagnostic):
                publish("error", Self.error(diagnostic))
            default:
                let text = renderer.render(event) ?? ""
                if let html = HTMLRenderer.render(event) {
                    display(["text/plain": .string(text), "text/html": .string(html)])
                } else if let svg = SVGRenderer.render(event), let png = PNGRenderer.render(event) {
                    display([
                        "text/plain": .string(text), "image/svg+xml": .string(svg),
                        "image/png": .string(Data(png).base64EncodedString()),
                    ])
                } else {
                    stream("stdout", text)
                }
            }
        }
    }

    /// An error's content, for the `error` message and the reply alike.
    static func error(_ diagnostic: Diagnostic) -> JSON {
        var lines = diagnostic.rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let range = lines[0].range(of: "error:") {
            lines[0].replaceSubrange(range, with: "\u{1B}[1;31merror:\u{1B}[0m")
        }
        return ["ename": "DLError", "evalue": .string(diagnostic.summary), "traceback": .array(lines.map(JSON.string))]
    }

    /// The content of an interruption, for the `error` message and the reply alike.
    static func interruption(_ reached: String) -> JSON {
        [
            "ename": "Interrupted", "evalue": .string(reached),
            "traceback": [.string("\u{1B}[1;33mInterrupted:\u{1B}[0m \(reached)")],
        ]
    }

    private func publish(_ type: String, _ content: JSON) { publisher.publish(type, content, parent: request) }

    private func stream(_ name: String, _ text: String) {
        publish("stream", ["name": .string(name), "text": .string(text + "\n")])
    }

    private func display(_ data: JSON, id: String? = nil, update: Bool = false) {
        let content: JSON = ["data": data, "metadata": [:]]
        publish(
            update ? "update_display_data" : "display_data",
            id.map { content.merging(["transient": ["display_id": .string($0)]]) } ?? content)
    }

    /// A loss table grows in place: its start makes a display, each row updates it. Its end
    /// publishes the whole table anew and shrinks the live display to the run's line, so a client
    /// that does not update displays in place (jupyter console) shows the table, and a notebook
    /// shows it once.
    private func showLossTable(_ table: LossTable, _ shown: inout Shown) {
        let open = table.newest == .header ? nil : shown.lossTable?.id
        // Only the rows shown are kept, so the training's own table is never copied.
        let bounded = table.bounded(rowsAtMost: Self.tableRows)
        shown.lossTable = (open ?? Self.newDisplayID(), bounded)
        if let runLine = bounded.runLine {
            shown.tableProgress = []
            shown.tableChanged = false
            if let open { display(["text/plain": .string(runLine)], id: open, update: true) }
            display(Self.tableData(bounded, progress: []))
        } else if open == nil {
            sendLossTable(update: false, &shown)
        } else {
            sendLossTableSoon(&shown)
        }
    }

    /// Sends the loss table's display now if the interval since the last has passed; otherwise
    /// once it has (its latest state then).
    private func sendLossTableSoon(_ shown: inout Shown) {
        shown.tableChanged = true
        let due = shown.tableSent + Self.updateInterval
        if DispatchTime.now() >= due {
            sendLossTable(update: true, &shown)
        } else if !shown.sendScheduled {
            shown.sendScheduled = true
            DispatchQueue.global().asyncAfter(deadline: due) { [self] in
                self.shown.withLock { shown in
                    shown.sendScheduled = false
                    if shown.tableChanged && !shown.finished { sendLossTable(update: true, &shown) }
                }
            }
        }
    }

    /// The loss table's live display: its rows, then any progress under it.
    private func sendLossTable(update: Bool, _ shown: inout Shown) {
        guard let table = shown.lossTable else { return }
        shown.tableSent = DispatchTime.now()
        shown.tableChanged = false
        var data = Self.tableData(table.table, progress: shown.tableProgress.map(\.text))
        // A client that shows only a display's first state (jupyter console) reads this line, and
        // the table when it is published whole; every other client shows the HTML.
        if !update { data = data.merging(["text/plain": "training: the loss table follows when it ends"]) }
        display(data, id: table.id, update: update)
    }

    /// A loss table as text and HTML, with progress lines under it.
    private static func tableData(_ table: LossTable, progress: [String]) -> JSON {
        let text = ([table.text] + progress).joined(separator: "\n")
        var html = HTMLRenderer.render(table)
        if !progress.isEmpty { html += "<pre>\(HTMLRenderer.escape(progress.joined(separator: "\n")))</pre>" }
        return ["text/plain": .string(text), "text/html": .string(html)]
    }

    /// Progress during a training goes under its loss table; any other is a display of its own,
    /// updated in place, which clearing leaves empty.
    private func showProgress(_ id: String, _ line: String?, _ shown: inout Shown) {
        if shown.lossTableOpen {
            let index = shown.tableProgress.firstIndex { $0.id == id }
            switch (index, line) {
            case let (index?, line?):
                guard shown.tableProgress[index].text != line else { return }
                shown.tableProgress[index].text = line
            case let (index?, nil): shown.tableProgress.remove(at: index)
            case let (nil, line?): shown.tableProgress.append((id, line))
            case (nil, nil): return
            }
            sendLossTableSoon(&shown)
            return
        }
        let text = line ?? ""
        if let current = shown.progressDisplays[id] {
            guard current.text != text else { return }
            shown.progressDisplays[id] = (current.display, text)
            display(["text/plain": .string(text)], id: current.display, update: true)
        } else if line != nil {
            let display = Self.newDisplayID()
            shown.progressDisplays[id] = (display, text)
            self.display(["text/plain": .string(text)], id: display)
        }
    }

    private static func newDisplayID() -> String { "dl-" + UUID().uuidString.lowercased() }
}
