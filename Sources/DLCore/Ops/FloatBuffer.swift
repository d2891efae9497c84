/// Floats at a stable address that a layer keeps from its forward pass to its backward pass and
/// reuses batch after batch: kernels reach the memory without closures, and it is allocated
/// again only when a batch needs more.
///
/// A class so that the memory is freed with its owner. Only the layer that owns it touches it.
final class FloatBuffer {
    /// The first float.
    private(set) var pointer: UnsafeMutablePointer<Float>
    /// The floats in use.
    private(set) var count = 0
    private var capacity = 1

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: 0)
    }

    /// A buffer of `count` zeros.
    convenience init(zeros count: Int) {
        self.init()
        resize(count, zeroed: true)
    }

    deinit { pointer.deallocate() }

    /// Makes it `count` floats long; they are zeros when `zeroed`, unspecified otherwise (the
    /// caller overwrites them).
    func resize(_ count: Int, zeroed: Bool) {
        if count > capacity {
            pointer.deallocate()
            capacity = count
            pointer = .allocate(capacity: count)
            pointer.initialize(repeating: 0, count: count)
        } else if zeroed {
            pointer.update(repeating: 0, count: count)
        }
        self.count = count
    }

    /// The floats in use, copied.
    var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}
