"""theanox.tensor.nnet: activations, softmax ops, cross-entropies, bn, neighbours.

References: NumPy/SciPy formulas, finite differences (verify_grad), and values
recorded from Theano 1.0.5 where marked.
"""
import warnings

import numpy as np
import pytest
import scipy.special as sp

import theanox as theano
import theanox.tensor as T
from theanox.gradient import verify_grad
from theanox.tensor.nnet import bn, neighbours

RNG = np.random.RandomState(0)
X = RNG.randn(3, 5) * 3


def f1(expr_fn, *vals):
    """Compile expr_fn applied to float64 matrices and run it on vals."""
    ins = [T.dmatrix() if np.ndim(v) == 2 else T.dvector() for v in vals]
    return theano.function(ins, expr_fn(*ins))(*vals)


def np_ultra_fast_sigmoid(x):
    # Theano 1.0.5's documented piecewise approximation (scalar_sigmoid.c_code).
    z = 0.5 * x
    a = np.abs(z)
    v = np.where(a < 1.7, 1.5 * a / (1 + a),
                 np.where(a < 3, 0.935409070603099 + 0.0458812946797165 * (a - 1.7),
                          0.99505475368673))
    return 0.5 * np.sign(z) * v + 0.5


ACTIVATIONS = [
    # name, theanox function, NumPy reference
    ("sigmoid", T.nnet.sigmoid, sp.expit),
    ("ultra_fast_sigmoid", T.nnet.ultra_fast_sigmoid, np_ultra_fast_sigmoid),
    ("hard_sigmoid", T.nnet.hard_sigmoid, lambda x: np.clip(0.2 * x + 0.5, 0, 1)),
    ("softplus", T.nnet.softplus, lambda x: np.logaddexp(0, x)),
    ("softsign", T.nnet.softsign, lambda x: x / (1 + np.abs(x))),
    ("relu", T.nnet.relu, lambda x: np.maximum(x, 0)),
    ("relu_leaky", lambda x: T.nnet.relu(x, 0.1), lambda x: np.where(x > 0, x, 0.1 * x)),
    ("elu", T.nnet.elu, lambda x: np.where(x > 0, x, np.expm1(x))),
    ("elu_alpha", lambda x: T.nnet.elu(x, 0.5), lambda x: np.where(x > 0, x, 0.5 * np.expm1(x))),
    ("selu", T.nnet.selu, lambda x: 1.0507009873554805 * np.where(x > 0, x,
                                                                 1.6732632423543772 * np.expm1(x))),
    ("softmax", T.nnet.softmax, lambda x: sp.softmax(x, axis=1)),
    ("logsoftmax", T.nnet.logsoftmax, lambda x: sp.log_softmax(x, axis=1)),
]


@pytest.mark.parametrize("name,fn,ref", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activation_values(name, fn, ref):
    np.testing.assert_allclose(f1(fn, X), ref(X), rtol=1e-7, atol=1e-12)


SMOOTH = [a for a in ACTIVATIONS if a[0] not in ("ultra_fast_sigmoid", "hard_sigmoid")]


@pytest.mark.parametrize("name,fn,ref", SMOOTH, ids=[a[0] for a in SMOOTH])
def test_activation_gradients(name, fn, ref):
    # Points away from the kinks of relu/elu so central differences are valid.
    pt = RNG.uniform(0.2, 2.0, (2, 4)) * np.array([1, -1, 1, -1])
    verify_grad(fn, [pt], rng=np.random.RandomState(1))


def test_float32_stays_float32():
    x = T.fmatrix()
    for fn in (T.nnet.sigmoid, T.nnet.softplus, T.nnet.softmax, T.nnet.relu,
               T.nnet.hard_sigmoid, T.nnet.elu, T.nnet.logsoftmax):
        assert fn(x).dtype == "float32", fn


def test_printed_names():
    # Theano 1.0.5: str(T.nnet.softmax(m).owner.op) == 'Softmax', isinstance checks work,
    # and the scalar op names are 'sigmoid' / 'softplus' / 'ultra_fast_sigmoid'.
    m = T.dmatrix()
    assert str(T.nnet.softmax(m).owner.op) == "Softmax"
    assert isinstance(T.nnet.softmax(m).owner.op, T.nnet.Softmax)
    assert str(T.nnet.logsoftmax(m).owner.op) == "LogSoftmax"
    assert str(T.nnet.sigmoid(m).owner.op.scalar_op) == "sigmoid"
    assert str(T.nnet.softplus(m).owner.op.scalar_op) == "softplus"
    assert str(T.nnet.ultra_fast_sigmoid(m).owner.op.scalar_op) == "ultra_fast_sigmoid"
    assert str(T.nnet.categorical_crossentropy(m, T.ivector()).owner.op) == \
        "CrossentropyCategorical1Hot"


def test_softmax_vector_is_one_row():
    # Theano 1.0.5: softmax of a vector warns and returns a (1, n) matrix.
    v = T.dvector()
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        out = T.nnet.softmax(v)
    assert out.ndim == 2
    assert any("DEPRECATION" in str(x.message) for x in w)
    val = theano.function([v], out)(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(val, sp.softmax([[1.0, 2.0, 3.0]], axis=1))


def test_softmax_rejects_3d():
    with pytest.raises(ValueError, match="x must be 1-d or 2-d tensor of floats"):
        T.nnet.softmax(T.dtensor3())


def test_softmax_with_bias():
    b = RNG.randn(5)
    out = f1(T.nnet.softmax_with_bias, X, b)
    np.testing.assert_allclose(out, sp.softmax(X + b, axis=1))


# ------------------------------------------------------------ cross-entropies

P = sp.softmax(RNG.randn(4, 3), axis=1)
YI = np.array([0, 2, 1, 2], dtype="int32")
Y1H = np.eye(3)[YI]


def test_categorical_crossentropy_onehot_matrix():
    out = f1(T.nnet.categorical_crossentropy, P, Y1H)
    np.testing.assert_allclose(out, -np.sum(Y1H * np.log(P), axis=1))


def test_categorical_crossentropy_int_targets():
    p, y = T.dmatrix(), T.ivector()
    out = theano.function([p, y], T.nnet.categorical_crossentropy(p, y))(P, YI)
    np.testing.assert_allclose(out, -np.log(P[np.arange(4), YI]))


def test_categorical_crossentropy_rank_mismatch_message():
    with pytest.raises(TypeError, match="rank mismatch between coding and true distributions"):
        T.nnet.categorical_crossentropy(T.dmatrix(), T.dtensor3())


def test_binary_crossentropy():
    o = sp.expit(RNG.randn(6))
    t = RNG.randint(0, 2, 6).astype(float)
    out = f1(T.nnet.binary_crossentropy, o, t)
    np.testing.assert_allclose(out, -(t * np.log(o) + (1 - t) * np.log(1 - o)))


def test_sigmoid_binary_crossentropy_is_stable():
    z = np.array([-800.0, -3.0, 0.0, 2.0, 800.0])
    t = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    out = f1(T.nnet.sigmoid_binary_crossentropy, z, t)
    ref = np.logaddexp(0, z) - t * z     # = -(t log s(z) + (1-t) log(1-s(z)))
    np.testing.assert_allclose(out, ref)


def test_crossentropy_softmax_1hot():
    x, y = T.dmatrix(), T.ivector()
    nll, sm = T.nnet.crossentropy_softmax_1hot(x, y)
    logits = RNG.randn(4, 3)
    a, b = theano.function([x, y], [nll, sm])(logits, YI)
    np.testing.assert_allclose(a, -sp.log_softmax(logits, axis=1)[np.arange(4), YI])
    np.testing.assert_allclose(b, sp.softmax(logits, axis=1))


BIG = np.array([[1000.0, 0.0, -1000.0], [0.0, 0.0, 0.0], [-500.0, 500.0, 0.0]])
BIG_Y = np.array([2, 0, 0], dtype="int32")


def _stable_ref():
    return -sp.log_softmax(BIG, axis=1)[np.arange(3), BIG_Y]


def hand_softmax(x):
    e_x = T.exp(x - x.max(axis=1).dimshuffle(0, "x"))
    return e_x / e_x.sum(axis=1).dimshuffle(0, "x")


@pytest.mark.parametrize("softmax", [T.nnet.softmax, hand_softmax], ids=["op", "seed_hand"])
@pytest.mark.parametrize("targets", ["onehot", "int"])
def test_crossentropy_of_softmax_never_inf_or_nan(softmax, targets):
    x = T.dmatrix()
    y = T.dmatrix() if targets == "onehot" else T.ivector()
    yv = np.eye(3)[BIG_Y] if targets == "onehot" else BIG_Y
    cost = T.nnet.categorical_crossentropy(softmax(x), y)
    out = theano.function([x, y], cost)(BIG, yv)
    np.testing.assert_allclose(out, _stable_ref())
    g = theano.function([x, y], T.grad(cost.sum(), x))(BIG, yv)
    ref = sp.softmax(BIG, axis=1) - np.eye(3)[BIG_Y]
    np.testing.assert_allclose(g, ref, atol=1e-12)


def test_log_softmax_rewrite_is_finite():
    x = T.dmatrix()
    out = theano.function([x], T.log(T.nnet.softmax(x)))(BIG)
    np.testing.assert_allclose(out, sp.log_softmax(BIG, axis=1))


def test_crossentropy_gradient_finite_differences():
    y = np.eye(3)[[0, 2]]
    verify_grad(lambda z: T.nnet.categorical_crossentropy(T.nnet.softmax(z), y),
                [RNG.randn(2, 3)], rng=np.random.RandomState(2))
    verify_grad(lambda o: T.nnet.binary_crossentropy(T.nnet.sigmoid(o), y),
                [RNG.randn(2, 3)], rng=np.random.RandomState(3))


def test_h_softmax_matches_full_softmax_product():
    rs = np.random.RandomState(4)
    n_in, n_classes, per = 4, 3, 2
    xv = rs.randn(5, n_in)
    W1, b1 = rs.randn(n_in, n_classes), rs.randn(n_classes)
    W2, b2 = rs.randn(n_classes, n_in, per), rs.randn(n_classes, per)
    x = T.dmatrix()
    out = theano.function([x], T.nnet.h_softmax(x, 5, 6, n_classes, per, W1, b1, W2, b2))(xv)
    pc = sp.softmax(xv @ W1 + b1, axis=1)
    ref = np.concatenate([pc[:, [c]] * sp.softmax(xv @ W2[c] + b2[c], axis=1)
                          for c in range(n_classes)], axis=1)
    np.testing.assert_allclose(out, ref, rtol=1e-10)
    np.testing.assert_allclose(out.sum(axis=1), 1.0)


# ------------------------------------------------------------ batch norm

def test_batch_normalization_formula():
    xv, g, b = RNG.randn(4, 3), RNG.rand(3) + 0.5, RNG.randn(3)
    m, s = xv.mean(0), xv.std(0) + 0.1
    x = T.dmatrix()
    out = theano.function([x], bn.batch_normalization(x, g, b, m, s))(xv)
    np.testing.assert_allclose(out, (xv - m) * (g / s) + b)


@pytest.mark.parametrize("axes,red", [("per-activation", (0,)), ("spatial", (0, 2, 3))])
def test_batch_normalization_train_and_test(axes, red):
    xv = RNG.randn(4, 3, 2, 2)
    shape = [1 if d in red else n for d, n in enumerate(xv.shape)]
    g, b = RNG.rand(*shape) + 0.5, RNG.randn(*shape)
    rm, rv = np.zeros(shape), np.ones(shape)
    x = T.dtensor4()
    outs = bn.batch_normalization_train(x, g, b, axes, 1e-4, 0.1, rm, rv)
    out, mean, invstd, new_m, new_v = theano.function([x], list(outs))(xv)
    mu, var = xv.mean(red, keepdims=True), xv.var(red, keepdims=True)
    np.testing.assert_allclose(out, (xv - mu) / np.sqrt(var + 1e-4) * g + b, rtol=1e-10)
    np.testing.assert_allclose(mean, mu)
    np.testing.assert_allclose(invstd, 1 / np.sqrt(var + 1e-4))
    m = np.prod([xv.shape[d] for d in red])
    np.testing.assert_allclose(new_m, 0.9 * rm + 0.1 * mu)
    np.testing.assert_allclose(new_v, 0.9 * rv + 0.1 * var * m / (m - 1))
    test = theano.function([x], bn.batch_normalization_test(x, g, b, mu, var, axes))(xv)
    np.testing.assert_allclose(test, (xv - mu) / np.sqrt(var + 1e-4) * g + b, rtol=1e-10)


# ------------------------------------------------------------ neighbours

def np_images2neibs(x, nshape, step):
    rows = []
    for b in range(x.shape[0]):
        for c in range(x.shape[1]):
            for i in range(0, x.shape[2] - nshape[0] + 1, step[0]):
                for j in range(0, x.shape[3] - nshape[1] + 1, step[1]):
                    rows.append(x[b, c, i:i + nshape[0], j:j + nshape[1]].ravel())
    return np.array(rows)


@pytest.mark.parametrize("nshape,step,mode,hw", [((2, 2), None, "valid", (4, 6)),
                                                 ((2, 3), (1, 2), "valid", (4, 7)),
                                                 ((2, 2), None, "ignore_borders", (5, 5))])
def test_images2neibs(nshape, step, mode, hw):
    xv = np.arange(2 * 2 * hw[0] * hw[1], dtype=float).reshape((2, 2) + hw)
    x = T.dtensor4()
    out = theano.function([x], neighbours.images2neibs(x, nshape, step, mode))(xv)
    np.testing.assert_array_equal(out, np_images2neibs(xv, nshape, step or nshape))


def test_images2neibs_valid_mode_error():
    x = T.dtensor4()
    f = theano.function([x], neighbours.images2neibs(x, (2, 2)))
    with pytest.raises(TypeError, match="not consistent.*ignore_borders"):
        f(np.zeros((1, 1, 5, 5)))


def test_neibs2images_inverts_images2neibs():
    xv = RNG.randn(2, 3, 4, 6)
    x = T.dtensor4()
    neibs = neighbours.images2neibs(x, (2, 3))
    back = neighbours.neibs2images(neibs, (2, 3), x.shape)
    np.testing.assert_array_equal(theano.function([x], back)(xv), xv)


PP_1_0_5 = [
    # expression builder, pprint recorded from Theano 1.0.5 (oracle venv)
    (lambda: T.nnet.sigmoid(T.dot(T.dmatrix("W"), T.dvector("x")) + T.dvector("b")),
     r"sigmoid(((W \dot x) + b))"),
    (lambda: T.nnet.softplus(T.dot(T.dmatrix("W"), T.dvector("x")) + T.dvector("b")),
     r"softplus(((W \dot x) + b))"),
    (lambda: T.nnet.binary_crossentropy(T.dvector("o"), T.dvector("t")),
     "(-((t * log(o)) + ((TensorConstant{1.0} - t) * log((TensorConstant{1.0} - o)))))"),
    (lambda: T.nnet.categorical_crossentropy(T.dmatrix("o"), T.dmatrix("t")),
     "(-Sum{axis=[1], acc_dtype=float64}((t * log(o))))"),
    (lambda: T.nnet.categorical_crossentropy(T.dmatrix("o"), T.ivector("t")),
     "CrossentropyCategorical1Hot(o, t)"),
    (lambda: T.nnet.hard_sigmoid(T.dvector("x")),
     "clip(((x * TensorConstant{0.2}) + TensorConstant{0.5}), TensorConstant{0}, "
     "TensorConstant{1})"),
    (lambda: T.nnet.elu(T.dvector("x")),
     "switch(gt(x, TensorConstant{0}), x, (TensorConstant{1} * expm1(x)))"),
    (lambda: T.nnet.softsign(T.dvector("x")), "softsign(x)"),
]


@pytest.mark.parametrize("build,expected", PP_1_0_5, ids=[p[1][:20] for p in PP_1_0_5])
def test_pprint_matches_theano_1_0_5(build, expected):
    assert theano.pprint(build()) == expected
