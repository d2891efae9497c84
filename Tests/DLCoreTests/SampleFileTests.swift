import Foundation
import Testing

@testable import DLCore

/// Images read by offset from an uncompressed IDX file when a batch needs them.
@Suite("Samples read by offset")
struct SampleFileTests {
    /// `count` images of 3×4 pixels whose bytes follow from their index, and their labels.
    static func files(_ count: Int, in folder: TemporaryFolder) -> (images: String, labels: String) {
        let pixels = (0..<(count * 12)).map { (i: Int) -> UInt8 in UInt8((i * 37 + i / 12) % 256) }
        return (
            folder.write("images", idxBytes(dimensions: [count, 3, 4], values: pixels)),
            folder.write("labels", idxBytes(dimensions: [count], values: (0..<count).map { UInt8($0 % 3) }))
        )
    }

    @Test("by offset, a batch holds the values of the whole file read at once, and reads only its samples")
    func sameValues() throws {
        let folder = TemporaryFolder()
        let (images, labels) = Self.files(50, in: folder)
        let whole = try IDX.imageDataset(images: images, labels: labels, name: "w", reading: .whole)
        let lazy = try IDX.imageDataset(images: images, labels: labels, name: "l", reading: .byOffset)
        let file = try #require(lazy.samples.file)
        #expect(whole.samples.file == nil && file.size == 16 + 50 * 12 && file.bytesRead == 0)
        #expect(lazy.classIndices == whole.classIndices && lazy.samples.shape == [3, 4, 1])
        let picked = [7, 0, 49, 7, 23]
        #expect(lazy.samples.batch(picked) == whole.samples.batch(picked))
        #expect(file.bytesRead == picked.count * 12)
        // Views stay in the file: a split, a prefix and standardization copy nothing.
        let (training, validation) = lazy.split(validationFraction: 0.2, seed: 3)
        let (trainingWhole, validationWhole) = whole.split(validationFraction: 0.2, seed: 3)
        #expect(file.bytesRead == picked.count * 12)
        #expect(training.samples.file === file && validation.samples.file === file)
        #expect(validation.samples.tensor == validationWhole.samples.tensor)
        #expect(training.prefix(6).samples.batch([5, 1]) == trainingWhole.prefix(6).samples.batch([5, 1]))
        #expect(file.bytesRead == (picked.count + validation.count + 2) * 12)
        let moments = whole.samples.moments
        #expect(lazy.samples.moments == moments)
        #expect(lazy.standardized(moments).samples.batch([3, 4]) == whole.standardized(moments).samples.batch([3, 4]))
        #expect(file.takeFailure() == nil)
    }

    @Test("automatic reading reads by offset only an uncompressed file over the limit")
    func automatic() throws {
        let folder = TemporaryFolder()
        let (images, labels) = Self.files(10, in: folder)
        let over = try IDX.imageDataset(images: images, labels: labels, name: "s", reading: .byOffsetAbove(bytes: 119))
        #expect(over.samples.file != nil)
        let within = try IDX.imageDataset(images: images, labels: labels, name: "s", reading: .byOffsetAbove(bytes: 120))
        #expect(within.samples.file == nil)
        #expect(IDX.Reading.automatic == .byOffsetAbove(bytes: 256 << 20))
        let compressed = try folder.gzip(images)
        let gz = try IDX.imageDataset(images: compressed, labels: labels, name: "s", reading: .byOffsetAbove(bytes: 0))
        #expect(gz.samples.file == nil && gz.samples.tensor == over.samples.tensor)
        #expect(throws: DataError.self) {
            try IDX.imageDataset(images: compressed, labels: labels, name: "s", reading: .byOffset)
        }
        do {
            _ = try IDX.imageDataset(images: compressed, labels: labels, name: "s", reading: .byOffset)
        } catch {
            #expect(
                error.message
                    == "a compressed file cannot be read by offset: decompress it first (gunzip -k \(compressed)) and load that")
        }
    }

    @Test("a file whose size is not its header's is refused before any sample is read")
    func wrongSize() throws {
        let folder = TemporaryFolder()
        let labels = folder.write("labels", idxBytes(dimensions: [2], values: [0, 1]))
        func message(_ values: Int) -> String {
            let images = folder.write("images", idxBytes(dimensions: [2, 2, 2], values: [UInt8](repeating: 9, count: values)))
            do {
                _ = try IDX.imageDataset(images: images, labels: labels, name: "s", reading: .byOffset)
                return "loaded"
            } catch { return error.message }
        }
        #expect(message(8) == "loaded")
        #expect(message(7) == "truncated data: dimensions 2x2x2 need 8 bytes, the file has 7")
        #expect(message(9) == "there are bytes past the end of the declared data: the file is not a valid IDX file")
    }

    @Test("a file cut short while in use reads zeros, and training stops before that batch's step")
    func cutShort() throws {
        let folder = TemporaryFolder()
        let (images, labels) = Self.files(40, in: folder)
        let data = try IDX.imageDataset(images: images, labels: labels, name: "s", reading: .byOffset)
        let file = try #require(data.samples.file)
        #expect(truncate(images, 16 + 30 * 12) == 0)
        #expect(data.samples.batch([29]).scalars.allSatisfy { $0 >= 0 } && file.takeFailure() == nil)
        #expect(data.samples.batch([30, 2]).scalars.prefix(12).allSatisfy { $0 == 0 })
        let failure = try #require(file.takeFailure())
        #expect(failure.message.hasPrefix("the file changed while samples were read from it (it ends before byte "))
        #expect(file.takeFailure() == nil, "a failure is reported once")

        let model = try Sequential(ModelSpec(inputShape: [3, 4, 1], layers: [.dense(3, .softmax)]), seed: 1)
        let before = model.snapshot()
        var options = TrainingOptions(epochs: 2, batchSize: 40, optimizer: .sgd(learningRate: 0.1, momentum: 0, nesterov: false))
        options.shuffle = false
        #expect {
            _ = try Trainer(options: options).fit(model, on: data)
        } throws: { error in
            (error as? ModelError)?.message.contains("(The model keeps the weights of its last finished batch.)") == true
        }
        #expect(model.snapshot() == before, "the batch that read zeros took no step")
        #expect(throws: ModelError.self) { try Evaluator.evaluate(model, on: data) }
    }

    /// A process of two stands in for rank 0 of a job: its sums change nothing, but which samples
    /// it reads is what it would read in a job.
    struct FirstOfTwo: Communicator {
        var rank: Int { 0 }
        var size: Int { 2 }
        func sum(_ values: UnsafeMutableBufferPointer<Float>) {}
        func broadcast(_ values: UnsafeMutableBufferPointer<Float>, from root: Int) {}
    }

    @Test("each process of a job reads only the samples of its own shards")
    func shardsReadTheirOwn() throws {
        let folder = TemporaryFolder()
        let (images, labels) = Self.files(45, in: folder)
        let data = try IDX.imageDataset(images: images, labels: labels, name: "s", reading: .byOffset)
        let model = try Sequential(ModelSpec(inputShape: [3, 4, 1], layers: [.dense(3, .softmax)]), seed: 1)
        var options = TrainingOptions(epochs: 2, batchSize: 16, optimizer: .named("adam")!)
        options.communicator = FirstOfTwo()
        options.shards = 2
        _ = try Trainer(options: options).fit(model, on: data)
        // Batches of 16, 16 and 13; this process trains parts 0 and 1 of 4 of each.
        let mine = [16, 16, 13].map { count in (0..<2).map { ShardedStep.part($0, of: count, parts: 4).count }.reduce(0, +) }
        #expect(mine == [8, 8, 7])
        #expect(data.samples.file?.bytesRead == 2 * mine.reduce(0, +) * 12)
    }

    @Test("a job's data names the file its samples are read from, and its processes read it there")
    func jobData() throws {
        let folder = TemporaryFolder()
        let (images, labels) = Self.files(30, in: folder)
        let data = try IDX.imageDataset(images: images, labels: labels, name: "s", reading: .byOffset)
        let view = data.split(validationFraction: 0.3, seed: 2).training.standardized()
        let path = folder.path + "/data.bin"
        try DatasetFile.write(view, to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count < 1_000, "the samples are not copied")
        let read = try DatasetFile.read(path)
        #expect(read.samples.file?.path == data.samples.file?.absolutePath)
        #expect(read.samples.tensor == view.samples.tensor && read.classIndices == view.classIndices)
        #expect(read.samples.standardization == view.samples.standardization)
    }
}
