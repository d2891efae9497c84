import CMPI
import DLCore
import Foundation

/// The processes `mpirun` started, as one `Communicator` over MPI's world: sums are
/// `MPI_Allreduce`, broadcasts `MPI_Bcast`.
///
/// MPI is initialised only when the launcher's environment says this process is one of several
/// (a lone `MPI_Init` costs about half a second); `launched()` is nil otherwise. Calls come from
/// one thread at a time (the session's, then its training thread's), so MPI runs serialized.
/// When a process dies, Open MPI ends the whole job (fail-stop): no process waits forever in a sum.
public final class MPICommunicator: Communicator, @unchecked Sendable {
    public let rank: Int
    public let size: Int
    /// How many of the job's processes run on this machine.
    public let localSize: Int

    private init(rank: Int, size: Int, localSize: Int) {
        self.rank = rank
        self.size = size
        self.localSize = localSize
    }

    /// The variables by which Open MPI, MPICH and PMIx launchers (mpirun, srun) tell a process
    /// that it is one of a job's.
    static let launcherVariables = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"]

    /// MPI's world when a launcher started this process; nil, without touching MPI, otherwise.
    public static func launched(environment: [String: String] = ProcessInfo.processInfo.environment) -> MPICommunicator? {
        guard launcherVariables.contains(where: { environment[$0] != nil }) else { return nil }
        var provided: Int32 = 0
        MPI_Init_thread(nil, nil, dl_mpi_thread_serialized(), &provided)
        var rank: Int32 = 0
        var size: Int32 = 1
        MPI_Comm_rank(dl_mpi_world(), &rank)
        MPI_Comm_size(dl_mpi_world(), &size)
        let localSize = environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init) ?? 1
        return MPICommunicator(rank: Int(rank), size: Int(size), localSize: localSize)
    }

    public func sum(_ values: UnsafeMutableBufferPointer<Float>) {
        guard let base = values.baseAddress, size > 1 else { return }
        MPI_Allreduce(dl_mpi_in_place(), base, Int32(values.count), dl_mpi_float(), dl_mpi_sum(), dl_mpi_world())
    }

    public func broadcast(_ values: UnsafeMutableBufferPointer<Float>, from root: Int) {
        guard let base = values.baseAddress, size > 1 else { return }
        MPI_Bcast(base, Int32(values.count), dl_mpi_float(), Int32(root), dl_mpi_world())
    }

    /// The threads each process should use: the CPUs it is bound to when the launcher bound it,
    /// or else this machine's cores shared among the job's processes on it.
    public var threadsPerProcess: Int {
        let (cores, allowed) = (ProcessInfo.processInfo.activeProcessorCount, ThreadPool.allowedCPUs)
        if allowed < cores { return allowed }
        return Swift.max(1, cores / Swift.max(1, localSize))
    }

    /// Ends MPI, when this process is done: finalises it after success; after a failure, ends
    /// every process of the job with `code`, since the others may be waiting in a sum for this one.
    public func finish(code: Int32) {
        if code == 0 { MPI_Finalize() } else { MPI_Abort(dl_mpi_world(), code) }
    }
}
