import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// An uncompressed file whose samples are read when a batch asks for them, each by its offset,
/// instead of the whole file at once: a data set larger than memory can be trained on, and each
/// of several processes that train together reads only the samples of its own shards.
///
/// Reads are `pread`s of an open descriptor, safe from many threads at once. A file cut short
/// while it is in use (another program rewrote it) cannot kill the process, as a memory-mapped
/// one would: the missing bytes read as zeros and the failure is kept until `takeFailure()`,
/// which training checks after every batch.
public final class SampleFile: Sendable {
    /// The path, for messages.
    public let path: String
    /// The path from the root, as it was when the file was opened: where other processes open it.
    public let absolutePath: String
    /// The file's size in bytes when it was opened.
    public let size: Int
    private let descriptor: Int32
    private let read = Atomic<Int>(0)
    private let failure = Mutex<DataError?>(nil)

    /// Opens `path`, refusing what is not a regular file.
    init(_ path: String) throws(DataError) {
        descriptor = try FileSystem.openRegular(path)
        var status = stat()
        fstat(descriptor, &status)
        self.path = path
        size = Int(status.st_size)
        absolutePath =
            realpath(path, nil).map { resolved in
                defer { free(resolved) }
                return String(cString: resolved)
            } ?? path
    }

    deinit { close(descriptor) }

    /// The bytes read so far (samples only; the header is read apart).
    public var bytesRead: Int { read.load(ordering: .relaxed) }

    /// Fills `count` bytes at `destination` from `offset` in the file; what the file no longer has
    /// is zeros, and the failure is kept for `takeFailure()`.
    func read(_ count: Int, at offset: Int, into destination: UnsafeMutablePointer<UInt8>) {
        var filled = 0
        while filled < count {
            let got = pread(descriptor, destination + filled, count - filled, off_t(offset + filled))
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                let reason = got < 0 ? String(cString: strerror(errno)) : "it ends before byte \(offset + count)"
                (destination + filled).initialize(repeating: 0, count: count - filled)
                failure.withLock {
                    $0 =
                        $0
                        ?? DataError(
                            file: path,
                            "the file changed while samples were read from it (\(reason)): restore it, or load the data again")
                }
                break
            }
            filled += got
        }
        read.add(filled, ordering: .relaxed)
    }

    /// The first read failure since the last call, if any, and forgets it.
    public func takeFailure() -> DataError? {
        failure.withLock { failure in
            defer { failure = nil }
            return failure
        }
    }
}
