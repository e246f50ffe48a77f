"""specify_shape, function_dump, MonitorMode and theanox.tensor.sharedvar (Theano 1.0.5 names)."""
import pickle

import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T


def test_specify_shape_passes_matching_values_and_rejects_others():
    x = T.dmatrix("x")
    f = theano.function([x], T.specify_shape(x, (2, 3)) * 2)
    np.testing.assert_array_equal(f(np.ones((2, 3))), 2 * np.ones((2, 3)))
    with pytest.raises(AssertionError, match=r"got shape \(3, 2\), expected \(2, 3\)"):
        f(np.ones((3, 2)))


def test_function_dump_round_trips(tmp_path):
    x = T.dvector("x")
    path = str(tmp_path / "fn.pkl")
    theano.function_dump(path, [x], x ** 2)
    with open(path, "rb") as fh:
        kwargs = pickle.load(fh)
    f = theano.function(**kwargs)
    np.testing.assert_array_equal(f(np.array([1.0, 3.0])), [1.0, 9.0])


def test_monitor_mode_sees_every_node_value():
    seen = []

    def post(i, node, fn):
        seen.append((str(node.op), [o[0].copy() for o in fn.outputs]))

    x = T.dvector("x")
    mode = theano.compile.MonitorMode(post_func=post)
    f = theano.function([x], T.exp(x) + 1, mode=mode)
    np.testing.assert_allclose(f(np.array([0.0, 1.0])), [2.0, np.e + 1])
    values = [v[0] for _, v in seen]
    assert any(np.allclose(v, [2.0, np.e + 1]) for v in values)   # exp(x) + 1, by hand


def test_sharedvar_module_path():
    from theanox.tensor.sharedvar import TensorSharedVariable
    s = theano.shared(np.zeros(3))
    assert isinstance(s, TensorSharedVariable)
