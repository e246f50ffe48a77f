"""Evaluating a call in tiles of rows (theanox/compile/tiling.py) when an intermediate is big.

References: the same computation in NumPy; a graph that mixes rows is never tiled."""
import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox.compile.tiling import separable_inputs
from theanox.tensor.nnet import conv2d
from theanox.tensor.signal.pool import pool_2d

RNG = np.random.RandomState(0)


def _np_conv_valid(x, w):
    # cross-correlation with the flipped kernel = Theano's conv2d (filter_flip=True)
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    wf = w[:, :, ::-1, ::-1]
    out = np.zeros((n, o, h - kh + 1, wd - kw + 1))
    for i in range(kh):
        for j in range(kw):
            out += np.einsum("nchw,oc->nohw", x[:, :, i:i + h - kh + 1, j:j + wd - kw + 1],
                             wf[:, :, i, j])
    return out


def _predict_graph():
    x = T.tensor4("x")
    w = theano.shared(RNG.randn(4, 2, 3, 3), name="w")
    v = theano.shared(RNG.randn(4 * 3 * 3, 5), name="v")
    h = pool_2d(T.maximum(conv2d(x, w), 0), (2, 2), ignore_border=True)
    z = T.dot(T.flatten(h, 2), v)
    return x, w, v, z


def _np_predict(xv, w, v):
    h = np.maximum(_np_conv_valid(xv, w), 0)
    n, c, hh, ww = h.shape
    h = h.reshape(n, c, hh // 2, 2, ww // 2, 2).max(axis=(3, 5))
    z = h.reshape(n, -1) @ v
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return p, p.argmax(axis=1)


@pytest.mark.parametrize("budget", [0.001, 256.0])   # tiles of a few rows; no tiling
def test_tiled_predict_matches_numpy(budget):
    x, w, v, z = _predict_graph()
    p = T.nnet.softmax(z)
    with theano.config.change_flags(tiling__budget=budget):
        f = theano.function([x], [p, T.argmax(p, axis=1)])
        xv = RNG.randn(23, 2, 8, 8)          # 23 rows: whole tiles and a remainder
        got_p, got_y = f(xv)
    ref_p, ref_y = _np_predict(xv, w.get_value(), v.get_value())
    np.testing.assert_allclose(got_p, ref_p, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(got_y, ref_y)


def test_tiling_happens_below_the_budget(monkeypatch):
    import jax
    tiles = []
    real_map = jax.lax.map
    monkeypatch.setattr(jax.lax, "map", lambda f, xs: tiles.append(xs[0].shape) or real_map(f, xs))
    x, w, v, z = _predict_graph()
    with theano.config.change_flags(tiling__budget=0.002):   # a row or two per tile
        f = theano.function([x], z)
        f(RNG.randn(23, 2, 8, 8))
    (k, rows, c, h, w_), = tiles                # k tiles of `rows` rows (then the rest)
    assert (c, h, w_) == (2, 8, 8) and k >= 11 and k * rows <= 23
    with theano.config.change_flags(tiling__budget=256.0):
        theano.function([x], z)(RNG.randn(23, 2, 8, 8))
    assert len(tiles) == 1


def test_graphs_mixing_rows_are_not_tiled():
    x, w, v, z = _predict_graph()
    assert separable_inputs([x, w, v], [z]) == {0}
    assert separable_inputs([x, w, v], [z - z.mean(axis=0)]) == set()     # batch statistics
    assert separable_inputs([x, w, v], [T.dot(z.T, z)]) == set()
    m = T.matrix("m")
    assert separable_inputs([m], [m + m[0]]) == set()                     # row 0 everywhere
    assert separable_inputs([m], [T.flatten(m, 1)]) == set()              # rows run together
    assert separable_inputs([m], [T.flatten(m.dimshuffle(0, 1, "x"), 2)]) == {0}
    # with a tiny budget the result is still the whole-batch one
    with theano.config.change_flags(tiling__budget=0.001):
        f = theano.function([x], z - z.mean(axis=0))
        xv = RNG.randn(9, 2, 8, 8)
        got = f(xv)
    ref = _np_predict(xv, w.get_value(), v.get_value())
    zr = np.maximum(_np_conv_valid(xv, w.get_value()), 0)
    zr = zr.reshape(9, 4, 3, 2, 3, 2).max(axis=(3, 5)).reshape(9, -1) @ v.get_value()
    np.testing.assert_allclose(got, zr - zr.mean(axis=0), rtol=1e-10, atol=1e-12)
    assert ref is not None


def test_run_time_checks_hold_in_every_tile():
    a, b = T.lmatrix("a"), T.lmatrix("b")
    with theano.config.change_flags(tiling__budget=0.00007):   # 2 rows (32 bytes each)
        f = theano.function([a, b], a // b)
        av = RNG.randint(-50, 50, size=(13, 4))
        bv = RNG.randint(1, 7, size=(13, 4))
        np.testing.assert_array_equal(f(av, bv), av // bv)
        for row in (2, 12):                      # in a tile, in the remainder
            bz = bv.copy()
            bz[row, 1] = 0
            with pytest.raises(ZeroDivisionError):
                f(av, bz)
