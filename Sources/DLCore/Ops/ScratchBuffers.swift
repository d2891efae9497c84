/// Float buffers a layer reuses across batches, one per parallel part, at stable addresses.
///
/// A class so the memory is freed with its owner; the buffers are only ever touched by the part
/// that owns them.
final class ScratchBuffers {
    private var buffers: [UnsafeMutableBufferPointer<Float>] = []

    deinit { for buffer in buffers { buffer.deallocate() } }

    /// `count` buffers of at least `size` floats each (contents unspecified).
    func prepare(count: Int, size: Int) -> [UnsafeMutablePointer<Float>] {
        if buffers.count != count || (buffers.first?.count ?? 0) < size {
            for buffer in buffers { buffer.deallocate() }
            buffers = (0..<count).map { _ in
                let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(size, 1))
                buffer.initialize(repeating: 0)
                return buffer
            }
        }
        return buffers.map { $0.baseAddress! }
    }
}
