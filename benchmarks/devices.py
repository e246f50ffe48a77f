"""Step time of the seed's training steps on 1, 2 and 4 devices (data parallel).

``python -m benchmarks.devices [--steps N] [--devices 1,2,4] [--platform cpu|gpu]``

On a CPU-only machine the devices are virtual: this module re-runs itself with
XLA_FLAGS=--xla_force_host_platform_device_count=4, so the 4 "devices" share the
machine's cores. The numbers then show the cost of SPMD partitioning and of the
all-reduce, not a speed-up (that needs real devices: GPUs, or hosts). Each row is
the median of several blocks of steps after a warm-up (compilation excluded);
the last column checks that the parameters equal the one-device run's.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def mlp_step(devices, batch, floatX):
    """Returns (step(), params) for the seed's 784-625-10 sigmoid MLP with SGD."""
    import theanox as theano
    import theanox.tensor as T
    from theanox.sharding import DataParallel
    r = np.random.RandomState(42)
    w_h = theano.shared((r.randn(784, 625) * 0.01).astype(floatX))
    w_o = theano.shared((r.randn(625, 10) * 0.01).astype(floatX))
    X, Y = T.matrix(dtype=floatX), T.matrix(dtype=floatX)
    py_x = T.nnet.softmax(T.dot(T.nnet.sigmoid(T.dot(X, w_h)), w_o))
    cost = T.mean(T.nnet.categorical_crossentropy(py_x, Y))
    grads = T.grad(cost, [w_h, w_o])
    train = theano.function(
        [X, Y], cost, updates=[(p, p - np.asarray(0.05, floatX) * g)
                               for p, g in zip([w_h, w_o], grads)],
        sharding=DataParallel([X, Y], devices=devices) if devices > 1 else None)
    d = np.random.RandomState(0)
    x = d.rand(batch, 784).astype(floatX)
    y = np.eye(10, dtype=floatX)[d.randint(0, 10, batch)]
    return (lambda: train(x, y)), [w_h, w_o]


def cnn_step(devices, batch, floatX):
    """Returns (step(), params) for the seed's CNN (3 conv layers, RMSprop; no dropout)."""
    import theanox as theano
    import theanox.tensor as T
    from theanox.sharding import DataParallel
    from theanox.tensor.nnet.conv import conv2d
    from theanox.tensor.signal.downsample import max_pool_2d
    r = np.random.RandomState(42)

    def init(*shape):
        return theano.shared((r.randn(*shape) * 0.01).astype(floatX))
    params = [init(32, 1, 3, 3), init(64, 32, 3, 3), init(128, 64, 3, 3),
              init(128 * 3 * 3, 625), init(625, 10)]
    w, w2, w3, w4, w_o = params
    X, Y = T.tensor4(dtype=floatX), T.matrix(dtype=floatX)

    def pool(v):
        return max_pool_2d(v, (2, 2), ignore_border=False)
    l1 = pool(T.maximum(conv2d(X, w, border_mode="full"), 0))
    l2 = pool(T.maximum(conv2d(l1, w2), 0))
    l3 = T.flatten(pool(T.maximum(conv2d(l2, w3), 0)), 2)
    py_x = T.nnet.softmax(T.dot(T.maximum(T.dot(l3, w4), 0), w_o))
    cost = T.mean(T.nnet.categorical_crossentropy(py_x, Y))
    updates = []
    for p, g in zip(params, T.grad(cost, params)):
        acc = theano.shared(p.get_value() * 0)
        acc_new = np.asarray(0.9, floatX) * acc + np.asarray(0.1, floatX) * g ** 2
        updates += [(acc, acc_new),
                    (p, p - np.asarray(0.001, floatX) * g / T.sqrt(acc_new + 1e-6))]
    train = theano.function([X, Y], cost, updates=updates, allow_input_downcast=True,
                            sharding=DataParallel([X, Y], devices=devices)
                            if devices > 1 else None)
    d = np.random.RandomState(0)
    x = d.rand(batch, 1, 28, 28).astype(floatX)
    y = np.eye(10, dtype=floatX)[d.randint(0, 10, batch)]
    return (lambda: train(x, y)), params


WORKLOADS = {"mlp": (mlp_step, 128), "cnn": (cnn_step, 128)}


def measure(name, devices, steps, floatX="float32", blocks=5):
    """Returns (median seconds per step, compile seconds, parameter values)."""
    make, batch = WORKLOADS[name]
    step, params = make(devices, batch, floatX)
    t0 = time.perf_counter()
    step()
    compile_s = time.perf_counter() - t0
    step()
    times = []
    for _ in range(blocks):
        t = time.perf_counter()
        for _ in range(steps):
            out = step()
        np.asarray(out)
        times.append((time.perf_counter() - t) / steps)
    return statistics.median(times), compile_s, [p.get_value() for p in params]


def run(device_counts, steps, platform):
    import jax

    import theanox as theano
    theano.config.floatX = "float32"          # the usual setting on GPUs, as the seed ran
    if platform == "gpu":
        theano.config.device = "cuda"
    have = len(jax.devices(theano.config.jax_device().platform))
    print("# Data-parallel step time (theanox.sharding.DataParallel), %s, %d %s device(s)%s"
          % (time.strftime("%Y-%m-%d"), have, theano.config.jax_device().platform,
             " (virtual: XLA_FLAGS host devices sharing %d cores)" % os.cpu_count()
             if platform == "cpu" else ""))
    print()
    print("| workload | batch | devices | step | vs 1 device | compile | params equal 1-device |")
    print("|---|---|---|---|---|---|---|")
    for name in WORKLOADS:
        base = None
        for n in device_counts:
            if n > have:
                print("| %s | %d | %d | skipped: only %d devices | | | |"
                      % (name, WORKLOADS[name][1], n, have))
                continue
            t, c, params = measure(name, n, steps)
            if base is None:
                base = (t, params)
            same = all(np.allclose(a, b, rtol=1e-4, atol=1e-6)
                       for a, b in zip(params, base[1]))
            print("| %s | %d | %d | %.2f ms | %.2fx | %.1f s | %s |"
                  % (name, WORKLOADS[name][1], n, t * 1e3, base[0] / t, c,
                     "yes" if same else "NO"), flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m benchmarks.devices")
    ap.add_argument("--steps", type=int, default=10, help="steps per timed block")
    ap.add_argument("--devices", default="1,2,4", help="device counts, e.g. 1,2,4")
    ap.add_argument("--platform", default="cpu", choices=("cpu", "gpu"))
    args = ap.parse_args(argv)
    counts = [int(n) for n in args.devices.split(",")]
    flag = "--xla_force_host_platform_device_count="
    if args.platform == "cpu" and flag not in os.environ.get("XLA_FLAGS", "") \
            and "jax" not in sys.modules:
        # JAX fixes its CPU device count when it starts: run again with enough of them.
        env = dict(os.environ, XLA_FLAGS=(os.environ.get("XLA_FLAGS", "") + " %s%d"
                                          % (flag, max(counts))).strip())
        env["PYTHONPATH"] = os.pathsep.join([os.path.dirname(HERE),
                                             env.get("PYTHONPATH", "")])
        return subprocess.call([sys.executable, "-m", "benchmarks.devices"]
                               + (argv if argv is not None else sys.argv[1:]), env=env)
    run(counts, args.steps, args.platform)
    return 0


if __name__ == "__main__":
    sys.exit(main())
