/// Fashion-MNIST: 28×28 grey images of clothing in 10 classes, 60,000 for training and 10,000
/// for testing, as Debian's `dataset-fashion-mnist` package installs them.
public enum FashionMNIST {
    /// Where Debian's package puts the files.
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"

    /// The class names, in label order.
    public static let classNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// The training and test sets from `directory`, which holds the four IDX files
    /// (`train-images-idx3-ubyte[.gz]`, `train-labels-idx1-ubyte[.gz]`, `t10k-…`).
    public static func load(
        directory: String = defaultDirectory, classNames: [String]? = classNames,
        name: String = "fashion-mnist"
    ) throws(DataError) -> (train: Dataset, test: Dataset) {
        func path(_ stem: String) throws(DataError) -> String {
            for candidate in ["\(directory)/\(stem).gz", "\(directory)/\(stem)"] where FileSystem.exists(candidate) {
                return candidate
            }
            var hint = ""
            if directory == defaultDirectory { hint = " (install it with: sudo apt-get install dataset-fashion-mnist)" }
            throw DataError(file: "\(directory)/\(stem)[.gz]", "not found\(hint)")
        }
        let train = try IDX.imageDataset(
            images: path("train-images-idx3-ubyte"), labels: path("train-labels-idx1-ubyte"),
            name: "\(name) train", classNames: classNames)
        let test = try IDX.imageDataset(
            images: path("t10k-images-idx3-ubyte"), labels: path("t10k-labels-idx1-ubyte"),
            name: "\(name) test", classNames: classNames)
        return (train, test)
    }
}
