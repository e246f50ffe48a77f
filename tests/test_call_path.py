"""The per-call path of a compiled function: no retracing, checks, atomic updates, donation.

References are NumPy computations and hand-computed values, never theanox itself.
"""
import warnings

import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T


@pytest.fixture
def compile_events():
    """Returns a list that receives one entry per XLA backend compilation."""
    import jax.monitoring as monitoring
    events = []

    def listener(name, secs, **kwargs):
        if name == "/jax/core/compile/backend_compile_duration":
            events.append(secs)
    monitoring.register_event_duration_secs_listener(listener)
    yield events
    monitoring.unregister_event_duration_listener(listener)


def _linear_regression():
    X, Y = T.dscalar("x"), T.dscalar("y")
    w = theano.shared(np.asarray(0.), name="w")
    b = theano.shared(np.asarray(0.), name="b")
    cost = T.mean(T.sqr(X * w + b - Y))
    gw, gb = T.grad(cost, [w, b])
    f = theano.function([X, Y], cost, updates=[(w, w - 0.01 * gw), (b, b - 0.01 * gb)],
                        allow_input_downcast=True)
    return f, w, b


def _numpy_linear_regression(pairs):
    w = b = 0.
    costs = []
    for x, y in pairs:
        d = x * w + b - y
        costs.append(d * d)
        w, b = w - 0.01 * 2 * d * x, b - 0.01 * 2 * d
    return costs, w, b


def test_one_compilation_across_1000_calls(compile_events):
    f, w, b = _linear_regression()
    xs = np.linspace(-1, 1, 1000)
    pairs = list(zip(xs, 2 * xs + 1))
    f(*pairs[0])                                   # compiles
    w.set_value(np.asarray(0.)), b.set_value(np.asarray(0.))
    before_jax, before_prog = len(compile_events), f._program.compile_count
    costs = [f(x, y) for x, y in pairs]
    assert len(compile_events) == before_jax, "XLA recompiled during the 1000 calls"
    assert f._program.compile_count == before_prog == 1
    want_costs, want_w, want_b = _numpy_linear_regression(pairs)
    np.testing.assert_allclose(costs, want_costs, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(w.get_value(), want_w, rtol=1e-12)
    np.testing.assert_allclose(b.get_value(), want_b, rtol=1e-12)


def test_python_floats_and_numpy_scalars_share_one_executable(compile_events):
    f, w, b = _linear_regression()
    f(0.5, 1.0)
    n = len(compile_events)
    f(np.float64(0.5), np.float64(1.0))
    f(np.asarray(0.5), np.asarray(1.0))
    f(0.25, 2)                                     # an int into a float64 scalar: lossless
    assert len(compile_events) == n


def test_outputs_are_numpy_with_theano_dtypes():
    x = T.fmatrix("x")
    i = T.lvector("i")
    f = theano.function([x, i], [x * 2, x.sum(), i + 1, T.argmax(x, axis=1)])
    xv = np.arange(6, dtype=np.float32).reshape(2, 3)
    outs = f(xv, np.array([1, 2], dtype=np.int64))
    assert all(type(o) is np.ndarray for o in outs)
    assert [o.dtype for o in outs] == [np.float32, np.float32, np.int64, np.int64]
    np.testing.assert_array_equal(outs[0], xv * 2)
    assert outs[1] == 15.0 and outs[1].shape == ()
    np.testing.assert_array_equal(outs[2], [2, 3])
    np.testing.assert_array_equal(outs[3], [2, 2])
    single = theano.function([x], x + 1)(xv)
    assert type(single) is np.ndarray and single.dtype == np.float32


def test_input_checks_cast_and_refuse():
    x = T.fvector("x")
    f = theano.function([x], x * 2)
    with pytest.raises(TypeError, match="Bad input argument.*index 0"):
        f(np.array([1.5, 2.0]))                    # float64 into float32: lossy
    with pytest.raises(TypeError, match="Wrong number of dimensions"):
        f(np.zeros((2, 2), np.float32))
    g = theano.function([x], x * 2, allow_input_downcast=True)
    out = g(np.array([1.5, 2.0]))
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [3.0, 4.0])
    np.testing.assert_array_equal(g([1, 2]), [2.0, 4.0])
    s = T.dscalar("s")
    h = theano.function([s], s + 1)
    assert h(2.5) == 3.5 and h(np.float32(1.5)) == 2.5 and h(3) == 4.0


def test_trust_input_skips_the_checks():
    x = T.dvector("x")
    f = theano.function([x], x + 1)
    with pytest.raises(TypeError):
        f([[1.0, 2.0]])                            # wrong ndim is refused
    f.trust_input = True
    bad = np.array([1, 2], dtype=np.int32)         # not checked, not converted
    out = f(bad)
    np.testing.assert_array_equal(out, [2, 3])
    f.trust_input = False
    np.testing.assert_array_equal(f(np.array([1.0, 2.0])), [2.0, 3.0])


def test_keywords_and_defaults_still_bind():
    x, y = T.dscalars("x", "y")
    f = theano.function([x, theano.In(y, value=10.0)], x - y)
    assert f(1.0) == -9.0
    assert f(1.0, 2.0) == -1.0
    assert f(y=1.0, x=5.0) == 4.0


def test_failed_call_changes_no_shared_variable():
    x = T.dmatrix("x")
    w = theano.shared(np.ones((3, 2)), name="w")
    c = theano.shared(np.asarray(0.), name="c")
    f = theano.function([x], T.dot(x, w).sum(), updates=[(w, w * 2), (c, c + 1)])
    assert f(np.ones((4, 3))) == 24.0
    w_before, c_before = w.get_value(), c.get_value()
    with pytest.raises(Exception):
        f(np.ones((4, 5)))                         # 5 != 3: dot fails
    np.testing.assert_array_equal(w.get_value(), w_before)
    assert c.get_value() == c_before == 1.0
    assert f(np.ones((1, 3))) == 12.0              # still usable: buffers were not donated
    np.testing.assert_array_equal(w.get_value(), 4 * np.ones((3, 2)))


def test_state_stays_on_device_and_is_donated():
    import jax
    s = theano.shared(np.arange(1000.0), name="s")
    f = theano.function([], s.sum(), updates=[(s, s * 2)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")             # "donated buffers were not usable"
        f()
        old = s._value
        assert f() == 2 * np.arange(1000.0).sum()     # the second call sees 2 * s
    assert isinstance(s._value, jax.Array)
    assert old.is_deleted(), "the updated state's buffer was not donated"
    copy = s.get_value()
    f()
    np.testing.assert_array_equal(copy, 4 * np.arange(1000.0))   # get_value copies
    np.testing.assert_array_equal(s.get_value(), 8 * np.arange(1000.0))


def test_shared_read_but_not_updated_is_not_donated():
    s = theano.shared(np.arange(4.0), name="s")
    t = theano.shared(np.zeros(4), name="t")
    f = theano.function([], s.sum(), updates=[(t, t + s)])
    f()
    keep = s._value
    f()
    assert not keep.is_deleted()
    np.testing.assert_array_equal(t.get_value(), 2 * np.arange(4.0))


def test_set_value_of_a_jax_array_survives_donation():
    import jax.numpy as jnp
    s = theano.shared(np.zeros(3), name="s")
    f = theano.function([], [], updates=[(s, s + 1)])
    a = jnp.ones(3)
    s.set_value(a)
    assert f() == []
    assert not a.is_deleted()                      # set_value copied it (borrow=False)
    np.testing.assert_array_equal(np.asarray(a), np.ones(3))
    np.testing.assert_array_equal(s.get_value(), 2 * np.ones(3))


def test_large_unaligned_argument_gives_exact_results():
    x = T.fmatrix("x")
    f = theano.function([x], [x.sum(axis=0), x[::7, 3]])
    base = np.random.RandomState(0).rand(1001 * 300 + 3).astype(np.float32)
    for start in (0, 1, 3):                        # 0, 4 and 12 bytes off the buffer start
        xv = base[start:start + 1001 * 300].reshape(1001, 300)
        col_sums, picked = f(xv)
        np.testing.assert_allclose(col_sums, xv.astype(np.float64).sum(axis=0), rtol=1e-5)
        np.testing.assert_array_equal(picked, xv[::7, 3])
        strided = f(np.asfortranarray(xv))[1]      # non-contiguous input
        np.testing.assert_array_equal(strided, xv[::7, 3])


def test_forward_runs_once_for_cost_and_gradient_updates(monkeypatch):
    # Count the forward dot's lowering while tracing: value-and-grad traces it once
    # (inside jax.vjp), not once more for the returned cost.
    from theanox.tensor.linalg import Dot
    traced = []
    real = Dot.jax

    def counting(self, x, y, node=None):
        traced.append(tuple(np.shape(x)))
        return real(self, x, y, node=node)
    monkeypatch.setattr(Dot, "jax", counting)
    rng = np.random.RandomState(0)
    x = T.dmatrix("x")
    w = theano.shared(rng.randn(5, 3), name="w")
    cost = T.sum(T.tanh(T.dot(x, w)) ** 2)
    gw = T.grad(cost, w)
    f = theano.function([x], cost, updates=[(w, w - 0.1 * gw)])
    xv = rng.randn(4, 5)
    w0 = w.get_value()
    c = f(xv)
    forward = [s for s in traced if s == (4, 5)]
    assert len(forward) == 1, traced
    h = np.tanh(xv @ w0)
    np.testing.assert_allclose(c, np.sum(h ** 2), rtol=1e-12)
    np.testing.assert_allclose(w.get_value(), w0 - 0.1 * xv.T @ (2 * h * (1 - h ** 2)),
                               rtol=1e-12)
