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
///   therefore turned off (`BLAS.configureForPool`) and large matrix products are split over this
///   pool instead, each part a single-threaded `cblas_sgemm`.
/// - Jobs are split into fixed, contiguous ranges that depend only on the element count, the grain
///   and `threadCount`, so reductions that combine per-range partial results in order are
///   deterministic for a given thread count.
public final class ThreadPool: @unchecked Sendable {
    /// The pool DLCore uses; its size defaults to the number of cores.
    public static let shared = ThreadPool(threadCount: ProcessInfo.processInfo.activeProcessorCount)

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

    private let condition = NSCondition()
    // Guarded by `condition`:
    private var job: Job?
    private var stopping = false
    private var sleepers = 0
    private var workers: [Thread] = []
    // Read without the lock by spinning workers; written under it.
    private let generation = Atomic<Int>(0)
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
    /// or the pool has one thread, `body(0..<count)` runs on the caller.
    public func parallelFor(_ count: Int, grain: Int, _ body: @escaping (Range<Int>) -> Void) {
        let ranges = partition(count, grain: grain)
        if ranges.count <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        submitLock.lock()
        defer { submitLock.unlock() }
        let job = Job(ranges: ranges, body: body)
        condition.lock()
        self.job = job
        generation.add(1, ordering: .releasing)
        if sleepers > 0 { condition.broadcast() }
        condition.unlock()
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
        let base = count / parts, extra = count % parts
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
        stopping = false
        workers = (1..<threadCount).map { index in
            let thread = Thread { [unowned self] in self.workerLoop() }
            thread.name = "DLCore.worker.\(index)"
            thread.stackSize = 8 << 20
            thread.start()
            return thread
        }
    }

    private let exited = Atomic<Int>(0)

    private func stopWorkers() {
        let count = workers.count
        guard count > 0 else { return }
        condition.lock()
        stopping = true
        generation.add(1, ordering: .releasing)
        condition.broadcast()
        condition.unlock()
        while exited.load(ordering: .acquiring) < count { usleep(100) }
        exited.store(0, ordering: .relaxed)
        workers = []
    }

    private func workerLoop() {
        var seen = generation.load(ordering: .acquiring)
        while true {
            // Spin for roughly 50 µs before parking: consecutive jobs of a training step come faster.
            var current = generation.load(ordering: .acquiring)
            var spins = 0
            while current == seen && spins < 20_000 {
                spins += 1
                current = generation.load(ordering: .acquiring)
            }
            condition.lock()
            while generation.load(ordering: .acquiring) == seen && !stopping {
                sleepers += 1
                condition.wait()
                sleepers -= 1
            }
            let stop = stopping
            let job = self.job
            seen = generation.load(ordering: .acquiring)
            condition.unlock()
            if stop { break }
            job?.work()
        }
        exited.add(1, ordering: .releasing)
    }
}
