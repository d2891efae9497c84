import DLScript
import Foundation
import JupyterWire

/// Publishes one cell's output events on iopub, as they happen, in Jupyter's terms:
/// - text and notes as `stream` stdout, warnings as `stream` stderr;
/// - a bare expression's value as `execute_result`;
/// - tables, plots and images as `display_data` with `text/plain` beside `text/html` or
///   `image/svg+xml`;
/// - a loss table as one `display_data` that each epoch's row updates in place (through a
///   transient `display_id`), with the training's progress line under it until the next row, so
///   a finished training leaves one output: its table;
/// - progress outside a training as a display of its own, updated in place;
/// - an error as one `error` message with its source line and caret.
///
/// The sink is called from the shell thread and from a training run's thread, so it locks.
final class CellOutput: @unchecked Sendable {
    private let publisher: Publisher
    private let request: Message
    private let executionCount: Int
    private let renderer = TextRenderer(width: 72)
    private let lock = NSLock()
    private var lossTable: (id: String, lines: [LossTable.Line])?
    /// Whether the loss table is still growing (its footer has not come).
    private var lossTableOpen = false
    /// The progress lines shown under the open loss table, by progress id.
    private var tableProgress: [(id: String, text: String)] = []
    /// Each progress id's display and the text it shows.
    private var progressDisplays: [String: (display: String, text: String)] = [:]
    private var results: [String] = []

    init(publisher: Publisher, request: Message, executionCount: Int) {
        self.publisher = publisher
        self.request = request
        self.executionCount = executionCount
    }

    /// The text of the cell's results so far, joined, for the history's output; nil if none.
    var resultText: String? {
        lock.withLock { results.isEmpty ? nil : results.joined(separator: "\n") }
    }

    /// Publishes one event.
    func send(_ event: OutputEvent) {
        lock.withLock {
            switch event {
            case let .text(text), let .note(text):
                stream("stdout", text)
            case .warning:
                stream("stderr", renderer.render(event) ?? "")
            case let .result(text):
                results.append(text)
                publish(
                    "execute_result",
                    ["execution_count": .integer(executionCount), "data": ["text/plain": .string(text)], "metadata": [:]])
            case let .table(table):
                display(["text/plain": .string(table.render()), "text/html": .string(HTMLRenderer.render(table))])
            case let .lossTable(line):
                showLossTable(line)
            case let .plot(plot):
                picture(event, svg: SVGRenderer.render(plot))
            case let .regions(plot):
                picture(event, svg: SVGRenderer.render(plot))
            case let .images(strip):
                picture(event, svg: SVGRenderer.render(strip))
            case let .progress(id, progress):
                showProgress(id, progress?.line)
            case let .error(diagnostic):
                publish("error", Self.error(diagnostic))
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

    /// A plot as its text drawing beside its SVG.
    private func picture(_ event: OutputEvent, svg: String) {
        display(["text/plain": .string(renderer.render(event) ?? ""), "image/svg+xml": .string(svg)])
    }

    /// A loss table grows in place: its header starts a display, each row and the footer update it.
    private func showLossTable(_ line: LossTable.Line) {
        var table: (id: String, lines: [LossTable.Line])
        if case .header = line {
            table = (Self.newDisplayID(), [line])
        } else {
            table = lossTable ?? (Self.newDisplayID(), [])
            table.lines.append(line)
        }
        if case .footer = line {
            lossTableOpen = false
            tableProgress = []
        } else {
            lossTableOpen = true
        }
        lossTable = table
        showLossTable(update: table.lines.count > 1)
    }

    /// The loss table's display: its lines, then any progress under it.
    private func showLossTable(update: Bool) {
        guard let table = lossTable else { return }
        let progress = tableProgress.map(\.text)
        let text = (table.lines.map(LossTable.render) + progress).joined(separator: "\n")
        var html = HTMLRenderer.render(lossTable: table.lines)
        if !progress.isEmpty { html += "<pre>\(HTMLRenderer.escape(progress.joined(separator: "\n")))</pre>" }
        display(["text/plain": .string(text), "text/html": .string(html)], id: table.id, update: update)
    }

    /// Progress during a training goes under its loss table; any other is a display of its own,
    /// updated in place, which clearing leaves empty.
    private func showProgress(_ id: String, _ line: String?) {
        if lossTableOpen {
            let index = tableProgress.firstIndex { $0.id == id }
            switch (index, line) {
            case let (index?, line?):
                guard tableProgress[index].text != line else { return }
                tableProgress[index].text = line
            case let (index?, nil): tableProgress.remove(at: index)
            case let (nil, line?): tableProgress.append((id, line))
            case (nil, nil): return
            }
            showLossTable(update: true)
            return
        }
        let text = line ?? ""
        if let shown = progressDisplays[id] {
            guard shown.text != text else { return }
            progressDisplays[id] = (shown.display, text)
            display(["text/plain": .string(text)], id: shown.display, update: true)
        } else if line != nil {
            let display = Self.newDisplayID()
            progressDisplays[id] = (display, text)
            self.display(["text/plain": .string(text)], id: display)
        }
    }

    private static func newDisplayID() -> String { "dl-" + UUID().uuidString.lowercased() }
}
