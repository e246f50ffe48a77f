"""theanox.ifelse: lazy conditions lowered to lax.cond (references: NumPy, Theano 1.0.5 wording)."""
import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox import gradient
from theanox.ifelse import IfElse, ifelse


def test_ifelse_selects_branch_and_prints_like_theano():
    a, b = T.scalars("a", "b")
    x, y = T.matrices("x", "y")
    z = ifelse(T.lt(a, b), x, y)
    assert (str(z), str(z.owner.op), str(z.type)) == \
        ("if{}.0", "if{}", "TensorType(float64, matrix)")   # Theano 1.0.5's forms
    f = theano.function([a, b, x, y], z)
    m1, m2 = np.ones((3, 2)), np.zeros((3, 2))
    np.testing.assert_array_equal(f(0., 1., m1, m2), m1)
    np.testing.assert_array_equal(f(1., 0., m1, m2), m2)
    np.testing.assert_array_equal(f(1., 1., m1, m2), m2)
    assert str(IfElse(2, name="nm")) == "if{nm}"


def test_ifelse_list_branches_and_structure():
    c = T.iscalar("c")
    x, y = T.dscalars("x", "y")
    out = ifelse(c, [x + y, x * y], [x - y, x / y])
    assert isinstance(out, list) and len(out) == 2
    f = theano.function([c, x, y], out)
    np.testing.assert_allclose(f(1, 3.0, 2.0), [5.0, 6.0])
    np.testing.assert_allclose(f(0, 3.0, 2.0), [1.0, 1.5])
    assert isinstance(ifelse(c, (x,), (y,)), tuple)


def test_ifelse_is_lazy():
    # The untaken branch would give NaN (sqrt of a negative): only the taken one runs.
    a = T.dscalar("a")
    f = theano.function([a], ifelse(T.gt(a, 0), T.sqrt(a), -a))
    assert f(4.0) == 2.0 and f(-4.0) == 4.0


def test_ifelse_branches_of_different_shapes():
    c = T.iscalar("c")
    x, y = T.dmatrices("x", "y")
    f = theano.function([c, x, y], ifelse(c, x, y))
    np.testing.assert_array_equal(f(0, np.ones((2, 2)), np.zeros((3, 1))), np.zeros((3, 1)))
    np.testing.assert_array_equal(f(1, np.ones((2, 2)), np.zeros((3, 1))), np.ones((2, 2)))


def test_ifelse_gradient_and_verify_grad():
    a, x = T.dscalars("a", "x")
    g = theano.function([a, x], T.grad(ifelse(T.gt(a, 0), x ** 2, x ** 3), x))
    assert g(1.0, 2.0) == 4.0 and g(-1.0, 2.0) == 12.0      # Theano 1.0.5: [4.0, 12.0]
    rng = np.random.RandomState(0)
    gradient.verify_grad(lambda u, v: ifelse(T.lt(u.sum(), v.sum()), u * v, u + v),
                         [rng.rand(2, 3), rng.rand(2, 3)], rng=rng)
    gradient.verify_grad(lambda u: T.switch(u > 0.5, u * 3, u ** 2), [rng.rand(5)], rng=rng)


def test_ifelse_inside_scan():
    x = T.dvector("x")
    r, _ = theano.scan(lambda v: ifelse(T.gt(v, 1.0), v * 10, -v), sequences=x)
    np.testing.assert_allclose(r.eval({x: np.array([0.5, 2.0, 3.0])}), [-0.5, 20.0, 30.0])


IFELSE_ERRORS = [  # (then, else, condition, exception, Theano 1.0.5 message)
    (T.dvector(), T.fvector(), T.dscalar(), TypeError,
     r"The two branches should have identical types, but they are TensorType\(float64, "
     r"vector\) and TensorType\(float32, vector\) respectively. This error could be raised"),
    (T.dvector(), T.dmatrix(), T.dscalar(), TypeError,
     r"TensorType\(float64, vector\) and TensorType\(float64, matrix\) respectively"),
    (T.dcol(), T.dmatrix(), T.dscalar(), TypeError,
     r"TensorType\(float64, col\) and TensorType\(float64, matrix\)"),
    (T.dmatrix(), T.dmatrix(), T.dvector(), TypeError,
     r"Condition given to the op has to be a scalar with 0 standing for False"),
    ([T.dscalar(), T.dscalar()], [T.dscalar()], T.dscalar(), ValueError,
     r"The number of values on the `then` branch should have the same number of variables "
     r"as the `else` branch : \(variables on `then` 2, variables on `else` 1\)"),
]


@pytest.mark.parametrize("then,else_,cond,exc,msg", IFELSE_ERRORS)
def test_ifelse_errors(then, else_, cond, exc, msg):
    with pytest.raises(exc, match=msg):
        ifelse(cond, then, else_)
