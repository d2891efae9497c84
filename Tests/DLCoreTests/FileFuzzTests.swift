import DLCore
import Foundation
import Testing

/// Throws randomly mutated files at every reader: each must load or throw a `DataError`, never
/// crash (release test builds keep bounds checks, so an out-of-range read would trap).
@Suite("Fuzzing the file readers")
struct FileFuzzTests {
    /// `count` mutants of `bytes`: flipped bytes, cut tails, spliced repeats and inserted junk.
    static func mutants(of bytes: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var generator = RandomGenerator(seed: seed)
        func random(_ n: Int) -> Int { Int(generator.next() % UInt64(max(n, 1))) }
        return (0..<count).map { _ in
            var mutant = bytes
            for _ in 0..<(1 + random(4)) {
                switch random(4) {
                case 0 where !mutant.isEmpty: mutant[random(mutant.count)] = UInt8(random(256))
                case 1: mutant = Array(mutant.prefix(random(mutant.count + 1)))
                case 2 where !mutant.isEmpty:
                    let start = random(mutant.count)
                    mutant.insert(contentsOf: mutant[start..<min(mutant.count, start + random(16))], at: random(mutant.count))
                default: mutant.insert(UInt8(random(256)), at: random(mutant.count + 1))
                }
            }
            return mutant
        }
    }

    @Test("IDX files, raw and gzip")
    func idx() throws {
        let folder = TemporaryFolder()
        let valid = idxBytes(dimensions: [4, 3, 3], values: (0..<36).map { UInt8($0 * 7 % 256) })
        let gzipped = try Array(Data(contentsOf: URL(fileURLWithPath: folder.gzip(folder.write("valid", valid)))))
        let labels = folder.write("labels", idxBytes(dimensions: [4], values: [0, 1, 2, 3]))
        var loaded = 0
        for (index, mutant) in (Self.mutants(of: valid, count: 400, seed: 1) + Self.mutants(of: gzipped, count: 400, seed: 2))
            .enumerated()
        {
            let path = folder.write("mutant\(index % 2)", mutant)
            do {
                let file = try IDX.readBytes(path)
                #expect(file.values.count == file.dimensions.reduce(1, *))
                loaded += 1
            } catch {
                #expect(!error.message.isEmpty)
            }
            // Read by offset, a mutant loads only when its size is its header's, and then reads whole.
            if let set = try? IDX.imageDataset(images: path, labels: labels, name: "m", reading: .byOffset) {
                #expect(set.samples.tensor.count == set.count * set.samples.width)
                #expect(set.samples.file?.takeFailure() == nil)
            }
        }
        #expect(loaded < 800)  // most mutants are rejected, with a message
    }

    @Test("safetensors files")
    func safetensors() throws {
        let model = try Sequential(ModelSpec(inputShape: [3], layers: [.dense(4, .relu), .dense(2, .softmax)]), seed: 1)
        let valid = try Array(SafeTensors.encode(model))
        for mutant in Self.mutants(of: valid, count: 1_000, seed: 3) {
            do {
                let loaded = try SafeTensors.decode(Data(mutant), file: "fuzz.safetensors")
                #expect(loaded.parameters.allSatisfy { $0.value.isFinite })
            } catch {
                #expect(error.description.hasPrefix("fuzz.safetensors: "))
            }
        }
    }

    @Test("CSV files")
    func csv() {
        let folder = TemporaryFolder()
        let valid = Array("a,b,label\n1,2,x\n3.5,-4,\"y\"\n5,6e2,x\n".utf8)
        for mutant in Self.mutants(of: valid, count: 500, seed: 4) {
            let path = folder.write("fuzz.csv", mutant)
            do {
                let (data, _) = try CSV.load(path, target: "label")
                #expect(data.count >= 1)
            } catch {
                #expect(error.description.hasPrefix(path + ": "))
            }
        }
    }
}
