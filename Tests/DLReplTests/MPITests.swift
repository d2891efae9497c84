import Foundation
import Testing

/// `mpirun -np 2 dlrepl`: Open MPI's launcher (Debian's openmpi-bin) starts two processes that
/// train one model, each on its shard of every batch.
@Suite("dlrepl under mpirun")
struct MPITests {
    /// mpirun as root needs these; `--bind-to none` keeps two processes off one core, and
    /// `--oversubscribe` lets tests run beside each other on two cores.
    static let environment = ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"]
    static func mpirun(_ processes: Int) -> [String] {
        ["/usr/bin/mpirun", "-np", "\(processes)", "--bind-to", "none", "--oversubscribe"]
    }

    static let script = """
        seed 5
        data toy = blobs 300
        model m { dense 16 tanh; dropout 0.3; dense 8 relu; dense 3 softmax }
        train m on toy epochs 3 batch 37 optimizer sgd lr 0.1 momentum 0.9
        save m "m.safetensors"

        """

    /// The tensors of a safetensors file, after its header (which holds wall-clock seconds).
    static func tensorBytes(_ path: String) throws -> Data {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let headerSize = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        return data.dropFirst(8 + headerSize)
    }

    @Test("two processes train to the bits of one process with two shards; only the first prints and saves")
    func sameBitsAsShards() throws {
        let folder = TemporaryDirectory()
        let path = folder.path + "/train.dl"
        try Self.script.write(toFile: path, atomically: true, encoding: .utf8)
        let launched = try Command.run(
            ["--threads", "1", path], environment: Self.environment, launcher: Self.mpirun(2), in: folder.path)
        #expect(launched.status == 0, "\(launched.stderr)")
        #expect(launched.stdout.components(separatedBy: "finished: 3 epochs").count == 2, "one loss table, not two")
        #expect(launched.stdout.components(separatedBy: "saved m").count == 2)
        let together = try Self.tensorBytes(folder.path + "/m.safetensors")

        let sharded = try Command.run(["--threads", "1", "--shards", "2", path], in: folder.path)
        #expect(sharded.status == 0, "\(sharded.stderr)")
        #expect(try Self.tensorBytes(folder.path + "/m.safetensors") == together)

        // One process, one piece: the same training up to the order of additions.
        let whole = try Command.run(["--threads", "1", path], in: folder.path)
        #expect(try Self.tensorBytes(folder.path + "/m.safetensors") != together)
        let rows = { (output: String) in output.split(separator: "\n").filter { $0.hasPrefix("      3 ") } }
        #expect(rows(whole.stdout) == rows(sharded.stdout) && rows(whole.stdout).count == 1)
    }

    @Test("images read by offset: each process reads only its shards' images, and trains the same bits")
    func readByOffset() throws {
        let folder = TemporaryDirectory()
        // 40 images of 3x4 pixels, and their labels, in IDX files.
        func idx(_ dimensions: [Int], _ values: [UInt8]) -> Data {
            var bytes: [UInt8] = [0, 0, 8, UInt8(dimensions.count)]
            for d in dimensions { bytes += [0, 0, UInt8(d >> 8), UInt8(d & 0xFF)] }
            return Data(bytes + values)
        }
        try idx([40, 3, 4], (0..<480).map { UInt8($0 * 53 % 251) }).write(to: URL(fileURLWithPath: folder.path + "/images"))
        try idx([40], (0..<40).map { UInt8($0 % 3) }).write(to: URL(fileURLWithPath: folder.path + "/labels"))
        func script(_ reading: String) -> String {
            """
            seed 5
            data pics = idx "images" "labels" \(reading)
            model m { dense 8 relu; dense 3 softmax }
            train m on pics epochs 1 batch 10 optimizer sgd lr 0.1
            save m "m.safetensors"
            pics

            """
        }
        try script("by_offset").write(toFile: folder.path + "/offset.dl", atomically: true, encoding: .utf8)
        try script("").write(toFile: folder.path + "/whole.dl", atomically: true, encoding: .utf8)
        let launched = try Command.run(
            ["--threads", "1", "offset.dl"], environment: Self.environment, launcher: Self.mpirun(2), in: folder.path)
        #expect(launched.status == 0, "\(launched.stderr)")
        // Four batches of 10, of which process 0 trains 5 images each, of 12 bytes.
        #expect(
            launched.stdout.contains("read by offset from images (240 bytes of its 496 bytes read so far)"), "\(launched.stdout)")
        let together = try Self.tensorBytes(folder.path + "/m.safetensors")
        let sharded = try Command.run(["--threads", "1", "--shards", "2", "whole.dl"], in: folder.path)
        #expect(sharded.status == 0 && !sharded.stdout.contains("read by offset"), "\(sharded.stderr)")
        #expect(try Self.tensorBytes(folder.path + "/m.safetensors") == together)

        // Workers of a session read the file where the session found it; the session reads none of it.
        try script("by_offset").replacingOccurrences(of: "lr 0.1", with: "lr 0.1 workers 2").write(
            toFile: folder.path + "/workers.dl", atomically: true, encoding: .utf8)
        let workers = try Command.run(["--threads", "1", "workers.dl"], in: folder.path)
        #expect(workers.status == 0, "\(workers.stderr)")
        #expect(workers.stdout.contains("(0 bytes of its 496 bytes read so far)"), "\(workers.stdout)")
        #expect(try Self.tensorBytes(folder.path + "/m.safetensors") == together)
    }

    @Test("two processes on this machine share its cores: a thread each on two cores")
    func threadsPerProcess() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let result = try Command.run(["-e", "threads"], environment: Self.environment, launcher: Self.mpirun(2))
        #expect(result.stdout == "threads: \(max(1, cores / 2)) (this process may run on \(cores) CPUs)\n", "\(result.stderr)")
    }

    @Test("an error stops every process: the first's message as usual, the other's marked with its rank")
    func errorOnEveryRank() throws {
        let result = try Command.run(
            ["-e", "data toy = blobs 20", "-e", "train nothing on toy"], environment: Self.environment,
            launcher: Self.mpirun(2))
        #expect(result.status != 0)
        #expect(result.stderr.contains("-e 2:1:7: error: unknown model 'nothing'"), "\(result.stderr)")
        #expect(result.stderr.contains("rank 1: -e 2:1:7: error: unknown model 'nothing'"))
    }

    @Test("data a process cannot read is an error that says each process reads it at that path")
    func missingData() throws {
        let result = try Command.run(
            ["-e", "data d = csv \"missing.csv\" target \"y\""], environment: Self.environment, launcher: Self.mpirun(2))
        #expect(result.status != 0)
        #expect(
            result.stderr.contains(
                "rank 1: -e 1:1:10: error: missing.csv: not found (a relative path starts from the current folder) — "
                    + "each of the 2 processes reads the data itself: on several machines, it must be at this path on each"),
            "\(result.stderr)")
    }

    @Test("a process killed while training ends the job with a failure, never a hang")
    func killedRank() throws {
        let folder = TemporaryDirectory()
        let path = folder.path + "/long.dl"
        try """
        data toy = blobs 2000
        model m { dense 64 relu; dense 3 softmax }
        train m on toy epochs 100000 batch 8 checkpoint "best.safetensors"

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let start = Date()
        let result = try Command.run(
            ["--threads", "1", path], environment: Self.environment, launcher: Self.mpirun(2), in: folder.path
        ) { mpirun in
            // Wait until both processes train, then kill the second.
            DispatchQueue.global().async {
                var ranks: [String] = []
                while ranks.count < 2 && Date().timeIntervalSince(start) < 20 {
                    usleep(200_000)
                    ranks = Self.children(of: mpirun.processIdentifier)
                }
                usleep(1_000_000)
                if let second = ranks.last, let pid = Int32(second) { kill(pid, SIGKILL) }
            }
        }
        #expect(result.status != 0)
        #expect(result.stderr.contains("rank 1") && result.stderr.contains("signal 9"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(start) < 60, "mpirun ended the job instead of waiting")
        if FileManager.default.fileExists(atPath: folder.path + "/best.safetensors") {
            let loaded = try Command.run(["-e", "load m from \"best.safetensors\"", "-e", "summary m"], in: folder.path)
            #expect(loaded.status == 0, "the last checkpoint is whole: \(loaded.stderr)")
        }
    }

    /// The process IDs of `parent`'s children, in order, from each process's `/proc/<pid>/stat`
    /// (whose fourth field, after the name in parentheses, is the parent's ID).
    static func children(of parent: Int32) -> [String] {
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return processes.filter { Int32($0) != nil }.sorted { Int($0)! < Int($1)! }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let end = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            return fields.count > 1 && fields[1] == "\(parent)"
        }
    }
}

/// `train … workers n` from a session: the job mpirun starts, its table shown here, its weights
/// brought back.
@Suite("train … workers n")
struct WorkerTests {
    @Test("two workers train what two shards train, and the next training goes on from their weights and optimizer")
    func sameAsShards() throws {
        let folder = TemporaryDirectory()
        let script =
            MPITests.script.replacingOccurrences(of: "momentum 0.9\n", with: "momentum 0.9 workers 2\n")
            + "train m on toy epochs 2 batch 37 optimizer sgd lr 0.1 momentum 0.9 workers 2\nsave m \"m.safetensors\"\ntable m\n"
        #expect(script.contains("workers 2\nsave"))
        let path = folder.path + "/workers.dl"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        let workers = try Command.run(["--threads", "1", path], in: folder.path)
        #expect(workers.status == 0, "\(workers.stderr)")
        let trained = try MPITests.tensorBytes(folder.path + "/m.safetensors")

        try script.replacingOccurrences(of: "workers 2", with: "shards 2").write(
            toFile: path, atomically: true, encoding: .utf8)
        let shards = try Command.run(["--threads", "1", path], in: folder.path)
        #expect(try MPITests.tensorBytes(folder.path + "/m.safetensors") == trained)
        // Each epoch's row, but for its seconds: 3 epochs, then 2 more going on from them, then the history.
        let rows = { (output: String) in
            output.split(separator: "\n").filter { $0.hasPrefix("      ") }.map { $0.split(separator: " ").prefix(3) }
        }
        #expect(rows(workers.stdout) == rows(shards.stdout) && rows(workers.stdout).count == 5, "\(workers.stdout)")
    }

    @Test("an interrupt stops the workers after their step; the session keeps the weights and exits 130")
    func interrupt() throws {
        let (status, text) = try Command.interrupted(
            "data s = spirals 4000\nmodel m { input 2; dense 32 relu; dense 2 softmax }\ntrain m on s epochs 100000 batch 4 workers 2\nprint \"not reached\"",
            after: "      2 ")
        #expect(status == 130, "\(text)")
        #expect(text.contains("the model keeps the weights after batch"))
        #expect(!text.contains("not reached"))
    }

    @Test("with a checkpoint, the first worker saves each best epoch where the session says")
    func checkpoint() throws {
        let folder = TemporaryDirectory()
        let result = try Command.run(
            [
                "-e", "seed 5\ndata toy = blobs 300\nmodel m { dense 16 tanh; dense 3 softmax }",
                "-e", "train m on toy epochs 3 workers 2 checkpoint \"best.safetensors\"",
                "-e", "load n from \"best.safetensors\"\nevaluate m on toy\nevaluate n on toy",
            ], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("checkpoint: the best epoch's weights are in best.safetensors"))
        // Each epoch was the best so far, so the checkpoint holds the weights the session got back.
        let losses = result.stdout.split(separator: "\n").filter { $0.hasPrefix("loss ") }
        #expect(losses.count == 2 && losses[0] == losses[1], "\(losses)")
    }

    @Test("workers that cannot start are an error naming what mpirun said")
    func failure() throws {
        let result = try Command.run([
            "-e", "data toy = blobs 20\nmodel m { dense 3 softmax }\ntrain m on toy workers 2 hosts \"no-such-hostfile\"",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: the 2 workers failed (mpirun exited with"), "\(result.stderr)")
        #expect(result.stderr.contains("no-such-hostfile"))
    }
}

/// Two machines in one: two network namespaces joined by a veth pair, with addresses only they
/// have, made and removed by the test. mpirun starts each process in its own namespace through an
/// rsh agent that runs `ip netns exec` where it would run ssh, and the processes talk over TCP
/// across the pair, as on two hosts.
@Suite("dlrepl across two network namespaces")
struct NamespaceTests {
    /// Runs `arguments` (a program and its arguments); true when it exits 0.
    @discardableResult
    static func succeeds(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static let ip = "/usr/sbin/ip"

    /// Runs `arguments` (dlrepl's, or with `program` another's) through `launcher`, mpirun across
    /// the namespaces named with `id`. Started from this test process, about one launch in five
    /// waits for good for the daemon in the second namespace, which never calls back; from a
    /// shell, 44 launches in fresh and reused namespaces never did, and the cause is not known.
    /// Nothing of DL runs before the daemons are up, so a launch gets 30 seconds, and one that
    /// takes longer is killed with its daemons and tried again, three times at most.
    static func launch(
        _ arguments: [String], program: String? = nil, launcher: [String], in folder: String, id: String
    ) throws -> Command.Result {
        var result = Command.Result(stdout: "", stderr: "", status: -1)
        for attempt in 1...3 {
            let start = Date()
            result = try Command.run(
                arguments, environment: MPITests.environment, launcher: launcher, program: program, in: folder
            ) { mpirun in
                DispatchQueue.global().asyncAfter(deadline: .now() + 30) {
                    guard mpirun.isRunning else { return }
                    killDaemons(id)
                    kill(mpirun.processIdentifier, SIGKILL)
                }
            }
            killDaemons(id)
            guard result.status != 0, Date().timeIntervalSince(start) >= 30 else { break }
            result.stderr += "\n(attempt \(attempt): mpirun did not finish in 30 s; it and its daemons were killed)"
        }
        return result
    }

    /// Kills the Open MPI daemons whose command line names the namespaces of `id`.
    static func killDaemons(_ id: String) {
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for pid in processes.compactMap(Int32.init) {
            guard let line = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8) else { continue }
            if line.contains("orted") && line.contains(id) { kill(pid, SIGKILL) }
        }
    }

    /// Whether this machine lets the test make network namespaces (root, with iproute2).
    static let canMakeNamespaces: Bool = {
        let probe = "dlprobe\(getpid())"
        guard succeeds([ip, "netns", "add", probe]) else { return false }
        succeeds([ip, "netns", "delete", probe])
        return true
    }()

    @Test(
        "a script trains on two processes in two namespaces over TCP, to the bits of two shards",
        .enabled(if: canMakeNamespaces, "making network namespaces needs root and iproute2 (ip netns)"))
    func acrossNamespaces() throws {
        let folder = TemporaryDirectory()
        let id = "\(getpid())\(Int.random(in: 0..<1000))"
        let (a, b) = ("dla\(id)", "dlb\(id)")
        defer {
            Self.succeeds([Self.ip, "netns", "delete", a])
            Self.succeeds([Self.ip, "netns", "delete", b])
        }
        let subnet = "10.231.7"
        for step in [
            ["netns", "add", a], ["netns", "add", b], ["link", "add", "va\(id)", "type", "veth", "peer", "name", "vb\(id)"],
            ["link", "set", "va\(id)", "netns", a], ["link", "set", "vb\(id)", "netns", b],
            ["-n", a, "addr", "add", "\(subnet).1/24", "dev", "va\(id)"],
            ["-n", b, "addr", "add", "\(subnet).2/24", "dev", "vb\(id)"],
            ["-n", a, "link", "set", "va\(id)", "up"], ["-n", b, "link", "set", "vb\(id)", "up"],
            ["-n", a, "link", "set", "lo", "up"], ["-n", b, "link", "set", "lo", "up"],
        ] {
            try #require(Self.succeeds([Self.ip] + step), "ip \(step.joined(separator: " "))")
        }
        let agent = folder.path + "/netns-agent"
        try "#!/bin/sh\nhost=\"$1\"\nshift\nexec \(Self.ip) netns exec \"$host\" sh -c \"$*\"\n".write(
            toFile: agent, atomically: true, encoding: .utf8)
        chmod(agent, 0o755)
        try "\(a) slots=1\n\(b) slots=1\n".write(toFile: folder.path + "/hosts", atomically: true, encoding: .utf8)
        // mpirun itself runs in the first namespace, where the second's processes reach it.
        let launcher = [
            Self.ip, "netns", "exec", a, "/usr/bin/mpirun", "--hostfile", folder.path + "/hosts", "-np", "2", "--bind-to", "none",
            "--mca", "plm_rsh_agent", agent, "--mca", "plm_rsh_no_tree_spawn", "1",
            "--mca", "oob_tcp_if_include", "\(subnet).0/24", "--mca", "btl", "tcp,self", "--mca", "btl_tcp_if_include",
            "\(subnet).0/24",
        ]
        let check = try Self.launch(
            ["/proc/self/ns/net"], program: "/usr/bin/readlink", launcher: launcher, in: folder.path, id: id)
        let namespaces = check.stdout
        #expect(Set(namespaces.split(separator: "\n")).count == 2, "each process in a namespace of its own: \(namespaces)")

        try MPITests.script.write(toFile: folder.path + "/train.dl", atomically: true, encoding: .utf8)
        let apart = try Self.launch(["--threads", "1", folder.path + "/train.dl"], launcher: launcher, in: folder.path, id: id)
        #expect(apart.status == 0, "\(apart.stderr)")
        #expect(apart.stdout.contains("finished: 3 epochs"))
        let trained = try MPITests.tensorBytes(folder.path + "/m.safetensors")
        let sharded = try Command.run(["--threads", "1", "--shards", "2", folder.path + "/train.dl"], in: folder.path)
        #expect(sharded.status == 0)
        #expect(try MPITests.tensorBytes(folder.path + "/m.safetensors") == trained)
    }
}
