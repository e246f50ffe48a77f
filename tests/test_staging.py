"""The staging model: what recompiles and what never does (docs/STAGING.md).

Slice starts and indices are runtime arguments (one executable for every
minibatch index); slice lengths, reshape targets and other shape-deciding values
key a bounded cache of executables; a function that keeps recompiling warns once,
naming the value that changed; a do-while scan runs its loop once.  Values are
checked against NumPy.
"""
import warnings

import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox.compile.program import RecompileWarning
from theanox.graph.basic import Apply, Op


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


def _minibatch_sgd(n_rows=1000, n_in=5, batch=20, clamp=False):
    rng = np.random.RandomState(0)
    X = rng.randn(n_rows, n_in)
    y = (X @ np.arange(1., n_in + 1) + 3 * rng.randn(n_rows) > 0).astype("int32")
    data_x = theano.shared(X, name="data_x")
    data_y = theano.shared(y, name="data_y")
    w = theano.shared(np.zeros(n_in), name="w")
    index = T.lscalar("index")
    x, t = T.matrix("x"), T.ivector("t")
    p = T.nnet.sigmoid(T.dot(x, w))
    cost = T.nnet.binary_crossentropy(p, t).mean()
    stop = (index + 1) * batch
    if clamp:
        stop = T.minimum(stop, data_x.shape[0])
    train = theano.function(
        [index], cost, updates=[(w, w - 0.1 * T.grad(cost, w))],
        givens={x: data_x[index * batch:stop], t: data_y[index * batch:stop]})
    return train, w, X, y


def _numpy_sgd(X, y, batch, indices):
    w = np.zeros(X.shape[1])
    costs = []
    for i in indices:
        xb, tb = X[i * batch:(i + 1) * batch], y[i * batch:(i + 1) * batch]
        p = 1 / (1 + np.exp(-xb @ w))
        costs.append(np.mean(-tb * np.log(p) - (1 - tb) * np.log(1 - p)))
        w = w - 0.1 * xb.T @ (p - tb) / len(tb)
    return costs, w


def test_one_executable_for_1000_distinct_minibatch_indices(compile_events):
    train, w, X, y = _minibatch_sgd(n_rows=20 * 1000)
    train(0)
    w.set_value(np.zeros(5))
    before = len(compile_events)
    indices = np.random.RandomState(1).permutation(1000)
    costs = [float(train(int(i))) for i in indices]
    assert len(compile_events) == before, "XLA recompiled for a new minibatch index"
    assert train.compile_count == 1
    want_costs, want_w = _numpy_sgd(X, y, 20, indices)
    np.testing.assert_allclose(costs, want_costs, rtol=1e-10)
    np.testing.assert_allclose(w.get_value(), want_w, rtol=1e-10)


@pytest.mark.parametrize("clamp", [False, True])
def test_short_last_batch_gets_its_own_executable(clamp):
    train, w, X, y = _minibatch_sgd(n_rows=110, clamp=clamp)   # 5 full batches + 10 rows
    order = [0, 1, 2, 3, 4, 5, 0, 5, 3]
    costs = [float(train(i)) for i in order]
    assert train.compile_count == 2
    want_costs, want_w = _numpy_sgd(X, y, 20, order)
    np.testing.assert_allclose(costs, want_costs, rtol=1e-10)
    np.testing.assert_allclose(w.get_value(), want_w, rtol=1e-10)


def test_row_index_and_runtime_set_subtensor_never_recompile():
    M = np.arange(40.).reshape(10, 4)
    m = theano.shared(M.copy())
    i, v = T.lscalar(), T.dvector()
    f = theano.function([i, v], m[i] * 2, updates=[(m, T.set_subtensor(m[i:i + 2], v))])
    want = M.copy()
    for k in [0, 3, 7, 8, 1, -4]:
        row = np.full(4, float(k))
        np.testing.assert_array_equal(f(k, row), want[k] * 2)
        want[k:k + 2] = row
        np.testing.assert_array_equal(m.get_value(), want)
    assert f.compile_count == 1


def test_out_of_range_index_raises_index_error_and_changes_nothing():
    m = theano.shared(np.arange(12.).reshape(3, 4))
    counter = theano.shared(np.int64(0))
    i = T.lscalar()
    f = theano.function([i], m[i].sum(), updates=[(counter, counter + 1)])
    assert f(2) == 38.0 and f(-3) == 6.0
    with pytest.raises(IndexError, match="index 3 is out of bounds for axis 0 with size 3"):
        f(3)
    with pytest.raises(IndexError, match="out of bounds"):
        f(-4)
    assert counter.get_value() == 2


def test_symbolic_step_zero_is_a_value_error():
    x = theano.shared(np.arange(10.))
    s = T.lscalar()
    f = theano.function([s], x[::s])
    np.testing.assert_array_equal(f(-3), np.arange(10.)[::-3])
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        f(0)


def test_slice_of_an_intermediate_is_staged_and_exact():
    A = theano.shared(np.arange(12.).reshape(4, 3))
    i = T.lscalar()
    B = T.dot(A, A.T)
    f = theano.function([i], B[i:i + 2])
    ref = np.arange(12.).reshape(4, 3) @ np.arange(12.).reshape(4, 3).T
    for k in [0, 1, 2, 3, -1, 5]:
        np.testing.assert_array_equal(f(k), ref[k:k + 2])


def test_recompile_warning_names_the_changing_value():
    x = T.dvector("x")
    n = T.lscalar("n")
    f = theano.function([x, n], x.reshape((n, -1)).sum(axis=1))
    with theano.config.change_flags(**{"staging.recompile_warning": 3}):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for k in (1, 2, 3, 4, 6):
                np.testing.assert_array_equal(f(np.arange(12.), k),
                                              np.arange(12.).reshape(k, -1).sum(1))
    storm = [w for w in caught if issubclass(w.category, RecompileWarning)]
    assert len(storm) == 1, [str(w.message) for w in caught]
    assert "compiled 3 XLA executables" in str(storm[0].message)
    assert "the value of (n, ...) (it decides the shape of Reshape{2})" in str(storm[0].message)
    assert "changed from (2, -1) to (3, -1)" in str(storm[0].message)


def test_recompile_warning_names_an_input_whose_shape_changes():
    x = T.dvector("x")
    f = theano.function([x], x * 2)
    with theano.config.change_flags(**{"staging.recompile_warning": 3}):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for k in range(1, 5):
                f(np.ones(k))
    storm = [str(w.message) for w in caught if issubclass(w.category, RecompileWarning)]
    assert len(storm) == 1
    assert "input x changed from shape (2,) float64 to shape (3,) float64" in storm[0]


def test_executable_cache_is_bounded():
    x = theano.shared(np.arange(30.))
    a, b = T.lscalar(), T.lscalar()
    f = theano.function([a, b], x[a:b] * 3)
    with theano.config.change_flags(**{"staging.cache_size": 3,
                                       "staging.recompile_warning": 0}):
        for stop in range(1, 9):
            np.testing.assert_array_equal(f(0, stop), np.arange(30.)[:stop] * 3)
        assert len(f._program._executables) <= 3
        np.testing.assert_array_equal(f(5, 7), np.arange(30.)[5:7] * 3)   # length 2 again


class _Tick(Op):
    """Returns its input; counts its executions with a host callback."""

    def __init__(self, counter):
        self.counter = counter

    def make_node(self, x):
        x = T.as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    def jax(self, x, node=None):
        import jax
        jax.debug.callback(lambda: self.counter.append(1))
        return x


def test_scan_until_runs_its_loop_once():
    counter = []
    tick = _Tick(counter)

    def step(prev):
        nxt = tick(prev * 2)
        return nxt, theano.scan_module.until(nxt > 1000)

    x0 = T.dscalar()
    vals, _ = theano.scan(step, outputs_info=[x0], n_steps=100)
    f = theano.function([x0], vals)
    got = f(3.0)
    np.testing.assert_array_equal(got, 3.0 * 2.0 ** np.arange(1, 10))
    assert len(counter) == 9            # nine steps, each run once
    del counter[:]
    np.testing.assert_array_equal(f(600.0), [1200.0])
    assert len(counter) == 1


def test_scan_until_gradient_reruns_as_fixed_length_scan():
    def step(prev):
        nxt = prev * 2
        return nxt, theano.scan_module.until(nxt > 1000)

    x0 = T.dscalar()
    vals, _ = theano.scan(step, outputs_info=[x0], n_steps=100)
    g = theano.function([x0], [vals.sum(), T.grad(vals.sum(), x0)])
    total, grad = g(3.0)
    assert total == 3.0 * (2 ** 10 - 2) and grad == 2 ** 10 - 2   # sum of 2^1..2^9


def test_numpy_scalar_learning_rate_on_the_left():
    # Legacy code writes ``learning_rate * grad`` with a NumPy scalar learning rate.
    X = np.random.RandomState(2).rand(40, 3).astype("float32")
    data = theano.shared(X)
    w = theano.shared(np.ones(3, dtype="float32"))
    lr = np.float32(0.05)
    index = T.lscalar()
    x = T.fmatrix()
    cost = T.sqr(T.dot(x, w)).mean()
    g = T.grad(cost, w)
    step = lr * g
    assert step.dtype == "float32"
    train = theano.function([index], cost, updates=[(w, w - step)],
                            givens={x: data[index * 10:(index + 1) * 10]})
    want = np.ones(3, dtype="float32")
    for i in [0, 1, 2, 3, 2]:
        xb = X[i * 10:(i + 1) * 10]
        np.testing.assert_allclose(train(i), np.mean((xb @ want) ** 2), rtol=1e-5)
        want = want - lr * (2 * xb.T @ (xb @ want) / 10)
    np.testing.assert_allclose(w.get_value(), want, rtol=1e-5)
    assert (np.float64(2) * x).dtype == "float64"          # Theano: a float64 constant
    assert (np.arange(3.) + T.dvector()).ndim == 1


def test_gradients_asked_per_parameter_share_one_backward_pass():
    # The tutorials' ``[T.grad(cost, p) for p in params]``: one Grad node is lowered.
    from theanox.graph.basic import io_toposort
    rng = np.random.RandomState(3)
    W = theano.shared(rng.randn(4, 3))
    b = theano.shared(rng.randn(3))
    x = T.matrix()
    cost = T.tanh(T.dot(x, W) + b).sum()
    f = theano.function([x], [T.grad(cost, W), T.grad(cost, b)])
    grads = [n for n in io_toposort([], f._program.plan.outputs)
             if type(n.op).__name__ == "Grad"]
    assert len(grads) == 1 and len(grads[0].outputs) == 2
    xv = rng.randn(5, 4)
    d = 1 - np.tanh(xv @ W.get_value() + b.get_value()) ** 2
    gW, gb = f(xv)
    np.testing.assert_allclose(gW, xv.T @ d, rtol=1e-12)
    np.testing.assert_allclose(gb, d.sum(0), rtol=1e-12)


def test_index_arrays_given_as_inputs_are_checked_like_theano():
    E = theano.shared(np.arange(20.).reshape(5, 4))
    idx = T.lvector()
    g = T.dvector()
    lookup = theano.function([idx], E[idx].sum(axis=1))
    np.testing.assert_array_equal(lookup(np.array([4, -5, 0])),
                                  np.arange(20.).reshape(5, 4)[[4, -5, 0]].sum(1))
    with pytest.raises(IndexError, match="index 5 is out of bounds for axis 0 with size 5"):
        lookup(np.array([1, 5]))
    bump = theano.function([idx, g], [], updates=[(E, T.inc_subtensor(E[idx, 0], g))])
    with pytest.raises(IndexError, match="index -6 is out of bounds"):
        bump(np.array([-6]), np.ones(1))
    np.testing.assert_array_equal(E.get_value(), np.arange(20.).reshape(5, 4))
    bump(np.array([0, 0, 2]), np.ones(3))
    want = np.arange(20.).reshape(5, 4)
    np.add.at(want, ([0, 0, 2], 0), 1.0)
    np.testing.assert_array_equal(E.get_value(), want)


def test_recompile_warning_names_the_slice_whose_length_changes():
    data = theano.shared(np.arange(40.), name="data")
    a, b = T.lscalar("a"), T.lscalar("b")
    f = theano.function([a, b], data[a:b].sum())
    with theano.config.change_flags(**{"staging.recompile_warning": 2}):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert f(0, 3) == 3.0 and f(10, 13) == 33.0    # same length: one executable
            assert f(0, 5) == 10.0
    storm = [str(w.message) for w in caught if issubclass(w.category, RecompileWarning)]
    assert len(storm) == 1
    assert "the length of a slice of data (Subtensor{int64:int64:}) changed from 3 to 5" \
        in storm[0]
