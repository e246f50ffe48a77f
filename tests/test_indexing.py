"""Indexing vs NumPy: basic slicing, integer and advanced indexing, boolean masks,
nonzero with data-dependent lengths, set/inc_subtensor (incl. duplicate indices), take."""
import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T

V = np.arange(24.0).reshape(4, 6) - 7.5


def test_basic_slicing_table():
    x = T.dmatrix("x")
    i, j = T.lscalars("i", "j")
    # (expression on the symbolic x, the same indexing on the numpy value)
    cases = [
        (lambda a: a[1], lambda a: a[1]),
        (lambda a: a[-1], lambda a: a[-1]),
        (lambda a: a[1:3], lambda a: a[1:3]),
        (lambda a: a[::-1], lambda a: a[::-1]),
        (lambda a: a[:, 1::2], lambda a: a[:, 1::2]),
        (lambda a: a[1:, -2], lambda a: a[1:, -2]),
        (lambda a: a[..., 0], lambda a: a[..., 0]),
        (lambda a: a[None, 1], lambda a: a[None, 1]),
        (lambda a: a[:, None, 2:4], lambda a: a[:, None, 2:4]),
        (lambda a: a[2, 3], lambda a: a[2, 3]),
        (lambda a: a[10:], lambda a: a[10:]),
        (lambda a: a[-100:2], lambda a: a[-100:2]),
    ]
    sym = [(lambda a: a[i], lambda a: a[2]), (lambda a: a[i:j], lambda a: a[2:4]),
           (lambda a: a[:, j:i:-1], lambda a: a[:, 4:2:-1]), (lambda a: a[i, j], lambda a: a[2, 4])]
    outs = [c[0](x) for c in cases + sym]
    got = theano.function([x, i, j], outs)(V, 2, 4)
    for k, (g, c) in enumerate(zip(got, cases + sym)):
        w = c[1](V)
        assert g.shape == np.shape(w), k
        np.testing.assert_array_equal(g, w)


def test_seed_arange_slicing_and_nonzero():
    # seed, "tensor 模块：索引": t[1::2] -> [1 3 5 7]; t[(t > 4).nonzero()] -> [5 6 7 8]
    t = T.arange(9)
    assert t[1::2].eval().tolist() == [1, 3, 5, 7]
    t = T.arange(9).reshape((3, 3))
    assert t[(t > 4).nonzero()].eval().tolist() == [5, 6, 7, 8]
    # Theano 1.0.5 supports boolean masks directly (the seed's old Theano did not)
    assert t[t > 4].eval().tolist() == [5, 6, 7, 8]


def test_integer_and_advanced_indexing():
    x = T.dmatrix("x")
    iv = T.lvector("iv")
    jv = T.ivector("jv")
    im = T.lmatrix("im")
    outs = [x[iv], x[iv, jv], x[:, jv], x[im], x[iv, 1:3], x[-1, iv], x[[0, 2, 2]],
            x[iv][:, ::2], x.take(iv, axis=1), T.take(x, iv), T.take(x, im, axis=0)]
    ivv, jvv, imv = np.array([3, 0, -1]), np.array([1, 5, 2], "int32"), np.array([[0, 1], [3, 3]])
    got = theano.function([x, iv, jv, im], outs)(V, ivv, jvv, imv)
    wants = [V[ivv], V[ivv, jvv], V[:, jvv], V[imv], V[ivv, 1:3], V[-1, ivv], V[[0, 2, 2]],
             V[ivv][:, ::2], V.take(ivv, axis=1), np.take(V, ivv), np.take(V, imv, axis=0)]
    for k, (g, w) in enumerate(zip(got, wants)):
        assert g.shape == w.shape, k
        np.testing.assert_array_equal(g, w)


def test_take_modes():
    x = T.dvector("x")
    i = T.lvector("i")
    xv, iv = np.arange(5.0), np.array([-7, 0, 4, 9])
    got = theano.function([x, i], [T.take(x, i, axis=0, mode="clip"),
                                   T.take(x, i, axis=0, mode="wrap")])(xv, iv)
    np.testing.assert_array_equal(got[0], np.take(xv, iv, mode="clip"))
    np.testing.assert_array_equal(got[1], np.take(xv, iv, mode="wrap"))


def test_boolean_mask_and_nonzero_lengths_change_per_call():
    x = T.dvector("x")
    f = theano.function([x], [x[(x > 4).nonzero()], x[x > 4], T.nonzero(x)[0],
                              T.flatnonzero(x), T.nonzero_values(x)])
    for v in (np.array([1.0, 5, 6, 0, 9]), np.array([7.0, 8]), np.array([0.0, 1, 2]),
              np.arange(10.0)):
        got = f(v)
        wants = [v[v > 4], v[v > 4], np.nonzero(v)[0], np.flatnonzero(v), v[v != 0]]
        for g, w in zip(got, wants):
            assert g.shape == w.shape
            np.testing.assert_array_equal(g, w)
    m = T.dmatrix("m")
    rows, cols = theano.function([m], list(T.nonzero(m > 0)))(V)
    np.testing.assert_array_equal(rows, np.nonzero(V > 0)[0])
    np.testing.assert_array_equal(cols, np.nonzero(V > 0)[1])
    assert rows.dtype == np.int64
    nm = theano.function([m], m.nonzero(return_matrix=True))(V)
    np.testing.assert_array_equal(nm, np.array(np.nonzero(V)))


def test_mask_inside_a_gradient():
    x = T.dvector("x")
    cost = (x[(x > 0).nonzero()] ** 2).sum()
    v = np.array([-1.0, 2.0, 3.0, -4.0])
    g = theano.function([x], T.grad(cost, x))(v)
    np.testing.assert_allclose(g, np.where(v > 0, 2 * v, 0.0))


def test_set_and_inc_subtensor():
    r = T.dvector("r")
    rv = np.arange(15.0)
    x = T.dmatrix("x")
    iv = T.lvector("iv")
    y = T.dvector("y")
    outs = [T.set_subtensor(r[10:], 5), T.inc_subtensor(r[10:], 5),
            T.set_subtensor(x[1, 2:4], [7.0, 8.0]), T.inc_subtensor(x[:, 0], y[:4]),
            T.set_subtensor(x[iv], 0.0), T.inc_subtensor(x[iv, 1], 1.0),
            T.inc_subtensor(r[iv], y[:3]), T.set_subtensor(x[2], y[:6]),
            T.inc_subtensor(x[x > 0], 100.0)]
    ivv = np.array([0, 2, 0])        # duplicate index: increments accumulate
    yv = np.arange(6.0) + 1
    got = theano.function([r, x, iv, y], outs)(rv, V, ivv, yv)

    def np_set(a, idx, val, inc=False):
        a = a.copy()
        if inc:
            np.add.at(a, idx, val)
        else:
            a[idx] = val
        return a
    wants = [np_set(rv, slice(10, None), 5), np_set(rv, slice(10, None), 5, True),
             np_set(V, (1, slice(2, 4)), [7, 8]), np_set(V, (slice(None), 0), yv[:4], True),
             np_set(V, ivv, 0.0), np_set(V, (ivv, 1), 1.0, True), np_set(rv, ivv, yv[:3], True),
             np_set(V, 2, yv), np_set(V, V > 0, 100.0, True)]
    for k, (g, w) in enumerate(zip(got, wants)):
        np.testing.assert_array_equal(g, w, err_msg=str(k))


def test_inc_subtensor_gradient():
    x, y = T.dvectors("x", "y")
    out = T.inc_subtensor(x[[0, 0, 2]], y * 2)
    gx, gy = theano.function([x, y], T.grad((out ** 2).sum(), [x, y]))(
        np.array([1.0, 2, 3]), np.array([1.0, 1, 1]))
    final = np.array([1 + 2 + 2, 2, 3 + 2.0])
    np.testing.assert_allclose(gx, 2 * final)
    np.testing.assert_allclose(gy, [4 * final[0], 4 * final[0], 4 * final[2]])


def test_indexing_errors():
    x = T.dmatrix("x")
    with pytest.raises(IndexError, match="too many indices"):
        x[1, 2, 3]
    with pytest.raises(TypeError, match="integers"):
        x[T.dvector("f")]
    with pytest.raises(TypeError, match="indexed tensor"):
        T.set_subtensor(x, 1.0)
    f = theano.function([x], x[5])
    with pytest.raises(IndexError, match="out of bounds"):
        f(V)


def test_constant_tensor_indexed_by_runtime_index():
    # A constant (a NumPy array in the program) indexed by an input: a lookup table.
    k = T.lscalar("k")
    idx = T.lvector("idx")
    table = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0])
    f = theano.function([k, idx], [T.constant(table)[k], T.arange(7)[k],
                                   T.constant(table)[idx], T.constant(V)[k, 1:]])
    a, b, c, d = f(-2, np.array([5, 0, 5]))
    assert a == table[-2] and b == np.arange(7)[-2]
    np.testing.assert_array_equal(c, table[[5, 0, 5]])
    np.testing.assert_array_equal(d, V[-2, 1:])
