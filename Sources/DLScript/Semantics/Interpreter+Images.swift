import DLCore

/// Pictures of grey image samples (`H x W x 1`): a few samples of a data set shown as they are,
/// an autoencoder's inputs above its reconstructions, and images with the class a model gave them.
extension Interpreter {
    /// At most this many images are drawn at once.
    static let imagesShown = 8

    /// The samples of `data` as images with their labels, when it holds grey images and is a
    /// `slice` (`fashion.test[0:8]`, the first 8 of a longer one) or a few samples; nil otherwise,
    /// so that a whole data set stays one line.
    func sampleImages(_ data: DataValue, slice: Bool) -> ImageStrip? {
        let set = data.dataset
        let shown = Swift.min(set.count, Self.imagesShown)
        guard set.holdsGreyImages, shown > 0, slice || set.count <= Self.imagesShown else { return nil }
        return ImageStrip(
            title: set.count > shown ? "\(data.name): the first \(shown) of \(NumberText.grouped(set.count))" : data.name,
            rows: [
                ImageStrip.Row(
                    label: "",
                    images: images(set.samples.batch(0..<shown).scalars, of: set, captions: captions(set, count: shown)))
            ])
    }

    /// The samples of `set` at `indices` as images, each captioned with the class the model gave
    /// it and, when that is not its label, the label: `Coat, not Shirt`. Nil unless `set` holds
    /// grey images.
    func classified(_ set: Dataset, indices: [Int], predicted: [Int], title: String) -> ImageStrip? {
        guard set.holdsGreyImages, !indices.isEmpty else { return nil }
        let names = set.classNames ?? []
        let labels = set.classIndices
        func name(_ index: Int) -> String { index < names.count ? names[index] : String(index) }
        let captions = zip(indices, predicted).map { index, guess in
            guard let label = labels?[index], label != guess else { return name(guess) }
            return "\(name(guess)), not \(name(label))"
        }
        let subset = set.subset(indices)
        return ImageStrip(
            title: title,
            rows: [ImageStrip.Row(label: "", images: images(subset.samples.tensor.scalars, of: subset, captions: captions))])
    }

    /// The class each row of a model's `outputs` names: the largest output, or for one sigmoid
    /// unit, whether it is over one half.
    static func predictedClasses(_ outputs: Tensor, count: Int) -> [Int] {
        let width = outputs.count / Swift.max(count, 1)
        return (0..<count).map { row in
            let values = outputs.scalars[(row * width)..<((row + 1) * width)]
            if width == 1 { return values.first! > 0.5 ? 1 : 0 }
            return values.indices.max { values[$0] < values[$1] }! - row * width
        }
    }

    /// The first samples of `set` above the model's `outputs` for them, one value per pixel (an
    /// autoencoder's reconstructions), each output captioned with its mean squared difference
    /// from its input; nil unless `set` holds grey images.
    func reconstructions(_ set: Dataset, outputs: Tensor, title: String) -> ImageStrip? {
        let width = set.samples.width
        let shown = Swift.min(set.count, Self.imagesShown, outputs.count / width)
        guard set.holdsGreyImages, shown > 0 else { return nil }
        let inputs = set.samples.batch(0..<shown).scalars
        let errors = (0..<shown).map { sample in
            let range = (sample * width)..<((sample + 1) * width)
            let squares = zip(inputs[range], outputs.scalars[range]).map { ($0 - $1) * ($0 - $1) }
            return "mse " + NumberText.significant(squares.reduce(0, +) / Float(width))
        }
        return ImageStrip(
            title: set.count > shown ? "\(title): the first \(shown) of \(NumberText.grouped(set.count))" : title,
            rows: [
                ImageStrip.Row(label: "input", images: images(inputs, of: set, captions: captions(set, count: shown))),
                ImageStrip.Row(label: "output", images: images(outputs.scalars, of: set, captions: errors)),
            ])
    }

    /// One image per caption, from `values` laid out as `set`'s samples.
    private func images(_ values: [Float], of set: Dataset, captions: [String]) -> [ImageStrip.Image] {
        let (height, width) = (set.samples.shape[0], set.samples.shape[1])
        return captions.indices.map { sample in
            ImageStrip.Image(
                height: height, width: width, values: Array(values[(sample * height * width)..<((sample + 1) * height * width)]),
                caption: captions[sample])
        }
    }

    /// Each sample's class, or its number when the set has no classes.
    private func captions(_ set: Dataset, count: Int) -> [String] {
        guard let labels = set.classIndices, let names = set.classNames else { return (0..<count).map { "sample \($0)" } }
        return labels.prefix(count).map { ClassName.text($0, names) }
    }
}

extension Dataset {
    /// Whether each sample is a grey image, `height x width x 1`.
    var holdsGreyImages: Bool { samples.shape.count == 3 && samples.shape[2] == 1 }
}
