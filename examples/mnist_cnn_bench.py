"""Benchmark: one training step of the seed's CNN (batch 128, RMSprop, dropout) on theanox.

Prints seconds per step for theanox and for the same step hand-written in JAX.
Usage: python mnist_cnn_bench.py [STEPS]   (default 20).  Theano 1.0.5 on the
same machine class: about 0.20 s per step.
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import theanox as theano  # noqa: E402
import theanox.tensor as T  # noqa: E402
from theanox.sandbox.rng_mrg import MRG_RandomStreams as RandomStreams  # noqa: E402
from theanox.tensor.nnet.conv import conv2d  # noqa: E402
from theanox.tensor.signal.downsample import max_pool_2d  # noqa: E402

STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
srng = RandomStreams()


def floatX(X):
    return np.asarray(X, dtype=theano.config.floatX)


def init_weights(shape):
    return theano.shared(floatX(np.random.randn(*shape) * 0.01))


def rectify(X):
    return T.maximum(X, 0.)


def softmax(X):
    e_x = T.exp(X - X.max(axis=1).dimshuffle(0, 'x'))
    return e_x / e_x.sum(axis=1).dimshuffle(0, 'x')


def dropout(X, p=0.):
    if p > 0:
        retain_prob = 1 - p
        X *= srng.binomial(X.shape, p=retain_prob, dtype=theano.config.floatX)
        X /= retain_prob
    return X


def RMSprop(cost, params, lr=0.001, rho=0.9, epsilon=1e-6):
    grads = T.grad(cost=cost, wrt=params)
    updates = []
    for p, g in zip(params, grads):
        acc = theano.shared(p.get_value() * 0.)
        acc_new = rho * acc + (1 - rho) * g ** 2
        gradient_scaling = T.sqrt(acc_new + epsilon)
        g = g / gradient_scaling
        updates.append((acc, acc_new))
        updates.append((p, p - lr * g))
    return updates


def model(X, w, w2, w3, w4, w_o, p_drop_conv, p_drop_hidden):
    l1 = dropout(max_pool_2d(rectify(conv2d(X, w, border_mode='full')), (2, 2),
                             ignore_border=False), p_drop_conv)
    l2 = dropout(max_pool_2d(rectify(conv2d(l1, w2)), (2, 2), ignore_border=False),
                 p_drop_conv)
    l3b = max_pool_2d(rectify(conv2d(l2, w3)), (2, 2), ignore_border=False)
    l3 = dropout(T.flatten(l3b, outdim=2), p_drop_conv)
    l4 = dropout(rectify(T.dot(l3, w4)), p_drop_hidden)
    return softmax(T.dot(l4, w_o))


def theanox_step():
    X, Y = T.ftensor4(), T.fmatrix()
    params = [init_weights(s) for s in [(32, 1, 3, 3), (64, 32, 3, 3), (128, 64, 3, 3),
                                        (128 * 3 * 3, 625), (625, 10)]]
    py_x = model(X, *params, p_drop_conv=0.2, p_drop_hidden=0.5)
    cost = T.mean(T.nnet.categorical_crossentropy(py_x, Y))
    train = theano.function([X, Y], cost, updates=RMSprop(cost, params),
                            allow_input_downcast=True)
    return lambda x, y: train(x, y)


def jax_step():
    """Returns the same step written directly in JAX (NHWC convs, reshape max-pool)."""
    import jax
    import jax.numpy as jnp
    from jax import lax

    def conv(x, w, pad):
        return lax.conv_general_dilated(x, w, (1, 1), [(pad, pad)] * 2,
                                        dimension_numbers=("NHWC", "HWIO", "NHWC"))

    def pool(x):
        n, h, w, c = x.shape
        ph, pw = -h % 2, -w % 2
        x = jnp.pad(x, ((0, 0), (0, ph), (0, pw), (0, 0)), constant_values=-jnp.inf)
        return x.reshape(n, (h + ph) // 2, 2, (w + pw) // 2, 2, c).max(axis=(2, 4))

    def drop(key, x, p):
        return x * jax.random.bernoulli(key, 1 - p, x.shape) / (1 - p)

    def loss(ps, x, y, key):
        k = jax.random.split(key, 5)
        w, w2, w3, w4, wo = ps
        h = drop(k[0], pool(jax.nn.relu(conv(x, w, 2))), 0.2)
        h = drop(k[1], pool(jax.nn.relu(conv(h, w2, 0))), 0.2)
        h = pool(jax.nn.relu(conv(h, w3, 0)))
        h = drop(k[2], jnp.transpose(h, (0, 3, 1, 2)).reshape(x.shape[0], -1), 0.2)
        h = drop(k[3], jax.nn.relu(h @ w4), 0.5)
        return -jnp.mean(jnp.sum(y * jax.nn.log_softmax(h @ wo), axis=1))

    @jax.jit
    def step(ps, accs, x, y, key):
        key, sub = jax.random.split(key)
        c, gs = jax.value_and_grad(loss)(ps, jnp.transpose(x, (0, 2, 3, 1)), y, sub)
        accs = [0.9 * a + 0.1 * g ** 2 for a, g in zip(accs, gs)]
        ps = [p - 0.001 * g / jnp.sqrt(a + 1e-6) for p, g, a in zip(ps, gs, accs)]
        return ps, accs, key, c

    shapes = [(3, 3, 1, 32), (3, 3, 32, 64), (3, 3, 64, 128), (128 * 9, 625), (625, 10)]
    state = {"ps": [jnp.asarray(np.random.randn(*s) * 0.01, "float32") for s in shapes]}
    state["accs"] = [jnp.zeros_like(p) for p in state["ps"]]
    state["key"] = jax.random.PRNGKey(0)

    def run(x, y):
        state["ps"], state["accs"], state["key"], c = step(state["ps"], state["accs"], x, y,
                                                          state["key"])
        return np.asarray(c)
    return run


def timeit(step, x, y):
    """Returns (wall seconds, process CPU seconds) per step (CPU time is robust to a busy machine)."""
    step(x, y)                      # compile
    step(x, y)
    t, c = time.perf_counter(), time.process_time()
    for _ in range(STEPS):
        step(x, y)
    return (time.perf_counter() - t) / STEPS, (time.process_time() - c) / STEPS


if __name__ == "__main__":
    theano.config.floatX = "float32"
    x = np.random.rand(128, 1, 28, 28).astype("float32")
    y = np.eye(10, dtype="float32")[np.random.randint(0, 10, 128)]
    print("theanox CNN step (batch 128): %.4f s wall, %.4f s CPU" % timeit(theanox_step(), x, y))
    print("hand-written JAX step:        %.4f s wall, %.4f s CPU" % timeit(jax_step(), x, y))
    print("Theano 1.0.5 (recorded on this machine class): about 0.20 s")
