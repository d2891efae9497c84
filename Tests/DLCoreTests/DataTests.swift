import DLCore
import Foundation
import Testing

@Suite("Data sets")
struct DataTests {
    @Test("IDX images and labels load, raw and gzip-compressed")
    func idx() throws {
        let folder = TemporaryFolder()
        let images = folder.write("images", idxBytes(dimensions: [3, 2, 2], values: [0, 255, 51, 102, 1, 2, 3, 4, 9, 9, 9, 9]))
        let labels = folder.write("labels", idxBytes(dimensions: [3], values: [2, 0, 1]))
        let raw = try IDX.imageDataset(images: images, labels: labels, name: "tiny")
        #expect(raw.count == 3)
        #expect(raw.samples.shape == [2, 2, 1])
        #expect(raw.samples[0].scalars == [0, 255, 51, 102].map { Float($0) / 255 })
        #expect(raw.classIndices == [2, 0, 1])
        let compressed = try IDX.imageDataset(images: folder.gzip(images), labels: folder.gzip(labels), name: "tiny")
        #expect(compressed.samples.tensor == raw.samples.tensor)
    }

    @Test("malformed IDX files give errors that name the file and the problem")
    func malformedIDX() throws {
        let folder = TemporaryFolder()
        func error(_ path: String) -> String {
            do {
                _ = try IDX.readBytes(path)
                return "no error"
            } catch { return error.description }
        }
        let wrongMagic = folder.write("magic", [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0])
        #expect(
            error(wrongMagic)
                == "\(wrongMagic): wrong magic number (50 4b 3 4): an IDX file starts with 00 00, a type code and a dimension count"
        )
        let truncated = folder.write("truncated", idxBytes(dimensions: [2, 3], values: [1, 2, 3, 4]))
        #expect(error(truncated) == "\(truncated): truncated data: dimensions 2x3 need 6 bytes, the file has 4")
        let floats = folder.write("floats", idxBytes(dimensions: [1], values: [0, 0, 0, 0], typeCode: 0x0D))
        #expect(error(floats).contains("type code 0xd is not supported"))
        let huge = folder.write("huge", idxBytes(dimensions: [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], values: [1]))
        #expect(
            error(huge)
                == "\(huge): the header declares dimensions 4294967295x4294967295x4294967295, too large for any file: it is corrupt"
        )
        let short = folder.write("short", [0, 0])
        #expect(error(short) == "\(short): the file has 2 bytes, too few for an IDX header")
        #expect(
            error(folder.path + "/missing")
                == "\(folder.path)/missing: not found (a relative path starts from the current folder)")

        // A gzip stream cut short.
        let whole = folder.write("whole", idxBytes(dimensions: [1000], values: (0..<1000).map { UInt8($0 % 251) }))
        let gz = try folder.gzip(whole)
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: gz)))
        let cut = folder.write("cut.gz", Array(bytes.prefix(bytes.count / 2)))
        #expect(error(cut).contains("the compressed data ends early (the file is truncated)"))

        // Images and labels that disagree in count.
        let images = folder.write("images", idxBytes(dimensions: [2, 1, 1], values: [1, 2]))
        let labels = folder.write("labels", idxBytes(dimensions: [3], values: [0, 1, 1]))
        do {
            _ = try IDX.imageDataset(images: images, labels: labels, name: "x")
            Issue.record("mismatched counts were accepted")
        } catch {
            #expect(error.description == "\(labels): mismatched counts: 3 labels for 2 images in \(images)")
        }
    }

    @Test("the real Fashion-MNIST files from Debian's package")
    func fashionMNIST() throws {
        let (train, test) = try FashionMNIST.load()
        #expect(train.count == 60_000 && test.count == 10_000)
        #expect(train.samples.shape == [28, 28, 1])
        #expect(train.classNames == FashionMNIST.classNames)
        let counts = Dictionary(grouping: train.classIndices!, by: { $0 }).mapValues(\.count)
        #expect(counts.count == 10 && counts.values.allSatisfy { $0 == 6_000 })
        let pixels = train.samples[0].scalars
        #expect(pixels.allSatisfy { $0 >= 0 && $0 <= 1 } && pixels.contains { $0 > 0.5 })
        #expect(throws: DataError.self) { try FashionMNIST.load(directory: "/nonexistent") }
    }

    @Test("CSV: header, target column, class labels, standardization")
    func csv() throws {
        let folder = TemporaryFolder()
        let file = folder.write(
            "flowers.csv",
            text: """
                length,width,"kind"
                1.0,2.0,rose
                3.0,4.0,tulip

                5.0,6.0,"rose"
                """)
        let (data, stats) = try CSV.load(file, target: "kind", standardize: true)
        #expect(data.name == "flowers")
        #expect(data.count == 3 && data.samples.shape == [2])
        #expect(data.classNames == ["rose", "tulip"])
        #expect(data.classIndices == [0, 1, 0])
        #expect(stats?.means == [3, 4])
        let standardized = data.samples.tensor.scalars
        #expect(abs(standardized[0] + 1.2247449) < 1e-5 && abs(standardized[4] - 1.2247449) < 1e-5)

        let numeric = folder.write("prices.csv", text: "size,price\n1,10.5\n2,20.25\n3,29.75\n")
        let (prices, _) = try CSV.load(numeric, target: "price")
        #expect(prices.labels == .values(Tensor(shape: [3, 1], scalars: [10.5, 20.25, 29.75])))
    }

    @Test("several target columns are a vector of numbers per sample, in the order named")
    func csvTargets() throws {
        let folder = TemporaryFolder()
        let file = folder.write("curve.csv", text: "y1,x,y0\n1,0.5,2\n3,1.5,4\n")
        let (data, _) = try CSV.load(file, targets: ["y0", "y1"])
        #expect(data.samples.shape == [1] && data.samples.tensor.scalars == [0.5, 1.5])
        #expect(data.labels == .values(Tensor(shape: [2, 2], scalars: [2, 1, 4, 3])))
        func error(_ text: String, _ targets: [String], _ kind: CSV.TargetKind = .automatic) -> String {
            let path = folder.write("bad.csv", text: text)
            do {
                _ = try CSV.load(path, targets: targets, targetKind: kind)
                return "no error"
            } catch {
                return error.description.replacingOccurrences(of: path, with: "bad.csv")
            }
        }
        #expect(error("a,y0,y1\n1,2,x\n", ["y0", "y1"]) == "bad.csv: line 2, column 'y1': 'x' is not a number")
        #expect(
            error("a,y0,y1\n1,inf,3\n", ["y0", "y1"])
                == "bad.csv: line 2, column 'y0': the target 'inf' is not a finite number; fix or remove that row")
        #expect(error("y0,y1\n1,2\n", ["y0", "y1"]).contains("every column is a target ('y0', 'y1')"))
        #expect(error("a,y0,y1\n1,2,3\n", ["y0", "y2"]).hasPrefix("bad.csv: no column named 'y2'"))
        #expect(error("a,y0,y1\n1,2,3\n", ["y0", "y1"], .classes).contains("classes come from one column"))
        #expect(error("a,y0,y1\n1,2,3\n", ["y0", "y0"]).contains("'y0' is named twice"))
    }

    @Test("CSV errors name the file, the line and the column")
    func csvErrors() {
        let folder = TemporaryFolder()
        func error(_ text: String, target: String = "y") -> String {
            let file = folder.write("data.csv", text: text)
            do {
                _ = try CSV.load(file, target: target)
                return "no error"
            } catch {
                return error.description.replacingOccurrences(of: file, with: "data.csv")
            }
        }
        #expect(error("a,y\n1,0\nabc,1\n") == "data.csv: line 3, column 'a': 'abc' is not a number")
        #expect(error("a,y\n1,0\n2\n") == "data.csv: line 3: 1 fields, but the header names 2 columns")
        #expect(error("a,b\n1,0\n", target: "label") == "data.csv: no column named 'label'; the header has 'a', 'b'")
        #expect(error("") == "data.csv: the file is empty; it needs a header row naming the columns")
        #expect(error("a,y\n\"1,0\n") == "data.csv: line 2: a quoted field is never closed")
    }

    @Test("toy sets are seeded and labelled", arguments: ["xor", "spirals", "moons", "circles", "blobs"])
    func toys(name: String) {
        func make(_ seed: UInt64) -> Dataset {
            switch name {
            case "xor": ToyData.xor(count: 40, noise: 0.1, seed: seed)
            case "spirals": ToyData.spirals(count: 300, classes: 3, seed: seed)
            case "moons": ToyData.moons(count: 100, seed: seed)
            case "circles": ToyData.circles(count: 100, seed: seed)
            default: ToyData.blobs(count: 90, centers: 3, seed: seed)
            }
        }
        let a = make(1)
        let b = make(1)
        let c = make(2)
        #expect(a.samples.tensor == b.samples.tensor)
        #expect(a.samples.tensor != c.samples.tensor)
        #expect(a.samples.shape == [2])
        #expect(Set(a.classIndices!).count == a.classNames!.count)
    }

    @Test("a validation split is disjoint, seeded and of the asked size")
    func split() {
        let data = ToyData.blobs(count: 100, seed: 1)
        let (train, validation) = data.split(validationFraction: 0.2, seed: 5)
        #expect(train.count == 80 && validation.count == 20)
        let all = Set((train.samples.tensor.scalars + validation.samples.tensor.scalars).map(\.bitPattern))
        #expect(all == Set(data.samples.tensor.scalars.map(\.bitPattern)))
        #expect(data.split(validationFraction: 0.2, seed: 5).validation.samples.tensor == validation.samples.tensor)
    }

    @Test("standardized samples have mean 0 and deviation 1, stored as bytes or floats, and compose")
    func standardized() throws {
        let folder = TemporaryFolder()
        let pixels: [UInt8] = [0, 255, 51, 102, 1, 2, 3, 4, 9, 9, 9, 200]
        let images = folder.write("images", idxBytes(dimensions: [3, 2, 2], values: pixels))
        let labels = folder.write("labels", idxBytes(dimensions: [3], values: [2, 0, 1]))
        let bytes = try IDX.imageDataset(images: images, labels: labels, name: "tiny")
        let floats = Dataset(
            name: "tiny", samples: Samples(shape: [2, 2, 1], floats: bytes.samples.tensor.scalars), labels: bytes.labels)
        let values = pixels.map { Double($0) / 255 }
        let mean = values.reduce(0, +) / Double(values.count)
        let deviation = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
        for set in [bytes, floats] {
            let moments = set.samples.moments
            #expect(abs(Double(moments.mean) - mean) < 1e-6 && abs(Double(moments.deviation) - deviation) < 1e-6)
            let standardized = set.standardized()
            #expect(standardized.samples.shape == [2, 2, 1] && standardized.classIndices == [2, 0, 1])
            let scaled = standardized.samples.tensor.scalars
            for (got, value) in zip(scaled, values) { #expect(abs(Double(got) - (value - mean) / deviation) < 1e-5) }
            let again = standardized.samples.moments
            #expect(abs(again.mean) < 1e-6 && abs(again.deviation - 1) < 1e-5)
            // Standardizing again by other moments is one combined shift and scale; views keep it.
            let twice = standardized.standardized(Standardization(mean: 0.5, deviation: 2))
            for (got, value) in zip(twice.samples.tensor.scalars, scaled) { #expect(abs(got - (value - 0.5) / 2) < 1e-5) }
            let rows = try standardized.asSequences()
            #expect(rows.samples.tensor.scalars == scaled)
            #expect(standardized.prefix(2).samples.tensor.scalars == Array(scaled.prefix(8)))
        }
        // Another part is scaled by the moments it is given, not its own.
        let given = bytes.standardized(Standardization(mean: 0.25, deviation: 0.5))
        let expected: [Float] = [0, 255, 51, 102].map { (Float($0) / 255 - 0.25) / 0.5 }
        #expect(given.samples[0].scalars == expected)
        // Constant samples have deviation 0: taken as 1, so the values are only shifted.
        let constant = Dataset(name: "c", samples: Samples(shape: [2], floats: [3, 3, 3, 3]), labels: .none)
        #expect(constant.standardized().samples.tensor.scalars == [0, 0, 0, 0])
    }
}

@Suite("Principal components")
struct PrincipalComponentTests {
    @Test("points spread along one direction of 3-D space have it as their first component")
    func firstComponentFollowsTheSpread() {
        // t along (1, 2, 2) / 3, plus a little along (2, -1, 0) / √5.
        let rows = 50
        var values: [Float] = []
        var spread: [Float] = []
        for r in 0..<rows {
            let t = Float(r - 25) / 5
            let wobble = Float((r * 37) % 7 - 3) / 50
            spread.append(t)
            let root5 = Float(5).squareRoot()
            let x: Float = t / 3 + 2 * wobble / root5
            let y: Float = 2 * t / 3 - wobble / root5
            values += [x, y, 2 * t / 3]
        }
        let projected = PrincipalComponents.project(values, rows: rows, columns: 3)
        let first = projected.map { $0[0] }
        let second = projected.map { $0[1] }
        // The first coordinate is t itself, up to its sign; the second is the small wobble.
        let sign: Float = first[rows - 1] > first[0] ? 1 : -1
        let mean = spread.reduce(0, +) / Float(rows)
        for (coordinate, t) in zip(first, spread) { #expect(abs(sign * coordinate - (t - mean)) < 1e-3, "\(coordinate) vs \(t)") }
        #expect(second.map(abs).max()! < 0.1)
        #expect(abs(first.reduce(0, +)) < 1e-3, "centred on the mean")
    }
}
