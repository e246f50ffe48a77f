"""theano.sparse: the programs of tests/oracle/sparse.json (recorded from Theano 1.0.5)
replayed on theanox, SciPy references, and gradients by finite differences."""
import numpy as np
import pytest
import scipy.sparse as sp
from oracle_cases import assert_raises_like_theano, load_cases, run_case

import theanox as theano
import theanox.tensor as T
from theanox import sparse

ORACLE = load_cases("sparse.json")

# Where theanox does more than Theano 1.0.5 on purpose (each with the reason).
SUPERSETS = {
    # Theano's T.dot raises AsTensorError on a sparse operand while theano.dot
    # works; theanox's T.dot is theano.dot (the sparse operand computes the product).
    "tensor_dot_of_sparse": "theano_dot_of_sparse",
    # Theano 1.0.5's x[i, j] needs i to be an int32 scalar; theanox takes any integer
    # scalar (the same value as x[1, 2] in the case "indexing_symbolic_scalars").
    "indexing_int64_scalar": "indexing_symbolic_scalars",
}


def _check(ours, rec, where):
    if isinstance(rec, dict) and "sparse" in rec:
        assert sp.issparse(ours), "%s: expected a %s matrix, got %r" % (where, rec["sparse"], ours)
        assert ours.format == rec["sparse"], where
        assert str(ours.dtype) == rec["dtype"], where
        assert list(ours.shape) == rec["shape"], where
        np.testing.assert_allclose(ours.toarray(), np.asarray(rec["dense"]), rtol=1e-6,
                                   err_msg=where)
        assert ours.nnz == len(rec["data"]), "%s: nnz %d, Theano %d" % (
            where, ours.nnz, len(rec["data"]))
    elif isinstance(rec, dict) and "dtype" in rec:
        a = np.asarray(ours)
        assert str(a.dtype) == rec["dtype"], "%s: dtype %s, Theano %s" % (where, a.dtype,
                                                                          rec["dtype"])
        assert list(a.shape) == rec["shape"], where
        np.testing.assert_allclose(a, np.asarray(rec["value"], dtype=a.dtype), rtol=1e-6,
                                   err_msg=where)
    else:
        assert ours == rec, "%s: %r, Theano %r" % (where, ours, rec)


def _encode_like(result):
    """Returns the list the recorder stored for ``result`` (it iterated the result)."""
    return list(result)


# Where Theano 1.0.5 is wrong, checked here against a hand-computed value instead.
THEANO_BUGS = {
    # d sum(exp(dense(x))) / dx for a csc x: Theano returns 1.0 instead of exp(x_ij)
    # at two of the three stored entries (its sp_ones_like * gz mixes up csc rows).
    "grad_dense_from_sparse",
}


def test_theano_bug_grad_dense_from_sparse_csc():
    case = ORACLE["cases"]["grad_dense_from_sparse"]
    g = run_case(ORACLE, case["source"])[0]
    b = np.asarray([[1.5, 0, 0], [0, 0, 2], [0, 0.5, 0]])
    assert g.format == "csc"
    np.testing.assert_allclose(g.toarray(), np.where(b != 0, np.exp(b), 0), rtol=1e-12)
    assert not np.allclose(np.asarray(case["result"][0]["dense"]), g.toarray())


@pytest.mark.parametrize("name", sorted(set(ORACLE["cases"]) - THEANO_BUGS))
def test_oracle_case(name):
    case = ORACLE["cases"][name]
    if name in SUPERSETS:
        assert "raises" in case
        case = ORACLE["cases"][SUPERSETS[name]]
    if "raises" in case:
        assert_raises_like_theano(ORACLE, case, name)
        return
    ours = _encode_like(run_case(ORACLE, case["source"]))
    assert len(ours) == len(case["result"]), name
    for k, (o, r) in enumerate(zip(ours, case["result"])):
        _check(o, r, "%s[%d]" % (name, k))


# ------------------------------------------------------------------ against SciPy

def _random(fmt, shape, density, seed, dtype="float64"):
    return sp.random(*shape, density=density, format=fmt, random_state=seed, dtype=dtype)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_ops_against_scipy(fmt):
    a = _random(fmt, (5, 7), 0.3, 1)
    b = _random(fmt, (5, 7), 0.3, 2)
    d = np.random.RandomState(0).randn(7, 4)
    e = np.random.RandomState(1).randn(5, 7)
    x = sparse.matrix(fmt, "x", "float64")
    y = sparse.matrix(fmt, "y", "float64")
    w, m = T.dmatrix("w"), T.dmatrix("m")
    f = theano.function([x, y, w, m], [sparse.structured_dot(x, w), x + y, x * y, x + m,
                                       x * m, sparse.sp_sum(x, 1), x.T, sparse.dot(x, y.T)])
    out = f(a, b, d, e)
    want = [a @ d, a + b, a.multiply(b), a + e, a.multiply(e), np.asarray(a.sum(1)).ravel(),
            a.T, a @ b.T]
    for k, (o, r) in enumerate(zip(out, want)):
        r = r.toarray() if sp.issparse(r) else np.asarray(r)
        np.testing.assert_allclose(o.toarray() if sp.issparse(o) else o, r, atol=1e-12,
                                   err_msg=str(k))
    assert out[1].format == fmt and out[4].format == fmt
    assert out[6].format == {"csr": "csc", "csc": "csr"}[fmt]


def test_new_nnz_and_shape_recompile_and_stay_right():
    x = sparse.csr_matrix("x", "float64")
    f = theano.function([x], sparse.csr_from_dense(sparse.dense_from_sparse(x) * 2))
    for seed, shape in [(0, (3, 4)), (1, (3, 4)), (2, (6, 2))]:
        a = _random("csr", shape, 0.5, seed)
        np.testing.assert_allclose(f(a).toarray(), 2 * a.toarray())


def test_bad_input_names_the_argument():
    x = sparse.csr_matrix("x", "float32")
    f = theano.function([x], sparse.dense_from_sparse(x))
    with pytest.raises(NotImplementedError, match="float32"):
        f(sp.csr_matrix(np.eye(2)))            # float64 into float32: Theano's error class
    with pytest.raises(TypeError, match="Sparse"):
        sparse.as_sparse_variable(T.dmatrix())


# ------------------------------------------------------------------ gradients

def _fd_grad(fun, a, eps=1e-6):
    """Returns d fun / d a.data by central differences (a's structure)."""
    g = np.zeros_like(a.data)
    for k in range(a.nnz):
        hi, lo = a.copy(), a.copy()
        hi.data[k] += eps
        lo.data[k] -= eps
        g[k] = (fun(hi) - fun(lo)) / (2 * eps)
    return g


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_structured_dot_grad_is_structured_and_matches_fd(fmt):
    a = _random(fmt, (4, 5), 0.4, 3)
    d = np.random.RandomState(2).randn(5, 3)
    x, w = sparse.matrix(fmt, "x", "float64"), T.dmatrix("w")
    cost = T.sum(T.tanh(sparse.structured_dot(sparse.structured_exp(x), w)))
    gx, gw = theano.function([x, w], T.grad(cost, [x, w]))(a, d)
    assert sp.issparse(gx) and gx.format == fmt
    assert np.array_equal(gx.indices, a.indices) and np.array_equal(gx.indptr, a.indptr)

    def value(m):
        return np.sum(np.tanh(m.expm1().toarray() @ d + (m != 0).toarray().astype(float) @ d))
    # exp of stored entries only: expm1 + 1 on the structure
    np.testing.assert_allclose(gx.data, _fd_grad(value, a), rtol=1e-5, atol=1e-8)
    e = a.copy()
    e.data = np.exp(e.data)
    want_w = e.T @ (1 - np.tanh(e @ d) ** 2)
    np.testing.assert_allclose(gw, want_w, rtol=1e-10)


def test_shared_sparse_updates_and_pickles():
    import pickle
    s = theano.shared(sp.csc_matrix(np.eye(3)), name="s")
    assert isinstance(s, sparse.SparseTensorSharedVariable) and s.type.format == "csc"
    f = theano.function([], sparse.sp_sum(s), updates=[(s, s * 2.0)])
    assert f() == 3.0 and f() == 6.0
    assert s.get_value().format == "csc"
    s2 = pickle.loads(pickle.dumps(s))
    np.testing.assert_allclose(s2.get_value().toarray(), 4 * np.eye(3))


def test_verify_grad_sparse_passes_and_catches_a_wrong_gradient():
    a = _random("csr", (3, 4), 0.5, 7)
    d = np.random.RandomState(3).randn(4, 2)
    sparse.verify_grad_sparse(lambda x, w: T.sum(T.sin(sparse.structured_dot(x, w))),
                              [a, d], structured=True, rng=np.random.RandomState(0))

    def wrong(x, w):      # a gradient scaled by 2 through GradScale: must be caught
        return T.sum(theano.gradient.grad_scale(sparse.structured_dot(x, w), 2.0))
    with pytest.raises(Exception, match="[Gg]radient"):
        sparse.verify_grad_sparse(wrong, [a, d], structured=True,
                                  rng=np.random.RandomState(0))
    with pytest.raises(NotImplementedError, match="structured=True"):
        sparse.verify_grad_sparse(wrong, [a, d])


@pytest.mark.parametrize("mode", ["DebugMode", "NanGuardMode", "FAST_COMPILE", "profile"])
def test_op_by_op_modes_run_sparse_graphs(mode):
    a = _random("csr", (4, 5), 0.4, 0)
    d = np.random.RandomState(4).randn(5, 2)
    x, w = sparse.csr_matrix("x", "float64"), T.dmatrix("w")
    y = sparse.structured_dot(sparse.structured_exp(x), w).sum() + sparse.sp_sum(x * 2.0)
    kwargs = {"profile": True} if mode == "profile" else {"mode": mode}
    f = theano.function([x, w], [y, T.grad(y, w), x * 3.0], **kwargs)
    val, gw, x3 = f(a, d)
    e = a.copy()
    e.data = np.exp(e.data)
    np.testing.assert_allclose(val, (e @ d).sum() + 2 * a.sum(), rtol=1e-12)
    np.testing.assert_allclose(gw, np.repeat(np.asarray(e.sum(0)).T, 2, axis=1), rtol=1e-12)
    assert x3.format == "csr"
    np.testing.assert_allclose(x3.toarray(), 3 * a.toarray())


def test_sparse_logistic_regression_trains_like_numpy():
    """A legacy-style model: sparse minibatches, dense shared weights, SGD updates."""
    from theanox.sparse.sharedvar import SparseTensorSharedVariable, sparse_constructor
    assert SparseTensorSharedVariable is sparse.SparseTensorSharedVariable
    assert callable(sparse_constructor)
    rng = np.random.RandomState(5)
    data = sp.random(40, 30, density=0.1, format="csr", random_state=6)
    labels = rng.randint(0, 3, size=40)
    x = sparse.csr_matrix("x", "float64")
    y = T.lvector("y")
    W = theano.shared(np.zeros((30, 3)), name="W")
    b = theano.shared(np.zeros(3), name="b")
    p = T.nnet.softmax(sparse.structured_dot(x, W) + b)
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
    gW, gb = T.grad(cost, [W, b])
    train = theano.function([x, y], cost, updates=[(W, W - 0.5 * gW), (b, b - 0.5 * gb)])

    Wn, bn = np.zeros((30, 3)), np.zeros(3)
    for epoch in range(3):
        for start in range(0, 40, 10):
            xb, yb = data[start:start + 10], labels[start:start + 10]
            z = xb @ Wn + bn
            pn = np.exp(z - z.max(1, keepdims=True))
            pn /= pn.sum(1, keepdims=True)
            want = -np.mean(np.log(pn[np.arange(10), yb]))
            got = train(xb, yb)
            np.testing.assert_allclose(got, want, rtol=1e-12)
            d = pn.copy()
            d[np.arange(10), yb] -= 1
            d /= 10
            Wn, bn = Wn - 0.5 * (xb.T @ d), bn - 0.5 * d.sum(0)
    np.testing.assert_allclose(W.get_value(), Wn, rtol=1e-10, atol=1e-14)
    # A sparse input's number of stored entries is part of its shape in the program:
    # one executable per distinct nnz among the minibatches (documented in type.py).
    nnzs = {data[start:start + 10].nnz for start in range(0, 40, 10)}
    assert train.compile_count == len(nnzs)


def test_compute_test_value_with_sparse_test_values():
    with theano.config.change_flags(compute_test_value="raise"):
        x = sparse.csr_matrix("x")
        x.tag.test_value = sp.csr_matrix(np.eye(3))
        w = T.dmatrix("w")
        w.tag.test_value = np.ones((3, 2))
        y = sparse.structured_dot(x * 2.0, w)
        np.testing.assert_array_equal(y.tag.test_value, 2 * np.ones((3, 2)))
        t = x.T
        assert sp.issparse(t.tag.test_value) and t.tag.test_value.format == "csc"
        bad = T.dmatrix("bad")
        bad.tag.test_value = np.ones((4, 2))
        with pytest.raises(ValueError):        # the shape error where the line is written
            sparse.structured_dot(x, bad)


def test_shared_sparse_weights_follow_their_structured_gradient():
    w0 = np.array([[1.0, 0, 2], [0, 3, 0]])
    W = theano.shared(sp.csr_matrix(w0), name="W")
    x = T.dmatrix("x")
    cost = T.sum(sparse.structured_dot(W, x) ** 2)
    g = T.grad(cost, W)
    assert isinstance(g.type, sparse.SparseType) and g.type.format == "csr"
    f = theano.function([x], cost, updates=[(W, W - 0.01 * g)])
    xv = np.arange(6.0).reshape(3, 2)
    assert f(xv) == np.sum((w0 @ xv) ** 2)
    want = w0 - 0.01 * (2 * (w0 @ xv) @ xv.T) * (w0 != 0)
    assert W.get_value().format == "csr"
    np.testing.assert_allclose(W.get_value().toarray(), want, rtol=1e-12)
