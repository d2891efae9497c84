// dlfuzz: libFuzzer over everything that reads untrusted bytes (`make fuzz`). The first argument
// names the target; the rest go to libFuzzer's driver, which `-sanitize=fuzzer` links in (SwiftPM
// gives an executable its own main, so this hands control to the driver).
//   dlfuzz language|wire|idx|csv|safetensors [libFuzzer options] [corpus folders]
import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

let targets: [String: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt] = [
    "language": { data, size in fuzzLanguage(data, size) },
    "wire": { data, size in fuzzWire(data, size) },
    "idx": { data, size in fuzzIDX(data, size) },
    "csv": { data, size in fuzzCSV(data, size) },
    "safetensors": { data, size in fuzzSafeTensors(data, size) },
]
let arguments = CommandLine.arguments
guard arguments.count >= 2, let target = targets[arguments[1]] else {
    FileHandle.standardError.write(
        Data("usage: dlfuzz \(targets.keys.sorted().joined(separator: "|")) [libFuzzer options] [corpus folders]\n".utf8))
    exit(2)
}
// libFuzzer sees the program name and everything after the target's name.
var argv = [CommandLine.unsafeArgv[0]] + (2..<Int(CommandLine.argc)).map { CommandLine.unsafeArgv[$0] }
var argc = CInt(argv.count)
argv.append(nil)
exit(
    argv.withUnsafeMutableBufferPointer { buffer in
        var base = buffer.baseAddress!
        return runFuzzerDriver(&argc, &base, target)
    })
