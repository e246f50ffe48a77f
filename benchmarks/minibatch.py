"""Workloads 9a, 9b, 10, 11: the deeplearning.net tutorials' minibatch loop through givens.

The tutorials train with a function of the minibatch *index*, the minibatch being a
slice of a shared dataset::

    index = T.lscalar()
    train = theano.function([index], cost, updates=updates,
        givens={x: train_set_x[index * batch_size:(index + 1) * batch_size],
                y: train_set_y[index * batch_size:(index + 1) * batch_size]})
    for i in range(n_train_batches): train(i)

so every call of an epoch passes a new index.  Each workload is written once that
way in the Theano API (graph in floatX=float32, the dataset a 50000 x 784 float32
shared variable, the labels a float32 shared variable read through
``T.cast(shared_y, 'int32')`` as in the tutorials' ``shared_dataset``) and once by
hand in JAX: a jitted ``step(params, data_x, data_y, index)`` that takes the
minibatch with ``lax.dynamic_slice`` of the device-resident dataset, donates the
parameters and returns the cost converted with ``np.array`` (theanox returns NumPy).

* 9a / 9b, ``logistic_sgd.py`` (784 -> 10 softmax, NLL, SGD lr 0.13), batch 20 / 600,
  and 11, ``convolutional_mlp.py`` (LeNet: nkerns [20, 50], 5x5 conv + 2x2 max-pool
  twice, 500 tanh, softmax, lr 0.1), batch 500: per-call times (``run_per_call``).
  Phases, in order: compile = ``theano.function()`` + ``f(0)`` (hand JAX: the first
  jitted call, which traces and compiles); first pass = ``f(1) ... f(K-1)``, each
  index new (where a per-index recompilation shows), timed call by call, each
  followed or preceded by a call with the repeated index 0, and interleaved with
  hand JAX making the same calls in the same order (means per call; theanox stops
  after a time budget so that a run stays short while it recompiles); then steady
  state, timed interleaved in blocks: theanox with one repeated index, theanox
  cycling over the indices it has seen, hand JAX cycling over K indices.  XLA backend
  compilations are counted per phase with ``jax.monitoring``
  (``/jax/core/compile/backend_compile_duration`` events), not from theanox internals.  Agreement: the costs of the compile call and
  the first pass (same indices from the same initial parameters) on both sides.
* 10, ``mlp.py`` (784-500-10 tanh, softmax, L1 0.00 + L2 0.0001, lr 0.01), batch 20:
  one epoch of 2500 minibatches, total seconds including ``theano.function()`` and
  the first call (hand JAX: including the jit compile of its first call)
  (``run_epoch``).  Real MNIST (first 50000 training images) when
  ``theanox.datasets`` finds it, random data otherwise.

``--quick`` shortens every phase (fewer distinct indices, 250 minibatches for the
epoch, shorter time budgets).  Theano 1.0.5 numbers for the same workloads are read,
when present, from ``benchmarks/theano_minibatch_results.json`` (see
``theano_reference``).
"""
import gc
import itertools
import json
import os
import re
import statistics
import time

import numpy as np

from benchmarks.harness import Side, Unavailable, max_rel_diff

N_TRAIN = 50000
HERE = os.path.dirname(os.path.abspath(__file__))
THEANO_JSON = os.path.join(HERE, "theano_minibatch_results.json")

# Seconds the theanox side may spend on a first pass / an epoch before it stops (the
# epoch is then extrapolated): bounds a run while every new index recompiles.
BUDGET = {"quick": 10.0, "full": 240.0}


# --------------------------------------------------------------------- helpers
def _theano():
    import theanox as theano
    import theanox.tensor as T
    return theano, T


def _jax():
    import jax
    import jax.numpy as jnp
    return jax, jnp


def _floatX32():
    theano, _ = _theano()
    return theano.config.change_flags(floatX="float32")


_COMPILES = []


def _compile_events():
    """Returns a list that grows by one entry per XLA backend compilation (one listener)."""
    if not _COMPILES:
        import jax.monitoring as monitoring

        def listener(name, secs, **kwargs):
            if name == "/jax/core/compile/backend_compile_duration":
                _COMPILES.append(secs)
        monitoring.register_event_duration_secs_listener(listener)
        _COMPILES.append(None)              # marks "registered"; counts are differences
    return _COMPILES


_DATA = {}


def _random_dataset():
    """Returns (x float32 [50000, 784] in [0, 1), labels int32 [50000] in 0..9), seeded."""
    if "random" not in _DATA:
        rng = np.random.default_rng(9)
        _DATA["random"] = (rng.random((N_TRAIN, 784), dtype=np.float32),
                           rng.integers(0, 10, N_TRAIN).astype(np.int32))
    return _DATA["random"]


def _mnist_or_random():
    """Returns (x, labels, "MNIST" or "random"): MNIST's first 50000 training images if found."""
    if "mnist" not in _DATA:
        try:
            from theanox.datasets.mnist import load_mnist
            trX, _, trY, _ = load_mnist(onehot=False, ntrain=N_TRAIN, ntest=1)
            _DATA["mnist"] = (np.ascontiguousarray(trX, dtype=np.float32),
                              trY.astype(np.int32), "MNIST")
        except Exception:  # noqa: BLE001 - no MNIST here: random data is as good for timing
            x, y = _random_dataset()
            _DATA["mnist"] = (x, y, "random")
    return _DATA["mnist"]


def _shared_dataset(theano, T, x, y):
    """Returns (shared_x, int32 labels): the tutorials' ``shared_dataset`` in float32."""
    shared_x = theano.shared(np.asarray(x, dtype=np.float32), borrow=True)
    shared_y = theano.shared(np.asarray(y, dtype=np.float32), borrow=True)
    return shared_x, T.cast(shared_y, "int32")


def _need(fn, what):
    try:
        return fn()
    except (ImportError, AttributeError, NotImplementedError) as e:
        raise Unavailable("%s: %s: %s" % (what, type(e).__name__, e)) from None


def _now():
    return time.perf_counter()


class _NoGC:
    def __enter__(self):
        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.was:
            gc.enable()


def _interleave(fns, n_steps, repeats, warmup=1):
    """Returns {name: median seconds per call}, timing the callables in rotating order."""
    names = list(fns)
    for _ in range(warmup):
        for k in names:
            fns[k]()
    times = {k: [] for k in names}
    with _NoGC():
        for r in range(repeats):
            order = names[r % len(names):] + names[:r % len(names)]
            for k in order:
                t = _now()
                for _ in range(n_steps):
                    fns[k]()
                times[k].append((_now() - t) / n_steps)
    return {k: statistics.median(v) for k, v in times.items()}


# --------------------------------------------------------------------- a givens workload
class _Givens:
    """One workload: a theanox function of the minibatch index, and the hand-written JAX step.

    ``make_fn()`` (called under floatX=float32) returns the theanox function;
    ``jstep(params, data_x, data_y, index)`` returns (cost, new params);
    ``params0()`` returns fresh NumPy initial parameters for the JAX side.
    """

    def __init__(self, make_fn, jstep, params0, data_x, data_y):
        jax, jnp = _jax()
        self.make_fn = make_fn
        self.f = None
        self.jf = jax.jit(jstep, donate_argnums=(0,))
        self.dx, self.dy = jax.device_put(data_x), jax.device_put(data_y)
        self.params = tuple(jnp.asarray(p) for p in params0())
        self._ti = itertools.count(1)
        self._ji = itertools.count(1)

    def t_compile(self):
        with _floatX32():
            self.f = self.make_fn()
        return self.f(0)

    def t_call(self, i):
        return self.f(i)

    def j_call(self, i):
        c, self.params = self.jf(self.params, self.dx, self.dy, i)
        return np.array(c)

    def j_compile(self):
        return self.j_call(0)

    def sides(self, n_batches):
        """Returns (theanox Side, JAX Side) for harness-style use (compile_cache)."""
        return (Side(self.t_compile, lambda: self.t_call(next(self._ti) % n_batches)),
                Side(self.j_compile, lambda: self.j_call(next(self._ji) % n_batches)))


def run_per_call(g, k_distinct, steady, quick):
    """Returns the measured fields of a per-call workload (9a, 9b, 11); see the module doc."""
    ev = _compile_events()
    budget = BUDGET["quick" if quick else "full"]
    r = {"kind": "per_call", "k": k_distinct}
    with _NoGC():
        n = len(ev)
        t = _now()
        t_costs = [g.t_compile()]
        r["t_compile"], r["t_compile_xla"] = _now() - t, len(ev) - n
        n = len(ev)
        t = _now()
        j_costs = [g.j_compile()]
        r["j_compile"], r["j_compile_xla"] = _now() - t, len(ev) - n

        # first pass, interleaved call by call: theanox and hand JAX each call a new
        # index i and the repeated index 0, in the same order on both sides (so that
        # their costs stay comparable); the order of the four calls alternates with i
        calls = {"t_new": lambda i: t_costs.append(g.t_call(i)),
                 "t_rep": lambda i: t_costs.append(g.t_call(0)),
                 "j_new": lambda i: j_costs.append(g.j_call(i)),
                 "j_rep": lambda i: j_costs.append(g.j_call(0))}
        orders = (("t_new", "t_rep", "j_new", "j_rep"), ("j_rep", "j_new", "t_rep", "t_new"))
        secs = {k: [] for k in calls}
        xla = {k: 0 for k in calls}
        t0 = _now()
        for i in range(1, k_distinct):
            if _now() - t0 > budget:
                break
            for k in orders[i % 2]:
                n = len(ev)
                t = _now()
                calls[k](i)
                secs[k].append(_now() - t)
                xla[k] += len(ev) - n
    r["t_first_calls"] = len(secs["t_new"])
    for k, name in (("t_new", "t_first"), ("t_rep", "t_first_rep"), ("j_new", "j_first"),
                    ("j_rep", "j_first_rep")):
        v = secs[k] or [float("nan")]
        r[name] = sum(v) / len(v)                  # mean: the epoch's cost per call
        r[name + "_med"] = statistics.median(v)
        r[name + "_xla"] = xla[k]
    m = min(len(t_costs), len(j_costs))
    r["agree"] = max_rel_diff(t_costs[:m], j_costs[:m])
    r["agree_n"] = m

    seen = itertools.cycle(range(r["t_first_calls"] + 1))
    every = itertools.cycle(range(k_distinct))
    n_steps, repeats = steady
    n = len(ev)
    med = _interleave({"t_rep": lambda: g.t_call(0),
                       "t_dist": lambda: g.t_call(next(seen)),
                       "j_dist": lambda: g.j_call(next(every))}, n_steps, repeats)
    r.update(med)
    r["steady_xla"] = len(ev) - n
    r["t_seen"] = r["t_first_calls"] + 1
    return r


def run_epoch(g, n_batches, quick):
    """Returns the measured fields of an epoch workload (10): seconds for n_batches calls."""
    ev = _compile_events()
    budget = BUDGET["quick" if quick else "full"]
    r = {"kind": "epoch", "n": n_batches}
    with _NoGC():
        n = len(ev)
        t0 = _now()
        t_costs = [g.t_compile()]
        r["t_compile"] = _now() - t0
        for i in range(1, n_batches):
            if _now() - t0 > budget:
                break
            t_costs.append(g.t_call(i))
        t_total = _now() - t0
        r["t_xla"] = len(ev) - n
        n = len(ev)
        t0 = _now()
        j_costs = [g.j_compile()]
        r["j_compile"] = _now() - t0
        for i in range(1, n_batches):
            j_costs.append(g.j_call(i))
        r["j_epoch"] = _now() - t0
        r["j_xla"] = len(ev) - n
    done = len(t_costs)
    r["t_done"] = done
    r["t_per_call"] = (t_total - r["t_compile"]) / max(1, done - 1)
    r["j_per_call"] = (r["j_epoch"] - r["j_compile"]) / max(1, n_batches - 1)
    # capped: compile + the calls made, extrapolated to the whole epoch at their mean
    r["t_epoch"] = t_total if done == n_batches else r["t_compile"] + r["t_per_call"] * (
        n_batches - 1)
    r["agree"] = max_rel_diff(t_costs, j_costs[:done])
    r["agree_n"] = done
    return r


# --------------------------------------------------------------------- 9a, 9b
def _logreg(batch_size):
    """logistic_sgd.py: softmax regression 784 -> 10, NLL, SGD lr 0.13, W and b zeros."""
    theano, T = _theano()
    jax, jnp = _jax()
    lax = jax.lax
    data_x, labels = _random_dataset()
    lr = 0.13
    with _floatX32():
        train_set_x, train_set_y = _shared_dataset(theano, T, data_x, labels)
        index = T.lscalar()
        x = T.fmatrix("x")
        y = T.ivector("y")
        W = theano.shared(np.zeros((784, 10), dtype=np.float32), name="W", borrow=True)
        b = theano.shared(np.zeros((10,), dtype=np.float32), name="b", borrow=True)
        softmax = _need(lambda: T.nnet.softmax, "T.nnet.softmax")
        p_y_given_x = softmax(T.dot(x, W) + b)
        cost = -T.mean(T.log(p_y_given_x)[T.arange(y.shape[0]), y])
        g_W = T.grad(cost=cost, wrt=W)
        g_b = T.grad(cost=cost, wrt=b)
        updates = [(W, W - lr * g_W), (b, b - lr * g_b)]

    def make_fn():
        W.set_value(np.zeros((784, 10), dtype=np.float32))
        b.set_value(np.zeros((10,), dtype=np.float32))
        return theano.function(
            inputs=[index], outputs=cost, updates=updates,
            givens={x: train_set_x[index * batch_size: (index + 1) * batch_size],
                    y: train_set_y[index * batch_size: (index + 1) * batch_size]})

    lr32 = np.float32(lr)

    def jstep(params, dx, dy, i):
        xb = lax.dynamic_slice_in_dim(dx, i * batch_size, batch_size, 0)
        yb = lax.dynamic_slice_in_dim(dy, i * batch_size, batch_size, 0)

        def nll(p):
            logp = jax.nn.log_softmax(xb @ p[0] + p[1])
            return -jnp.mean(logp[jnp.arange(batch_size), yb])
        c, gr = jax.value_and_grad(nll)(params)
        return c, tuple(p - lr32 * gp for p, gp in zip(params, gr))

    def params0():
        return np.zeros((784, 10), np.float32), np.zeros((10,), np.float32)

    return _Givens(make_fn, jstep, params0, data_x, labels)


def _per_call_workload(build, batch_size, k_full, k_quick, steady_full, steady_quick, tol):
    g = build(batch_size)
    n_batches = N_TRAIN // batch_size

    def runner(quick):
        k = min(k_quick if quick else k_full, n_batches)
        r = run_per_call(g, k, steady_quick if quick else steady_full, quick)
        r.update(batch=batch_size, n_batches=n_batches, tol=tol)
        return r
    ts, js = g.sides(n_batches)
    return ts, js, dict(runner=runner, tol=tol)


def w9a_logreg_b20():
    """Tutorial logistic regression through givens, batch 20: a call per new minibatch index."""
    return _per_call_workload(_logreg, 20, 300, 20, (300, 9), (60, 3), 1e-4)


def w9b_logreg_b600():
    """Tutorial logistic regression through givens, batch 600 (83 full minibatches)."""
    return _per_call_workload(_logreg, 600, 300, 12, (83, 9), (20, 3), 1e-4)


# --------------------------------------------------------------------- 10
def _uniform_init(rng, n_in, n_out):
    bound = np.sqrt(6. / (n_in + n_out))
    return np.asarray(rng.uniform(low=-bound, high=bound, size=(n_in, n_out)), dtype=np.float32)


def _mlp():
    """mlp.py: 784-500-10, tanh hidden, softmax output, NLL + 0.00 L1 + 0.0001 L2, lr 0.01."""
    theano, T = _theano()
    jax, jnp = _jax()
    lax = jax.lax
    data_x, labels, source = _mnist_or_random()
    batch_size, n_hidden, lr, L1_reg, L2_reg = 20, 500, 0.01, 0.00, 0.0001
    rng = np.random.RandomState(1234)
    W1_0 = _uniform_init(rng, 784, n_hidden)
    init = [W1_0, np.zeros(n_hidden, np.float32), np.zeros((n_hidden, 10), np.float32),
            np.zeros(10, np.float32)]
    with _floatX32():
        train_set_x, train_set_y = _shared_dataset(theano, T, data_x, labels)
        index = T.lscalar()
        x = T.fmatrix("x")
        y = T.ivector("y")
        params = [theano.shared(v.copy(), borrow=True) for v in init]
        hW, hb, oW, ob = params
        softmax = _need(lambda: T.nnet.softmax, "T.nnet.softmax")
        hidden = T.tanh(T.dot(x, hW) + hb)
        p_y_given_x = softmax(T.dot(hidden, oW) + ob)
        nll = -T.mean(T.log(p_y_given_x)[T.arange(y.shape[0]), y])
        L1 = abs(hW).sum() + abs(oW).sum()
        L2_sqr = (hW ** 2).sum() + (oW ** 2).sum()
        cost = nll + L1_reg * L1 + L2_reg * L2_sqr
        gparams = [T.grad(cost, param) for param in params]
        updates = [(p, p - lr * gp) for p, gp in zip(params, gparams)]

    def make_fn():
        for p, v in zip(params, init):
            p.set_value(v.copy())
        return theano.function(
            inputs=[index], outputs=cost, updates=updates,
            givens={x: train_set_x[index * batch_size: (index + 1) * batch_size],
                    y: train_set_y[index * batch_size: (index + 1) * batch_size]})

    f32 = np.float32

    def jstep(p, dx, dy, i):
        xb = lax.dynamic_slice_in_dim(dx, i * batch_size, batch_size, 0)
        yb = lax.dynamic_slice_in_dim(dy, i * batch_size, batch_size, 0)

        def c(p):
            hW, hb, oW, ob = p
            logp = jax.nn.log_softmax(jnp.tanh(xb @ hW + hb) @ oW + ob)
            out = -jnp.mean(logp[jnp.arange(batch_size), yb])
            l1 = jnp.abs(hW).sum() + jnp.abs(oW).sum()
            l2 = (hW ** 2).sum() + (oW ** 2).sum()
            return out + f32(L1_reg) * l1 + f32(L2_reg) * l2
        cv, gr = jax.value_and_grad(c)(p)
        return cv, tuple(a - f32(lr) * ga for a, ga in zip(p, gr))

    g = _Givens(make_fn, jstep, lambda: [v.copy() for v in init], data_x, labels)
    g.source = source
    return g


def w10_mlp_epoch():
    """Tutorial MLP 784-500-10 through givens, batch 20: one epoch of 2500 minibatches."""
    g = _mlp()
    n_batches = N_TRAIN // 20

    def runner(quick):
        r = run_epoch(g, 250 if quick else n_batches, quick)
        r.update(batch=20, data=g.source, tol=1e-3)
        return r
    ts, js = g.sides(n_batches)
    return ts, js, dict(runner=runner, tol=1e-3)


# --------------------------------------------------------------------- 11
def _lenet(batch_size):
    """convolutional_mlp.py: LeNet, nkerns [20, 50], 5x5 conv + 2x2 max-pool twice, lr 0.1."""
    theano, T = _theano()
    jax, jnp = _jax()
    lax = jax.lax
    conv2d = _need(lambda: __import__("theanox.tensor.nnet", fromlist=["x"]).conv2d,
                   "theanox.tensor.nnet.conv2d")
    pool = _need(lambda: __import__("theanox.tensor.signal", fromlist=["x"]).pool,
                 "theanox.tensor.signal.pool")
    data_x, labels = _random_dataset()
    nkerns, lr = (20, 50), 0.1
    rng = np.random.RandomState(23455)

    def conv_w(filter_shape, poolsize=(2, 2)):
        fan_in = np.prod(filter_shape[1:])
        fan_out = filter_shape[0] * np.prod(filter_shape[2:]) // np.prod(poolsize)
        bound = np.sqrt(6. / (fan_in + fan_out))
        return np.asarray(rng.uniform(low=-bound, high=bound, size=filter_shape),
                          dtype=np.float32)
    fs0, fs1 = (nkerns[0], 1, 5, 5), (nkerns[1], nkerns[0], 5, 5)
    init = [conv_w(fs0), np.zeros(nkerns[0], np.float32),
            conv_w(fs1), np.zeros(nkerns[1], np.float32),
            _uniform_init(rng, nkerns[1] * 4 * 4, 500), np.zeros(500, np.float32),
            np.zeros((500, 10), np.float32), np.zeros(10, np.float32)]
    with _floatX32():
        train_set_x, train_set_y = _shared_dataset(theano, T, data_x, labels)
        index = T.lscalar()
        x = T.fmatrix("x")
        y = T.ivector("y")
        params = [theano.shared(v.copy(), borrow=True) for v in init]
        W0, b0, W1, b1, W2, b2, W3, b3 = params

        def conv_pool(inp, W, b, filter_shape, image_shape):
            conv_out = conv2d(input=inp, filters=W, filter_shape=filter_shape,
                              input_shape=image_shape)
            pooled = pool.pool_2d(input=conv_out, ws=(2, 2), ignore_border=True)
            return T.tanh(pooled + b.dimshuffle("x", 0, "x", "x"))
        layer0_input = x.reshape((batch_size, 1, 28, 28))
        layer0 = conv_pool(layer0_input, W0, b0, fs0, (batch_size, 1, 28, 28))
        layer1 = conv_pool(layer0, W1, b1, fs1, (batch_size, nkerns[0], 12, 12))
        layer2 = T.tanh(T.dot(layer1.flatten(2), W2) + b2)
        p_y_given_x = T.nnet.softmax(T.dot(layer2, W3) + b3)
        cost = -T.mean(T.log(p_y_given_x)[T.arange(y.shape[0]), y])
        tparams = [W3, b3, W2, b2, W1, b1, W0, b0]     # layer3 + layer2 + layer1 + layer0
        grads = T.grad(cost, tparams)
        updates = [(p, p - lr * g) for p, g in zip(tparams, grads)]

    def make_fn():
        for p, v in zip(params, init):
            p.set_value(v.copy())
        return theano.function(
            [index], cost, updates=updates,
            givens={x: train_set_x[index * batch_size: (index + 1) * batch_size],
                    y: train_set_y[index * batch_size: (index + 1) * batch_size]})

    def conv_pool_j(inp, W, b):
        c = lax.conv_general_dilated(inp, W[:, :, ::-1, ::-1], (1, 1), "VALID")
        p = lax.reduce_window(c, -jnp.inf, lax.max, (1, 1, 2, 2), (1, 1, 2, 2), "VALID")
        return jnp.tanh(p + b[None, :, None, None])

    def jstep(p, dx, dy, i):
        xb = lax.dynamic_slice_in_dim(dx, i * batch_size, batch_size, 0)
        yb = lax.dynamic_slice_in_dim(dy, i * batch_size, batch_size, 0)

        def c(p):
            W0, b0, W1, b1, W2, b2, W3, b3 = p
            l0 = conv_pool_j(xb.reshape(batch_size, 1, 28, 28), W0, b0)
            l1 = conv_pool_j(l0, W1, b1).reshape(batch_size, -1)
            l2 = jnp.tanh(l1 @ W2 + b2)
            logp = jax.nn.log_softmax(l2 @ W3 + b3)
            return -jnp.mean(logp[jnp.arange(batch_size), yb])
        cv, gr = jax.value_and_grad(c)(p)
        return cv, tuple(a - np.float32(lr) * ga for a, ga in zip(p, gr))

    return _Givens(make_fn, jstep, lambda: [v.copy() for v in init], data_x, labels)


# The tutorial's batch.  One step takes 0.6-1.0 s on theanox and 0.8-1.5 s on the
# hand-written JAX here (2 shared cores, load 2-7); THEANOX_BENCH_CNN_BATCH=128 for a
# quicker one (the per-index recompilation does not depend on the batch size).
CNN_BATCH = int(os.environ.get("THEANOX_BENCH_CNN_BATCH", "500"))


def w11_lenet():
    """Tutorial LeNet CNN through givens, batch 500: a call per new minibatch index."""
    return _per_call_workload(_lenet, CNN_BATCH, 10, 3, (5, 3), (1, 2), 1e-3)


# --------------------------------------------------------------------- Theano 1.0.5
def _seconds(v):
    """Returns a number, or the "median" of a stats dict, as float seconds; None otherwise."""
    if isinstance(v, dict):
        v = v.get("median")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    return None


def _from_theano_minibatch(doc):
    """Returns {(workload, what): seconds} from benchmarks/theano_minibatch.py's layout.

    ``{"floatX": {"float32": {"results": {"logreg": {"batches": {"20": {
    "per_call_s_distinct": {"median": ...}, "per_call_s_repeated": ..., "compile_s": ...}}},
    "mlp": {"epoch_s": ..., "compile_s": ...}, "lenet": {"per_call_s": ...}}}}}``;
    the float32 run (the workloads here are float32).
    """
    res = doc["floatX"]["float32"]["results"]
    logreg = res.get("logreg", {}).get("batches", {})
    found = {}
    for num, bs in (("9a", "20"), ("9b", "600")):
        b = logreg.get(bs, {})
        found[(num, "distinct")] = b.get("per_call_s_distinct")
        found[(num, "repeated")] = b.get("per_call_s_repeated")
        found[(num, "compile")] = b.get("compile_s")
    mlp = res.get("mlp", {})
    found[("10", "epoch")] = mlp.get("epoch_s")
    found[("10", "compile")] = mlp.get("compile_s")
    found[("10", "n")] = mlp.get("n_train_batches")
    if CNN_BATCH == 500:                             # the Theano run uses the tutorial's batch
        found[("11", "per_call")] = res.get("lenet", {}).get("per_call_s")
        found[("11", "compile")] = res.get("lenet", {}).get("compile_s")
    out = {k: _seconds(v) for k, v in found.items()}
    return {k: v for k, v in out.items() if v is not None}


# Other layouts: keys are matched by their parts (seconds; nested dicts allowed, a
# key part "ms"/"us" scales), e.g. "logreg_b20_distinct" or
# {"logistic_regression": {"batch_20": {"distinct_ms": ...}}} both match 9a distinct;
# a CNN key naming batch 128 or 500 must name CNN_BATCH.
_WANT = {
    ("9a", "distinct"): [("logreg", "logistic"), ("20",), ("distinct",)],
    ("9a", "repeated"): [("logreg", "logistic"), ("20",), ("repeated", "repeat", "same")],
    ("9b", "distinct"): [("logreg", "logistic"), ("600",), ("distinct",)],
    ("9b", "repeated"): [("logreg", "logistic"), ("600",), ("repeated", "repeat", "same")],
    ("10", "epoch"): [("mlp",), ("epoch",)],
    ("11", "per_call"): [("cnn", "lenet", "conv", "convolutional")],
}
_SKIP_PARTS = {"std", "stdev", "min", "max", "count", "calls", "compiles", "ratio"}
_NOT_TIME = {"batch", "size", "n", "seed", "version", "indices", "batches", "minibatches",
             "epochs", "k", "nkerns", "steps", "repeats"}       # a key ending so is no time


def _parts(key):
    return [p for p in re.split(r"[^a-z0-9]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])",
                                key.lower()) if p]


def _flatten(d, prefix=()):
    if isinstance(d, dict):
        for k, v in d.items():
            yield from _flatten(v, prefix + tuple(_parts(str(k))))
    elif isinstance(d, (int, float)) and not isinstance(d, bool):
        yield prefix, float(d)


def theano_reference(path=None):
    """Returns {(workload, what): seconds} from the Theano 1.0.5 results file, {} if unreadable."""
    try:
        with open(path or THEANO_JSON) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    if isinstance(data, dict) and "floatX" in data:
        try:
            return _from_theano_minibatch(data)
        except (KeyError, TypeError, AttributeError):
            return {}
    flat = list(_flatten(data))
    out = {}
    for want, groups in _WANT.items():
        best = None
        for parts, value in flat:
            ps = set(parts)
            if (ps & _SKIP_PARTS or not parts or parts[-1] in _NOT_TIME
                    or not all(ps & set(g) for g in groups)):
                continue
            if want[0] == "11" and ("epoch" in ps or ps & ({"128", "500"} - {str(CNN_BATCH)})):
                continue
            if want[0] in ("9a", "9b") and {"first", "pass"} <= ps:
                continue
            if best is None or len(parts) < len(best[0]):
                best = (parts, value)
        if best is not None:
            parts, value = best
            scale = 1e-3 if "ms" in parts else 1e-6 if "us" in parts else 1.0
            out[want] = value * scale
    return out
