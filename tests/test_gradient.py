"""theanox.gradient: grad, jacobian, hessian, Rop, Lop, gradient blockers, verify_grad.

References: hand-computed derivatives, NumPy, finite differences, and values
recorded from Theano 1.0.5 (noted where used).
"""
import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox import gradient

RNG = np.random.RandomState(0)


def test_grad_wrt_list_shared_and_intermediate():
    x, y = T.dscalars("x", "y")
    c = x * y ** 2
    np.testing.assert_allclose(theano.function([x, y], T.grad(c, [x, y]))(3.0, 2.0), [4.0, 12.0])
    w = theano.shared(np.array([1.0, 2.0]), name="w")
    v = T.dvector("v")
    g = theano.function([v], T.grad(T.sum(w * v) ** 2, w))([3.0, 4.0])
    np.testing.assert_allclose(g, 2 * 11.0 * np.array([3.0, 4.0]))   # 2 (w.v) v
    z = x * 3
    np.testing.assert_allclose(theano.function([x], T.grad(z ** 2, z))(2.0), 12.0)


def test_grad_names_and_disconnected_modes():
    x, y = T.dvector("x"), T.dvector("y")
    c = (x ** 2).sum()
    c.name = "c"
    assert T.grad(c, x).name == "(dc/dx)"
    with pytest.raises(gradient.DisconnectedInputError, match="not part of the computational"):
        T.grad(c, y)
    with pytest.warns(UserWarning, match="not part of the computational graph"):
        g = T.grad(c, y, disconnected_inputs="warn")
    np.testing.assert_allclose(g.eval({y: np.ones(2)}), [0.0, 0.0])
    assert T.grad(c, [x, y], disconnected_inputs="ignore", return_disconnected="None")[1] is None
    d = T.grad(c, [x, y], disconnected_inputs="ignore", return_disconnected="Disconnected")[1]
    assert str(d.type) == "DisconnectedType"
    with pytest.raises(ValueError, match="disconnected_inputs must be one of"):
        T.grad(c, x, disconnected_inputs="bogus")


def test_grad_errors():
    x = T.dvector("x")
    with pytest.raises(TypeError, match="cost must be a scalar"):
        T.grad(x ** 2, x)
    with pytest.raises(TypeError, match="Expected Variable, got 2.0"):
        T.grad((x ** 2).sum(), 2.0)
    with pytest.raises(AssertionError, match="cost and known_grads can't both be None"):
        T.grad(None, x)


def test_known_grads_and_cost_none():
    x = T.dscalar("x")
    z = x * 3
    g = T.grad(None, x, known_grads={z: T.constant(2.0)})
    np.testing.assert_allclose(theano.function([x], g, on_unused_input="ignore")(2.0), 6.0)


def test_gradient_blockers():
    x = T.dscalar("x")
    y = x ** 2
    # d(y*x)/dx with y held constant = y = 9 at x = 3 (Theano 1.0.5: 9.0 for all three)
    assert T.grad(y * x, x, consider_constant=[y]).eval({x: 3.0}) == 9.0
    assert T.grad(gradient.zero_grad(y) * x, x).eval({x: 3.0}) == 9.0
    assert T.grad(gradient.disconnected_grad(y) * x, x).eval({x: 3.0}) == 9.0
    assert T.grad(gradient.consider_constant(y) * x, x).eval({x: 3.0}) == 9.0
    with pytest.raises(gradient.DisconnectedInputError):
        T.grad(gradient.disconnected_grad(y), x)
    np.testing.assert_allclose(T.grad(gradient.zero_grad(y), x).eval({x: 3.0}), 0.0)
    assert [str(f(x).owner.op) for f in (gradient.zero_grad, gradient.disconnected_grad,
                                         gradient.consider_constant)] == \
        ["ZeroGrad", "DisconnectedGrad", "ConsiderConstant"]


def test_grad_clip_and_scale():
    x = T.dscalar("x")
    assert T.grad(gradient.grad_clip(x ** 2, -1.0, 1.0), x).eval({x: 3.0}) == 6.0  # 1.0.5: 6.0
    assert T.grad(gradient.grad_clip(x, -1.0, 1.0) * 5, x).eval({x: 3.0}) == 1.0
    assert T.grad(gradient.grad_clip(x, -1.0, 1.0) * -5, x).eval({x: 3.0}) == -1.0
    assert T.grad(gradient.grad_scale(x ** 2, 0.5), x).eval({x: 3.0}) == 3.0
    with pytest.raises(AssertionError, match="lower_bound"):
        gradient.grad_clip(x, 1.0, -1.0)


def test_grad_of_grad_and_hessian_vector_products():
    x, v = T.dvector("x"), T.dvector("v")
    c = (x ** 3).sum() + x[0] * x[1]
    xv, vv = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    H = np.diag(6 * xv) + np.array([[0.0, 1.0], [1.0, 0.0]])
    gg = theano.function([x], T.grad(T.grad(c, x).sum(), x))(xv)
    np.testing.assert_allclose(gg, H.sum(axis=0))
    hv = theano.function([x, v], T.grad(T.sum(T.grad(c, x) * v), x))(xv, vv)
    np.testing.assert_allclose(hv, H.dot(vv))
    rv = theano.function([x, v], T.Rop(T.grad(c, x), x, v))(xv, vv)
    np.testing.assert_allclose(rv, H.dot(vv))
    np.testing.assert_allclose(theano.function([x], T.hessian(c, x))(xv), H)


JACOBIAN_CASES = [  # (name, expression builder, wrt value, NumPy Jacobian)
    ("Ax", lambda x: T.dot(T.constant(np.arange(6.).reshape(2, 3)), x), np.array([1., 2., 3.]),
     lambda x: np.arange(6.).reshape(2, 3)),
    ("x**2", lambda x: x ** 2, np.array([4.0, 4.0]), lambda x: np.diag(2 * x)),
    ("cumsum", lambda x: T.cumsum(x), np.array([1., 2., 3.]),
     lambda x: np.tril(np.ones((3, 3)))),
    ("tanh*x", lambda x: T.tanh(x) * x[0], np.array([0.3, -0.2]),
     lambda x: np.diag(x[0] / np.cosh(x) ** 2) + np.outer(np.tanh(x), [1.0, 0.0])),
]


@pytest.mark.parametrize("name,build,xv,expected", JACOBIAN_CASES,
                         ids=[c[0] for c in JACOBIAN_CASES])
def test_jacobian(name, build, xv, expected):
    x = T.dvector("x")
    J = theano.gradient.jacobian(build(x), x)
    assert J.ndim == 2
    np.testing.assert_allclose(theano.function([x], J)(xv), expected(xv), rtol=1e-12)


def test_jacobian_wrt_matrix_list_and_errors():
    x, W = T.dvector("x"), T.dmatrix("W")
    Jw, Jx = theano.gradient.jacobian(T.dot(W, x), [W, x])
    wv, xv = RNG.rand(2, 3), RNG.rand(3)
    jw = theano.function([W, x], Jw)(wv, xv)
    expected = np.zeros((2, 2, 3))
    for i in range(2):
        expected[i, i] = xv                      # d(Wx)_i / dW_ij = x_j
    np.testing.assert_allclose(jw, expected)
    np.testing.assert_allclose(theano.function([W, x], Jx)(wv, xv), wv)
    with pytest.raises(AssertionError, match="1 dimensional variable as `expression`"):
        theano.gradient.jacobian(T.dmatrix(), x)
    np.testing.assert_allclose(theano.gradient.jacobian((x ** 2).sum(), x).eval({x: xv}),
                               2 * xv)


def test_hessian_values_and_errors():
    x = T.dvector("x")
    # Theano 1.0.5: hessian(sum(x**3)) at [1,2,3] = diag(6, 12, 18)
    np.testing.assert_allclose(theano.function([x], T.hessian(T.sum(x ** 3), x))([1., 2., 3.]),
                               np.diag([6., 12., 18.]))
    y = T.dvector("y")
    hx, hy = T.hessian((x * y).sum() + (y ** 2).sum(), [x, y])
    f = theano.function([x, y], [hx, hy])
    a, b = f([1., 2.], [3., 4.])
    np.testing.assert_allclose(a, np.zeros((2, 2)))
    np.testing.assert_allclose(b, 2 * np.eye(2))
    with pytest.raises(AssertionError, match="0 dimensional variable as `cost`"):
        T.hessian(x, x)
    with pytest.raises(AssertionError, match="1 dimensional variable as `wrt`"):
        T.hessian(T.dmatrix().sum(), T.dmatrix())


def test_rop_lop_hand_values():
    W, V, x, v = T.dmatrix("W"), T.dmatrix("V"), T.dvector("x"), T.dvector("v")
    y = T.dot(x, W)
    f = theano.function([W, V, x], T.Rop(y, W, V))
    np.testing.assert_allclose(f([[1, 1], [1, 1]], [[2, 2], [2, 2]], [0, 1]), [2.0, 2.0])
    f = theano.function([v, x, W], T.Lop(y, W, v))
    np.testing.assert_allclose(f([2, 2], [0, 1], np.ones((2, 2))), [[0, 0], [2, 2]])
    # Theano 1.0.5 recorded: Rop(tanh(x), x, v) at x=[0,1], v=[1,2] = [1, 0.8399486832280523]
    f = theano.function([x, v], T.Rop(T.tanh(x), x, v))
    np.testing.assert_allclose(f([0.0, 1.0], [1.0, 2.0]), [1.0, 0.8399486832280523])
    r1, r2 = theano.function([x, v], T.Rop([x * 2, x ** 2], x, v))([1.0, 3.0], [1.0, 1.0])
    np.testing.assert_allclose(r1, [2, 2])
    np.testing.assert_allclose(r2, [2, 6])
    with pytest.raises(ValueError, match="mismatched dimensionality: 1 versus 2"):
        T.Rop(x * 2, x, T.dmatrix())


def test_verify_grad_passes_and_fails():
    rng = np.random.RandomState(42)
    gradient.verify_grad(lambda a: T.tanh(a).sum(), [np.array([0.1, 0.2])], rng=rng)
    gradient.verify_grad(lambda a, b: T.dot(a, b) ** 2, [RNG.rand(2, 3), RNG.rand(3)], rng=rng)
    gradient.verify_grad(lambda a: T.switch(a > 0.5, a ** 2, -a), [np.array([0.1, 0.9, 0.3])],
                         rng=rng)
    assert T.verify_grad is gradient.verify_grad
    # Theano 1.0.5 prints this exact report for the same call.
    with pytest.raises(gradient.GradientError) as info:
        gradient.verify_grad(lambda a: gradient.zero_grad(a) * 2 + a, [np.ones(3)],
                             rng=np.random.RandomState(1))
    text = str(info.value)
    assert "At position 2 of argument 0 with shape (3,)" in text
    assert "val1 = 0.500114      ,  val2 = 1.500343" in text
    assert "rel. error = 0.500000,  rel. tolerance = 0.000100" in text


def test_verify_grad_argument_errors():
    with pytest.raises(TypeError, match="rng should be a valid instance"):
        gradient.verify_grad(lambda a: a * 2, [np.ones(3)])
    with pytest.raises(TypeError, match='input 0 has dtype "int64"'):
        gradient.verify_grad(lambda a: a * 2, [np.ones(3, "int64")], rng=RNG)
    with pytest.raises(TypeError, match="outputs a list"):
        gradient.verify_grad(lambda a: [a, a], [np.ones(3)], rng=RNG)


def test_numeric_grad_central_differences():
    ng = gradient.numeric_grad(lambda a: np.sum(a ** 3), [np.array([1.0, 2.0])])
    np.testing.assert_allclose(ng.gf[0], [3.0, 12.0], rtol=1e-6)
