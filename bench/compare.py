"""`make bench`: DLCore against its peers, side by side, on the same cores.

Prints the REPL's start-up to its first prompt (beside Python's own REPL, for scale), the Jupyter
kernel's start-up and execute round trip (beside ipykernel), a fast 10,000-epoch training in a
notebook beside dlrepl (time and iopub traffic); then, for 1
and 2 threads: our matrix product against OpenBLAS called directly, then for each
model (the Fashion-MNIST MLP, CNN and LSTM of issues 2 and 3) seconds per epoch, peak memory,
test accuracy and the share of the machine's FMA peak, against PyTorch (Debian's) and Keras 3 on
JAX and on TensorFlow (.venv-bench), each at its fastest settings; then how the epoch time grows
with the MLP's width and batch and the LSTM's units, against each model's best peer. Ratios are
ours / theirs. Exits 1 if a target is missed.

BENCH_MODELS=mlp,cnn,lstm picks models (empty: none); BENCH_EPOCHS=N overrides every model's epoch count (the
accuracy targets then do not apply). BENCH_MPI=mlp,cnn picks the models trained data-parallel, 1 process of 2
threads against 2 processes of 1 thread under mpirun, with the allreduce's time and a model of the scaling
(empty: none). BENCH_SCALING=0 leaves out the scaling table.
"""
import json, os, subprocess, sys, tempfile

import startup

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DLBENCH = os.path.join(ROOT, ".build/release/dlbench")
DLREPL = os.path.join(ROOT, ".build/release/dlrepl")
VENV_PYTHON = os.path.join(ROOT, ".venv/bin/python")  # pyzmq, jupyter_client and ipykernel, from scripts/setup --bench
TORCH_PYTHON = "/usr/bin/python3"  # Debian's python3-torch lives here
CORES = {1: "0", 2: "0,1"}

BENCH_PYTHON = os.path.join(ROOT, ".venv-bench/bin/python")  # Keras 3, JAX and TensorFlow, from scripts/setup --bench

# model: (epochs, accuracy target after those epochs)
TARGETS = {"mlp": (10, 0.88), "cnn": (5, 0.91), "lstm": (5, 0.87)}
# Our epoch time at most this fraction of the best peer's, by thread count.
TIME_TARGETS = {1: 0.85, 2: 0.7}
# The share of the machine's FMA peak each model's epoch must reach.
FLOP_TARGETS = {"mlp": 0.6, "cnn": 0.5, "lstm": 0.5}

# The peers: a name, the command, and the variants of its settings to try (the fastest is kept).
PEERS = [
    ("pytorch", [TORCH_PYTHON, os.path.join(ROOT, "bench/torch_models.py")], {"mlp": [[], ["--foreach"]]}),
    ("keras-jax", [BENCH_PYTHON, os.path.join(ROOT, "bench/keras_models.py"), "--backend", "jax"], {}),
    ("keras-tf", [BENCH_PYTHON, os.path.join(ROOT, "bench/keras_models.py"), "--backend", "tensorflow"],
     {"mlp": [[], ["--jit"]], "cnn": [[], ["--jit"]], "lstm": [[], ["--jit"]]}),
]


def best_variant(peer, model, threads, epochs, extra=()):
    """The peer's fastest run of `model` over its variants of settings."""
    name, command, variants = peer
    runs = [run(command + [model, "--threads", str(threads), "--epochs", str(epochs)] + list(extra) + variant, threads)[0]
            for variant in variants.get(model, [[]])]
    fastest = min(runs, key=lambda r: r["median_epoch_seconds"])
    fastest["peer_name"] = name
    return fastest


def macs_per_sample(model, width=256, units=128):
    """Multiply-adds of the layers with weights, forward, for one sample, and those of the first
    layer's input gradient, which no one needs (all of a first dense or convolution layer's; of a
    first LSTM, only the part through Wx, since the gradient through Wh carries the recurrence)."""
    if model == "mlp":
        layers = [784 * width, width * (width // 2), (width // 2) * 10]
        return layers, layers[0]
    if model == "cnn":
        layers = [28 * 28 * 5 * 5 * 1 * 32, 14 * 14 * 5 * 5 * 32 * 64, 3136 * 256, 256 * 10]
        return layers, layers[0]
    return [28 * (28 + units) * 4 * units, units * 10], 28 * 28 * 4 * units


def epoch_flops(model, width=256, units=128, samples=60000):
    """FLOPs of one training epoch counted from the shapes: a multiply-add is 2, and each layer's
    products run three times (forward, the input's gradient, the weights' gradient) less the first
    layer's unneeded input gradient. Elementwise work (activations, gates, Adam) is left out."""
    layers, unneeded = macs_per_sample(model, width, units)
    return samples * 2 * (3 * sum(layers) - unneeded)


def scaling(models, best_peers):
    """How the epoch time grows with the work, ours against the model's best peer, on 2 threads."""
    epochs = "3"
    print()
    print("Scaling on 2 threads, ours against each model's best peer (median of 3 epochs; seconds, ratio, our GFLOP/s)")
    peers = {name: peer for peer in PEERS for name in [peer[0]]}
    rows = []
    if "mlp" in models:
        rows += [("mlp", {"width": w, "batch": b}) for w in (128, 512, 2048) for b in (16, 64, 256)]
    if "lstm" in models:
        rows += [("lstm", {"units": u, "batch": 64}) for u in (64, 128, 256)]
    print(f"  {'model':5} {'size':>11} {'batch':>5} {'ours s':>7} {'peer s':>7} {'ratio':>6} {'GFLOP/s':>8}  peer")
    for model, size in rows:
        arguments = [item for key, value in size.items() for item in (f"--{key}", str(value))]
        ours = run([DLBENCH, model, "--threads", "2", "--epochs", epochs] + arguments, 2)[0]
        peer = best_variant(peers[best_peers[model]], model, 2, int(epochs), arguments)
        flops = epoch_flops(model, width=size.get("width", 256), units=size.get("units", 128))
        label = f"width {size['width']}" if "width" in size else f"units {size['units']}"
        print(f"  {model:5} {label:>11} {size['batch']:>5} {ours['median_epoch_seconds']:>7.2f} "
              f"{peer['median_epoch_seconds']:>7.2f} {ours['median_epoch_seconds'] / peer['median_epoch_seconds']:>6.2f} "
              f"{flops / ours['median_epoch_seconds'] / 1e9:>8.1f}  {peer['peer']}")


MPIRUN = ["mpirun", "-np", "2", "--bind-to", "core", "--map-by", "core"]
MPI_ENV = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"}
STEPS_PER_EPOCH = 938  # 60,000 samples in batches of 64
MPI_EPOCHS = {"mlp": 3, "cnn": 2}


def data_parallel(models, check):
    """1 process x 2 threads against 2 processes x 1 thread, the allreduce's cost, and what it predicts."""
    print()
    print("Data-parallel over Open MPI on this machine: 1 process x 2 threads against 2 processes x 1 thread")
    print("  target: the CNN's 2-process epoch within 1.3x of its 1-process epoch")
    print(f"  {'model':5} {'1x2 s':>7} {'2x1 s':>7} {'ratio':>6}  {'floats':>9} {'allreduce':>10} {'GB/s':>6} {'share':>6}")
    env = dict(os.environ, **MPI_ENV)
    for model in models:
        epochs = str(MPI_EPOCHS[model])
        one = run([DLBENCH, model, "--threads", "2", "--epochs", epochs], 2)[0]
        out = subprocess.run(MPIRUN + [DLBENCH, model, "--threads", "1", "--epochs", epochs], env=env, check=True,
                             capture_output=True, text=True).stdout
        two = [json.loads(line) for line in out.splitlines() if line.startswith("{")][0]
        floats = one["parameters"] + 3
        out = subprocess.run(MPIRUN + [DLBENCH, "allreduce", "--floats", str(floats)], env=env, check=True,
                             capture_output=True, text=True).stdout
        reduce = [json.loads(line) for line in out.splitlines() if line.startswith("{")][0]
        ratio = two["median_epoch_seconds"] / one["median_epoch_seconds"]
        step = one["median_epoch_seconds"] / STEPS_PER_EPOCH
        share = reduce["median_seconds"] * STEPS_PER_EPOCH / two["median_epoch_seconds"]
        verdict = check(ratio <= 1.3, f"cnn 2-process epoch {ratio:.2f}x the 1-process one") if model == "cnn" else ""
        print(f"  {model:5} {one['median_epoch_seconds']:>7.2f} {two['median_epoch_seconds']:>7.2f} {ratio:>6.2f}  "
              f"{floats:>9} {reduce['median_seconds'] * 1e3:>8.3f}ms {reduce['gb_per_second']:>6.2f} {share:>6.1%}  {verdict}")
        # Ring allreduce over N machines moves 2(N-1)/N of the gradient's bytes through each link:
        # S(N) = c / (c/N + 2(N-1)/N * bytes / B), c a machine's compute per step, B a link's bandwidth.
        for label, bandwidth in (("this machine's", reduce["gb_per_second"] * 1e9), ("10 Gb/s Ethernet", 1.25e9)):
            speedups = []
            for n in (2, 4, 8):
                allreduce = 2 * (n - 1) / n * floats * 4 / bandwidth
                speedups.append(f"{n}: {step / (step / n + allreduce):.1f}x")
            print(f"        expected speed-up on N machines, {label} bandwidth: " + ", ".join(speedups))
        print(f"        test accuracy {one['test_accuracy']:.4f} (1 process), {two['test_accuracy']:.4f} (2 processes)")


def run(command, threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OMP_WAIT_POLICY="passive", OPENBLAS_NUM_THREADS=str(threads),
               TF_NUM_INTRAOP_THREADS=str(threads), TF_NUM_INTEROP_THREADS=str(threads))
    out = subprocess.run(["taskset", "-c", CORES[threads]] + command, env=env, check=True,
                         capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def main():
    models = [m for m in os.environ.get("BENCH_MODELS", "mlp,cnn,lstm").split(",") if m]
    misses = []

    def check(ok, what):
        if not ok:
            misses.append(what)
        return "ok" if ok else "MISSED"

    print("REPL start-up to the first prompt on a pty, median of 15 runs (target: dlrepl under 100 ms)")
    with tempfile.TemporaryDirectory() as home:
        ours = startup.median_first_prompt_ms([DLREPL], b"dl> ", env={"DLREPL_HISTORY": os.path.join(home, "history")})
        python = startup.median_first_prompt_ms([sys.executable, "-q", "-i"], b">>> ", env={"HOME": home})
    print(f"  dlrepl {ours:6.1f} ms   python3 -i {python:6.1f} ms   "
          + check(ours < 100, f"dlrepl start-up {ours:.0f} ms"))
    print()

    print("Jupyter kernel, beside ipykernel through the same raw ZeroMQ client (bench/kernel.py)")
    print("  targets: dlkernel's start to kernel_info_reply under 200 ms, execute round trip under 2 ms (medians)")
    kernels = subprocess.run([VENV_PYTHON, os.path.join(ROOT, "bench/kernel.py")], check=True,
                             capture_output=True, text=True).stdout
    results = {r["kernel"]: r for r in (json.loads(line) for line in kernels.splitlines() if line.startswith("{"))}
    dl, ipy = results["dlkernel"], results["ipykernel"]
    print(f"  {'':9} {'dlkernel':>9} {'ipykernel':>10} {'ratio':>6}")
    print(f"  {'start-up':9} {dl['startup_ms']:7.1f}ms {ipy['startup_ms']:8.1f}ms {dl['startup_ms'] / ipy['startup_ms']:6.2f}  "
          + check(dl["startup_ms"] < 200, f"kernel start-up {dl['startup_ms']:.0f} ms"))
    print(f"  {'execute':9} {dl['round_trip_ms']:7.2f}ms {ipy['round_trip_ms']:8.2f}ms {dl['round_trip_ms'] / ipy['round_trip_ms']:6.2f}  "
          + check(dl["round_trip_ms"] < 2, f"execute round trip {dl['round_trip_ms']:.2f} ms"))
    print()

    print("A fast 10,000-epoch training (XOR, full batch) in a notebook beside dlrepl (bench/notebook_training.py)")
    print("  targets: the notebook at most 2x dlrepl's time plus 1 s, and under 5 MB of iopub traffic")
    line = subprocess.run([VENV_PYTHON, os.path.join(ROOT, "bench/notebook_training.py")], check=True,
                          capture_output=True, text=True).stdout.strip().splitlines()[-1]
    flood = json.loads(line)
    budget = 2 * flood["dlrepl_seconds"] + 1
    print(f"  notebook {flood['kernel_seconds']:.2f} s, {flood['messages']} messages, {flood['iopub_bytes'] / 1e6:.3f} MB;"
          f"  dlrepl {flood['dlrepl_seconds']:.2f} s  "
          + check(flood["kernel_seconds"] <= budget and flood["iopub_bytes"] < 5e6,
                  f"notebook training {flood['kernel_seconds']:.2f} s (budget {budget:.2f} s), {flood['iopub_bytes'] / 1e6:.2f} MB"))
    print()

    print("Matrix product, GFLOP/s (target: ours >= 0.9x OpenBLAS called directly)")
    print(f"{'threads':>7} {'n':>6} {'ours':>8} {'openblas':>9} {'ratio':>6}")
    for threads in (1, 2):
        # Separate processes: OpenBLAS's threads spin after a multithreaded call and would slow
        # whatever runs next on the same cores.
        ours = run([DLBENCH, "sgemm", "--threads", str(threads), "--side", "ours"], threads)
        theirs = run([DLBENCH, "sgemm", "--threads", str(threads), "--side", "openblas"], threads)
        for o, t in zip(ours, theirs):
            ratio = o["gflops"] / t["gflops"]
            print(f"{threads:>7} {o['n']:>6} {o['gflops']:>8.1f} {t['gflops']:>9.1f} {ratio:>6.2f}  "
                  + check(ratio >= 0.9, f"sgemm n={o['n']} on {threads} thread(s): {ratio:.2f}x"))

    peak = {threads: run([DLBENCH, "peak", "--threads", str(threads)], threads)[0]["gflops"] for threads in (1, 2)}
    print()
    print(f"FMA peak of this machine (dlbench peak): {peak[1]:.1f} GFLOP/s on 1 thread, {peak[2]:.1f} on 2")

    best_peers = {}
    for model in models:
        default_epochs, accuracy_target = TARGETS[model]
        epochs = int(os.environ.get("BENCH_EPOCHS", default_epochs))
        flops = epoch_flops(model)
        print()
        print(f"{model.upper()} on Fashion-MNIST, Adam 1e-3, batch 64, {epochs} epochs (median seconds per epoch); "
              f"{flops / 1e9:.0f} GFLOP per epoch")
        print(f"  targets: at most {TIME_TARGETS[2]}x the best peer's time on 2 threads and {TIME_TARGETS[1]}x on 1, "
              f"test accuracy within 0.005, peak memory at most 0.5x the lowest peer's, "
              f"2 threads at least 1.6x one, at least {FLOP_TARGETS[model]:.0%} of the FMA peak")
        print(f"  {'threads':>7} {'who':34} {'s':>7} {'ratio':>6} {'MB':>6} {'ratio':>6} {'acc':>7} {'GFLOP/s':>8} {'of peak':>7}")
        ours_seconds = {}
        for threads in (1, 2):
            ours = run([DLBENCH, model, "--threads", str(threads), "--epochs", str(epochs)], threads)[0]
            peers = [best_variant(peer, model, threads, epochs) for peer in PEERS]
            best = min(peers, key=lambda p: p["median_epoch_seconds"])
            lowest_rss = min(p["peak_rss_mb"] for p in peers)
            if threads == 2:
                best_peers[model] = best["peer_name"]
            ours_seconds[threads] = ours["median_epoch_seconds"]
            for who in [ours] + peers:
                seconds = who["median_epoch_seconds"]
                marker = " (best)" if who is best else ""
                print(f"  {threads:>7} {(who['peer'] + marker)[:34]:34} {seconds:>7.2f} "
                      f"{ours['median_epoch_seconds'] / seconds:>6.2f} {who['peak_rss_mb']:>6.0f} "
                      f"{ours['peak_rss_mb'] / who['peak_rss_mb']:>6.2f} {who['test_accuracy']:>7.4f} "
                      f"{flops / seconds / 1e9:>8.1f} {flops / seconds / 1e9 / peak[threads]:>7.1%}")
            time_ratio = ours["median_epoch_seconds"] / best["median_epoch_seconds"]
            rss_ratio = ours["peak_rss_mb"] / lowest_rss
            fraction = flops / ours["median_epoch_seconds"] / 1e9 / peak[threads]
            accuracy = ours["test_accuracy"]
            full = epochs >= default_epochs
            verdicts = [
                "time " + check(time_ratio <= TIME_TARGETS[threads],
                                f"{model} epoch on {threads} thread(s): {time_ratio:.2f}x the best peer ({best['peer']})"),
                "memory " + check(rss_ratio <= 0.5, f"{model} peak RSS on {threads} thread(s): {rss_ratio:.2f}x the lowest peer's"),
                "accuracy " + check(not full or (accuracy >= accuracy_target and accuracy >= best["test_accuracy"] - 0.005),
                                    f"{model} test accuracy {accuracy:.4f} after {epochs} epochs (target {accuracy_target}, "
                                    f"best peer {best['test_accuracy']:.4f})"),
                "FLOP share " + check(fraction >= FLOP_TARGETS[model],
                                      f"{model} on {threads} thread(s) at {fraction:.0%} of the FMA peak"),
            ]
            print(" " * 10 + ", ".join(verdicts))
        speedup = ours_seconds[1] / ours_seconds[2]
        print(f"  two threads: {speedup:.2f}x one  "
              + check(speedup >= 1.6, f"{model}: two threads {speedup:.2f}x one"))

    if os.environ.get("BENCH_SCALING", "1") != "0":
        scaling([m for m in ("mlp", "lstm") if m in best_peers], best_peers)

    mpi_models = [m for m in os.environ.get("BENCH_MPI", "mlp,cnn").split(",") if m]
    if mpi_models:
        data_parallel(mpi_models, check)

    print()
    if misses:
        print("Targets missed:\n  " + "\n  ".join(misses))
        sys.exit(1)
    print("All targets met.")


if __name__ == "__main__":
    main()
