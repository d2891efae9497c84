/// The IDX format of MNIST-style data sets: a 4-byte magic number (two zero bytes, a type code,
/// the number of dimensions), each dimension as a big-endian 32-bit size, then the values.
/// Files may be gzip-compressed.
public enum IDX {
    /// One IDX file of unsigned bytes: its dimensions and its values.
    public struct ByteArray: Sendable {
        /// The sizes, outermost first, e.g. `[60000, 28, 28]`.
        public var dimensions: [Int]
        /// The values, as many as the dimensions' product.
        public var values: [UInt8]
    }

    /// How an images file's samples are read.
    public enum Reading: Sendable, Equatable {
        /// The whole file, into memory.
        case whole
        /// Each sample from the file when a batch needs it (`SampleFile`); the file must not be
        /// compressed, since a compressed file cannot be read from an offset.
        case byOffset
        /// By offset when the file is not compressed and its values are more than `bytes`, or else whole.
        case byOffsetAbove(bytes: Int)

        /// By offset past 256 MB: small files (Fashion-MNIST's are 47 MB) are faster in memory,
        /// and larger ones need not fit in it, nor be read whole by every process of a job.
        public static let automatic = Reading.byOffsetAbove(bytes: 256 << 20)
    }

    /// An IDX file whose header has been read: its dimensions, and the file at the start of its values.
    private struct Opened {
        let path: String
        let file: CompressedFile
        /// The sizes, outermost first.
        let dimensions: [Int]
        /// The header's length: where the values start.
        let offset: Int
        /// How many values the header declares.
        let valueCount: Int

        /// Reads the header of the IDX file at `path`: it must be one of unsigned bytes (type
        /// code 0x08), as MNIST's images and labels are.
        init(_ path: String) throws(DataError) {
            file = try CompressedFile(path)
            self.path = path
            let magic = try file.read(4)
            guard magic.count >= 4 else {
                throw DataError(file: path, "the file has \(magic.count) bytes, too few for an IDX header")
            }
            guard magic[0] == 0, magic[1] == 0 else {
                let bytes = magic.prefix(4).map { String($0, radix: 16) }.joined(separator: " ")
                throw DataError(
                    file: path, "wrong magic number (\(bytes)): an IDX file starts with 00 00, a type code and a dimension count")
            }
            guard magic[2] == 0x08 else {
                throw DataError(
                    file: path, "IDX type code 0x\(String(magic[2], radix: 16)) is not supported; only unsigned bytes (0x08) are")
            }
            let rank = Int(magic[3])
            guard rank >= 1 else { throw DataError(file: path, "the IDX header declares 0 dimensions") }
            offset = 4 + 4 * rank
            let sizes = try file.read(4 * rank)
            guard sizes.count == 4 * rank else {
                throw DataError(file: path, "the header is truncated: \(rank) dimensions need \(offset) bytes")
            }
            let dimensions = (0..<rank).map { d in (0..<4).reduce(0) { $0 << 8 | Int(sizes[4 * d + $1]) } }
            self.dimensions = dimensions
            // A corrupt header can declare sizes whose product does not fit in an Int.
            let (count, overflow) = dimensions.reduce((1, false)) { partial, size in
                let (product, overflowed) = partial.0.multipliedReportingOverflow(by: size)
                return (product, partial.1 || overflowed)
            }
            guard !overflow else {
                throw DataError(
                    file: path, "the header declares dimensions \(Self.format(dimensions)), too large for any file: it is corrupt"
                )
            }
            valueCount = count
        }

        static func format(_ dimensions: [Int]) -> String { dimensions.map(String.init).joined(separator: "x") }

        /// The values, read whole: the header's count, which must fit in `MemoryBudget.dataFile`,
        /// and no more.
        func values() throws(DataError) -> [UInt8] {
            let sizes = Self.format(dimensions)
            guard valueCount <= MemoryBudget.dataFile else {
                throw DataError(
                    file: path,
                    "the header declares dimensions \(sizes), \(NumberFormat.bytes(valueCount)) of values, more than a quarter of "
                        + "this machine's memory (\(NumberFormat.bytes(MemoryBudget.dataFile))): the file is corrupt or too large "
                        + "to load whole (an uncompressed file that large is read by offset instead)")
            }
            let values = try file.read(valueCount)
            guard values.count == valueCount else {
                throw DataError(
                    file: path, "truncated data: dimensions \(sizes) need \(valueCount) bytes, the file has \(values.count)")
            }
            guard try file.read(1).isEmpty else {
                throw DataError(file: path, "there are bytes past the end of the declared data: the file is not a valid IDX file")
            }
            return values
        }

        /// The file, to read its values by offset: nil when it is compressed. Its size must be
        /// the header's and the declared values', exactly.
        func sampleFile() throws(DataError) -> SampleFile? {
            guard file.isPlain else { return nil }
            let samples = try SampleFile(path)
            let sizes = Self.format(dimensions)
            guard samples.size - offset >= valueCount else {
                throw DataError(
                    file: path,
                    "truncated data: dimensions \(sizes) need \(valueCount) bytes, the file has \(samples.size - offset)")
            }
            guard samples.size - offset == valueCount else {
                throw DataError(file: path, "there are bytes past the end of the declared data: the file is not a valid IDX file")
            }
            return samples
        }
    }

    /// Reads an IDX file of unsigned bytes (type code 0x08), as MNIST's images and labels are.
    /// The header is read first and the values only up to the size it declares, which must fit in
    /// `MemoryBudget.dataFile`; data past it is an error.
    public static func readBytes(_ path: String) throws(DataError) -> ByteArray {
        let file = try Opened(path)
        return ByteArray(dimensions: file.dimensions, values: try file.values())
    }

    /// A labelled image data set from an images file (`[n, h, w]`) and a labels file (`[n]`), pixels
    /// divided by 255 into `[0, 1]`, each sample shaped `h×w×1`. The images are read as `reading`
    /// says; the labels, one byte a sample, are read whole.
    public static func imageDataset(
        images imagesPath: String, labels labelsPath: String, name: String,
        classNames: [String]? = nil, reading: Reading = .automatic
    ) throws(DataError) -> Dataset {
        let images = try Opened(imagesPath)
        guard images.dimensions.count == 3 else {
            throw DataError(
                file: imagesPath,
                "an images file has 3 dimensions (count, rows, columns), this one has \(images.dimensions.count)")
        }
        let (count, shape) = (images.dimensions[0], [images.dimensions[1], images.dimensions[2], 1])
        guard shape[0] > 0, shape[1] > 0 else {
            throw DataError(
                file: imagesPath, "its images are \(shape[0])x\(shape[1]): an image needs at least one row and one column")
        }
        let samples: Samples
        let byOffset: Bool
        switch reading {
        case .whole: byOffset = false
        case .byOffset: byOffset = true
        case let .byOffsetAbove(bytes): byOffset = images.valueCount > bytes && images.file.isPlain
        }
        if byOffset {
            guard let file = try images.sampleFile() else {
                throw DataError(
                    file: imagesPath,
                    "a compressed file cannot be read by offset: decompress it first (gunzip -k \(imagesPath)) and load that")
            }
            samples = Samples(shape: shape, count: count, file: file, offset: images.offset, divisor: 255)
        } else {
            samples = Samples(shape: shape, count: count, bytes: try images.values(), divisor: 255)
        }
        let labels = try readBytes(labelsPath)
        guard labels.dimensions.count == 1 else {
            throw DataError(file: labelsPath, "a labels file has 1 dimension (count), this one has \(labels.dimensions.count)")
        }
        guard labels.dimensions[0] == count else {
            throw DataError(
                file: labelsPath, "mismatched counts: \(labels.dimensions[0]) labels for \(count) images in \(imagesPath)")
        }
        let classes = labels.values.map(Int.init)
        let classCount = classNames?.count ?? ((classes.max() ?? 0) + 1)
        if let bad = classes.firstIndex(where: { $0 >= classCount }) {
            throw DataError(file: labelsPath, "label \(classes[bad]) of sample \(bad) is not below the \(classCount) classes")
        }
        return Dataset(
            name: name, samples: samples,
            labels: .classes(classes, names: classNames ?? (0..<classCount).map(String.init)))
    }
}
