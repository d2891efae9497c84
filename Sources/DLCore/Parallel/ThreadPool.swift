import Foundation
import Synchronization

/// DLCore's one pool of worker threads, behind `parallelFor`.
///
/// The calling thread always takes part, so a pool of `threadCount` threads starts
/// `threadCount - 1` workers. Work too small to pay for a hand-off runs on the caller alone
/// (see `parallelFor`'s `grain`).
///
/// Design, weighed against the alternatives:
/// - Dispatch's `concurrentPerform` and a task group both park and wake threads per call, which
///   costs tens to hundreds of microseconds here; a training step makes dozens of calls of
///   10–500 µs each. So workers spin briefly on a generation counter after each job, and park on a
///   condition variable only when no job came for a while.
/// - Spinning is safe only if no other pool spins on the same cores. OpenBLAS's own threads are
///   therefore turned off (`MatrixMultiply` sets OpenBLAS to one thread before its first product) and large matrix products are split over this
///   pool instead, each part a single-threaded `cblas_sgemm`.
/// - Jobs are split into fixed, contiguous ranges that depend only on the element count, the grain
///   and `threadCount`, so reductions that combine per-range partial results in order are
///   deterministic for a given thread count.
public final class ThreadPool: @unchecked Sendable {
    /// The pool DLCore uses; its size defaults to the CPUs this process may run on.
    public static let shared = ThreadPool(threadCount: allowedCPUs)

    /// The CPUs this process may run on: its affinity (what `taskset`, a job launcher's binding or
    /// a container's cpuset allow), which `activeProcessorCount` ignores; the cores if unknown.
    public static var allowedCPUs: Int {
        // Linux writes the affinity mask in hex, in groups of 32 bits: `Cpus_allowed:\tff,ffffffff`.
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") })
        {
            let count = line.dropFirst("Cpus_allowed:".count).reduce(0) { $0 + ($1.hexDigitValue ?? 0).nonzeroBitCount }
            if count > 0 { return count }
        }
        return ProcessInfo.processInfo.activeProcessorCount
    }

    private final class Job: @unchecked Sendable {
        let ranges: [Range<Int>]
        let body: (Range<Int>) -> Void
        let next = Atomic<Int>(0)
        let pending: Atomic<Int>
        init(ranges: [Range<Int>], body: @escaping (Range<Int>) -> Void) {
            self.ranges = ranges
            self.body = body
            pending = Atomic(ranges.count)
        }
        /// Runs ranges until none is left; returns when this thread can take no more.
        func work() {
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                if index >= ranges.count { return }
                body(ranges[index])
                pending.subtract(1, ordering: .releasing)
            }
        }
    }

    /// What the workers share with the pool. The workers hold it, not the pool, so the pool can
    /// stop them from its `deinit`.
    private final class Shared: @unchecked Sendable {
        let condition = NSCondition()
        // Guarded by `condition`:
        var job: Job?
        var stopping = false
        var sleepers = 0
        // Read without the lock by spinning workers; written under it.
        let generation = Atomic<Int>(0)
        let exited = Atomic<Int>(0)
    }

    private let shared = Shared()
    private var workers: [Thread] = []
    private let submitLock = NSLock()

    /// The number of threads that run a job, the caller included.
    public private(set) var threadCount: Int

    /// A pool that runs jobs on `threadCount` threads (the caller and `threadCount - 1` workers).
    public init(threadCount: Int) {
        self.threadCount = Swift.max(1, threadCount)
        startWorkers()
    }

    deinit { stopWorkers() }

    /// Changes the number of threads; waits for running workers to finish first.
    public func setThreadCount(_ count: Int) {
        submitLock.lock()
        defer { submitLock.unlock() }
        let count = Swift.max(1, count)
        guard count != threadCount else { return }
        stopWorkers()
        threadCount = count
        startWorkers()
    }

    /// Splits `0..<count` into at most `threadCount` contiguous ranges of at least `grain` elements
    /// and runs `body` on each, in parallel; returns when all are done. When `count < 2 * grain`
    /// or the pool has one thread, `body(0..<count)` runs on the caller; when the pool is already
    /// running a job (a nested call), the ranges run one after another on the caller.
    public func parallelFor(_ count: Int, grain: Int, _ body: @escaping (Range<Int>) -> Void) {
        let ranges = partition(count, grain: grain)
        if ranges.count <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        // A job started from inside a job (or while another thread's job runs) runs on its caller:
        // the pool is busy, and waiting for it from a worker would deadlock. The ranges are the
        // same either way, so results do not change.
        guard submitLock.try() else {
            for range in ranges { body(range) }
            return
        }
        defer { submitLock.unlock() }
        let job = Job(ranges: ranges, body: body)
        shared.condition.lock()
        shared.job = job
        shared.generation.add(1, ordering: .releasing)
        if shared.sleepers > 0 { shared.condition.broadcast() }
        shared.condition.unlock()
        job.work()
        var spins = 0
        while job.pending.load(ordering: .acquiring) > 0 {
            spins += 1
            if spins > 1 << 16 { sched_yield() }
        }
    }

    /// The ranges `parallelFor` would use for `count` elements with this grain.
    public func partition(_ count: Int, grain: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let parts = Swift.max(1, Swift.min(threadCount, count / Swift.max(grain, 1)))
        let base = count / parts
        let extra = count % parts
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(parts)
        var start = 0
        for part in 0..<parts {
            let size = base + (part < extra ? 1 : 0)
            ranges.append(start..<(start + size))
            start += size
        }
        return ranges
    }

    private func startWorkers() {
        let shared = self.shared
        shared.stopping = false
        workers = (1..<threadCount).map { index in
            let thread = Thread { Self.workerLoop(shared) }
            thread.name = "DLCore.worker.\(index)"
            thread.stackSize = 8 << 20
            thread.start()
            return thread
        }
    }

    private func stopWorkers() {
        let count = workers.count
        guard count > 0 else { return }
        shared.condition.lock()
        shared.stopping = true
        shared.generation.add(1, ordering: .releasing)
        shared.condition.broadcast()
        shared.condition.unlock()
        while shared.exited.load(ordering: .acquiring) < count { usleep(100) }
        shared.exited.store(0, ordering: .relaxed)
        workers = []
    }

    private static func workerLoop(_ shared: Shared) {
        var seen = shared.generation.load(ordering: .acquiring)
        while true {
            // Spin for up to about 200 µs before parking. The gaps between a training step's jobs
            // (its loss, its bookkeeping, the next batch's gather) are mostly shorter, and a park
            // and wake costs tens of µs and a context switch: a 50 µs spin made the MLP's 2-thread
            // epoch 0.54-0.57 s where this one makes it 0.50 s.
            var current = shared.generation.load(ordering: .acquiring)
            var spins = 0
            while current == seen && spins < 200_000 {
                spins += 1
                current = shared.generation.load(ordering: .acquiring)
            }
            shared.condition.lock()
            while shared.generation.load(ordering: .acquiring) == seen && !shared.stopping {
                shared.sleepers += 1
                shared.condition.wait()
                shared.sleepers -= 1
            }
            let stop = shared.stopping
            let job = shared.job
            seen = shared.generation.load(ordering: .acquiring)
            shared.condition.unlock()
            if stop { break }
            job?.work()
        }
        shared.exited.add(1, ordering: .releasing)
    }
}
