// dlbench: measurements that `make bench` compares against peers. See docs/benchmarks.md.
import DLCore
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let code = Bench.run(arguments)
Bench.world?.finish(code: code)
exit(code)
