import ArgumentParser
import DLMPI
import DLScript
import Foundation

/// `dlrepl`: the DL language at a prompt, or scripts run in batch.
@main
struct DLRepl: ParsableCommand {
    static let version = Language.version

    static let configuration = CommandConfiguration(
        commandName: "dlrepl",
        abstract: "Run DL code: interactively at a prompt, or scripts in batch.",
        discussion: """
            With no scripts and no -e, and standard input a terminal, dlrepl starts a REPL.
            Exit codes: 0 success, 1 an error in the code, 2 bad command-line usage, 130 interrupted.
            """,
        version: version)

    @Argument(help: "Scripts to run in one session, in order; - reads standard input.")
    var scripts: [String] = []

    @Option(name: [.customShort("e"), .customLong("execute")], help: "Run this code (repeatable; after the scripts).")
    var code: [String] = []

    @Option(help: "Threads for the engine (default: every core).")
    var threads: Int?

    @Option(help: "The session's random seed (default 42).")
    var seed: Int?

    @Option(
        help: ArgumentHelp(
            "Split each training batch into this many shards, their gradients summed in order (default 1).",
            discussion: "One process with --shards 2 computes what `mpirun -np 2 dlrepl` computes, to the bit."))
    var shards: Int?

    @Option(help: .hidden)
    var worker: String?

    @Flag(help: "Leave out notes (what was loaded, defined, saved) and progress lines.")
    var quiet = false

    @Flag(help: "Draw plots with plain ASCII characters.")
    var ascii = false

    func validate() throws {
        if let threads, !(1...256).contains(threads) {
            throw ValidationError("--threads must be between 1 and 256, got \(threads)")
        }
        if let seed, seed < 0 || seed > Int(Int32.max) {
            throw ValidationError("--seed must be between 0 and \(Int32.max), got \(seed)")
        }
        if let shards, !(1...1024).contains(shards) {
            throw ValidationError("--shards must be between 1 and 1024, got \(shards)")
        }
    }

    mutating func run() throws {
        // Under mpirun, each process runs the scripts on its shard of every batch; the first prints.
        let world = MPICommunicator.launched()
        if let worker {
            // One process of a session's `train … workers n`.
            guard let world else { throw ValidationError("--worker runs a training job's process under mpirun") }
            let code = TrainingWorker.run(folder: worker, communicator: world)
            world.finish(code: code)
            throw ExitCode(code)
        }
        let output = TextFrontEnd(ascii: ascii, quiet: quiet, rank: world?.rank ?? 0)
        let interrupts = Interrupts()
        var setup: [Batch.Source] = []
        if let threads = threads ?? world?.threadsPerProcess {
            setup.append(.init(name: "--threads", code: "threads \(threads)"))
        }
        if let seed { setup.append(.init(name: "--seed", code: "seed \(seed)")) }
        var options = SessionOptions(width: output.renderer.width, shards: shards ?? 1)
        options.workerCommand = Bundle.main.executablePath
        if let world { options.communicator = world }
        let makeSession = { [options] in
            let session = Session(options: options, interrupter: interrupts.interrupter)
            _ = Batch(session: session, output: output, interrupts: interrupts).run(setup)
            return session
        }
        let interactive = scripts.isEmpty && code.isEmpty && isatty(STDIN_FILENO) == 1 && world == nil
        if interactive {
            throw ExitCode(Interactive(makeSession: makeSession, output: output, interrupts: interrupts).run())
        }
        var sources: [Batch.Source] = []
        do {
            sources = try (scripts.isEmpty && code.isEmpty ? ["-"] : scripts).map(Batch.read)
        } catch {
            throw ValidationError(error.message)
        }
        sources += code.enumerated().map { .init(name: "-e \($0.offset + 1)", code: $0.element) }
        let session = Session(options: options, interrupter: interrupts.interrupter)
        let batch = Batch(session: session, output: output, interrupts: interrupts)
        _ = batch.run(setup)
        let code = batch.run(sources)
        world?.finish(code: code)
        throw ExitCode(code)
    }

    /// Parses the command line and runs; usage errors exit with 2 (not ArgumentParser's 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
