import DLCore
import Foundation
import Testing

/// Files made to break a reader (found by an adversarial sweep): each gets a clear error that
/// names the file, within a memory bound, and never a trap, a hang or a giant allocation.
@Suite("Hostile files")
struct HostileFileTests {
    static let spec = ModelSpec(inputShape: [4], layers: [.dense(3, .relu), .dense(2, .softmax)])

    func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch { return "\(error)" }
    }

    @Test("images of 0x0 and a CSV with only its target column are refused at load")
    func zeroSizeSamples() throws {
        let folder = TemporaryFolder()
        let images = folder.write("images", idxBytes(dimensions: [10, 0, 0], values: []))
        let labels = folder.write("labels", idxBytes(dimensions: [10], values: Array(repeating: 1, count: 10)))
        #expect(
            message { _ = try IDX.imageDataset(images: images, labels: labels, name: "zero") }
                == "\(images): its images are 0x0: an image needs at least one row and one column")
        let csv = folder.write("only-target.csv", text: "y\n1\n2\n")
        #expect(
            message { _ = try CSV.load(csv, target: "y") }
                == "\(csv): the only column is the target 'y': a sample needs at least one feature column beside it")
    }

    @Test("NaN and infinite CSV targets are refused with their line and column")
    func nonFiniteTargets() throws {
        let folder = TemporaryFolder()
        let nan = folder.write("nan.csv", text: "x,y\n1,2.5\n\n2,nan\n")
        #expect(
            message { _ = try CSV.load(nan, target: "y") }
                == "\(nan): line 4, column 'y': the target 'nan' is not a finite number; fix or remove that row")
        let infinite = folder.write("inf.csv", text: "x,y\n1,inf\n2,3\n")
        #expect(message { _ = try CSV.load(infinite, target: "y", targetKind: .values) }.contains("line 2, column 'y'"))
        // As class names they are only words.
        #expect(message { _ = try CSV.load(nan, target: "y", targetKind: .classes) } == "no error")
    }

    @Test("safetensors offsets that overflow, overlap or run backwards are refused")
    func forgedOffsets() throws {
        let model = try Sequential(Self.spec, seed: 1)
        let good = try SafeTensors.encode(model)
        func forged(_ edit: (inout [String: Any]) -> Void) throws -> Data {
            let length = Int(good.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
            var header = try JSONSerialization.jsonObject(with: good.subdata(in: 8..<(8 + length))) as! [String: Any]
            edit(&header)
            let json = try JSONSerialization.data(withJSONObject: header)
            var data = Data()
            withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
            return data + json + good.subdata(in: (8 + length)..<good.count)
        }
        func decode(_ data: Data) -> String { message { _ = try SafeTensors.decode(data, file: "m") } }
        func offsets(_ name: String, _ values: [Any]) throws -> Data {
            try forged { header in
                var entry = header[name] as! [String: Any]
                entry["data_offsets"] = values
                header[name] = entry
            }
        }
        #expect(decode(try offsets("layers.0.bias", [1, Int.min])).contains("tensor 'layers.0.bias' has bad data_offsets"))
        #expect(decode(try offsets("layers.0.bias", [Int.max, 2])).contains("bad data_offsets"))
        #expect(decode(try offsets("layers.0.bias", [Int.max - 12, Int.max])).contains("the file is truncated"))
        // layers.0.weight is bytes 0..<48 in the file DL writes: a bias placed inside it overlaps.
        let overlapping = decode(try offsets("layers.0.bias", [0, 12]))
        #expect(overlapping.contains("overlaps another tensor's bytes"), "\(overlapping)")
        let noLayers = try forged { header in
            var meta = header["__metadata__"] as! [String: String]
            meta["dl.model"] = #"{"inputShape":[4],"layers":[]}"#
            header["__metadata__"] = meta
        }
        #expect(decode(noLayers) == "m: not a valid DL safetensors file: the stored architecture has no layers")
    }

    @Test("a model past the total weight budget is refused before it is allocated")
    func hugeModels() throws {
        // Ten layers of 16384 units pass the per-layer bound one by one, not together.
        let wide = ModelSpec(inputShape: [16384], layers: Array(repeating: .dense(16384, .relu), count: 10))
        let refused = message { _ = try Sequential(wide, seed: 1) }
        #expect(refused.contains("over the 268,435,456 a model may have"), "\(refused)")
        // A batch whose activations pass half the machine's memory is refused with the batch that fits.
        let long = try Sequential(ModelSpec(inputShape: [16], layers: [.repeatVector(times: 65536), .dense(64, .relu)]), seed: 1)
        let batch = message { try long.checkBatchFits(1 << 20) }
        #expect(
            batch.contains("would need about") && batch.contains("use batch \(NumberFormat.grouped(long.largestBatch)) or less"))
        #expect(message { try long.checkBatchFits(long.largestBatch) } == "no error")
    }

    @Test("a gzip bomb behind a small IDX header costs only the declared size")
    func gzipBomb() throws {
        let folder = TemporaryFolder()
        // 2 x 2 x 2 images declared, then 64 MB of zeros: refused after reading 9 bytes past the header.
        let bomb = folder.write("bomb", idxBytes(dimensions: [2, 2, 2], values: Array(repeating: 0, count: 64 << 20)))
        let gz = try folder.gzip(bomb)
        #expect(message { _ = try IDX.readBytes(gz) }.contains("there are bytes past the end of the declared data"))
        // A header that declares more than a quarter of the machine's memory is refused before reading.
        let huge = folder.write("huge", idxBytes(dimensions: [65535, 65535, 65535], values: []))
        #expect(message { _ = try IDX.readBytes(huge) }.contains("more than a quarter of this machine's memory"))
    }

    @Test("a FIFO, a folder and a device are refused by every reader without blocking")
    func specialFiles() throws {
        let folder = TemporaryFolder()
        let fifo = folder.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(
            message { _ = try IDX.readBytes(fifo) }
                == "\(fifo): this is a FIFO (named pipe), not a regular file: give the path of a file")
        #expect(message { _ = try CSV.load(fifo, target: "y") }.contains("a FIFO (named pipe), not a regular file"))
        #expect(message { _ = try SafeTensors.load(from: fifo) }.contains("a FIFO (named pipe), not a regular file"))
        #expect(message { _ = try CSV.load("/dev/zero", target: "y") }.contains("a character device, not a regular file"))
        #expect(message { _ = try IDX.readBytes("/dev/null") }.contains("a character device"))
        #expect(message { _ = try IDX.readBytes(folder.path) }.contains("a folder, not a regular file"))
        #expect(message { _ = try CSV.load(folder.path + "/none.csv", target: "y") }.contains("not found"))
    }
}
