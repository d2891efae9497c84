import ArgumentParser
import Foundation

/// `dlkernel install`: writes the kernelspec (kernel.json and logos) where Jupyter looks for it,
/// in the layout `jupyter kernelspec install` makes, pointing at this binary.
struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Install the DL kernelspec for Jupyter.",
        discussion: """
            Without an option the kernelspec goes to the system-wide folder (/usr/local/share/jupyter/kernels). \
            It names this binary by its absolute path, so move the binary first, then install.
            """)

    @Flag(help: "Install for the current user (JUPYTER_DATA_DIR, or $XDG_DATA_HOME/jupyter, or ~/.local/share/jupyter).")
    var user = false

    @Flag(help: "Install into the active virtualenv or conda environment (VIRTUAL_ENV or CONDA_PREFIX).")
    var sysPrefix = false

    @Option(help: "Install under PREFIX/share/jupyter/kernels.")
    var prefix: String?

    @Option(help: "The kernelspec's name, the folder it is written to.")
    var name = "dl"

    func validate() throws {
        if [user, sysPrefix, prefix != nil].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --user, --sys-prefix and --prefix")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let kernels: String
        if user {
            // jupyter_core's order: JUPYTER_DATA_DIR, then $XDG_DATA_HOME/jupyter, then
            // ~/.local/share/jupyter, each when set and not empty.
            func given(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
            let data =
                given("JUPYTER_DATA_DIR") ?? given("XDG_DATA_HOME").map { $0 + "/jupyter" }
                ?? HomeDirectory.path + "/.local/share/jupyter"
            kernels = data + "/kernels"
        } else if sysPrefix {
            guard let environmentPrefix = environment["VIRTUAL_ENV"] ?? environment["CONDA_PREFIX"] else {
                throw ValidationError(
                    "--sys-prefix needs an active virtualenv or conda environment; activate one or use --prefix")
            }
            kernels = environmentPrefix + "/share/jupyter/kernels"
        } else {
            kernels = (prefix ?? "/usr/local") + "/share/jupyter/kernels"
        }
        let folder = kernels + "/" + name
        do {
            try Kernelspec(binary: Kernelspec.currentBinary()).write(to: folder)
        } catch {
            throw ValidationError("cannot write the kernelspec to \(folder): \(error.localizedDescription)")
        }
        print("installed the DL kernelspec in \(folder)")
    }
}
