"""ifelse conditions computed from scalar inputs are host values (compile/staging.py).

Each executable then holds only the taken branch; when the taken branch is an
input, the call returns a copy of it without XLA (tested with the seed's switch in
test_switch_host.py).  Expected values come from
NumPy on the same data; gradients are the hand-derived ones.
"""
import sys

import numpy as np
import pytest
from unaligned import unaligned

import theanox as theano
import theanox.tensor as T
from theanox.ifelse import ifelse

function_module = sys.modules["theanox.function"]    # the module, not theanox.function()

ROWS, COLS = 600, 300            # 720 kB float32: above the alignment threshold


def _data(seed=0):
    rng = np.random.RandomState(seed)
    x = rng.rand(ROWS, COLS).astype(np.float32)
    y = rng.rand(ROWS, COLS).astype(np.float32)
    return unaligned(x), unaligned(y)


def _seed_function():
    a, b = T.fscalars("a", "b")
    x, y = T.fmatrices("x", "y")
    return theano.function([a, b, x, y], ifelse(T.lt(a, b), x, y))


def test_only_the_taken_branch_is_aligned(monkeypatch):
    calls = []
    real = function_module._aligned

    def counting(a):
        calls.append(a.shape)
        return real(a)
    monkeypatch.setattr(function_module, "_aligned", counting)
    a = T.fscalar("a")
    x, y = T.fmatrices("x", "y")
    g = theano.function([a, x, y], ifelse(a, x * 2, y + 1))
    f = _seed_function()
    xv, yv = _data(1)
    f(np.float32(0), np.float32(1), xv, yv)
    assert calls == []                              # returned directly: no copy at all
    np.testing.assert_allclose(g(np.float32(1), xv, yv), xv * 2)
    assert len(calls) == 1                          # x only; y is not imported
    np.testing.assert_allclose(g(np.float32(0), xv, yv), yv + 1)
    assert len(calls) == 2


@pytest.mark.parametrize("dtype, values", [
    ("int32", [0, 1, 5, -3, 0, 2]),
    ("float32", [0.0, 0.5, -2.0, 0.0, np.nan, 1e-30]),
    ("int8", [1, 0, 1, 0]),
])
def test_condition_of_any_dtype_at_most_two_executables(dtype, values):
    c = T.scalar("c", dtype=dtype)
    x, y = T.fmatrices("x", "y")
    f = theano.function([c, x, y], ifelse(c, T.exp(x), y * 3))
    xv, yv = _data(2)
    for v in values:
        got = f(np.asarray(v, dtype), xv, yv)
        want = np.exp(xv) if v != 0 else yv * 3        # NaN != 0: the then branch
        np.testing.assert_allclose(got, want, rtol=1e-6)
    assert f.compile_count == 2


def test_one_branch_used_compiles_once():
    c = T.iscalar("c")
    x, y = T.fmatrices("x", "y")
    f = theano.function([c, x, y], ifelse(c, x + y, x - y))
    xv, yv = _data(3)
    for v in (1, 2, 3, 7):
        np.testing.assert_allclose(f(np.int32(v), xv, yv), xv + yv)
    assert f.compile_count == 1


def test_condition_read_elsewhere_keeps_its_value():
    a = T.fscalar("a")
    x, y = T.fmatrices("x", "y")
    f = theano.function([a, x, y], [ifelse(a, x, y) * a, a * 2])
    xv, yv = _data(4)
    out, twice = f(np.float32(2.5), xv, yv)
    np.testing.assert_allclose(out, xv * np.float32(2.5))
    assert twice == np.float32(5.0)
    out, twice = f(np.float32(0.0), xv, yv)
    np.testing.assert_array_equal(out, yv * 0)
    assert twice == 0.0


def test_untaken_branch_errors_are_not_raised():
    # A shape error only in the else branch: Theano evaluates lazily and raises only
    # when that branch is taken.
    c = T.iscalar("c")
    x, z = T.fmatrices("x", "z")
    f = theano.function([c, x, z], ifelse(c, x * 2, T.dot(x, z)))
    xv = np.ones((3, 4), np.float32)
    zv = np.ones((5, 2), np.float32)                # (3,4) . (5,2): mismatched
    np.testing.assert_array_equal(f(np.int32(1), xv, zv), xv * 2)
    with pytest.raises(ValueError):
        f(np.int32(0), xv, zv)


def test_updates_in_both_branches():
    c = T.iscalar("c")
    x = T.fmatrix("x")
    s = theano.shared(np.zeros((ROWS, COLS), np.float32))
    f = theano.function([c, x], ifelse(c, x, x * 0), updates=[(s, ifelse(c, s + x, s))])
    xv, _ = _data(5)
    want = np.zeros_like(xv)
    for v in (1, 0, 1, 1, 0):
        out = f(np.int32(v), xv)
        if v:
            want = want + xv
        np.testing.assert_array_equal(out, xv if v else xv * 0)
        np.testing.assert_allclose(s.get_value(), want, rtol=1e-6)
    assert f.compile_count <= 2


def test_gradients_through_host_ifelse():
    c = T.iscalar("c")
    x, y = T.fmatrices("x", "y")
    w = theano.shared(np.float32(1.5))
    cost = ifelse(c, x * w, y * w * w).sum()
    f = theano.function([c, x, y], T.grad(cost, [w, x, y]))
    xv, yv = _data(6)
    gw, gx, gy = f(np.int32(1), xv, yv)
    np.testing.assert_allclose(gw, xv.sum(dtype=np.float64), rtol=1e-4)
    np.testing.assert_array_equal(gx, np.full_like(xv, 1.5))
    np.testing.assert_array_equal(gy, np.zeros_like(yv))
    gw, gx, gy = f(np.int32(0), xv, yv)
    np.testing.assert_allclose(gw, 2 * 1.5 * yv.sum(dtype=np.float64), rtol=1e-4)
    np.testing.assert_array_equal(gx, np.zeros_like(xv))
    np.testing.assert_array_equal(gy, np.full_like(yv, 2.25))


def test_several_outputs_swapped_and_repeated():
    c = T.iscalar("c")
    x, y = T.fmatrices("x", "y")
    f = theano.function([c, x, y], ifelse(c, [x, y, x], [y, x, y]))
    xv, yv = _data(7)
    p, q, r = f(np.int32(1), xv, yv)
    np.testing.assert_array_equal(p, xv)
    np.testing.assert_array_equal(q, yv)
    p[:] = 0
    np.testing.assert_array_equal(r, xv)            # the same input, two arrays
    p, q, r = f(np.int32(0), xv, yv)
    np.testing.assert_array_equal(p, yv)
    np.testing.assert_array_equal(q, xv)
    assert f.compile_count == 0


def test_borrowed_output_and_shared_condition_still_right():
    x, y = T.fmatrices("x", "y")
    flag = theano.shared(np.int32(1))
    f = theano.function([x, y], theano.Out(ifelse(flag, x, y), borrow=True))
    xv, yv = _data(8)
    np.testing.assert_array_equal(f(xv, yv), xv)
    flag.set_value(np.int32(0))
    np.testing.assert_array_equal(f(xv, yv), yv)
    a = T.fscalar("a")
    g = theano.function([a, x, y], theano.Out(ifelse(a, x, y), borrow=True))
    np.testing.assert_array_equal(g(np.float32(1), xv, yv), xv)
    np.testing.assert_array_equal(g(np.float32(0), xv, yv), yv)
