// dlrepl: runs a .dl script (the interactive REPL comes with issue 5).
import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
let ascii = arguments.contains("--ascii")
arguments.removeAll { $0 == "--ascii" }
guard arguments.count == 1, !arguments[0].hasPrefix("-") else {
    FileHandle.standardError.write(Data("usage: dlrepl [--ascii] <script.dl>\n".utf8))
    exit(2)
}
exit(TextFrontEnd.runScript(arguments[0], ascii: ascii))
