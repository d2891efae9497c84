import ArgumentParser
import DLScript
import Foundation
import JupyterWire

/// The command line: serve a notebook, or install the kernelspec.
struct DLKernel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlkernel",
        abstract: "The Jupyter kernel for the DL language.",
        version: Language.version,
        subcommands: [Serve.self, Install.self],
        defaultSubcommand: Serve.self)
}

/// `dlkernel -f FILE`: serve the sockets a connection file names until a shutdown request.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve a Jupyter client through a connection file (the default).")

    @Option(name: [.customShort("f"), .customLong("connection-file")], help: "The connection file Jupyter wrote.")
    var connectionFile: String

    func run() throws {
        do {
            let connection = try ConnectionFile.read(connectionFile)
            let kernel = try Kernel(connection: connection)
            kernel.run()
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
