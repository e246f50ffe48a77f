"""``T.switch(c, x, y)`` with a 0-d condition computed from scalar inputs (the seed's
switch-vs-ifelse lesson) is decided on the host (compile/staging.py, ``branch_condition``).

The result is then one operand whole: the other is neither aligned nor imported, and
a taken operand that is an input comes back as one copy without XLA.  Theano's switch
evaluates both operands, so its errors stay: operands of different shapes still
raise Theano's ValueError.  Expected values come from ``np.where`` on the same data;
gradients are the hand-derived ones (ones where the operand is taken, else zeros).
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


def _data(seed=0, dtype=np.float32):
    rng = np.random.RandomState(seed)
    return (unaligned(rng.rand(ROWS, COLS).astype(dtype)),
            unaligned(rng.rand(ROWS, COLS).astype(dtype)))


def _seed_function(kind):
    a, b = T.fscalars("a", "b")
    x, y = T.fmatrices("x", "y")
    choose = ifelse if kind == "ifelse" else T.switch
    return theano.function([a, b, x, y], choose(T.lt(a, b), x, y))


@pytest.mark.parametrize("kind", ["ifelse", "switch"])
def test_seed_returns_a_copy_of_the_taken_input_without_xla(kind, monkeypatch):
    calls = []
    real = function_module._aligned
    monkeypatch.setattr(function_module, "_aligned", lambda a: calls.append(a) or real(a))
    f = _seed_function(kind)
    x, y = _data()
    keep_x, keep_y = x.copy(), y.copy()
    for _ in range(2):
        then = f(np.float32(0), np.float32(1), x, y)
        other = f(np.float32(1), np.float32(0), x, y)
        np.testing.assert_array_equal(then, np.where(0 < 1, keep_x, keep_y))
        np.testing.assert_array_equal(other, np.where(1 < 0, keep_x, keep_y))
    assert f.compile_count == 0 and calls == []     # no XLA, no aligned copy
    assert then.dtype == np.float32 and then.flags.writeable
    then[:] = -1.0
    other[:] = -2.0
    np.testing.assert_array_equal(x, keep_x)        # the caller's arrays are untouched
    np.testing.assert_array_equal(y, keep_y)
    x[:] = 5.0
    np.testing.assert_array_equal(then, -1.0)       # and the result is not a view of them


@pytest.mark.parametrize("forwarded", [True, False])
def test_operands_of_different_shapes_raise_theanos_error(forwarded):
    a, b = T.fscalars("a", "b")
    x, y = T.fmatrices("x", "y")
    z = T.switch(T.lt(a, b), x, y)
    f = theano.function([a, b, x, y], z if forwarded else z * 2)
    xv = np.ones((3, 4), np.float32)
    yv = np.ones((3, 5), np.float32)
    with pytest.raises(ValueError, match=r"Input dimension mis-match.*\n(.*\n)*.*\(3, 5\)"):
        f(np.float32(0), np.float32(1), xv, yv)      # the untaken y's shape is checked
    with pytest.raises(ValueError, match="Input dimension mis-match"):
        f(np.float32(1), np.float32(0), xv, yv)


@pytest.mark.parametrize("dtype, values", [
    ("int32", [0, 1, 5, -3, 0, 2]),
    ("float32", [0.0, 0.5, -2.0, 0.0, np.nan, 1e-30]),
    ("bool", [True, False, True]),
])
def test_condition_of_any_dtype_at_most_two_executables(dtype, values):
    c = T.scalar("c", dtype=dtype)
    x, y = T.fmatrices("x", "y")
    f = theano.function([c, x, y], T.switch(c, T.exp(x), y * 3).sum(axis=0))
    xv, yv = _data(2)
    for v in values:
        got = f(np.asarray(v, dtype), xv, yv)
        want = np.where(np.asarray(v, dtype), np.exp(xv), yv * 3).sum(axis=0)
        np.testing.assert_allclose(got, want, rtol=1e-5)
    assert f.compile_count == 2


def test_only_the_taken_operand_is_aligned(monkeypatch):
    calls = []
    real = function_module._aligned
    monkeypatch.setattr(function_module, "_aligned", lambda a: calls.append(a) or real(a))
    c = T.iscalar("c")
    x, y = T.fmatrices("x", "y")
    f = theano.function([c, x, y], T.switch(c, x * 2, y + 1))
    xv, yv = _data(1)
    np.testing.assert_allclose(f(np.int32(1), xv, yv), xv * 2)
    assert [a.shape for a in calls] == [xv.shape]    # y is neither copied nor imported
    np.testing.assert_allclose(f(np.int32(0), xv, yv), yv + 1)
    assert len(calls) == 2


def test_mixed_dtypes_and_broadcasting_follow_np_where():
    c = T.iscalar("c")
    x = T.frow("x")
    y = T.dmatrix("y")
    f = theano.function([c, x, y], T.switch(c, x, y))
    rng = np.random.RandomState(4)
    xv = rng.rand(1, 5).astype(np.float32)
    yv = rng.rand(3, 5)
    for v in (0, 1):
        got = f(np.int32(v), xv, yv)
        want = np.where(v, xv, yv)
        assert got.dtype == np.float64 and got.shape == (3, 5)
        np.testing.assert_array_equal(got, want)


def test_gradients_through_a_host_switch():
    a, b = T.fscalars("a", "b")
    x, y = T.fmatrices("x", "y")
    z = T.switch(T.lt(a, b), x, y)
    cost = (z * z).sum()
    f = theano.function([a, b, x, y], T.grad(cost, [x, y]))
    xv, yv = _data(5)
    gx, gy = f(np.float32(0), np.float32(1), xv, yv)   # x taken: d/dx = 2x, d/dy = 0
    np.testing.assert_allclose(gx, 2 * xv, rtol=1e-6)
    np.testing.assert_array_equal(gy, np.zeros_like(yv))
    gx, gy = f(np.float32(1), np.float32(0), xv, yv)
    np.testing.assert_array_equal(gx, np.zeros_like(xv))
    np.testing.assert_allclose(gy, 2 * yv, rtol=1e-6)


def test_updates_and_shared_operands():
    c = T.iscalar("c")
    s = theano.shared(np.arange(6.0).reshape(2, 3))
    x = T.dmatrix("x")
    f = theano.function([c, x], T.switch(c, s, x).sum(), updates=[(s, T.switch(c, s + x, s - x))])
    xv = np.full((2, 3), 0.5)
    want_s = np.arange(6.0).reshape(2, 3)
    for v in (1, 0, 1, 1, 0):
        got = f(np.int32(v), xv)
        np.testing.assert_allclose(got, np.where(v, want_s, xv).sum())
        want_s = np.where(v, want_s + xv, want_s - xv)
        np.testing.assert_allclose(s.get_value(), want_s)
    assert f.compile_count == 2


def test_scalar_switches_and_shared_conditions_are_not_host_branches():
    c = T.dscalar("c")
    k = theano.shared(np.int32(1))
    x, y = T.dmatrices("x", "y")
    f = theano.function([c, x, y], [T.switch(T.gt(c, 0), c, -c), T.switch(k, x, y)])
    assert f._program.plan.branch_conditions == []
    xv, yv = np.ones((2, 2)), np.zeros((2, 2))
    r0, r1 = f(-2.0, xv, yv)
    assert r0 == 2.0
    np.testing.assert_array_equal(r1, xv)
    k.set_value(np.int32(0))
    np.testing.assert_array_equal(f(-2.0, xv, yv)[1], yv)


@pytest.mark.parametrize("mode", [None, "FAST_COMPILE", "DebugMode"])
def test_constant_operand_and_modes(mode):
    a = T.dscalar("a")
    x = T.dmatrix("x")
    f = theano.function([a, x], [T.switch(a > 0, x, 0), T.switch(a > 0, 2 * x, T.exp(x)).sum()],
                        mode=mode)
    xv = np.arange(6.0).reshape(2, 3)
    for v in (1.0, -1.0):
        got, total = f(v, xv)
        np.testing.assert_array_equal(got, np.where(v > 0, xv, 0.0))
        np.testing.assert_allclose(total, np.where(v > 0, 2 * xv, np.exp(xv)).sum())


def test_errors_of_the_other_operand_still_raise():
    # Theano's switch evaluates both operands, so a bad index in the one not returned
    # raises too (a host value decides which is returned, not which is computed).
    c = T.iscalar("c")
    x, y = T.dmatrices("x", "y")
    i = T.ivector("i")
    f = theano.function([c, x, y, i], T.switch(c, x, y[i]))
    xv, yv = np.ones((2, 3)), np.zeros((4, 3))
    np.testing.assert_array_equal(f(np.int32(1), xv, yv, np.array([0, 1], "int32")), xv)
    with pytest.raises(IndexError, match="index 9 is out of bounds"):
        f(np.int32(1), xv, yv, np.array([0, 9], "int32"))
