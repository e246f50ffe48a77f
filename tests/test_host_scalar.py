"""Scalar programs run on the host as NumPy code (theanox/compile/host_eval.py).

A function whose inputs, shared state and outputs are all 0-d runs, after its first
(jitted) call, as straight-line NumPy scalar code.  References: NumPy computations
written here and hand-computed values, never theanox itself.
"""
import warnings

import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T


def _linear_regression(dtype):
    with theano.config.change_flags(floatX=dtype):     # the constant 0.01 in floatX
        X, Y = T.scalar("x"), T.scalar("y")
        w = theano.shared(np.asarray(0., dtype=dtype), name="w")
        b = theano.shared(np.asarray(0., dtype=dtype), name="b")
        cost = T.mean(T.sqr(X * w + b - Y))
        gw, gb = T.grad(cost, [w, b])
        f = theano.function([X, Y], cost, updates=[(w, w - 0.01 * gw), (b, b - 0.01 * gb)],
                            allow_input_downcast=True)
    return f, w, b


def _numpy_linear_regression(pairs, dtype):
    t = np.dtype(dtype).type
    w = b = t(0)
    lr, two = t(0.01), t(2)
    costs = []
    for x, y in pairs:
        x, y = t(x), t(y)
        d = x * w + b - y
        costs.append(d * d)
        w, b = w - lr * (two * d * x), b - lr * (two * d)
    return costs, w, b


@pytest.mark.parametrize("dtype, rtol", [("float32", 1e-5), ("float64", 1e-12)])
def test_linear_regression_runs_on_the_host_with_numpy_numbers(dtype, rtol):
    f, w, b = _linear_regression(dtype)
    xs = np.linspace(-1, 1, 101)
    pairs = list(zip(xs, 2 * xs + 1 + np.sin(7 * xs)))
    costs = [f(x, y) for x, y in pairs]
    assert f._program._host_run is not None, "a scalar program should run on the host"
    want_costs, want_w, want_b = _numpy_linear_regression(pairs, dtype)
    np.testing.assert_allclose(np.array(costs, dtype=np.float64), want_costs, rtol=rtol)
    np.testing.assert_allclose(w.get_value(), want_w, rtol=rtol)
    np.testing.assert_allclose(b.get_value(), want_b, rtol=rtol)
    out = f(0.5, 1.0)
    assert isinstance(out, np.ndarray) and out.shape == () and out.dtype == dtype
    assert out.flags.writeable
    v = w.get_value()
    assert isinstance(v, np.ndarray) and v.dtype == dtype and v.shape == ()


def test_floating_point_exceptions_give_inf_and_nan_without_warnings():
    x = T.dscalar("x")
    f = theano.function([x], [1 / x, T.log(x), T.sqrt(x), T.exp(x)])
    f(1.0)                                          # the jitted first call
    assert f._program._host_run is not None
    before = np.geterr()
    with np.errstate(all="warn"), warnings.catch_warnings():
        warnings.simplefilter("error")
        inv, log, sqrt, exp = f(0.0)
        assert inv == np.inf and log == -np.inf and sqrt == 0 and exp == 1
        inv, log, sqrt, exp = f(-1.0)
        assert inv == -1 and np.isnan(log) and np.isnan(sqrt)
        assert f(1000.0)[3] == np.inf
        with pytest.warns(RuntimeWarning):          # NumPy's own setting still applies
            np.float64(1.0) / np.float64(0.0)
    assert np.geterr() == before                     # NumPy's own setting is untouched


def test_comparisons_switch_and_integers_on_the_host():
    a, b = T.lscalars("a", "b")
    x = T.dscalar("x")
    f = theano.function([a, b, x], [T.switch(T.lt(a, b), x * 2, -x), a * b + 3,
                                    T.maximum(a, b), abs(x)])
    f(1, 2, 1.5)
    assert f._program._host_run is not None
    for av, bv, xv in [(1, 2, 1.5), (5, -3, -2.25), (0, 0, 0.0)]:
        got = f(av, bv, xv)
        want = [xv * 2 if av < bv else -xv, av * bv + 3, max(av, bv), abs(xv)]
        for g, w_ in zip(got, want):
            assert g == w_
        assert got[1].dtype == np.int64 and got[0].dtype == np.float64


def test_integer_division_stays_on_xla():
    a, b = T.lscalars("a", "b")
    f = theano.function([a, b], [a // b, a % b])
    assert [int(v) for v in f(-7, 2)] == [-4, 1]          # Python's floor rules (Theano's)
    assert f._program._host_run is None
    assert [int(v) for v in f(7, -2)] == [-4, -1]


def test_non_scalar_programs_stay_on_xla():
    v = T.dvector("v")
    f = theano.function([v], v.sum())
    assert f(np.arange(4.0)) == 6
    assert f._program._host_run is None


def test_state_moves_between_host_and_xla_programs():
    s = theano.shared(np.asarray(1.0), name="s")
    v = T.dvector("v")
    x = T.dscalar("x")
    scalar_step = theano.function([x], s, updates=[(s, s * x)])
    vector_step = theano.function([v], (v * s).sum(), updates=[(s, s + 1)])
    scalar_step(2.0)                                 # s = 2 (jitted first call)
    assert scalar_step(3.0) == 2.0                   # host: returns old s, s = 6
    assert scalar_step._program._host_run is not None
    assert vector_step(np.array([1.0, 2.0])) == 18.0  # XLA reads the host's s; s = 7
    assert scalar_step(0.5) == 7.0                   # host reads XLA's s; s = 3.5
    assert s.get_value() == 3.5
    s.set_value(10.0)
    assert scalar_step(1.0) == 10.0 and vector_step(np.array([1.0])) == 10.0
    assert s.get_value() == 11.0


def test_a_refused_input_changes_no_state_on_the_host_path():
    f, w, b = _linear_regression("float64")
    f(0.5, 1.0)
    f(0.25, 2.0)
    before = (w.get_value(), b.get_value())
    with pytest.raises(ValueError):                 # np.asarray's, as in Theano
        f("not a number", 1.0)
    with pytest.raises(TypeError):
        f(np.ones(3), 1.0)
    assert (w.get_value(), b.get_value()) == before


def test_trusted_inputs_are_cast_to_the_declared_dtype():
    x = T.fscalar("x")
    f = theano.function([x], x * 3)
    f(np.float32(1))
    f.trust_input = True
    out = f(0.1)                                     # a Python float, trusted
    assert out.dtype == np.float32 and out == np.float32(0.1) * np.float32(3)
