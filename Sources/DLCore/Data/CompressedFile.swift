import CZlib

#if canImport(Glibc)
    import Glibc
#endif

/// A regular file read through zlib, which decompresses gzip and passes plain files through, a
/// part at a time: a reader asks for what a header declares and stops there, so a small file that
/// decompresses to gigabytes (a gzip bomb) costs no more than the declared size.
final class CompressedFile {
    /// The path, for messages.
    let path: String
    private let file: gzFile

    /// Opens `path`, refusing what is not a regular file (a FIFO would block a session for good).
    init(_ path: String) throws(DataError) {
        let descriptor = try FileSystem.openRegular(path)
        guard let file = gzdopen(descriptor, "rb") else {
            close(descriptor)
            throw DataError(file: path, "cannot open the file (does it exist, and may you read it?)")
        }
        gzbuffer(file, 1 << 17)
        self.path = path
        self.file = file
    }

    deinit { gzclose(file) }

    /// True when the file is not compressed (zlib passes it through as it is); known once
    /// something has been read.
    var isPlain: Bool { gzdirect(file) != 0 }

    /// The next `count` bytes, or fewer where the data ends. The buffer grows with what arrives,
    /// not with what was asked for, so a header that declares too much costs only what is there.
    func read(_ count: Int) throws(DataError) -> [UInt8] {
        var bytes: [UInt8] = []
        let chunk = 1 << 20
        while bytes.count < count {
            let wanted = Swift.min(chunk, count - bytes.count)
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: wanted))
            let read = bytes.withUnsafeMutableBufferPointer { gzread(file, $0.baseAddress! + start, UInt32(wanted)) }
            bytes.removeLast(wanted - Swift.max(Int(read), 0))
            try checkStream()
            if read < wanted { break }
        }
        return bytes
    }

    /// Throws if zlib found the stream corrupt or cut short (it reports an early end as Z_BUF_ERROR,
    /// after returning what it could).
    private func checkStream() throws(DataError) {
        var code: Int32 = 0
        let reason = gzerror(file, &code).map { String(cString: $0) } ?? ""
        if code != Z_OK {
            let what = code == Z_BUF_ERROR ? "the compressed data ends early (the file is truncated)" : "the file is corrupt"
            throw DataError(file: path, "\(what): \(reason)")
        }
    }
}
