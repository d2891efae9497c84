/// Float buffers a layer reuses across batches, one per parallel part, at stable addresses
/// (`FloatBuffer`s, so the memory is freed with its owner). A buffer is only ever touched by the
/// part that owns it.
final class ScratchBuffers {
    private var buffers: [FloatBuffer] = []

    /// `count` buffers of at least `size` floats each (contents unspecified).
    func prepare(count: Int, size: Int) -> [UnsafeMutablePointer<Float>] {
        if buffers.count != count { buffers = (0..<count).map { _ in FloatBuffer() } }
        for buffer in buffers { buffer.resize(size, zeroed: false) }
        return buffers.map(\.pointer)
    }
}
