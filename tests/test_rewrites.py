"""FAST_RUN's stabilising rewrites give the accurate values legacy code relies on.

References are hand-computed limits: log(1 + 1e-20) = 1e-20, exp(1e-20) - 1 = 1e-20,
log(1 / (1 + exp(-z))) = -log1p(exp(-z)) = -800 at z = -800, and its gradient is 1.
"""
import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T

x = T.dvector("x")
ROWS = [
    ("log(1 + x)", T.log(1 + x), 1e-20, 1e-20),
    ("log(x + 1)", T.log(x + 1), 1e-20, 1e-20),
    ("exp(x) - 1", T.exp(x) - 1, 1e-20, 1e-20),
    ("log(1 / (1 + exp(-x)))", T.log(1 / (1 + T.exp(-x))), -800.0, -800.0),
    ("log(1 - 1 / (1 + exp(-x)))", T.log(1 - 1 / (1 + T.exp(-x))), 800.0, -800.0),
]


@pytest.mark.parametrize("name,expr,at,expected", ROWS, ids=[r[0] for r in ROWS])
def test_fast_run_stabilises(name, expr, at, expected):
    f = theano.function([x], expr, mode="FAST_RUN")
    np.testing.assert_allclose(f(np.array([at])), [expected], rtol=1e-12)


def test_fast_compile_keeps_the_naive_graph():
    f = theano.function([x], T.log(1 + x), mode="FAST_COMPILE")
    assert f(np.array([1e-20]))[0] == 0.0      # float64 rounds 1 + 1e-20 to 1


def test_gradient_of_the_stabilised_log_sigmoid_is_finite():
    cost = T.sum(T.log(1 / (1 + T.exp(-x))))
    g = theano.function([x], T.grad(cost, x))
    # d/dz log(sigmoid(z)) = 1 - sigmoid(z) = 1 at z = -800
    np.testing.assert_allclose(g(np.array([-800.0, 0.0])), [1.0, 0.5])
