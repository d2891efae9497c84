/// One update's gradient when each batch is split into shards: across the processes that train
/// together (`Communicator`), and into `shards` parts within each process.
///
/// A batch of `B` samples is cut into `P = processes × shards` runs of consecutive samples whose
/// sizes differ by at most one. Process `r` computes parts `r·shards ..< (r+1)·shards` one after
/// another, each part's gradient scaled by its share of the batch (`n_k / B`), and adds them in
/// order into one buffer that also carries the summed loss, the right answers and a stop flag.
/// One `sum` over the processes then gives every process the batch's gradient: a single pass's,
/// up to the order of the additions. Two processes of one shard each give the bits of one process
/// with two shards, since a sum of two numbers does not depend on their order.
struct ShardedStep {
    /// What every process learns from a step's sum.
    struct Result {
        /// The mean loss over the batch.
        var loss: Float
        /// How many of the batch's outputs (or steps) were right.
        var correct: Int
        /// Whether any process was asked to stop: all stop after this step.
        var stop: Bool
    }

    let communicator: any Communicator
    let shards: Int
    let parameters: [Parameter]
    /// Every parameter's gradient, then the loss, the right answers and the stop flag.
    private var buffer: [Float]
    private let gradientCount: Int

    init(parameters: [Parameter], shards: Int, communicator: any Communicator) {
        self.parameters = parameters
        self.shards = shards
        self.communicator = communicator
        gradientCount = parameters.reduce(0) { $0 + $1.gradient.count }
        buffer = [Float](repeating: 0, count: gradientCount + 3)
    }

    /// The samples of part `k` of `count`, cut into `parts` runs whose sizes differ by at most one.
    static func part(_ k: Int, of count: Int, parts: Int) -> Range<Int> {
        let (base, extra) = count.quotientAndRemainder(dividingBy: parts)
        let start = k * base + Swift.min(k, extra)
        return start..<(start + base + (k < extra ? 1 : 0))
    }

    /// Sets every parameter's gradient to the batch's (`indices`), summed over the processes;
    /// `stop` is this process's wish to stop after the step.
    mutating func run(_ indices: ArraySlice<Int>, model: Sequential, pass: inout BatchPass, stop: Bool) -> Result {
        let (count, parameters, communicator) = (indices.count, self.parameters, self.communicator)
        let (loss, correct, stopFlag) = (gradientCount, gradientCount + 1, gradientCount + 2)
        for i in buffer.indices { buffer[i] = 0 }
        model.beginShardedBatch(rows: count)
        let parts = communicator.size * shards
        for k in (communicator.rank * shards)..<((communicator.rank + 1) * shards) {
            let rows = Self.part(k, of: count, parts: parts)
            guard !rows.isEmpty else { continue }
            model.shard(at: rows.lowerBound)
            let start = indices.startIndex
            let shard = indices[(start + rows.lowerBound)..<(start + rows.upperBound)]
            let (output, value) = pass.run(shard, training: true)
            pass.scaleGradient(by: Float(rows.count) / Float(count))
            model.backward(pass.gradient)
            buffer.withUnsafeMutableBufferPointer { sum in
                var at = 0
                for parameter in parameters {
                    parameter.gradient.scalars.withUnsafeBufferPointer { g in
                        for i in g.indices { sum[at + i] += g[i] }
                    }
                    at += parameter.gradient.count
                }
            }
            buffer[loss] += Float(rows.count) * value
            buffer[correct] += Float(pass.encoder.correct(output, indices: shard, logits: pass.fused))
        }
        buffer[stopFlag] = stop ? 1 : 0
        buffer.withUnsafeMutableBufferPointer { communicator.sum($0) }
        buffer.withUnsafeBufferPointer { sum in
            var at = 0
            for parameter in parameters {
                let n = parameter.gradient.count
                parameter.gradient.scalars.withUnsafeMutableBufferPointer { g in
                    for i in 0..<n { g[i] = sum[at + i] }
                }
                at += n
            }
        }
        return Result(loss: buffer[loss] / Float(count), correct: Int(buffer[correct]), stop: buffer[stopFlag] > 0)
    }
}
