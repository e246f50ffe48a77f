"""theano.scalar: the programs of tests/oracle/scalar.json (recorded from Theano 1.0.5)
replayed on theanox, and NumPy references."""
import numpy as np
import pytest
from oracle_cases import assert_raises_like_theano, load_cases, run_case

import theanox as theano
import theanox.tensor as T
from theanox import scalar as S

ORACLE = load_cases("scalar.json")
# NumPy 2 renamed numpy.bool_'s class to ``bool`` (the oracle runs NumPy 1.23).
CLASS_NAMES = {"bool_": "bool"}


def _check(ours, rec, where):
    if isinstance(rec, dict) and "dtype" in rec:
        assert str(np.asarray(ours).dtype) == rec["dtype"], (where, ours, rec)
        cls = CLASS_NAMES.get(rec["class"], rec["class"])
        assert type(ours).__name__ == cls, (where, type(ours).__name__, cls)
        np.testing.assert_allclose(np.asarray(ours), np.asarray(rec["value"]), rtol=1e-12,
                                   err_msg=where)
    elif isinstance(rec, list):
        assert isinstance(ours, (list, tuple)) and len(ours) == len(rec), (where, ours, rec)
        for k, (o, r) in enumerate(zip(ours, rec)):
            _check(o, r, "%s[%d]" % (where, k))
    else:
        assert CLASS_NAMES.get(ours, ours) == CLASS_NAMES.get(rec, rec), (where, ours, rec)


@pytest.mark.parametrize("name", sorted(ORACLE["cases"]))
def test_oracle_case(name):
    case = ORACLE["cases"][name]
    if "raises" in case:
        assert "Bad input argument" in str(assert_raises_like_theano(ORACLE, case, name))
        return
    _check(list(run_case(ORACLE, case["source"])), case["result"], name)


def test_scalar_ops_match_numpy():
    x, y = S.float64("x"), S.float64("y")
    names = ["sin", "cos", "tanh", "log1p", "sqrt", "arctan2", "maximum", "minimum", "exp"]
    outs = [getattr(S, n)(x) if getattr(S, n).nin == 1 else getattr(S, n)(x, y) for n in names]
    got = theano.function([x, y], outs)(0.7, 1.3)
    for n, g in zip(names, got):
        fn = getattr(np, n)
        want = fn(0.7) if getattr(S, n).nin == 1 else fn(0.7, 1.3)
        assert isinstance(g, np.float64)
        np.testing.assert_allclose(g, want, rtol=1e-14, err_msg=n)


def test_scalar_op_is_the_tensor_scalar_op():
    v = T.dvector()
    assert T.Elemwise(S.add) == (v + v).owner.op      # graphs with either form merge
    assert S.add is (v + v).owner.op.scalar_op


def test_scalar_grad_by_finite_differences():
    x = S.float64("x")
    z = S.tanh(x) * S.exp(x * 0.5)
    g = theano.function([x], theano.grad(z, x))
    f = theano.function([x], z)
    eps = 1e-6
    for v in (-0.8, 0.3, 1.7):
        np.testing.assert_allclose(g(v), (f(v + eps) - f(v - eps)) / (2 * eps), rtol=1e-7)


def test_scalar_refusals():
    with pytest.raises(TypeError, match="Scalar"):
        S.as_scalar(T.dvector())
    with pytest.raises(TypeError, match="takes 1 inputs"):
        S.exp(S.float64(), S.float64())


class _HostErf(S.UnaryScalarOp):
    """impl uses math.erf: not traceable, so it runs on the host through a callback."""

    def impl(self, x):
        import math
        return math.erf(x) * 2


def test_user_scalar_op_on_the_host_matches_python():
    import math
    v = T.dvector()
    op = T.Elemwise(_HostErf(S.upgrade_to_float, name="host_erf"))
    got = theano.function([v], op(v))(np.array([0.1, -0.5, 2.0]))
    np.testing.assert_allclose(got, [2 * math.erf(t) for t in (0.1, -0.5, 2.0)], rtol=1e-15)


def test_user_grad_broadcasts_like_its_input():
    class Mul3(S.BinaryScalarOp):
        def impl(self, x, y):
            return 3 * x * y

        def grad(self, inp, grads):
            x, y = inp
            return [grads[0] * 3 * y, grads[0] * 3 * x]
    m = T.dmatrix()
    r = T.drow()
    op = T.Elemwise(Mul3(S.upcast_out, name="mul3"))
    g = theano.function([m, r], theano.grad(op(m, r).sum(), [m, r]))
    a, b = np.arange(6.0).reshape(2, 3), np.array([[1.0, 2.0, 3.0]])
    gm, gr = g(a, b)
    np.testing.assert_allclose(gm, 3 * np.broadcast_to(b, (2, 3)))
    np.testing.assert_allclose(gr, 3 * a.sum(0, keepdims=True))


def test_compute_test_value_with_scalars():
    with theano.config.change_flags(compute_test_value="raise"):
        s = S.float64("s")
        s.tag.test_value = np.float64(2.0)
        assert (s * 3 + 1).tag.test_value == 7.0
