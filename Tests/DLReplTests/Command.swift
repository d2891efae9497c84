import Foundation

/// The `dlrepl` built beside this test bundle, run as a child process.
enum Command {
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("dlrepl").path

    /// What a run printed and how it exited.
    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// Runs dlrepl (or `program`) with `arguments`, feeding `input` to its standard input; with a
    /// `launcher` (such as mpirun and its options), runs it through that. `started` sees the process.
    static func run(
        _ arguments: [String], input: String = "", environment: [String: String] = [:], launcher: [String] = [],
        program: String? = nil, in folder: String? = nil, started: (Process) -> Void = { _ in }
    ) throws -> Result {
        let process = Process()
        let program = program ?? executable
        process.executableURL = URL(fileURLWithPath: launcher.first ?? program)
        process.arguments = launcher.isEmpty ? arguments : Array(launcher.dropFirst()) + [program] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try start(process)
        started(process)
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
            status: process.terminationStatus)
    }

    /// Starts `process` with no signal blocked. A child inherits the signal mask of the thread
    /// that starts it, and the test runner's threads block most signals: mpirun started from
    /// one ignored SIGTERM and now and then never heard from its daemons.
    static func start(_ process: Process) throws {
        var (empty, previous) = (sigset_t(), sigset_t())
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try process.run()
    }

    /// Runs `code` with `dlrepl -e`, sends SIGINT once its output shows `marker`, and returns its
    /// exit status and all it printed.
    static func interrupted(_ code: String, after marker: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-e", code]
        let output = Pipe()
        process.standardOutput = output
        try start(process)
        var seen = Data()
        let handle = output.fileHandleForReading
        let deadline = Date().addingTimeInterval(60)
        while !String(decoding: seen, as: UTF8.self).contains(marker) && Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        kill(process.processIdentifier, SIGINT)
        seen += handle.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: seen, as: UTF8.self))
    }
}
