import DLCore
import Foundation

/// One process of a training job that a session started (`train … workers n` runs
/// `mpirun -np n dlrepl --worker <folder>`): reads the job, trains its shard of every batch, and,
/// when it is the first, reports each event to the session as a line of JSON on standard output,
/// saves the checkpoint, stops when the session writes `stop` (or closes its standard input), and
/// writes the trained model back into the folder.
public enum TrainingWorker {
    /// Runs the job in `folder`; returns the process's exit code.
    public static func run(folder: String, communicator: MPICommunicator) -> Int32 {
        let lead = communicator.rank == 0
        do {
            var job: TrainingJob
            do { job = try TrainingJob.read(from: folder) } catch {
                throw WorkerError(
                    "cannot read the training job in \(folder) (\(error)); on several machines, each must see the "
                        + "session's job folder at that path: set TMPDIR to a folder on a file system they share")
            }
            job.options.communicator = communicator
            ThreadPool.shared.setThreadCount(communicator.threadsPerProcess)
            let cancellation = CancellationToken()
            if lead { watchForStop(cancellation) }
            let optimizer = job.training?.makeOptimizer() ?? job.options.optimizer.make()
            let outcome = try Trainer(options: job.options).fit(
                job.model, on: job.data, optimizer: optimizer, cancellation: cancellation
            ) { event in
                guard lead else { return }
                send(.event(event))
                if let saved = job.checkpoint.map(Checkpoint.init)?.save(after: event, of: job.model) {
                    send(.checkpoint(saved.record, failure: saved.failure))
                }
            }
            if lead {
                let state = TrainingState(
                    history: outcome.history, batchLosses: [], optimizer: (job.options.optimizer, optimizer))
                try TrainingJob.writeTrained(job.model, training: state, to: folder)
                send(.outcome(outcome))
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("rank \(communicator.rank): \(error)\n".utf8))
            return 1
        }
    }

    private static func send(_ message: TrainingJob.Message) {
        guard var line = try? JSONEncoder().encode(message) else { return }
        line.append(0x0A)
        FileHandle.standardOutput.write(line)
    }

    /// Cancels when standard input (mpirun forwards the session's to the first process) says
    /// `stop` or ends.
    private static func watchForStop(_ cancellation: CancellationToken) {
        let thread = Thread {
            while let line = readLine() {
                if line.trimmingCharacters(in: .whitespaces) == TrainingJob.stopLine { break }
            }
            cancellation.cancel()
        }
        thread.name = "DLMPI.stop"
        thread.start()
    }
}

/// A worker's failure, said as it is.
struct WorkerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
