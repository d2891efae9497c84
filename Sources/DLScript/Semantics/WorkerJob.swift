import DLCore
import Foundation

/// `train … workers n`: the training as an MPI job of `n` processes started with mpirun, each
/// running `dlrepl --worker` on its shard of every batch. The session writes the job (model,
/// optimizer, data, options) to a folder of its own, shows the first worker's events as they come,
/// asks it to stop when the session is interrupted, and takes the trained weights and optimizer back.
struct WorkerJob {
    let processes: Int
    /// A hostfile naming the machines (mpirun's `--hostfile`); nil runs them all here.
    let hosts: String?
    /// The worker program, `dlrepl`.
    let command: String

    /// Runs the job, the first worker saving each new best epoch to `checkpoint`; returns how it
    /// ended and the optimizer to go on with, the trained weights already in `model`. `reports`
    /// sees the first worker's events and checkpoints as they come.
    func run(
        model: Sequential, optimizer: any Optimizer, spec: OptimizerSpec, data: Dataset, options: TrainingOptions,
        checkpoint: String?, cancellation: CancellationToken, reports: (TrainingJob.Message) -> Void
    ) throws(ModelError) -> (TrainingOutcome, any Optimizer) {
        guard let mpirun = Self.find("mpirun") else {
            throw ModelError("workers run under Open MPI's mpirun, which is not installed (Debian: openmpi-bin)")
        }
        let folder = NSTemporaryDirectory() + "dl-job-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = Process()
        let (input, output, errors) = (Pipe(), Pipe(), Pipe())
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let state = TrainingState(history: [], batchLosses: [], optimizer: (spec, optimizer))
            // The workers may start elsewhere: the checkpoint's path is this session's.
            let path = checkpoint.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            try TrainingJob(model: model, training: state, data: data, options: options, checkpoint: path).write(to: folder)
            let launch =
                [mpirun, "-np", "\(processes)", "--bind-to", "none"]
                + (hosts.map { ["--hostfile", $0] } ?? ["--oversubscribe"]) + [command, "--worker", folder]
            // In a session of its own (setsid), so a terminal's Ctrl-C reaches only the session,
            // which stops the job between steps, instead of mpirun, which would kill it.
            let setsid = Self.find("setsid")
            process.executableURL = URL(fileURLWithPath: setsid ?? mpirun)
            process.arguments = setsid == nil ? Array(launch.dropFirst()) : launch
            var environment = ProcessInfo.processInfo.environment
            if getuid() == 0 {
                // mpirun refuses root unless told twice.
                environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
                environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
            }
            process.environment = environment
            (process.standardInput, process.standardOutput, process.standardError) = (input, output, errors)
            try Self.start(process)
        } catch {
            throw ModelError("the workers could not start: \(error)")
        }
        let watching = Self.stopWhenCancelled(process, cancellation: cancellation, input: input.fileHandleForWriting)
        let failure = Collected(errors.fileHandleForReading)
        var outcome: TrainingOutcome?
        var pending = Data()
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let end = pending.firstIndex(of: 0x0A) {
                let line = pending[pending.startIndex..<end]
                pending = Data(pending[(end + 1)...])
                switch try? JSONDecoder().decode(TrainingJob.Message.self, from: line) {
                case let .outcome(result)?: outcome = result
                case let report?: reports(report)
                case nil: continue
                }
            }
        }
        process.waitUntilExit()
        watching.cancel()
        try? input.fileHandleForWriting.close()
        guard process.terminationStatus == 0, let outcome else {
            let said = failure.text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("---") }.suffix(4).joined(separator: " ")
            throw ModelError(
                "the \(processes) workers failed (mpirun exited with \(process.terminationStatus))"
                    + (said.isEmpty ? "" : ": \(said)"))
        }
        do {
            let trained = try TrainingJob.readTrained(from: folder, into: model)
            return (outcome, trained?.makeOptimizer() ?? optimizer)
        } catch {
            throw ModelError("the workers' trained model could not be read: \(error)")
        }
    }

    /// The first executable named `name` on the PATH.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts `process` (mpirun) with no signal blocked. A child inherits the signal mask of the
    /// thread that starts it, and Dispatch's threads block most signals: an mpirun started so
    /// ignores SIGTERM, and in tests its daemons on another host now and then never called back.
    private static func start(_ process: Process) throws {
        var (empty, previous) = (sigset_t(), sigset_t())
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try process.run()
    }

    /// Writes the stop line to the job when the session is interrupted; cancel what it returns
    /// when the job has ended.
    private static func stopWhenCancelled(_ process: Process, cancellation: CancellationToken, input: FileHandle)
        -> CancellationToken
    {
        let ended = CancellationToken()
        let watcher = Thread {
            while process.isRunning && !ended.isCancelled {
                if cancellation.isCancelled {
                    try? input.write(contentsOf: Data((TrainingJob.stopLine + "\n").utf8))
                    return
                }
                usleep(50_000)
            }
        }
        watcher.name = "DLScript.workers"
        watcher.start()
        return ended
    }

    /// Everything a stream gives until it ends, read on a thread of its own so the job never
    /// blocks on a full pipe.
    private final class Collected: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var value = ""

        init(_ handle: FileHandle) {
            let reader = Thread { [self] in
                value = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
                done.signal()
            }
            reader.start()
        }

        /// The whole text, once the stream has ended.
        var text: String {
            done.wait()
            done.signal()
            return value
        }
    }
}
