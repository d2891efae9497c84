// The file targets of `dlfuzz`: each input is the whole of a file, handed to the reader of its
// format (IDX and CSV through a file in memory-backed /dev/shm, as they read paths; safetensors
// from bytes). Every input must load or give a `DataError`; a trap or a hang is a finding.
import DLCore
import Foundation

private let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
private let scratch = "\(folder)/dlfuzz-\(getpid())"

/// Writes the input to the scratch file and returns its path.
private func file(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
    _ = FileManager.default.createFile(atPath: scratch, contents: Data(bytes: data, count: size))
    return scratch
}

func fuzzIDX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let array = try? IDX.readBytes(file(data, size)) {
        precondition(array.values.count == array.dimensions.reduce(1, *), "values do not match the header")
    }
    return 0
}

func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = file(data, size)
    for target in ["y", "label"] {
        for kind in [CSV.TargetKind.automatic, .classes, .values] {
            if let (dataset, _) = try? CSV.load(path, target: target, targetKind: kind, standardize: true) {
                precondition(dataset.count > 0 && dataset.samples.shape.allSatisfy { $0 > 0 }, "an empty data set loaded")
            }
        }
    }
    return 0
}

func fuzzSafeTensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let saved = try? SafeTensors.decodeSaved(Data(bytes: data, count: size), file: "fuzz.safetensors") {
        let model = saved.network
        precondition(model.parameters.allSatisfy { $0.value.isFinite }, "non-finite weights loaded")
        // A restored optimizer must fit the model: one step (with zero gradients) reads every buffer.
        if let optimizer = saved.training?.makeOptimizer() {
            optimizer.step(model.parameters.filter(\.trainable))
        }
    }
    return 0
}
