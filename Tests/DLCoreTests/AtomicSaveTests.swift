import DLCore
import Foundation
import Testing

/// A save replaces its target whole or not at all, leaves no temporary file behind, writes
/// through a symbolic link, keeps the target's mode and never replaces a device, FIFO or folder.
@Suite("Atomic saves")
struct AtomicSaveTests {
    static let spec = ModelSpec(inputShape: [4], layers: [.dense(3, .relu), .dense(2, .softmax)])

    func entries(_ folder: TemporaryFolder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test("a symbolic link is written through, and the target keeps its mode")
    func linksAndModes() throws {
        let folder = TemporaryFolder()
        let target = folder.path + "/real.safetensors"
        let link = folder.path + "/link.safetensors"
        try SafeTensors.save(try Sequential(Self.spec, seed: 1), to: target)
        #expect(chmod(target, 0o600) == 0)
        #expect(symlink("real.safetensors", link) == 0)
        let second = try Sequential(Self.spec, seed: 2)
        try SafeTensors.save(second, to: link)
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.safetensors",
            "the link is followed, not replaced")
        #expect(try SafeTensors.load(from: target).snapshot() == second.snapshot())
        let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try entries(folder) == ["link.safetensors", "real.safetensors"])
    }

    @Test("a FIFO, a device or a folder at the path is refused, and left as it was")
    func specialTargets() throws {
        let folder = TemporaryFolder()
        let model = try Sequential(Self.spec, seed: 1)
        let fifo = folder.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        func refusal(_ path: String) -> String {
            do {
                try SafeTensors.save(model, to: path)
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(
            refusal(fifo)
                == "\(fifo): this is a FIFO (named pipe), not a regular file: a save replaces only files; choose another path")
        #expect(refusal(folder.path).contains("a folder, not a regular file"))
        #expect(refusal("/dev/full").contains("a character device, not a regular file"))
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
        #expect(stat("/dev/full", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
        #expect(try entries(folder) == ["pipe"])
    }

    @Test("a temporary left by a process that died is removed by the next save beside it")
    func staleTemporaries() throws {
        let folder = TemporaryFolder()
        // A process that has exited: its PID is free (until reused, when the file is kept).
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let stale = folder.write(".m.safetensors.\(child.processIdentifier)-7.dltmp", [1, 2, 3])
        let alive = folder.write(".m.safetensors.1-7.dltmp", [1, 2, 3])  // PID 1 runs: not ours to remove
        try SafeTensors.save(try Sequential(Self.spec, seed: 1), to: folder.path + "/m.safetensors")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: alive))
    }
}
