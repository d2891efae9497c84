extension SIMD8 where Scalar == Float {
    /// Eight floats starting at `pointer` (no alignment needed).
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Self {
        UnsafeRawPointer(pointer).loadUnaligned(as: Self.self)
    }

    @inline(__always)
    static func load(_ pointer: UnsafeMutablePointer<Float>) -> Self { load(UnsafePointer(pointer)) }

    /// Writes the eight lanes starting at `pointer`.
    @inline(__always)
    func store(_ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: Self.self)
    }
}
