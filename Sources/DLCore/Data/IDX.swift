/// The IDX format of MNIST-style data sets: a 4-byte magic number (two zero bytes, a type code,
/// the number of dimensions), each dimension as a big-endian 32-bit size, then the values.
/// Files may be gzip-compressed.
public enum IDX {
    /// One IDX file of unsigned bytes: its dimensions and where its values start.
    public struct ByteArray: Sendable {
        /// The sizes, outermost first, e.g. `[60000, 28, 28]`.
        public var dimensions: [Int]
        /// The file's bytes; the values start at `offset`.
        public var bytes: [UInt8]
        /// Where the values start in `bytes`.
        public var offset: Int
    }

    /// Reads an IDX file of unsigned bytes (type code 0x08), as MNIST's images and labels are.
    /// The header is read first and the values only up to the size it declares, which must fit in
    /// `MemoryBudget.dataFile`; data past it is an error.
    public static func readBytes(_ path: String) throws(DataError) -> ByteArray {
        let file = try CompressedFile(path)
        var bytes = try file.read(4)
        guard bytes.count >= 4 else {
            throw DataError(file: path, "the file has \(bytes.count) bytes, too few for an IDX header")
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            let magic = bytes.prefix(4).map { String($0, radix: 16) }.joined(separator: " ")
            throw DataError(
                file: path, "wrong magic number (\(magic)): an IDX file starts with 00 00, a type code and a dimension count")
        }
        guard bytes[2] == 0x08 else {
            throw DataError(
                file: path, "IDX type code 0x\(String(bytes[2], radix: 16)) is not supported; only unsigned bytes (0x08) are")
        }
        let rank = Int(bytes[3])
        guard rank >= 1 else { throw DataError(file: path, "the IDX header declares 0 dimensions") }
        let offset = 4 + 4 * rank
        bytes += try file.read(4 * rank)
        guard bytes.count >= offset else {
            throw DataError(file: path, "the header is truncated: \(rank) dimensions need \(offset) bytes")
        }
        let dimensions = (0..<rank).map { d in
            (0..<4).reduce(0) { $0 << 8 | Int(bytes[4 + 4 * d + $1]) }
        }
        let sizes = dimensions.map(String.init).joined(separator: "x")
        // A corrupt header can declare sizes whose product does not fit in an Int.
        let (expected, overflow) = dimensions.reduce((1, false)) { partial, size in
            let (product, overflowed) = partial.0.multipliedReportingOverflow(by: size)
            return (product, partial.1 || overflowed)
        }
        guard !overflow else {
            throw DataError(file: path, "the header declares dimensions \(sizes), too large for any file: it is corrupt")
        }
        guard expected <= MemoryBudget.dataFile else {
            throw DataError(
                file: path,
                "the header declares dimensions \(sizes), \(NumberFormat.bytes(expected)) of values, more than a quarter of this "
                    + "machine's memory (\(NumberFormat.bytes(MemoryBudget.dataFile))): the file is corrupt or too large to load")
        }
        bytes += try file.read(expected)
        let actual = bytes.count - offset
        guard actual >= expected else {
            throw DataError(file: path, "truncated data: dimensions \(sizes) need \(expected) bytes, the file has \(actual)")
        }
        guard try file.read(1).isEmpty else {
            throw DataError(file: path, "there are bytes past the end of the declared data: the file is not a valid IDX file")
        }
        return ByteArray(dimensions: dimensions, bytes: bytes, offset: offset)
    }

    /// A labelled image data set from an images file (`[n, h, w]`) and a labels file (`[n]`), pixels
    /// divided by 255 into `[0, 1]`, each sample shaped `h×w×1`.
    public static func imageDataset(
        images imagesPath: String, labels labelsPath: String, name: String,
        classNames: [String]? = nil
    ) throws(DataError) -> Dataset {
        let images = try readBytes(imagesPath)
        let labels = try readBytes(labelsPath)
        guard images.dimensions.count == 3 else {
            throw DataError(
                file: imagesPath,
                "an images file has 3 dimensions (count, rows, columns), this one has \(images.dimensions.count)")
        }
        guard labels.dimensions.count == 1 else {
            throw DataError(file: labelsPath, "a labels file has 1 dimension (count), this one has \(labels.dimensions.count)")
        }
        let count = images.dimensions[0]
        guard images.dimensions[1] > 0, images.dimensions[2] > 0 else {
            throw DataError(
                file: imagesPath,
                "its images are \(images.dimensions[1])x\(images.dimensions[2]): an image needs at least one row and one column")
        }
        guard labels.dimensions[0] == count else {
            throw DataError(
                file: labelsPath, "mismatched counts: \(labels.dimensions[0]) labels for \(count) images in \(imagesPath)")
        }
        let classes = labels.bytes[labels.offset...].map(Int.init)
        let classCount = classNames?.count ?? ((classes.max() ?? 0) + 1)
        if let bad = classes.firstIndex(where: { $0 >= classCount }) {
            throw DataError(
                file: labelsPath, "label \(classes[bad]) of sample \(bad - labels.offset) is not below the \(classCount) classes")
        }
        let samples = Samples(
            shape: [images.dimensions[1], images.dimensions[2], 1], count: count,
            bytes: images.bytes, offset: images.offset, divisor: 255)
        return Dataset(
            name: name, samples: samples,
            labels: .classes(classes, names: classNames ?? (0..<classCount).map(String.init)))
    }
}
