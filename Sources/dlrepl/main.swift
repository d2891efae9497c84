// dlrepl: runs a .dl script (the interactive REPL comes with issue 5).
import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard let script = arguments.first, arguments.count == 1 else {
    FileHandle.standardError.write(Data("usage: dlrepl <script.dl>\n".utf8))
    exit(2)
}
exit(TextFrontEnd.runScript(script))
