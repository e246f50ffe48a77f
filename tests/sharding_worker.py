"""Runs the seed's training steps on 1 device and data-parallel on 2 and 4; prints JSON.

Run by tests/test_sharding.py in a subprocess with
XLA_FLAGS=--xla_force_host_platform_device_count=4 (the main test process has one
CPU device, and JAX fixes its device count when it starts).  Each section returns
plain numbers; the tests compare them (the one-device run is the reference: it is
the one tests/test_mnist_models.py checks against Theano 1.0.5).
"""
import json
import sys

import numpy as np

import theanox as theano
import theanox.tensor as T
from theanox.sandbox.rng_mrg import MRG_RandomStreams
from theanox.sharding import DataParallel
from theanox.tensor.nnet.conv import conv2d
from theanox.tensor.signal.downsample import max_pool_2d


def _sharding(devices, inputs):
    return None if devices == 1 else DataParallel(inputs, devices=devices)


def mlp(dtype, devices, steps=4, batch=32, shard=None):
    """The seed's 784-625-10 sigmoid MLP (narrower), SGD: parameters after ``steps``."""
    r = np.random.RandomState(42)
    w_h = theano.shared((r.randn(20, 16) * 0.3).astype(dtype), name="w_h")
    w_o = theano.shared((r.randn(16, 8) * 0.3).astype(dtype), name="w_o")
    X, Y = T.matrix(dtype=dtype), T.matrix(dtype=dtype)
    py_x = T.nnet.softmax(T.dot(T.nnet.sigmoid(T.dot(X, w_h)), w_o))
    cost = T.mean(T.nnet.categorical_crossentropy(py_x, Y))
    grads = T.grad(cost, [w_h, w_o])
    sharding = _sharding(devices, [X, Y])
    if shard is not None and sharding is not None:
        sharding = DataParallel([X, Y], devices=devices, shard={w_h: shard})
    train = theano.function([X, Y], cost, sharding=sharding,
                            updates=[(p, p - np.asarray(0.5, dtype) * g)
                                     for p, g in zip([w_h, w_o], grads)])
    d = np.random.RandomState(0)
    costs = []
    x = y = None
    for _ in range(steps):
        x = d.randn(batch, 20).astype(dtype)
        y = np.eye(8, dtype=dtype)[d.randint(0, 8, batch)]
        costs.append(float(train(x, y)))
    out = {"costs": costs, "w_h": w_h.get_value().tolist(), "w_o": w_o.get_value().tolist(),
           "w_h_spec": _spec(w_h), "w_o_spec": _spec(w_o)}
    compiled = _compiled(train, [x, y])
    out["input_specs"] = [_spec_of(s) for s in compiled.input_shardings[0]]
    text = compiled.as_text()
    out["all_reduce"] = "all-reduce" in text
    out["per_device_x"] = "%s[%d,20]" % ("f64" if dtype == "float64" else "f32",
                                         batch // devices) in text
    return out


def cnn(devices, steps=3, batch=8):
    """The seed's CNN (3 conv+pool layers, dropout, RMSprop; fewer channels) in float32."""
    with theano.config.change_flags(floatX="float32"):     # as the seed runs it
        return _cnn(devices, steps, batch)


def _cnn(devices, steps, batch):
    floatX = "float32"
    r = np.random.RandomState(42)
    srng = MRG_RandomStreams(seed=12345)

    def init(*shape):
        return theano.shared((r.randn(*shape) * 0.1).astype(floatX))

    def dropout(x, p):
        x *= srng.binomial(x.shape, p=1 - p, dtype=floatX)
        return x / np.float32(1 - p)

    w, w2, w3 = init(4, 1, 3, 3), init(8, 4, 3, 3), init(8, 8, 3, 3)
    w4, w_o = init(8 * 3 * 3, 16), init(16, 10)
    params = [w, w2, w3, w4, w_o]
    X, Y = T.ftensor4(), T.fmatrix()
    l1 = dropout(max_pool_2d(T.maximum(conv2d(X, w, border_mode="full"), 0.), (2, 2),
                             ignore_border=False), 0.2)
    l2 = dropout(max_pool_2d(T.maximum(conv2d(l1, w2), 0.), (2, 2), ignore_border=False), 0.2)
    l3 = T.flatten(max_pool_2d(T.maximum(conv2d(l2, w3), 0.), (2, 2), ignore_border=False), 2)
    l4 = dropout(T.maximum(T.dot(dropout(l3, 0.2), w4), 0.), 0.5)
    e = T.exp(T.dot(l4, w_o) - T.dot(l4, w_o).max(axis=1).dimshuffle(0, "x"))
    py_x = e / e.sum(axis=1).dimshuffle(0, "x")
    cost = T.mean(T.nnet.categorical_crossentropy(py_x, Y))
    updates = []
    for p, g in zip(params, T.grad(cost, params)):
        acc = theano.shared(p.get_value() * 0.)
        acc_new = 0.9 * acc + 0.1 * g ** 2
        updates += [(acc, acc_new), (p, p - 0.01 * g / T.sqrt(acc_new + 1e-6))]
    train = theano.function([X, Y], cost, updates=updates, allow_input_downcast=True,
                            sharding=_sharding(devices, [X, Y]))
    d = np.random.RandomState(0)
    costs = []
    for _ in range(steps):
        x = d.rand(batch, 1, 28, 28).astype(floatX)
        y = np.eye(10, dtype=floatX)[d.randint(0, 10, batch)]
        costs.append(float(train(x, y)))
    return {"costs": costs, "params": [p.get_value().tolist() for p in params],
            "w_spec": _spec(w)}


def minibatch_givens(devices, dtype="float64", n=42, batch=8):
    """The legacy loop: a shared dataset sliced through givens; an epoch of SGD.

    42 rows: the last minibatch has 2 rows, which 4 devices cannot split evenly.
    """
    d = np.random.RandomState(3)
    data = theano.shared(d.randn(n, 12).astype(dtype))
    target = theano.shared(d.randn(n, 3).astype(dtype))
    w = theano.shared(np.zeros((12, 3), dtype), name="w")
    index = T.lscalar()
    X, Y = T.matrix(dtype=dtype), T.matrix(dtype=dtype)
    cost = T.mean((T.dot(X, w) - Y) ** 2)
    train = theano.function(
        [index], cost, updates=[(w, w - 0.1 * T.grad(cost, w))],
        givens={X: data[index * batch:(index + 1) * batch],
                Y: target[index * batch:(index + 1) * batch]},
        sharding=_sharding(devices, [X, Y]))
    costs = [float(train(i)) for i in range(-(-n // batch))]
    out = {"costs": costs, "w": w.get_value().tolist(), "compiles": train.compile_count,
           "data_spec": _spec(data)}
    text = _compiled(train, [np.int64(0)]).as_text()
    out["all_reduce"] = "all-reduce" in text
    out["per_device_slice"] = "f64[%d,12]" % (batch // devices) in text
    return out


def indivisible():
    """A batch of 6 rows over 4 devices: the error, and the state left unchanged."""
    w = theano.shared(np.ones((3, 2)), name="w")
    X = T.matrix("X")
    f = theano.function([X], T.sum(T.dot(X, w)), updates=[(w, w * 2)],
                        sharding=DataParallel([X], devices=4))
    try:
        f(np.ones((6, 3)))
        message = None
    except ValueError as e:
        message = str(e)
    out = {"message": message, "w": w.get_value().tolist(),
           "after_good_call": [float(f(np.ones((8, 3)))), w.get_value().tolist()]}
    # A function compiled without sharding reads the replicated w on its own device.
    plain = theano.function([X], T.dot(X, w))
    out["plain_reads_replicated"] = plain(np.eye(3)).tolist()
    out["w_spec_after_plain"] = _spec(w)
    return out


def devices():
    """config.device=cpuN: shared storage and execution there; moves leave one copy."""
    out = {}
    theano.config.device = "cpu2"
    s = theano.shared(np.arange(4.0), name="s")
    out["created_on"] = _devices(s)
    x = T.vector("x")
    f = theano.function([x], x * 2 + s, updates=[(s, s + 1)])
    out["f_output"] = f(np.ones(4)).tolist()
    out["after_update_on"] = _devices(s)
    g = theano.function([x], x + 1)          # no state: runs on cpu2 all the same
    out["g_runs_on"] = sorted(str(d) for d in
                              g._program.executable([np.ones(2)])(np.ones(2))[0].devices())
    theano.config.device = "cpu1"
    s.set_value(np.full(4, 10.0))            # a NumPy value: stored on cpu1 now
    out["set_value_on"] = _devices(s)
    out["f_after_move"] = f(np.ones(4)).tolist()   # f was built for cpu2: moves s there
    out["s_after_f"] = [s.get_value().tolist(), _devices(s)]
    theano.config.device = "cpu"
    with theano.config.change_flags(contexts="dev3->cpu3"):
        t = theano.shared(np.ones(2), target="dev3")
        t.set_value(np.zeros(2))
        out["target_dev3"] = _devices(t)
    try:
        theano.config.device = "cpu7"
    except RuntimeError as e:
        out["cpu7"] = str(e)
    out["device_after_error"] = theano.config.device
    return out


def copy_and_pickle():
    """A data-parallel function with a givens minibatch, copied and pickled."""
    import pickle
    data = theano.shared(np.arange(64.0).reshape(16, 4), name="data")
    w = theano.shared(np.ones((4, 2)), name="w")
    index, X = T.lscalar("index"), T.matrix("X")
    f = theano.function([index], T.sum(T.dot(X, w)), updates=[(w, w * 0.5)],
                        givens={X: data[index * 8:(index + 1) * 8]},
                        sharding=DataParallel([X], devices=4))
    out = {"f": float(f(0))}
    g = f.copy()
    out["copy"] = [float(g(1)), len(g.sharding.devices), w.get_value().tolist()]
    blob = pickle.dumps(f)
    h = pickle.loads(blob)
    out["pickle"] = [float(h(1)), len(h.sharding.devices), _spec(h.shared_vars[0])]
    out["blob"] = blob.hex()
    return out


def _compiled(fn, inputs):
    """Returns the compiled XLA executable ``fn`` runs for ``inputs`` (and its state)."""
    values = list(inputs) + [s.get_value(return_internal_type=True) for s in fn.shared_vars]
    return fn._program.executable(values).lower(*values).compile()


def _spec(shared):
    return _spec_of(shared.get_value(return_internal_type=True).sharding)


def _spec_of(sharding):
    spec = getattr(sharding, "spec", None)
    return "single" if spec is None else str(tuple(spec))


def _devices(shared):
    return sorted(str(d) for d in shared.get_value(return_internal_type=True).devices())


SECTIONS = {"mlp": lambda: {"%s_%d" % (dt, n): mlp(dt, n) for dt in ("float64", "float32")
                            for n in (1, 2, 4)},
            "mlp_sharded_param": lambda: mlp("float64", 4, shard=1),
            "cnn": lambda: {str(n): cnn(n) for n in (1, 4)},
            "givens": lambda: {str(n): minibatch_givens(n) for n in (1, 4)},
            "indivisible": indivisible,
            "copy_and_pickle": copy_and_pickle,
            "devices": devices}

if __name__ == "__main__":
    import jax
    names = sys.argv[1:] or list(SECTIONS)
    result = {"n_devices": len(jax.devices())}
    for name in names:
        result[name] = SECTIONS[name]()
    print(json.dumps(result))
