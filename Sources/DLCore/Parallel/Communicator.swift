/// The processes that train one model together, data-parallel: every process runs the same
/// training on the same data, computes the gradient of its own shard of each batch, and `sum`
/// adds the shards' gradients up, so each process takes the same step and keeps the same weights.
///
/// DLCore knows only this protocol and `SingleProcess`; a front end launched by `mpirun` passes
/// one over MPI. Every decision that ends or changes training (a loss that is not finite,
/// cancellation, early stopping) is made from summed values, so all processes make it together.
public protocol Communicator: Sendable {
    /// This process's number, from 0 to `size − 1`. Process 0 prints and writes files.
    var rank: Int { get }
    /// How many processes train together.
    var size: Int { get }
    /// Replaces `values` with their element-wise sum over every process: the same bits on each.
    func sum(_ values: UnsafeMutableBufferPointer<Float>)
    /// Replaces `values` with process `root`'s.
    func broadcast(_ values: UnsafeMutableBufferPointer<Float>, from root: Int)
}

/// Training in one process: the sums and broadcasts of one process change nothing.
public struct SingleProcess: Communicator {
    public init() {}
    public var rank: Int { 0 }
    public var size: Int { 1 }
    public func sum(_ values: UnsafeMutableBufferPointer<Float>) {}
    public func broadcast(_ values: UnsafeMutableBufferPointer<Float>, from root: Int) {}
}
