"""NumPy trainer for `npm run bench`: the very same workload as Stepwise's trainer.

The ancestors of this project trained MNIST with NumPy notebooks; this is that trainer, written
the way they are (dense float32 matrices, one BLAS call per product), so the bench can compare.
It reads a JSON spec (argv[1]) written by src/cli/bench.ts: the MNIST IDX folder, layer sizes,
learning rate, batch size, and binary files holding the initial weights (float32, per layer W
[out, in] then b [out], Stepwise's layout) and the shuffled order of the epoch (uint32), so both
trainers start from the same weights and see the same batches. It prints one JSON line: training
seconds, wall and CPU (the epoch loop only), test accuracy and mean training loss.

Run it with one BLAS thread (the bench sets OPENBLAS_NUM_THREADS=1 and friends): a browser page
and Stepwise's kernels use one core, so the comparison is core for core.
"""
import json
import sys
import time

import numpy as np


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * k:8 + 4 * k], "big") for k in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    folder = spec["mnistDir"]
    count = spec["samples"]
    x_train = read_idx(f"{folder}/train-images-idx3-ubyte")[:count].reshape(count, -1).astype(np.float32) / np.float32(255)
    y_train = read_idx(f"{folder}/train-labels-idx1-ubyte")[:count].astype(np.int64)
    x_test = read_idx(f"{folder}/t10k-images-idx3-ubyte").reshape(10000, -1).astype(np.float32) / np.float32(255)
    y_test = read_idx(f"{folder}/t10k-labels-idx1-ubyte").astype(np.int64)
    sizes = spec["sizes"]
    flat = np.fromfile(spec["weights"], dtype=np.float32)
    W, b, at = [], [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        W.append(flat[at:at + n_out * n_in].reshape(n_out, n_in).copy())
        at += n_out * n_in
        b.append(flat[at:at + n_out].copy())
        at += n_out
    order = np.fromfile(spec["order"], dtype=np.uint32).astype(np.int64)
    lr = np.float32(spec["learningRate"])
    batch = spec["batchSize"]
    last = len(W) - 1
    eye = np.eye(sizes[-1], dtype=np.float32)

    started = time.perf_counter()
    cpu_started = time.process_time()
    loss_sum = 0.0
    for start in range(0, count, batch):
        rows = order[start:start + batch]
        x = x_train[rows]
        y = y_train[rows]
        n = len(rows)
        activations, pre = [x], []
        for l in range(len(W)):
            z = activations[-1] @ W[l].T + b[l]
            pre.append(z)
            activations.append(np.maximum(z, 0) if l < last else z)
        z = pre[-1]
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        p = e / s
        loss_sum += float((np.log(s[:, 0]) - z[np.arange(n), y]).sum())
        dz = (p - eye[y]) / np.float32(n)
        for l in range(last, -1, -1):
            dW = dz.T @ activations[l]
            db = dz.sum(axis=0)
            if l > 0:
                dz = (dz @ W[l]) * (pre[l - 1] > 0)
            W[l] -= lr * dW
            b[l] -= lr * db
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started

    a = x_test
    for l in range(len(W)):
        a = a @ W[l].T + b[l]
        if l < last:
            a = np.maximum(a, 0)
    accuracy = float((a.argmax(axis=1) == y_test).mean())
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu_seconds, "testAccuracy": accuracy, "loss": loss_sum / count}))


if __name__ == "__main__":
    main()
