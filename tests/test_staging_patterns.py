"""Legacy staging patterns: Theano's truth rule for variables, and random draws through givens.

1. Theano 1.0.5 (theano/tensor/var.py, ``_tensor_py_operators``): every variable is
   truthy (``_is_nonzero = True``) except the result of the Python comparison
   operators ``<``, ``<=``, ``>``, ``>=``, whose ``__bool__`` raises
   ``TypeError("Variables do not support boolean operations.")`` so that a chained
   comparison ``a < b < c`` fails.  Calling T.lt / T.eq directly gives an ordinary,
   truthy variable (only the operator methods set ``_is_nonzero = False``).

2. A draw whose size is a runtime shape, e.g. the denoising autoencoder's
   ``srng.binomial(size=x.shape, ...)`` where ``x`` is replaced through ``givens``:
   the givens apply to the stream's default update too (Theano's
   rebuild_collect_shared clones default updates with the givens memo).

Every value is checked against NumPy or hand-computed numbers.
"""
import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox.sandbox.rng_mrg import MRG_RandomStreams
from theanox.tensor.shared_randomstreams import RandomStreams

STREAMS = [RandomStreams, MRG_RandomStreams]
FLOATX = theano.config.floatX
MESSAGE = "Variables do not support boolean operations."


def _tol():
    return dict(rtol=1e-4, atol=1e-5) if FLOATX == "float32" else dict(rtol=1e-9, atol=1e-12)


# --------------------------------------------------------------------------
# 1. Truth values
# --------------------------------------------------------------------------

class HiddenLayer:
    """The tutorial pattern: an optional shared weight tested with ``if not W``."""

    def __init__(self, n_in, n_out, W=None, b=None):
        if not W:
            W = theano.shared(np.full((n_in, n_out), 0.5, dtype=FLOATX), name="W")
        if not b:
            b = theano.shared(np.zeros((n_out,), dtype=FLOATX), name="b")
        self.W, self.b = W, b


def test_shared_variables_are_truthy_whatever_their_value():
    zero = theano.shared(np.asarray(0.0, dtype=FLOATX))
    empty = theano.shared(np.zeros((0, 3), dtype=FLOATX))
    scalar_zero = theano.shared(0)
    for v in (zero, empty, scalar_zero):
        assert bool(v) is True
        assert (not v) is False


def test_if_not_W_keeps_a_given_shared_variable():
    W = theano.shared(np.zeros((3, 2), dtype=FLOATX), name="W_given")   # all zeros
    layer = HiddenLayer(3, 2, W=W)
    assert layer.W is W
    fresh = HiddenLayer(3, 2)
    np.testing.assert_array_equal(fresh.W.get_value(), np.full((3, 2), 0.5))
    np.testing.assert_array_equal(fresh.b.get_value(), np.zeros(2))
    # ``W or default`` picks W too.
    assert (W or "default") is W


def test_inputs_constants_and_expressions_are_truthy():
    x, y = T.matrix("x"), T.matrix("y")
    v = T.vector("v")
    exprs = [x, v, T.scalar("s"), T.constant(0), T.constant(np.zeros(3)),
             x + y, T.dot(x, y), x.sum(), v[1:], x.shape, x.shape[0],
             # Called as functions (not operators), Theano's comparisons are truthy.
             T.lt(x, y), T.gt(x, y), T.le(x, y), T.ge(x, y), T.eq(x, y), T.neq(x, y),
             # Combining comparisons with & / | is the supported spelling.
             (x < y) & (y < 1.0), (x > 0) | (y > 0), ~(x < y)]
    for e in exprs:
        assert bool(e) is True, e


def test_len_based_truthiness_does_not_interfere():
    # __len__ raises for a symbolic variable; truthiness must not consult it.
    v = T.vector("v")
    with pytest.raises(TypeError):
        len(v)
    assert bool(v) is True
    assert bool(theano.shared(np.arange(3.0))) is True


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
def test_comparison_operator_results_refuse_truth(op):
    x, y = T.vector("x"), T.vector("y")
    r = {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]
    with pytest.raises(TypeError) as e:
        bool(r)
    assert str(e.value) == MESSAGE
    with pytest.raises(TypeError, match=MESSAGE):
        if r:
            pass
    with pytest.raises(TypeError, match=MESSAGE):
        not r
    # A Python number on the left goes through the reflected operator.
    with pytest.raises(TypeError, match=MESSAGE):
        bool(0 < x)


def test_chained_comparison_raises():
    a, b, c = T.scalar("a"), T.scalar("b"), T.scalar("c")
    with pytest.raises(TypeError, match=MESSAGE):
        a < b < c
    with pytest.raises(TypeError, match=MESSAGE):
        0 <= a < 1


def test_comparison_results_still_compute():
    x, y = T.vector("x"), T.vector("y")
    f = theano.function([x, y], [T.switch(x < y, x, y), (x >= 0) & (y <= 1)])
    xv = np.asarray([-1.0, 2.0, 3.0, 0.5], dtype=FLOATX)
    yv = np.asarray([0.0, 1.0, 4.0, 2.0], dtype=FLOATX)
    lo, both = f(xv, yv)
    np.testing.assert_array_equal(lo, [-1.0, 1.0, 3.0, 0.5])
    np.testing.assert_array_equal(both.astype(bool), [False, True, False, False])


def test_python_eq_is_identity_as_in_theano():
    # Theano does not overload == on variables: it is Python identity.
    x, y = T.vector("x"), T.vector("y")
    assert (x == x) is True and (x == y) is False and (x != y) is True


# --------------------------------------------------------------------------
# 2. Random draws through givens
# --------------------------------------------------------------------------

def _data(n_rows, n_cols, seed=0):
    rng = np.random.RandomState(seed)
    return rng.rand(n_rows, n_cols).astype(FLOATX)


def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


@pytest.mark.parametrize("Stream", STREAMS)
def test_issue_snippet_masked_sum(Stream):
    values = _data(50, 3)
    data = theano.shared(values)
    index, x = T.lscalar(), T.matrix("x")
    srng = Stream(seed=1)
    mask = srng.binomial(size=x.shape, n=1, p=0.7, dtype=FLOATX)
    f = theano.function([index], [(x * mask).sum(), mask],
                        givens={x: data[index * 10:(index + 1) * 10]})
    for i in (0, 3, 4):
        total, m = f(i)
        assert m.shape == (10, 3)
        np.testing.assert_allclose(total, (values[i * 10:(i + 1) * 10] * m).sum(), **_tol())


@pytest.mark.parametrize("Stream", STREAMS)
def test_denoising_autoencoder_training_step(Stream):
    """The dA tutorial: corrupt x drawn through givens, tied weights, SGD on the cost.

    The reference redoes the step in NumPy with the mask the function returns:
    cost, hand-derived gradients and the updated parameters.
    """
    n_visible, n_hidden, batch, lr, corruption = 6, 4, 8, 0.1, 0.3
    train = _data(20, n_visible, seed=1)          # 20 rows: batches of 8, 8 and 4
    rng = np.random.RandomState(2)
    W0 = rng.uniform(-0.5, 0.5, (n_visible, n_hidden)).astype(FLOATX)
    b0 = rng.uniform(-0.1, 0.1, n_hidden).astype(FLOATX)
    bp0 = rng.uniform(-0.1, 0.1, n_visible).astype(FLOATX)

    train_set_x = theano.shared(train)
    W, b, b_prime = theano.shared(W0), theano.shared(b0), theano.shared(bp0)
    index, x = T.lscalar("index"), T.matrix("x")
    srng = Stream(seed=7)
    mask = srng.binomial(size=x.shape, n=1, p=1 - corruption, dtype=FLOATX)
    tilde_x = x * mask
    y = T.nnet.sigmoid(T.dot(tilde_x, W) + b)
    z = T.nnet.sigmoid(T.dot(y, W.T) + b_prime)
    cost = T.mean(-T.sum(x * T.log(z) + (1 - x) * T.log(1 - z), axis=1))
    params = [W, b, b_prime]
    grads = T.grad(cost, params)
    step = theano.function(
        [index], [cost, mask],
        updates=[(p, p - lr * g) for p, g in zip(params, grads)],
        givens={x: train_set_x[index * batch:(index + 1) * batch]})

    Wn, bn, bpn = W0.astype("float64"), b0.astype("float64"), bp0.astype("float64")
    masks = []
    for i in (0, 1, 2, 0):
        c, m = step(i)
        xb = train[i * batch:(i + 1) * batch].astype("float64")
        assert m.shape == xb.shape
        assert set(np.unique(m)) <= {0.0, 1.0}
        masks.append(m)
        # NumPy forward pass and hand-derived backward pass.
        tx = xb * m
        h = _sigmoid(tx @ Wn + bn)
        zz = _sigmoid(h @ Wn.T + bpn)
        want_cost = np.mean(-np.sum(xb * np.log(zz) + (1 - xb) * np.log(1 - zz), axis=1))
        np.testing.assert_allclose(c, want_cost, **_tol())
        d2 = (zz - xb) / xb.shape[0]                 # d cost / d (h W^T + b')
        d1 = (d2 @ Wn) * h * (1 - h)                 # d cost / d (tx W + b)
        gW = tx.T @ d1 + d2.T @ h
        Wn, bn, bpn = Wn - lr * gW, bn - lr * d1.sum(0), bpn - lr * d2.sum(0)
        np.testing.assert_allclose(W.get_value(), Wn, **_tol())
        np.testing.assert_allclose(b.get_value(), bn, **_tol())
        np.testing.assert_allclose(b_prime.get_value(), bpn, **_tol())
    # The batch 0 mask differs between the first and the last step: the stream advanced.
    assert not np.array_equal(masks[0], masks[3])


@pytest.mark.parametrize("Stream", STREAMS)
def test_mask_shape_follows_the_index(Stream):
    data = theano.shared(_data(23, 5))
    index, x = T.lscalar(), T.matrix("x")
    mask = Stream(seed=3).binomial(size=x.shape, n=1, p=0.5, dtype=FLOATX)
    f = theano.function([index], mask, givens={x: data[index * 10:(index + 1) * 10]})
    # 23 rows in batches of 10: 10, 10, then 3.
    assert [f(i).shape for i in (0, 1, 2, 1)] == [(10, 5), (10, 5), (3, 5), (10, 5)]


@pytest.mark.parametrize("Stream", STREAMS)
def test_mask_frequency_and_stream_advance(Stream):
    p, rows, cols, calls = 0.7, 40, 25, 20
    data = theano.shared(_data(2 * rows, cols))
    index, x = T.lscalar(), T.matrix("x")
    mask = Stream(seed=11).binomial(size=x.shape, n=1, p=p, dtype=FLOATX)
    f = theano.function([index], mask, givens={x: data[index * rows:(index + 1) * rows]})
    draws = [f(k % 2) for k in range(calls)]
    for a, b in zip(draws, draws[1:]):
        assert not np.array_equal(a, b)            # each call advances the stream
    allv = np.concatenate([d.ravel() for d in draws])
    assert set(np.unique(allv)) == {0.0, 1.0}
    n = allv.size
    assert abs(allv.mean() - p) < 5 * np.sqrt(p * (1 - p) / n), allv.mean()


@pytest.mark.parametrize("Stream", STREAMS)
def test_no_default_updates_with_givens(Stream):
    data = theano.shared(_data(20, 4))
    index, x = T.lscalar(), T.matrix("x")
    srng = Stream(seed=5)
    mask = srng.binomial(size=x.shape, n=1, p=0.5, dtype=FLOATX)
    key = srng.state_updates[-1][0]
    givens = {x: data[index * 10:(index + 1) * 10]}
    frozen = theano.function([index], mask, givens=givens, no_default_updates=True)
    np.testing.assert_array_equal(frozen(0), frozen(0))
    listed = theano.function([index], mask, givens=givens, no_default_updates=[key])
    np.testing.assert_array_equal(listed(1), listed(1))
    before = key.get_value()
    frozen(0)
    listed(0)
    np.testing.assert_array_equal(key.get_value(), before)
    moving = theano.function([index], mask, givens=givens)
    a, b = moving(0), moving(0)
    assert not np.array_equal(a, b)
    assert not np.array_equal(key.get_value(), before)


@pytest.mark.parametrize("Stream", STREAMS)
def test_explicit_updates_get_the_givens(Stream):
    values = _data(30, 3)
    data = theano.shared(values)
    acc = theano.shared(np.asarray(0.0, dtype=FLOATX))
    index, x = T.lscalar(), T.matrix("x")
    srng = Stream(seed=9)
    mask = srng.binomial(size=x.shape, n=1, p=0.5, dtype=FLOATX)
    # The stream's own update given explicitly (srng.updates()), plus an accumulator.
    f = theano.function([index], mask, givens={x: data[index * 10:(index + 1) * 10]},
                        updates=[(acc, acc + x.sum())] + srng.updates())
    m0, m1 = f(0), f(0)
    assert m0.shape == (10, 3) and not np.array_equal(m0, m1)
    f(2)
    want = 2 * values[:10].sum() + values[20:30].sum()
    np.testing.assert_allclose(acc.get_value(), want, **_tol())


@pytest.mark.parametrize("Stream", STREAMS)
def test_vae_reparameterisation_draw(Stream):
    """VAE: eps ~ N(0, 1) of shape (L, mu.shape[0], n), mu computed from a givens input."""
    L, n_in, n_lat, batch = 5, 6, 20, 40
    values = _data(3 * batch, n_in, seed=4)
    rng = np.random.RandomState(5)
    Wmu = rng.randn(n_in, n_lat).astype(FLOATX)
    Wls = (0.1 * rng.randn(n_in, n_lat)).astype(FLOATX)
    data = theano.shared(values)
    index, x = T.lscalar(), T.matrix("x")
    mu = T.dot(x, theano.shared(Wmu))
    log_sigma = T.dot(x, theano.shared(Wls))
    srng = Stream(seed=13)
    eps = srng.normal((L, mu.shape[0], n_lat))
    z = mu.dimshuffle("x", 0, 1) + T.exp(log_sigma).dimshuffle("x", 0, 1) * eps
    f = theano.function([index], [z, eps], givens={x: data[index * batch:(index + 1) * batch]})
    epss = []
    for i in (0, 1, 2):
        zv, ev = f(i)
        assert ev.shape == (L, batch, n_lat) and zv.shape == (L, batch, n_lat)
        xb = values[i * batch:(i + 1) * batch].astype("float64")
        want = (xb @ Wmu)[None] + np.exp(xb @ Wls)[None] * ev
        np.testing.assert_allclose(zv, want, rtol=1e-4 if FLOATX == "float32" else 1e-9,
                                   atol=1e-4 if FLOATX == "float32" else 1e-9)
        epss.append(ev)
    assert not np.array_equal(epss[0], epss[1])
    allv = np.concatenate([e.ravel() for e in epss])
    assert abs(allv.mean()) < 5 / np.sqrt(allv.size), allv.mean()
    assert abs(allv.std() - 1.0) < 0.05, allv.std()


@pytest.mark.parametrize("Stream", STREAMS)
def test_column_draw_keeps_its_broadcast_pattern_through_givens(Stream):
    # size (x.shape[0], 1): a column whose rows follow the replaced x.
    values = _data(20, 3)
    data = theano.shared(values)
    index, x = T.lscalar(), T.matrix("x")
    col = Stream(seed=2).binomial(size=(x.shape[0], 1), n=1, p=0.5, dtype=FLOATX)
    assert col.broadcastable == (False, True)
    replaced = theano.clone(col, replace={x: T.matrix("other")})
    assert replaced.broadcastable == (False, True)
    f = theano.function([index], [x * col, col], givens={x: data[index * 10:(index + 1) * 10]})
    out, c = f(1)
    assert c.shape == (10, 1)
    np.testing.assert_allclose(out, values[10:20] * c, **_tol())
