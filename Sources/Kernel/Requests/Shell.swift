import DLScript
import Foundation
import JupyterWire
import Synchronization

/// The shell channel's requests, handled one at a time on its thread, which alone touches the
/// DL session, the history and the execution count.
final class Shell: @unchecked Sendable {
    private let channel: RequestChannel
    private let publisher: Publisher
    private let info: JSON
    private let shutdown: @Sendable (Message, RequestChannel) -> Void
    private let session: Session
    /// Read on first use (the first cell or history request), so a long history file does not
    /// delay the kernel's start.
    private lazy var history = HistoryFile.standardPath.map { History(file: HistoryFile(path: $0)) } ?? History()
    private var executionCount = 0

    init(
        channel: RequestChannel, publisher: Publisher, session: Session, info: JSON,
        shutdown: @escaping @Sendable (Message, RequestChannel) -> Void
    ) {
        self.channel = channel
        self.publisher = publisher
        self.session = session
        self.info = info
        self.shutdown = shutdown
    }

    /// Handles one request between `busy` and `idle` statuses; idle follows the reply and all
    /// of the request's output. After a failed cell with `stop_on_error`, the executions that
    /// were waiting before its reply went out are aborted, each in its own bracket after the
    /// failed cell's idle; a cell sent after the client saw that reply runs.
    func handle(_ request: Message) {
        if request.type == "shutdown_request" { return shutdown(request, channel) }
        publisher.whileBusy(with: request) { answer(request) }
        let waiting = waitingBeforeFailure
        waitingBeforeFailure = []
        abortExecutions(in: waiting)
    }

    /// The requests that were queued when a failed cell (with `stop_on_error`) was about to
    /// reply: read before the reply, so none a client sent after seeing it is among them.
    private var waitingBeforeFailure: [Message] = []

    /// Replies to one request.
    private func answer(_ request: Message) {
        let content = request.content
        switch request.type {
        case "execute_request":
            execute(request)
        case "kernel_info_request":
            channel.reply(to: request, info)
        case "complete_request":
            let code = content["code"]?.string ?? ""
            let completion = session.complete(code, cursor: cursor(content, in: code))
            channel.reply(
                to: request,
                [
                    "status": "ok", "matches": .array(completion.matches.map(JSON.string)),
                    "cursor_start": .integer(completion.range.lowerBound), "cursor_end": .integer(completion.range.upperBound),
                    "metadata": [:],
                ])
        case "inspect_request":
            let code = content["code"]?.string ?? ""
            let help = session.inspect(code, cursor: cursor(content, in: code))
            channel.reply(
                to: request,
                [
                    "status": "ok", "found": .bool(help != nil), "data": help.map(Self.inspection) ?? [:],
                    "metadata": [:],
                ])
        case "is_complete_request":
            channel.reply(to: request, Self.completeness(session.isComplete(content["code"]?.string ?? "")))
        case "history_request":
            channel.reply(to: request, ["status": "ok", "history": history.reply(to: content)])
        case "comm_info_request":
            channel.reply(to: request, ["status": "ok", "comms": [:]])
        case "comm_open":
            // No comm targets exist, so every comm is closed at once, as the protocol asks.
            publisher.publish("comm_close", ["comm_id": content["comm_id"] ?? "", "data": [:]], parent: request)
        case "comm_msg", "comm_close":
            break
        default:
            Log.write("shell: no handler for \(request.type); ignored")
        }
    }

    /// Help for the inspector: as text, and as Markdown and HTML for clients that show them.
    static func inspection(_ help: String) -> JSON {
        let page = HelpPage(help)
        return [
            "text/plain": .string(help), "text/markdown": .string(MarkdownRenderer.render(page)),
            "text/html": .string(HTMLRenderer.render(page)),
        ]
    }

    /// Whether a cell is `exit` or `quit` alone, which asks the client to close.
    static func asksToExit(_ code: String) -> Bool {
        ["exit", "quit"].contains(code.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Runs an `execute_request`. When it fails or is interrupted and the request has
    /// `stop_on_error` (the default), the requests waiting then are kept in `waitingBeforeFailure`.
    private func execute(_ request: Message) {
        let content = request.content
        let stopsOnError = content["stop_on_error"]?.bool != false
        guard let code = content["code"]?.string else {
            if stopsOnError { waitingBeforeFailure = channel.waiting() }
            channel.reply(
                to: request, Self.replyError(["ename": "BadRequest", "evalue": "the request has no code", "traceback": []]))
            return
        }
        let silent = content["silent"]?.bool ?? false
        let storesHistory = !silent && (content["store_history"]?.bool ?? true)
        if storesHistory { executionCount += 1 }
        let count = executionCount
        if !silent {
            publisher.publish("execute_input", ["code": .string(code), "execution_count": .integer(count)], parent: request)
        }
        if Self.asksToExit(code) {
            // As ipykernel answers `exit`: the client (jupyter console, qtconsole) closes itself.
            if storesHistory { history.record(line: count, input: code, output: nil) }
            channel.reply(
                to: request,
                [
                    "status": "ok", "execution_count": .integer(count), "user_expressions": [:],
                    "payload": [["source": "ask_exit", "keepkernel": false]],
                ])
            return
        }
        let output = CellOutput(publisher: publisher, request: request, executionCount: count)
        let outcome = session.run(code, source: "cell \(count)") { event in
            if !silent { output.send(event) }
        }
        output.finish()
        if storesHistory { history.record(line: count, input: code, output: output.resultText) }
        let reply: JSON
        switch outcome {
        case .completed:
            reply = ["status": "ok", "payload": [], "user_expressions": evaluate(content["user_expressions"])]
        case let .failed(diagnostic):
            reply = Self.replyError(CellOutput.error(diagnostic))
        case let .interrupted(reached):
            let error = CellOutput.interruption(reached)
            if !silent { publisher.publish("error", error, parent: request) }
            reply = Self.replyError(error)
        }
        if outcome != .completed && stopsOnError { waitingBeforeFailure = channel.waiting() }
        channel.reply(to: request, reply.merging(["execution_count": .integer(count)]))
    }

    /// The value of each user expression, or its error, without publishing anything. Only
    /// expressions are evaluated: a statement there is an error and does not run.
    private func evaluate(_ expressions: JSON?) -> JSON {
        var values: [String: JSON] = [:]
        for (name, expression) in expressions?.object ?? [:] {
            switch session.evaluate(expression.string ?? "", source: name) {
            case let .success(text):
                values[name] = ["status": "ok", "data": ["text/plain": .string(text)], "metadata": [:]]
            case let .failure(diagnostic):
                values[name] = Self.replyError(CellOutput.error(diagnostic))
            }
        }
        return .object(values)
    }

    /// After a failed cell with `stop_on_error`, the execute requests among `requests` are
    /// answered `aborted` without running; the others are handled as usual.
    private func abortExecutions(in requests: [Message]) {
        for request in requests {
            guard request.type == "execute_request" else {
                handle(request)
                continue
            }
            publisher.whileBusy(with: request) {
                channel.reply(to: request, ["status": "aborted", "execution_count": .integer(executionCount)])
            }
        }
    }

    /// The request's `cursor_pos` (Unicode code points), or the end of the code.
    private func cursor(_ content: JSON, in code: String) -> Int {
        content["cursor_pos"]?.integer ?? code.unicodeScalars.count
    }

    private static func completeness(_ completeness: Completeness) -> JSON {
        switch completeness {
        case .complete: ["status": "complete"]
        case let .incomplete(indent): ["status": "incomplete", "indent": .string(indent)]
        case .invalid: ["status": "invalid"]
        }
    }

    private static func replyError(_ error: JSON) -> JSON { error.merging(["status": "error"]) }
}
