"""The Theano 1.0.5 side of the benchmarks: the seed workloads in real Theano, as a server.

Runs under the Theano venv (numpy 1.23.5, theano 1.0.5; see ``make bench-theano`` and
tests/oracle/README.md), never imports theanox or jax.  ``python -m benchmarks --theano
PYTHON`` starts it as a child process and talks to it one JSON line at a time, so that
Theano's blocks are timed between theanox's and hand JAX's blocks (interleaved, in one
sitting) while the two runtimes stay in separate processes:

    {"cmd": "build", "w": "2"}        -> {"compile": seconds, "result": [arrays] or null}
    {"cmd": "run", "w": "2", "n": 10} -> {"secs": seconds per step over n steps}
    {"cmd": "info"}                   -> versions and flags
    {"cmd": "quit"}

Replies are lines starting with ``@@theano `` on stdout (Theano may print other lines).
``--predict-memory`` instead builds the CNN's prediction function in this fresh process,
runs it on 10,000 images at once and prints the peak resident memory
(``resource.getrusage``).

Every workload is written as the seed writes it (floatX=float32; the seed's
``theano.tensor.signal.downsample.max_pool_2d`` is ``pool.pool_2d(ignore_border=False)``
in 1.0.5, and its deprecated ``nnet.conv.conv2d`` is ``nnet.conv2d``, Theano's fast
one) with the data and initial parameters of benchmarks/workloads.py.  Theano's C
scan does not build on Python 3.11: the venv's scan_op.py is patched to fall back to
the Python scan (workload 6 runs it).
"""

import base64
import gc
import json
import os
import sys
import time

import numpy as np

F32 = np.float32


# The data and initial parameters below are shared with benchmarks/workloads.py (theanox
# and hand JAX start from the same values); this module stays free of theanox and jax.
def mnist_like(batch, rng):
    X = rng.rand(batch, 784).astype(F32)
    Y = np.eye(10, dtype=F32)[rng.randint(0, 10, batch)]
    return X, Y


def mnist_model_data(seed, shapes):
    """Returns (X, Y, [initial weights]): a batch of 128 and rng.randn(*shape) * 0.01 per shape."""
    rng = np.random.RandomState(seed)
    Xv, Yv = mnist_like(128, rng)
    return Xv, Yv, [(rng.randn(*s) * 0.01).astype(F32) for s in shapes]


MLP_SHAPES = [(784, 625), (625, 10)]
RELU_NET_SHAPES = [(784, 625), (625, 625), (625, 10)]
CNN_SHAPES = [(32, 1, 3, 3), (64, 32, 3, 3), (128, 64, 3, 3), (128 * 3 * 3, 625), (625, 10)]


def linear_pairs():
    """Returns the linear regression's 101 (x, y) pairs of NumPy float64 scalars, as in the seed."""
    train_X = np.linspace(-1, 1, 101)
    train_Y = 2 * train_X + 1 + np.random.RandomState(0).randn(train_X.size) * 0.33
    return list(zip(train_X, train_Y))


class Work:
    """One workload: ``build()`` compiles, ``step()`` runs one step, ``result()`` (or None)."""

    def __init__(self, build, step, result=None):
        self.build, self.step, self.result = build, step, result


# --------------------------------------------------------------------- 1
def linear_model(theano, T):
    """Returns (X, Y, w, b, cost, updates): the seed's linear regression, in the Theano API
    of the module passed (Theano 1.0.5 here, theanox in benchmarks/workloads.py)."""
    X, Y = T.scalar("x"), T.scalar("y")
    w = theano.shared(np.asarray(0., dtype=theano.config.floatX), name="w")
    b = theano.shared(np.asarray(0., dtype=theano.config.floatX), name="b")
    cost = T.mean(T.sqr(X * w + b - Y))
    gw, gb = T.grad(cost=cost, wrt=[w, b])
    return X, Y, w, b, cost, [[w, w - gw * 0.01], [b, b - gb * 0.01]]


def w1():
    import theano
    import theano.tensor as T
    pairs = linear_pairs()
    X, Y, w, b, cost, updates = linear_model(theano, T)
    box, it = {}, {"i": 0}

    def build():
        box["f"] = theano.function([X, Y], cost, updates=updates, allow_input_downcast=True)
        box["f"](*pairs[0])

    def step():
        i = it["i"] = (it["i"] + 1) % len(pairs)
        return box["f"](*pairs[i])

    def result():
        w.set_value(np.asarray(0., dtype=F32)), b.set_value(np.asarray(0., dtype=F32))
        for p in pairs:
            box["f"](*p)
        return [w.get_value(), b.get_value()]
    return Work(build, step, result)


# --------------------------------------------------------------------- 2
N_BATCHES_W2 = 8


def logistic_data():
    """Returns ([x batches], [y batches], w0): 8 fresh 400 x 784 batches, float32."""
    rng = np.random.RandomState(1)
    xs, ys = [], []
    for _ in range(N_BATCHES_W2):
        xs.append(rng.randn(400, 784).astype(F32))
        ys.append(rng.randint(size=400, low=0, high=2).astype(F32))
    return xs, ys, rng.randn(784).astype(F32)


def w2():
    import theano
    import theano.tensor as T
    xs, ys, w0 = logistic_data()
    x, y = T.matrix("x"), T.vector("y")
    w = theano.shared(w0.copy(), name="w")
    b = theano.shared(np.asarray(0., dtype=F32), name="b")
    h = 1 / (1 + T.exp(-T.dot(x, w) - b))
    cost = -T.mean(y * T.log(h) + (1 - y) * T.log(1 - h)) + 0.01 * T.sum(w ** 2)
    gw, gb = T.grad(cost, [w, b])
    box, it = {}, {"i": 0}

    def build():
        box["f"] = theano.function([x, y], cost, updates=[[w, w - 0.1 * gw], [b, b - 0.1 * gb]],
                                   allow_input_downcast=True)
        box["f"](xs[0], ys[0])

    def step():
        i = it["i"] = (it["i"] + 1) % N_BATCHES_W2
        return box["f"](xs[i], ys[i])

    def result():
        w.set_value(w0.copy()), b.set_value(np.asarray(0., dtype=F32))
        return [box["f"](xs[i], ys[i]) for i in range(5)] + [w.get_value(), b.get_value()]
    return Work(build, step, result)


# --------------------------------------------------------------------- 3
def w3():
    import theano
    import theano.tensor as T
    Xv, Yv, (wh0, wo0) = mnist_model_data(2, MLP_SHAPES)
    X, Y = T.matrix(), T.matrix()
    w_h, w_o = theano.shared(wh0.copy()), theano.shared(wo0.copy())
    h = T.nnet.sigmoid(T.dot(X, w_h))
    py_x = T.nnet.softmax(T.dot(h, w_o))
    cost = T.mean(T.nnet.categorical_crossentropy(py_x, Y))
    grads = T.grad(cost=cost, wrt=[w_h, w_o])
    updates = [[p, p - g * 0.05] for p, g in zip([w_h, w_o], grads)]
    box = {}

    def build():
        box["f"] = theano.function([X, Y], cost, updates=updates, allow_input_downcast=True)
        box["f"](Xv, Yv)

    def result():
        w_h.set_value(wh0.copy()), w_o.set_value(wo0.copy())
        return [box["f"](Xv, Yv) for _ in range(5)] + [w_h.get_value(), w_o.get_value()]
    return Work(build, lambda: box["f"](Xv, Yv), result)


# --------------------------------------------------------------------- 4 and 5
def rmsprop_updates(T, cost, params, accs, lr=0.001, rho=0.9, epsilon=1e-6):
    grads = T.grad(cost=cost, wrt=params)
    updates = []
    for p, g, acc in zip(params, grads, accs):
        acc_new = rho * acc + (1 - rho) * g ** 2
        g = g / T.sqrt(acc_new + epsilon)
        updates.append((acc, acc_new))
        updates.append((p, p - lr * g))
    return updates


def softmax_rows(T, X):
    e_x = T.exp(X - X.max(axis=1).dimshuffle(0, "x"))
    return e_x / e_x.sum(axis=1).dimshuffle(0, "x")


def dropout(theano, srng, X, p=0.):
    if p > 0:
        X *= srng.binomial(X.shape, p=1 - p, dtype=theano.config.floatX)
        X /= 1 - p
    return X


def _rmsprop_work(theano, T, X, Y, p0, Xv, Yv, predict):
    """Workloads 4 and 5: the categorical cross-entropy of ``predict(X, params)`` trained
    by RMSprop from the initial weights ``p0`` on the batch (Xv, Yv)."""
    params = [theano.shared(p.copy()) for p in p0]
    cost = T.mean(T.nnet.categorical_crossentropy(predict(X, params), Y))
    accs = [theano.shared(p.get_value() * 0.) for p in params]
    updates = rmsprop_updates(T, cost, params, accs)
    box = {}

    def build():
        box["f"] = theano.function([X, Y], cost, updates=updates, allow_input_downcast=True)
        box["f"](Xv, Yv)
    return Work(build, lambda: box["f"](Xv, Yv))


def w4():
    import theano
    import theano.tensor as T
    from theano.sandbox.rng_mrg import MRG_RandomStreams
    Xv, Yv, p0 = mnist_model_data(3, RELU_NET_SHAPES)
    srng = MRG_RandomStreams()

    def model(X, w_h1, w_h2, w_o, p_in, p_h):
        X = dropout(theano, srng, X, p_in)
        h1 = dropout(theano, srng, T.nnet.relu(T.dot(X, w_h1)), p_h)
        h2 = dropout(theano, srng, T.nnet.relu(T.dot(h1, w_h2)), p_h)
        return softmax_rows(T, T.dot(h2, w_o))

    return _rmsprop_work(theano, T, T.matrix(), T.matrix(), p0, Xv, Yv,
                         lambda X, params: model(X, *params, p_in=0.2, p_h=0.5))


def _cnn_model(theano, T, srng):
    # The seed's theano.tensor.nnet.conv.conv2d is the deprecated ConvOp in 1.0.5, whose
    # gradient is ~50x slower than the same convolution through theano.tensor.nnet.conv2d
    # (CorrMM: im2col + OpenBLAS; measured 10.8 s vs ~0.2 s per step): Theano's best is
    # what theanox is compared with.  Same arguments, same (flipped-filter) convolution.
    from theano.tensor.nnet import conv2d
    from theano.tensor.signal import pool

    def max_pool_2d(x, ds, ignore_border):
        return pool.pool_2d(x, ds, ignore_border=ignore_border)
    return cnn_model(theano, T, srng, conv2d, max_pool_2d)


def cnn_model(theano, T, srng, conv2d, max_pool_2d):
    """Returns the seed's CNN model(X, *weights, p_conv, p_hidden) built with the given
    conv2d and max_pool_2d (Theano 1.0.5's here, theanox's in benchmarks/workloads.py)."""
    def rectify(X):
        return T.maximum(X, 0.)

    def model(X, w, w2, w3, w4, w_o, p_conv, p_hidden):
        drop = lambda v, p: dropout(theano, srng, v, p)  # noqa: E731
        l1 = drop(max_pool_2d(rectify(conv2d(X, w, border_mode="full")), (2, 2),
                              ignore_border=False), p_conv)
        l2 = drop(max_pool_2d(rectify(conv2d(l1, w2)), (2, 2), ignore_border=False), p_conv)
        l3b = max_pool_2d(rectify(conv2d(l2, w3)), (2, 2), ignore_border=False)
        l3 = drop(T.flatten(l3b, outdim=2), p_conv)
        l4 = drop(rectify(T.dot(l3, w4)), p_hidden)
        return softmax_rows(T, T.dot(l4, w_o))
    return model


def w5():
    import theano
    import theano.tensor as T
    from theano.sandbox.rng_mrg import MRG_RandomStreams
    Xv, Yv, p0 = mnist_model_data(4, CNN_SHAPES)
    Xv = Xv.reshape(-1, 1, 28, 28)
    model = _cnn_model(theano, T, MRG_RandomStreams())
    return _rmsprop_work(theano, T, T.ftensor4(), T.fmatrix(), p0, Xv, Yv,
                         lambda X, params: model(X, *params, p_conv=0.2, p_hidden=0.5))


# --------------------------------------------------------------------- 6
def rnn_data():
    rng = np.random.RandomState(5)
    t, x_dim, y_dim = 1001, 100, 200
    x = (2 * rng.random_sample([t, x_dim]) - 1).astype(F32)
    y = (2 * np.zeros(y_dim) - 1).astype(F32)
    w_1 = (2 * rng.random_sample([y_dim, y_dim]) - 1).astype(F32)
    w_2 = (2 * rng.random_sample([y_dim, x_dim]) - 1).astype(F32)
    w_3 = (2 * rng.random_sample([y_dim, x_dim]) - 1).astype(F32)
    return [x, y, w_1, w_2, w_3]


def w6():
    import theano
    import theano.tensor as T
    args = rnn_data()
    X, Y = T.matrix("X"), T.vector("y")
    W_1, W_2, W_3 = T.matrix("W_1"), T.matrix("W_2"), T.matrix("W_3")
    results, _ = theano.scan(fn=lambda x, x_pre, y: T.tanh(T.dot(W_1, y) + T.dot(W_2, x)
                                                           + T.dot(W_3, x_pre)),
                             sequences=dict(input=X, taps=[0, -1]), outputs_info=Y)
    box = {}

    def build():
        box["f"] = theano.function([X, Y, W_1, W_2, W_3], results)
        box["f"](*args)
    return Work(build, lambda: box["f"](*args), lambda: [box["f"](*args)])


# --------------------------------------------------------------------- 7
def w7():
    import theano
    import theano.tensor as T
    x = theano.shared(np.asarray(np.random.RandomState(22).rand(10 * 30 * 768), F32))
    box = {}

    def build():
        box["f"] = theano.function([], T.exp(x))
        box["f"]()
    return Work(build, lambda: box["f"](), lambda: [box["f"]()])


# --------------------------------------------------------------------- 8
def _w8(kind):
    import theano
    import theano.tensor as T
    from theano.ifelse import ifelse
    a, b = T.scalars("a", "b")
    x, y = T.matrices("x", "y")
    z = ifelse(T.lt(a, b), x, y) if kind == "ifelse" else T.switch(T.lt(a, b), x, y)
    rng = np.random.RandomState(8)
    args = (F32(0.), F32(1.), rng.rand(10000, 1000).astype(F32),
            rng.rand(10000, 1000).astype(F32))
    box = {}

    def build():
        box["f"] = theano.function([a, b, x, y], z)
        box["f"](*args)
    return Work(build, lambda: box["f"](*args), lambda: [box["f"](*args)])


WORKLOADS = {"1": w1, "2": w2, "3": w3, "4": w4, "5": w5, "6": w6, "7": w7,
             "8a": lambda: _w8("ifelse"), "8b": lambda: _w8("switch")}


# --------------------------------------------------------------------- CNN prediction memory
def predict_memory(n_images=10000, batch=None):
    """Returns {"peak_mb", "baseline_mb", ...}: the seed CNN's predict() on n_images at once."""
    import resource

    import theano
    import theano.tensor as T
    from theano.sandbox.rng_mrg import MRG_RandomStreams
    rng = np.random.RandomState(4)
    p0 = [(rng.randn(*s) * 0.01).astype(F32) for s in CNN_SHAPES]
    teX = np.random.RandomState(10).rand(n_images, 1, 28, 28).astype(F32)
    model = _cnn_model(theano, T, MRG_RandomStreams())
    X = T.ftensor4()
    params = [theano.shared(p) for p in p0]
    py_x = model(X, *params, p_conv=0., p_hidden=0.)
    t = time.time()
    predict = theano.function([X], T.argmax(py_x, axis=1), allow_input_downcast=True)
    compile_s = time.time() - t
    predict(teX[:2])
    base, base_ru = peak_rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    t = time.time()
    if batch:
        out = np.concatenate([predict(teX[i:i + batch]) for i in range(0, n_images, batch)])
    else:
        out = predict(teX)
    secs = time.time() - t
    return {"peak_mb": peak_rss_mb(), "baseline_mb": base, "seconds": secs,
            "compile": compile_s, "n_images": n_images,
            "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
            "ru_maxrss_baseline_mb": base_ru,
            "predicted_classes": int(len(set(out.tolist())))}


def peak_rss_mb():
    """Returns this process's peak resident memory in MB.

    Linux's ``getrusage(RUSAGE_SELF).ru_maxrss`` keeps the parent's peak across
    fork + exec (a child of a 2 GB benchmark process starts at 2 GB), so the
    high-water mark of this process's own memory, /proc/self/status ``VmHWM``, is
    read when it exists; ``ru_maxrss`` otherwise.
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --------------------------------------------------------------------- server
def encode(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "b64": base64.b64encode(a.tobytes()).decode("ascii")}


def info():
    import theano
    return {"theano": theano.__version__, "numpy": np.__version__,
            "python": sys.version.split()[0], "floatX": theano.config.floatX,
            "mode": str(theano.config.mode), "linker": str(theano.config.linker),
            "blas.ldflags": theano.config.blas.ldflags,
            "THEANO_FLAGS": os.environ.get("THEANO_FLAGS", ""),
            "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "(default)")}


def serve(inp, out):
    """Answers JSON commands from ``inp`` on ``out`` until "quit" or end of input."""
    works = {}
    for line in inp:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        try:
            cmd = req["cmd"]
            if cmd == "quit":
                reply = {}
            elif cmd == "info":
                reply = info()
            elif cmd == "build":
                w = works[req["w"]] = WORKLOADS[req["w"]]()
                t = time.perf_counter()
                w.build()
                reply = {"compile": time.perf_counter() - t}
                if req.get("result") and w.result is not None:
                    reply["result"] = [encode(a) for a in w.result()]
                gc.collect()
            elif cmd == "run":
                step, n = works[req["w"]].step, int(req["n"])
                gc.disable()        # as the parent times its blocks
                try:
                    t = time.perf_counter()
                    for _ in range(n):
                        step()
                    reply = {"secs": (time.perf_counter() - t) / n}
                finally:
                    gc.enable()
            elif cmd == "free":
                works.pop(req["w"], None)
                reply = {}
            else:
                raise ValueError("unknown command %r" % cmd)
            reply["ok"] = True
        except Exception as e:  # noqa: BLE001 - reported to the parent, which goes on
            reply = {"ok": False, "error": "%s: %s" % (type(e).__name__, str(e)[:300])}
        out.write("@@theano " + json.dumps(reply) + "\n")
        out.flush()
        if req.get("cmd") == "quit":
            return


def main(argv):
    if "--predict-memory" in argv:
        batch = int(argv[argv.index("--batch") + 1]) if "--batch" in argv else None
        print("@@theano " + json.dumps(predict_memory(batch=batch)))
        return 0
    proto = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())   # Theano's prints go to stderr
    serve(sys.stdin, proto)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
