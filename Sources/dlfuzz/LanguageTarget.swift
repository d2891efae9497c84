// The language target of `dlfuzz` (see main.swift): each input is DL code, run in a fresh session
// with a short deadline; libFuzzer reports a crash or a hang with the input that caused it.
import DLScript
import Foundation

func fuzzLanguage(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let code = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // Writing files and resizing the thread pool are left out; everything else is fair game.
    if code.contains("save") || code.contains("checkpoint") || code.contains("threads") { return 0 }
    let session = Session(options: SessionOptions(timings: false))
    let interrupter = session.interrupter
    let timer = DispatchWorkItem { interrupter.interrupt() }
    DispatchQueue.global().asyncAfter(deadline: .now() + 0.2, execute: timer)
    _ = session.run(code, source: "fuzz") { _ in }
    timer.cancel()
    let cursor = code.unicodeScalars.count / 2
    _ = session.isComplete(code)
    _ = session.complete(code, cursor: cursor)
    _ = session.inspect(code, cursor: cursor)
    return 0
}
