import Foundation
import Testing

/// `kill -9` while `save` writes: the target always loads, and no temporary file outlives the
/// process (an unnamed `O_TMPFILE` dies with it; a named one lives only between naming and
/// renaming, and the next save beside it removes it).
@Suite("Saves killed with SIGKILL")
struct KilledSaveTests {
    @Test("the target loads after each kill, and nothing else is left in its folder")
    func killedWhileSaving() throws {
        let folder = TemporaryDirectory()
        let target = folder.path + "/big.safetensors"
        // A 1M-weight model saved over and over: each save writes 4 MB.
        let model = "model m { input 512; dense 2048 relu; dense 10 softmax }\n"
        let saves = model + String(repeating: "save m to \"\(target)\"\n", count: 2000)
        let script = folder.path + "/saves.dl"
        try saves.write(toFile: script, atomically: true, encoding: .utf8)
        #expect(try Command.run(["-e", model, "-e", "save m to \"\(target)\""]).status == 0)
        var generator = SystemRandomNumberGenerator()
        for round in 0..<8 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Command.executable)
            process.arguments = ["--quiet", script]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 50_000...400_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "round \(round): killed while it still saved")
            let loaded = try Command.run(["-e", "load m from \"\(target)\"", "-e", "summary m"])
            #expect(loaded.status == 0 && loaded.stdout.contains("1,071,114 parameters"), "round \(round): \(loaded.stderr)")
            let others = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
                $0 != "big.safetensors" && $0 != "saves.dl"
            }
            #expect(others.allSatisfy { $0.hasSuffix(".dltmp") }, "round \(round): \(others)")
            #expect(try Command.run(["-e", model, "-e", "save m to \"\(target)\""]).status == 0)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["big.safetensors", "saves.dl"],
                "round \(round): the next save removed what the killed one left")
        }
    }
}

/// A folder of its own under the system's temporary folder, removed when the value goes away.
final class TemporaryDirectory {
    let path = NSTemporaryDirectory() + "dlrepl-tests-" + UUID().uuidString

    init() { try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
