"""The weight gradient of ``dot(x, W)`` for a W with few columns (tensor/linalg.py).

Under a Grad's ``jax.vjp`` such a product computes its W-gradient as ``(g.T @ x).T``
(XLA's CPU backend runs ``x.T @ g`` 1.5-5x slower there).  The values must be what
the chain rule gives: every test compares with NumPy on the hand-derived gradient,
or with finite differences; and the forward-mode paths that cannot go through a
``custom_vjp`` (``T.Rop`` of a gradient, ``T.hessian``) must still work.
"""
import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox.tensor import linalg


@pytest.fixture
def narrow_calls(monkeypatch):
    """Counts products built with the narrow backward rule."""
    calls = []
    real = linalg._narrow_dot

    def counting():
        calls.append(1)
        return real()
    monkeypatch.setattr(linalg, "_narrow_dot", counting)
    return calls


def _softmax_grads(xv, yv, wv, bv):
    z = xv @ wv + bv
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    g = p.copy()
    g[np.arange(len(yv)), yv] -= 1.0
    g /= len(yv)
    return xv.T @ g, g.sum(axis=0)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("rows, classes", [(1, 10), (20, 10), (600, 10), (37, 2), (20, 16)])
def test_softmax_regression_weight_gradient_matches_numpy(dtype, rows, classes, narrow_calls):
    rng = np.random.RandomState(rows + classes)
    x = T.matrix("x", dtype=dtype)
    y = T.ivector("y")
    W = theano.shared(rng.randn(784, classes).astype(dtype) * 0.1)
    b = theano.shared(rng.randn(classes).astype(dtype) * 0.1)
    p = T.nnet.softmax(T.dot(x, W) + b)
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    f = theano.function([x, y], T.grad(cost, [W, b]))
    xv = rng.rand(rows, 784).astype(dtype)
    yv = rng.randint(0, classes, rows).astype("int32")
    gw, gb = f(xv, yv)
    want_w, want_b = _softmax_grads(xv.astype("float64"), yv, W.get_value().astype("float64"),
                                    b.get_value().astype("float64"))
    tol = 2e-5 if dtype == "float32" else 1e-12
    np.testing.assert_allclose(gw, want_w, rtol=tol, atol=tol)
    np.testing.assert_allclose(gb, want_b, rtol=tol, atol=tol)
    assert narrow_calls                              # the narrow rule was used


def test_wide_products_keep_jaxs_rule(narrow_calls):
    x = T.dmatrix("x")
    W = theano.shared(np.ones((5, 17)))
    f = theano.function([x], T.grad(T.sum(T.dot(x, W) ** 2), W))
    xv = np.arange(15.0).reshape(3, 5)
    np.testing.assert_allclose(f(xv), 2 * xv.T @ (xv @ np.ones((5, 17))))
    assert not narrow_calls


def test_input_gradient_and_sgd_updates():
    rng = np.random.RandomState(3)
    x = T.dmatrix("x")
    W0 = rng.randn(6, 3)
    W = theano.shared(W0.copy())
    cost = T.sum(T.tanh(T.dot(x, W)))
    gx = T.grad(cost, x)
    f = theano.function([x], gx, updates=[(W, W - 0.5 * T.grad(cost, W))])
    xv = rng.randn(4, 6)
    d = 1 - np.tanh(xv @ W0) ** 2
    np.testing.assert_allclose(f(xv), d @ W0.T, rtol=1e-12)
    np.testing.assert_allclose(W.get_value(), W0 - 0.5 * xv.T @ d, rtol=1e-12)


def _quadratic():
    """cost = 0.5 * ||x W||^2: gradient A W, A = x.T x; Hessian-vector product A V."""
    rng = np.random.RandomState(5)
    xv = rng.randn(8, 6)
    x = T.dmatrix("x")
    W = T.dmatrix("W")
    cost = 0.5 * T.sum(T.dot(x, W) ** 2)
    return rng, xv, x, W, cost


def test_rop_of_a_gradient_hessian_vector_product(narrow_calls):
    rng, xv, x, W, cost = _quadratic()
    V = T.dmatrix("V")
    hv = T.Rop(T.grad(cost, W), W, V)
    f = theano.function([x, W, V], hv)
    wv, vv = rng.randn(6, 3), rng.randn(6, 3)
    np.testing.assert_allclose(f(xv, wv, vv), xv.T @ xv @ vv, rtol=1e-12)


def test_gradient_of_a_gradient(narrow_calls):
    rng, xv, x, W, cost = _quadratic()
    g = T.grad(cost, W)
    f = theano.function([x, W], T.grad(T.sum(g ** 2), W))
    wv = rng.randn(6, 3)
    a = xv.T @ xv
    np.testing.assert_allclose(f(xv, wv), 2 * a @ a @ wv, rtol=1e-10)
    assert narrow_calls


def test_hessian_through_a_narrow_product():
    rng = np.random.RandomState(6)
    x = T.dmatrix("x")
    w = T.dvector("w")
    cost = T.sum(T.dot(x, w.dimshuffle(0, "x")) ** 2)
    f = theano.function([x, w], T.hessian(cost, w))
    xv = rng.randn(7, 4)
    np.testing.assert_allclose(f(xv, rng.randn(4)), 2 * xv.T @ xv, rtol=1e-12)


def test_narrow_product_in_a_scan_against_finite_differences():
    rng = np.random.RandomState(7)
    W = T.dmatrix("W")
    h0 = T.dmatrix("h0")

    def step(h, W):
        return T.tanh(T.dot(h, W) + 0.1)
    hs, _ = theano.scan(step, outputs_info=h0, non_sequences=W, n_steps=3)
    cost = T.sum(hs[-1] ** 2)
    f = theano.function([h0, W], [cost, T.grad(cost, W)])
    h0v, wv = rng.randn(4, 3), rng.randn(3, 3) * 0.5
    _, g = f(h0v, wv)
    eps, num = 1e-6, np.zeros_like(wv)
    for i in np.ndindex(*wv.shape):
        d = np.zeros_like(wv)
        d[i] = eps
        num[i] = (f(h0v, wv + d)[0] - f(h0v, wv - d)[0]) / (2 * eps)
    np.testing.assert_allclose(g, num, rtol=1e-6, atol=1e-8)
