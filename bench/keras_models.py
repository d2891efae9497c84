"""A peer of `dlbench mlp|cnn|lstm`: the same model, data, batch size and optimizer in Keras 3, on
the JAX or the TensorFlow backend (`--backend`), from the bench-only virtualenv `.venv-bench`.

Run by bench/compare.py pinned with taskset; prints one JSON object as dlbench does. Each backend
gets its own thread settings (XLA's Eigen pool for JAX, TensorFlow's intra- and inter-op pools),
and `model.fit` on arrays in memory, its fastest ordinary path: JAX compiles the whole step, and
on TensorFlow `--jit` asks for XLA compilation as well (compare.py tries both and keeps the faster).
Logits go into the fused sparse cross-entropy. Pixels are scaled to [0, 1]; the LSTM's are then
standardized, and the models take the same extra arguments as dlbench (`--width`, `--units`,
`--batch`) for the scaling table.
"""
import argparse, gzip, json, os, resource, sys, time

import numpy as np


def idx(path):
    raw = gzip.open(path, "rb").read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def configure(backend, threads):
    """Thread pools, set before the backend is imported (they are read once, at start-up)."""
    os.environ["KERAS_BACKEND"] = backend
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    if backend == "jax":
        os.environ["JAX_PLATFORMS"] = "cpu"
        if threads == 1:
            os.environ["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
    else:
        import tensorflow as tf
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)


def build(keras, name, width, units):
    layers = keras.layers
    if name == "mlp":
        body = [layers.Input((784,)), layers.Dense(width, activation="relu"), layers.Dense(width // 2, activation="relu")]
    elif name == "cnn":
        body = [layers.Input((28, 28, 1)),
                layers.Conv2D(32, 5, padding="same", activation="relu"), layers.MaxPooling2D(2),
                layers.Conv2D(64, 5, padding="same", activation="relu"), layers.MaxPooling2D(2),
                layers.Flatten(), layers.Dense(256, activation="relu")]
    else:
        body = [layers.Input((28, 28)), layers.LSTM(units)]
    return keras.Sequential(body + [layers.Dense(10)])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", choices=["mlp", "cnn", "lstm"])
    parser.add_argument("--backend", choices=["jax", "tensorflow"], required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--width", type=int, default=256)
    parser.add_argument("--units", type=int, default=128)
    parser.add_argument("--jit", action="store_true")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()
    configure(args.backend, args.threads)
    import keras
    keras.utils.set_random_seed(42)

    shape = {"mlp": (-1, 784), "cnn": (-1, 28, 28, 1), "lstm": (-1, 28, 28)}[args.model]
    x_train = idx(f"{args.data}/train-images-idx3-ubyte.gz").reshape(shape).astype(np.float32) / 255
    y_train = idx(f"{args.data}/train-labels-idx1-ubyte.gz").astype(np.int32)
    x_test = idx(f"{args.data}/t10k-images-idx3-ubyte.gz").reshape(shape).astype(np.float32) / 255
    y_test = idx(f"{args.data}/t10k-labels-idx1-ubyte.gz").astype(np.int32)
    if args.model == "lstm":
        mean, deviation = x_train.mean(), x_train.std()
        x_train, x_test = (x_train - mean) / deviation, (x_test - mean) / deviation

    model = build(keras, args.model, args.width, args.units)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"], jit_compile=True if args.backend == "jax" else args.jit)

    class Timer(keras.callbacks.Callback):
        seconds = []

        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.seconds.append(time.perf_counter() - self.start)

    timer = Timer()
    model.fit(x_train, y_train, batch_size=args.batch, epochs=args.epochs, shuffle=True, verbose=0, callbacks=[timer])
    _, accuracy = model.evaluate(x_test, y_test, batch_size=1000, verbose=0)
    version = keras.__version__
    backend = "jax " + __import__("jax").__version__ if args.backend == "jax" else "tensorflow " + __import__("tensorflow").__version__
    seconds = timer.seconds
    print(json.dumps({
        "bench": args.model, "peer": f"keras {version} on {backend}" + (" (XLA)" if args.jit else ""),
        "parameters": model.count_params(), "threads": args.threads, "epochs": args.epochs,
        "epoch_seconds": seconds, "median_epoch_seconds": sorted(seconds)[len(seconds) // 2],
        "test_accuracy": float(accuracy), "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
