"""The peer of `dlbench mlp|cnn|lstm`: the same model, data, batch size and optimizer in PyTorch on CPU.

Run by bench/compare.py with the thread count set for OpenMP and pinned with taskset (and
`--batch`, `--width`, `--units` as dlbench takes them, for the scaling table); prints
one JSON object like dlbench does. Uses PyTorch's fastest CPU set-up for this model: data
preloaded as tensors and indexed with randperm (no DataLoader), logits into the fused
cross-entropy, Adam with the implementation chosen by --foreach. Pixels are scaled to [0, 1]; the
LSTM's are then standardized, as dlbench does.
"""
import argparse, gzip, json, resource, time

import numpy as np
import torch


def idx(path):
    raw = gzip.open(path, "rb").read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class LastState(torch.nn.Module):
    """An LSTM over the rows of an image whose last hidden state feeds a dense layer."""

    def __init__(self, units):
        super().__init__()
        self.lstm = torch.nn.LSTM(28, units, batch_first=True)
        self.dense = torch.nn.Linear(units, 10)

    def forward(self, x):
        output, _ = self.lstm(x)
        return self.dense(output[:, -1])


def build(name, width, units):
    if name == "mlp":
        return torch.nn.Sequential(
            torch.nn.Linear(784, width), torch.nn.ReLU(),
            torch.nn.Linear(width, width // 2), torch.nn.ReLU(),
            torch.nn.Linear(width // 2, 10))
    if name == "cnn":
        return torch.nn.Sequential(
            torch.nn.Conv2d(1, 32, 5, padding="same"), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(32, 64, 5, padding="same"), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Flatten(), torch.nn.Linear(3136, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    return LastState(units)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", choices=["mlp", "cnn", "lstm"])
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--foreach", action="store_true")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--width", type=int, default=256)
    parser.add_argument("--units", type=int, default=128)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)

    # Inputs as each model takes them: flat for the MLP, 1x28x28 images for the CNN (PyTorch is
    # channels-first), 28 rows of 28 for the LSTM.
    shape = {"mlp": (-1, 784), "cnn": (-1, 1, 28, 28), "lstm": (-1, 28, 28)}[args.model]
    x_train = torch.from_numpy(idx(f"{args.data}/train-images-idx3-ubyte.gz").reshape(shape).astype(np.float32) / 255)
    y_train = torch.from_numpy(idx(f"{args.data}/train-labels-idx1-ubyte.gz").astype(np.int64))
    x_test = torch.from_numpy(idx(f"{args.data}/t10k-images-idx3-ubyte.gz").reshape(shape).astype(np.float32) / 255)
    y_test = torch.from_numpy(idx(f"{args.data}/t10k-labels-idx1-ubyte.gz").astype(np.int64))
    if args.model == "lstm":
        # Like `data … standardized` on our side: every value shifted and scaled by the mean and
        # deviation of all training pixels, the test set by the training set's.
        mean, deviation = x_train.mean(), x_train.std(unbiased=False)
        x_train, x_test = (x_train - mean) / deviation, (x_test - mean) / deviation
    model = build(args.model, args.width, args.units)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, foreach=args.foreach)
    loss_fn = torch.nn.CrossEntropyLoss()
    seconds = []
    for _ in range(args.epochs):
        start = time.perf_counter()
        model.train()
        order = torch.randperm(len(x_train))
        for i in range(0, len(x_train), args.batch):
            batch = order[i:i + args.batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_train[batch]), y_train[batch])
            loss.backward()
            optimizer.step()
        seconds.append(time.perf_counter() - start)
    model.eval()
    with torch.no_grad():
        predictions = torch.cat([model(x_test[i:i + 1000]).argmax(1) for i in range(0, len(x_test), 1000)])
        accuracy = (predictions == y_test).float().mean().item()
    print(json.dumps({
        "bench": args.model, "peer": "pytorch " + torch.__version__,
        "parameters": sum(p.numel() for p in model.parameters()), "threads": args.threads, "epochs": args.epochs,
        "epoch_seconds": seconds, "median_epoch_seconds": sorted(seconds)[len(seconds) // 2],
        "test_accuracy": accuracy, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
