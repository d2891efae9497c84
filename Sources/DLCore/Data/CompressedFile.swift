import CZlib

/// Reading whole files, gzip-compressed or not, through zlib (which passes plain files through).
enum CompressedFile {
    /// The bytes of `path`, decompressed if it is a gzip file.
    static func read(_ path: String) throws(DataError) -> [UInt8] {
        guard let file = gzopen(path, "rb") else {
            throw DataError(file: path, "cannot open the file (does it exist, and may you read it?)")
        }
        defer { gzclose(file) }
        gzbuffer(file, 1 << 17)
        var bytes: [UInt8] = []
        let chunk = 1 << 20
        while true {
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: chunk))
            let read = bytes.withUnsafeMutableBufferPointer { gzread(file, $0.baseAddress! + start, UInt32(chunk)) }
            bytes.removeLast(chunk - Swift.max(Int(read), 0))
            if read < chunk { break }
        }
        // zlib reports a stream that ends early as Z_BUF_ERROR, after returning what it could.
        var code: Int32 = 0
        let reason = gzerror(file, &code).map { String(cString: $0) } ?? ""
        if code != Z_OK {
            let what = code == Z_BUF_ERROR ? "the compressed data ends early (the file is truncated)" : "the file is corrupt"
            throw DataError(file: path, "\(what): \(reason)")
        }
        return bytes
    }
}
