"""The workloads, each written once in the Theano API (as in the seed) and once in JAX.

Every ``wN()`` returns ``(theanox Side, JAX Side, options)``.  Both sides start
from the same data and parameters, so after the same number of steps their
results can be compared (workloads with dropout draw different random numbers
on each side: their agreement is checked on a dropout-free variant's first step).
A workload whose theanox modules are missing raises ``Unavailable``.
"""
import numpy as np

from benchmarks.harness import Side, Unavailable

# The same data, initial weights and model pieces as Theano's side (a numpy-only module).
from benchmarks.theano_side import (
    CNN_SHAPES,
    MLP_SHAPES,
    N_BATCHES_W2,
    RELU_NET_SHAPES,
    cnn_model,
    dropout,
    linear_model,
    linear_pairs,
    logistic_data,
    mnist_model_data,
    rmsprop_updates,
    rnn_data,
    softmax_rows,
)


def _theano():
    import theanox as theano
    import theanox.tensor as T
    return theano, T


def _jax():
    import jax
    import jax.numpy as jnp
    return jax, jnp


def _need(fn, what):
    """Returns fn() or raises Unavailable naming the missing theanox piece."""
    try:
        return fn()
    except (ImportError, AttributeError, NotImplementedError) as e:
        raise Unavailable("%s: %s: %s" % (what, type(e).__name__, e)) from None


def _aot(jitted, args):
    """Returns a callable timing jax.jit(...).lower(...).compile() of ``jitted``."""
    return lambda: jitted.lower(*args).compile()


# --------------------------------------------------------------------- 1
def w1_linear_per_sample():
    """Linear regression, one call per sample, float32: the per-call overhead."""
    theano, T = _theano()
    jax, jnp = _jax()
    pairs = linear_pairs()                       # NumPy float64 scalars, as in the seed
    pairs32 = [(np.float32(x), np.float32(y)) for x, y in pairs]
    with _floatX32():
        X, Y, w, b, cost, updates = linear_model(theano, T)
    box, it = {}, {"i": 0}

    def t_compile():
        with _floatX32():
            box["f"] = theano.function([X, Y], cost, updates=updates, allow_input_downcast=True)
        return box["f"](*pairs[0])

    def t_step():
        i = it["i"] = (it["i"] + 1) % len(pairs)
        return box["f"](*pairs[i])

    lr = np.float32(0.01)

    def step(x, y, w, b):
        def c(w, b):
            return jnp.mean(jnp.square(x * w + b - y))
        cv, (gw, gb) = jax.value_and_grad(c, argnums=(0, 1))(w, b)
        return cv, w - gw * lr, b - gb * lr
    jf = jax.jit(step, donate_argnums=(2, 3))
    zero = np.float32(0.)
    st = {"w": jnp.asarray(zero), "b": jnp.asarray(zero), "i": 0}

    def j_step():
        i = st["i"] = (st["i"] + 1) % len(pairs32)
        c, st["w"], st["b"] = jf(pairs32[i][0], pairs32[i][1], st["w"], st["b"])
        return np.asarray(c)

    def t_result():
        w.set_value(zero), b.set_value(zero)
        for p in pairs:
            box["f"](*p)
        return [w.get_value(), b.get_value()]

    def j_result():
        ww, bb = jnp.asarray(zero), jnp.asarray(zero)
        for x, y in pairs32:
            _, ww, bb = jf(x, y, ww, bb)
        return [np.asarray(ww), np.asarray(bb)]

    args = (pairs32[0][0], pairs32[0][1], jnp.asarray(zero), jnp.asarray(zero))
    return (Side(t_compile, t_step, t_result, lambda: (box["f"], list(pairs[0]))),
            Side(_aot(jax.jit(step, donate_argnums=(2, 3)), args), j_step, j_result,
                 _aot(jax.jit(step, donate_argnums=(2, 3)), args)),
            dict(n_steps=202, repeats=21, tol=1e-5))


# --------------------------------------------------------------------- 2
def w2_logistic():
    """Logistic regression, 400 x 784 float32, full batch, a new NumPy batch every call.

    Eight distinct batches (fresh NumPy arrays, as legacy code passes them) are cycled,
    so no side can reuse an imported argument; the same data as Theano's side.
    """
    theano, T = _theano()
    jax, jnp = _jax()
    xs, ys, w0 = logistic_data()
    with _floatX32():
        x, y = T.matrix("x"), T.vector("y")
        w = theano.shared(w0.copy(), name="w")
        b = theano.shared(np.float32(0.), name="b")
        h = 1 / (1 + T.exp(-T.dot(x, w) - b))
        cost = -T.mean(y * T.log(h) + (1 - y) * T.log(1 - h)) + 0.01 * T.sum(w ** 2)
        gw, gb = T.grad(cost, [w, b])
        updates = [[w, w - 0.1 * gw], [b, b - 0.1 * gb]]
    box, it = {}, {"t": 0, "j": 0}

    def t_compile():
        with _floatX32():
            box["f"] = theano.function([x, y], cost, updates=updates, allow_input_downcast=True)
        return box["f"](xs[0], ys[0])

    def t_step():
        i = it["t"] = (it["t"] + 1) % N_BATCHES_W2
        return box["f"](xs[i], ys[i])

    lr, l2 = np.float32(0.1), np.float32(0.01)

    def step(x, y, w, b):
        def c(w, b):
            h = 1 / (1 + jnp.exp(-x @ w - b))
            return -jnp.mean(y * jnp.log(h) + (1 - y) * jnp.log(1 - h)) + l2 * jnp.sum(w ** 2)
        cv, (gw, gb) = jax.value_and_grad(c, argnums=(0, 1))(w, b)
        return cv, w - lr * gw, b - lr * gb
    jf = jax.jit(step, donate_argnums=(2, 3))
    st = {"w": jnp.asarray(w0), "b": jnp.asarray(np.float32(0.))}

    def j_step():
        i = it["j"] = (it["j"] + 1) % N_BATCHES_W2
        c, st["w"], st["b"] = jf(xs[i], ys[i], st["w"], st["b"])
        return np.asarray(c)

    def t_result():
        w.set_value(w0.copy()), b.set_value(np.float32(0.))
        return [box["f"](xs[i], ys[i]) for i in range(5)] + [w.get_value(), b.get_value()]

    def j_result():
        ww, bb, cs = jnp.asarray(w0), jnp.asarray(np.float32(0.)), []
        for i in range(5):
            c, ww, bb = jf(xs[i], ys[i], ww, bb)
            cs.append(np.asarray(c))
        return cs + [np.asarray(ww), np.asarray(bb)]

    args = (xs[0], ys[0], jnp.asarray(w0), jnp.asarray(np.float32(0.)))
    return (Side(t_compile, t_step, t_result, lambda: (box["f"], [xs[0], ys[0]])),
            Side(_aot(jax.jit(step, donate_argnums=(2, 3)), args), j_step, j_result,
                 _aot(jax.jit(step, donate_argnums=(2, 3)), args)),
            dict(n_steps=20, repeats=21, tol=1e-4))


# --------------------------------------------------------------------- 3
def _floatX32():
    theano, _ = _theano()
    return theano.config.change_flags(floatX="float32")


def w3_mlp():
    """The seed's MLP 784-625-10 (sigmoid, softmax, SGD), batch 128, float32."""
    theano, T = _theano()
    jax, jnp = _jax()
    Xv, Yv, (wh0, wo0) = mnist_model_data(2, MLP_SHAPES)
    with _floatX32():
        X, Y = T.matrix(), T.matrix()
        w_h, w_o = theano.shared(wh0.copy()), theano.shared(wo0.copy())
        nnet = _need(lambda: T.nnet, "theanox.tensor.nnet")
        h = _need(lambda: nnet.sigmoid, "T.nnet.sigmoid")(T.dot(X, w_h))
        py_x = _need(lambda: nnet.softmax, "T.nnet.softmax")(T.dot(h, w_o))
        cost = T.mean(_need(lambda: nnet.categorical_crossentropy,
                            "T.nnet.categorical_crossentropy")(py_x, Y))
        grads = T.grad(cost=cost, wrt=[w_h, w_o])
        updates = [[p, p - g * 0.05] for p, g in zip([w_h, w_o], grads)]
    box = {}

    def t_compile():
        with _floatX32():
            box["f"] = theano.function([X, Y], cost, updates=updates, allow_input_downcast=True)
        return box["f"](Xv, Yv)

    def step(x, y, wh, wo):
        def c(wh, wo):
            p = jax.nn.softmax(jax.nn.sigmoid(x @ wh) @ wo, axis=1)
            return jnp.mean(-jnp.sum(y * jnp.log(p), axis=1))
        cv, (gh, go) = jax.value_and_grad(c, argnums=(0, 1))(wh, wo)
        return cv, wh - gh * np.float32(0.05), wo - go * np.float32(0.05)
    jf = jax.jit(step, donate_argnums=(2, 3))
    st = {"h": jnp.asarray(wh0), "o": jnp.asarray(wo0)}

    def j_step():
        c, st["h"], st["o"] = jf(Xv, Yv, st["h"], st["o"])
        return np.asarray(c)

    def t_result():
        w_h.set_value(wh0.copy()), w_o.set_value(wo0.copy())
        return [box["f"](Xv, Yv) for _ in range(5)] + [w_h.get_value(), w_o.get_value()]

    def j_result():
        a, o, cs = jnp.asarray(wh0), jnp.asarray(wo0), []
        for _ in range(5):
            c, a, o = jf(Xv, Yv, a, o)
            cs.append(np.asarray(c))
        return cs + [np.asarray(a), np.asarray(o)]

    args = (Xv, Yv, jnp.asarray(wh0), jnp.asarray(wo0))
    return (Side(t_compile, lambda: box["f"](Xv, Yv), t_result, lambda: (box["f"], [Xv, Yv])),
            Side(_aot(jax.jit(step, donate_argnums=(2, 3)), args), j_step, j_result,
                 _aot(jax.jit(step, donate_argnums=(2, 3)), args)),
            dict(n_steps=4, repeats=21, tol=2e-5))


# --------------------------------------------------------------------- 4 and 5
def _rmsprop_jax(jnp, params, grads, accs, lr=0.001, rho=0.9, epsilon=1e-6):
    new_p, new_a = [], []
    for p, g, a in zip(params, grads, accs):
        a = rho * a + (1 - rho) * g ** 2
        new_a.append(a)
        new_p.append(p - lr * (g / jnp.sqrt(a + epsilon)))
    return new_p, new_a


def _softmax_jax(jnp, X):
    e_x = jnp.exp(X - X.max(axis=1, keepdims=True))
    return e_x / e_x.sum(axis=1, keepdims=True)


def _dropout_jax(jax, jnp, key, X, p):
    if p <= 0:
        return X
    keep = jax.random.bernoulli(key, 1 - p, X.shape).astype(X.dtype)
    return X * keep / np.float32(1 - p)


def _train_sides(theano, T, inputs, cost, updates, params0, Xv, Yv, jstep, jstate0,
                 n_steps, repeats):
    """Returns the two Sides of a dropout + RMSprop training step (workloads 4, 5)."""
    jax, jnp = _jax()
    box = {}

    def t_compile():
        with _floatX32():
            box["f"] = theano.function(inputs, cost, updates=updates, allow_input_downcast=True)
        return box["f"](Xv, Yv)

    jf = jax.jit(jstep, donate_argnums=(2,))
    st = {"s": jax.tree_util.tree_map(jnp.asarray, jstate0)}

    def j_step():
        c, st["s"] = jf(Xv, Yv, st["s"])
        return np.asarray(c)

    args = (Xv, Yv, jax.tree_util.tree_map(jnp.asarray, jstate0))
    return (Side(t_compile, lambda: box["f"](Xv, Yv), None, lambda: (box["f"], [Xv, Yv])),
            Side(_aot(jax.jit(jstep, donate_argnums=(2,)), args), j_step, None,
                 _aot(jax.jit(jstep, donate_argnums=(2,)), args)),
            dict(n_steps=n_steps, repeats=repeats, tol=None))


def w4_relu_dropout_rmsprop():
    """The seed's 784-625-625-10 relu net with dropout (random stream) and RMSprop, batch 128."""
    theano, T = _theano()
    jax, jnp = _jax()
    RandomStreams = _need(lambda: __import__("theanox.sandbox.rng_mrg", fromlist=["x"])
                          .MRG_RandomStreams, "theanox.sandbox.rng_mrg.MRG_RandomStreams")
    relu = _need(lambda: T.nnet.relu, "T.nnet.relu")
    cce = _need(lambda: T.nnet.categorical_crossentropy, "T.nnet.categorical_crossentropy")
    Xv, Yv, p0 = mnist_model_data(3, RELU_NET_SHAPES)
    with _floatX32():
        srng = RandomStreams()

        def model(X, w_h1, w_h2, w_o, p_in, p_h):
            X = dropout(theano, srng, X, p_in)
            h1 = dropout(theano, srng, relu(T.dot(X, w_h1)), p_h)
            h2 = dropout(theano, srng, relu(T.dot(h1, w_h2)), p_h)
            return softmax_rows(T, T.dot(h2, w_o))

        X, Y = T.matrix(), T.matrix()
        params = [theano.shared(p.copy()) for p in p0]
        noise = model(X, *params, 0.2, 0.5)
        cost = T.mean(cce(noise, Y))
        accs = [theano.shared(p.get_value() * 0.) for p in params]
        updates = rmsprop_updates(T, cost, params, accs)

    def jstep(x, y, s):
        params, accs, key = s
        key, k1, k2, k3 = jax.random.split(key, 4)

        def c(params):
            w1, w2, wo = params
            xx = _dropout_jax(jax, jnp, k1, x, 0.2)
            h1 = _dropout_jax(jax, jnp, k2, jax.nn.relu(xx @ w1), 0.5)
            h2 = _dropout_jax(jax, jnp, k3, jax.nn.relu(h1 @ w2), 0.5)
            p = _softmax_jax(jnp, h2 @ wo)
            return jnp.mean(-jnp.sum(y * jnp.log(p), axis=1))
        cv, g = jax.value_and_grad(c)(params)
        new_p, new_a = _rmsprop_jax(jnp, params, g, accs)
        return cv, (new_p, new_a, key)

    state0 = ([p.copy() for p in p0], [np.zeros_like(p) for p in p0], jax.random.PRNGKey(0))
    return _train_sides(theano, T, [X, Y], cost, updates, p0, Xv, Yv, jstep, state0, 2, 15)


def w5_cnn():
    """The seed's CNN (3 conv + max-pool layers, dropout, RMSprop), batch 128, float32."""
    theano, T = _theano()
    jax, jnp = _jax()
    lax = jax.lax
    RandomStreams = _need(lambda: __import__("theanox.sandbox.rng_mrg", fromlist=["x"])
                          .MRG_RandomStreams, "theanox.sandbox.rng_mrg.MRG_RandomStreams")
    conv2d = _need(lambda: __import__("theanox.tensor.nnet.conv", fromlist=["x"]).conv2d,
                   "theanox.tensor.nnet.conv.conv2d")
    max_pool_2d = _need(lambda: __import__("theanox.tensor.signal.downsample", fromlist=["x"])
                        .max_pool_2d, "theanox.tensor.signal.downsample.max_pool_2d")
    cce = _need(lambda: T.nnet.categorical_crossentropy, "T.nnet.categorical_crossentropy")
    Xv, Yv, p0 = mnist_model_data(4, CNN_SHAPES)
    Xv = Xv.reshape(-1, 1, 28, 28)
    with _floatX32():
        model = cnn_model(theano, T, RandomStreams(), conv2d, max_pool_2d)

        X, Y = T.ftensor4(), T.fmatrix()
        params = [theano.shared(p.copy()) for p in p0]
        cost = T.mean(cce(model(X, *params, 0.2, 0.5), Y))
        accs = [theano.shared(p.get_value() * 0.) for p in params]
        updates = rmsprop_updates(T, cost, params, accs)

    def conv(x, w, mode):
        pad = [(2, 2), (2, 2)] if mode == "full" else [(0, 0), (0, 0)]
        return lax.conv_general_dilated(x, w[:, :, ::-1, ::-1], (1, 1), pad)

    def pool(x):
        ph, pw = x.shape[2] % 2, x.shape[3] % 2
        return lax.reduce_window(x, -jnp.inf, lax.max, (1, 1, 2, 2), (1, 1, 2, 2),
                                 [(0, 0), (0, 0), (0, ph), (0, pw)])

    def jstep(x, y, s):
        params, accs, key = s
        ks = jax.random.split(key, 6)
        key = ks[0]

        def c(params):
            w, w2, w3, w4, wo = params
            r = jax.nn.relu
            l1 = _dropout_jax(jax, jnp, ks[1], pool(r(conv(x, w, "full"))), 0.2)
            l2 = _dropout_jax(jax, jnp, ks[2], pool(r(conv(l1, w2, "valid"))), 0.2)
            l3 = pool(r(conv(l2, w3, "valid"))).reshape(x.shape[0], -1)
            l3 = _dropout_jax(jax, jnp, ks[3], l3, 0.2)
            l4 = _dropout_jax(jax, jnp, ks[4], r(l3 @ w4), 0.5)
            p = _softmax_jax(jnp, l4 @ wo)
            return jnp.mean(-jnp.sum(y * jnp.log(p), axis=1))
        cv, g = jax.value_and_grad(c)(params)
        new_p, new_a = _rmsprop_jax(jnp, params, g, accs)
        return cv, (new_p, new_a, key)

    state0 = ([p.copy() for p in p0], [np.zeros_like(p) for p in p0], jax.random.PRNGKey(0))
    return _train_sides(theano, T, [X, Y], cost, updates, p0, Xv, Yv, jstep, state0, 1, 7)


# --------------------------------------------------------------------- 6
def w6_scan_rnn():
    """The seed's scan RNN with taps [0, -1], t = 1001, 100 -> 200, float32."""
    theano, T = _theano()
    jax, jnp = _jax()
    scan = _need(lambda: __import__("theanox.scan", fromlist=["x"]).scan, "theanox.scan.scan")
    args = rnn_data()                      # float32, the same data as Theano's side
    with _floatX32():
        X, Y = T.matrix("X"), T.vector("y")
        W_1, W_2, W_3 = T.matrix("W_1"), T.matrix("W_2"), T.matrix("W_3")
        results, _ = scan(fn=lambda x, x_pre, y: T.tanh(T.dot(W_1, y) + T.dot(W_2, x)
                                                        + T.dot(W_3, x_pre)),
                          sequences=dict(input=X, taps=[0, -1]), outputs_info=Y)
    box = {}

    def t_compile():
        with _floatX32():
            box["f"] = theano.function([X, Y, W_1, W_2, W_3], results)
        return box["f"](*args)

    def rnn(x, y, w1, w2, w3):
        def body(h, xs):
            xt, xp = xs
            h = jnp.tanh(w1 @ h + w2 @ xt + w3 @ xp)
            return h, h
        return jax.lax.scan(body, y, (x[1:], x[:-1]))[1]
    jf = jax.jit(rnn)
    return (Side(t_compile, lambda: box["f"](*args), lambda: [box["f"](*args)],
                 lambda: (box["f"], args)),
            Side(_aot(jax.jit(rnn), args), lambda: np.asarray(jf(*args)),
                 lambda: [np.asarray(jf(*args))], _aot(jax.jit(rnn), args)),
            # float32 through 1000 saturating tanh steps is chaotic: different summation
            # orders (XLA vs OpenBLAS) drift apart 10x every ~2 steps, 1e-3 by step 10;
            # theanox and hand JAX agree throughout, Theano is compared on the first 5 steps
            dict(n_steps=2, repeats=15, tol=1e-4, theano_rows=5))


# --------------------------------------------------------------------- 7
def w7_exp_loop():
    """The seed's T.exp over a 230400-vector shared variable, one call (of 1000)."""
    theano, T = _theano()
    jax, jnp = _jax()
    vlen = 10 * 30 * 768
    x0 = np.asarray(np.random.RandomState(22).rand(vlen), np.float32)
    x = theano.shared(x0)
    box = {}

    def t_compile():
        box["f"] = theano.function([], T.exp(x))
        return box["f"]()

    jf = jax.jit(jnp.exp)
    xd = jnp.asarray(x0)
    return (Side(t_compile, lambda: box["f"](), lambda: [box["f"]()], lambda: (box["f"], [])),
            Side(_aot(jax.jit(jnp.exp), (xd,)), lambda: np.asarray(jf(xd)),
                 lambda: [np.asarray(jf(xd))], _aot(jax.jit(jnp.exp), (xd,))),
            dict(n_steps=100, repeats=21, tol=1e-6))


# --------------------------------------------------------------------- 8
def _w8(kind):
    theano, T = _theano()
    jax, jnp = _jax()
    if kind == "ifelse":
        ifelse = _need(lambda: __import__("theanox.ifelse", fromlist=["x"]).ifelse,
                       "theanox.ifelse.ifelse")
    with _floatX32():
        a, b = T.scalars("a", "b")
        x, y = T.matrices("x", "y")
        z = ifelse(T.lt(a, b), x, y) if kind == "ifelse" else T.switch(T.lt(a, b), x, y)
    val1, val2 = np.float32(0.), np.float32(1.)
    rng = np.random.RandomState(8)
    big1 = rng.rand(10000, 1000).astype(np.float32)
    big2 = rng.rand(10000, 1000).astype(np.float32)
    box = {}

    def t_compile():
        with _floatX32():
            box["f"] = theano.function([a, b, x, y], z)
        return box["f"](val1, val2, big1, big2)

    if kind == "ifelse":
        def hand(a, b, x, y):
            return jax.lax.cond(a < b, lambda: x, lambda: y)
    else:
        def hand(a, b, x, y):
            return jnp.where(a < b, x, y)
    jf = jax.jit(hand)
    args = (val1, val2, big1, big2)
    return (Side(t_compile, lambda: box["f"](*args), lambda: [box["f"](*args)],
                 lambda: (box["f"], list(args))),
            Side(_aot(jax.jit(hand), args), lambda: np.asarray(jf(*args)),
                 lambda: [np.asarray(jf(*args))], _aot(jax.jit(hand), args)),
            dict(n_steps=2, repeats=11, tol=0))


def w8_ifelse():
    """ifelse(a < b, x, y) over two 10000 x 1000 float32 matrices (the seed's)."""
    return _w8("ifelse")


def w8_switch():
    """T.switch(a < b, x, y) over two 10000 x 1000 float32 matrices (the seed's)."""
    return _w8("switch")


WORKLOADS = [
    ("1 linear regression, per sample f32", w1_linear_per_sample),
    ("2 logistic regression 400x784 f32, new inputs per call", w2_logistic),
    ("3 MLP 784-625-10 b128 f32", w3_mlp),
    ("4 relu net + dropout + RMSprop b128", w4_relu_dropout_rmsprop),
    ("5 CNN b128", w5_cnn),
    ("6 scan RNN t=1001 100->200 f32", w6_scan_rnn),
    ("7 exp(230400 shared), per call", w7_exp_loop),
    ("8a ifelse 10000x1000 f32", w8_ifelse),
    ("8b switch 10000x1000 f32", w8_switch),
]

# The tutorials' minibatch loop through givens (benchmarks/minibatch.py): these
# measure their own phases (options["runner"]), reported in a section of their own.
from benchmarks import minibatch as _minibatch  # noqa: E402

WORKLOADS += [
    ("9a logreg givens b20 f32, per index", _minibatch.w9a_logreg_b20),
    ("9b logreg givens b600 f32, per index", _minibatch.w9b_logreg_b600),
    ("10 MLP 784-500-10 givens b20, one epoch", _minibatch.w10_mlp_epoch),
    ("11 LeNet CNN givens b%d, per index" % _minibatch.CNN_BATCH, _minibatch.w11_lenet),
]
