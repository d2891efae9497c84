// dlbench: measurements that `make bench` compares against peers. See docs/benchmarks.md.
import DLCore
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
exit(Bench.run(arguments))
