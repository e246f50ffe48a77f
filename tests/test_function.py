"""theanox.function and shared variables: outputs, updates, givens, In/Param/Out,
copy, eval caching, input checking and its errors, atomic updates, shared semantics."""
import pickle
import warnings
from collections import OrderedDict

import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox.function import UnusedInputError


@pytest.fixture
def xs():
    return T.dvector("x"), T.dvector("y")


def test_outputs_var_list_and_empty(xs):
    x, y = xs
    one = theano.function([x], x * 2)(np.arange(3.0))
    assert isinstance(one, np.ndarray) and one.tolist() == [0, 2, 4]
    lst = theano.function([x, y], [x + y, x - y])(np.ones(2), np.arange(2.0))
    assert isinstance(lst, list) and [a.tolist() for a in lst] == [[1, 2], [1, 0]]
    s = theano.shared(np.zeros(2), name="s")
    f = theano.function([x], [], updates=[(s, s + x)])
    assert f(np.ones(2)) == [] and s.get_value().tolist() == [1, 1]
    sc = theano.function([x], x.sum())(np.ones(3))
    assert isinstance(sc, np.ndarray) and sc.shape == () and sc.dtype == np.float64


@pytest.mark.parametrize("kind", ["dict", "OrderedDict", "pairs", "lists"])
def test_updates_forms(kind, xs):
    x, _ = xs
    a = theano.shared(np.zeros(2), name="a")
    b = theano.shared(np.array(10.0), name="b")
    pairs = [(a, a + x), (b, b - 1)]
    upd = {"dict": dict(pairs), "OrderedDict": OrderedDict(pairs), "pairs": pairs,
           "lists": [list(p) for p in pairs]}[kind]
    f = theano.function([x], [a, b], updates=upd)
    out = f(np.array([1.0, 2.0]))
    # outputs are computed before the updates are applied
    assert out[0].tolist() == [0, 0] and out[1] == 10
    assert a.get_value().tolist() == [1, 2] and b.get_value() == 9


def test_updates_are_simultaneous():
    a = theano.shared(1.0, name="a")
    b = theano.shared(2.0, name="b")
    theano.function([], [], updates=[(a, b), (b, a)])()
    assert (a.get_value(), b.get_value()) == (2.0, 1.0)


def test_givens(xs):
    x, y = xs
    s = theano.shared(np.arange(3.0), name="s")
    f = theano.function([y], x * 2, givens={x: y + 1})
    assert f(np.ones(3)).tolist() == [4, 4, 4]
    g = theano.function([], x * 2, givens=[(x, s)])
    assert g().tolist() == [0, 2, 4]
    with pytest.raises(TypeError, match="types must match"):
        theano.function([], x * 2, givens={x: T.fvector()})


def test_in_param_defaults_and_keywords(xs):
    x, y = xs
    f = theano.function([x, theano.In(y, value=np.ones(2), name="yy")], x + y)
    assert f(np.zeros(2)).tolist() == [1, 1]
    assert f(np.zeros(2), yy=np.full(2, 5.0)).tolist() == [5, 5]
    assert f(yy=np.ones(2), x=np.ones(2)).tolist() == [2, 2]
    g = theano.function([x, theano.Param(y, default=np.full(2, 3.0))], x * y)
    assert g(np.ones(2)).tolist() == [3, 3]
    assert g(np.ones(2), np.full(2, 2.0)).tolist() == [2, 2]
    with pytest.raises(TypeError, match="Unknown input"):
        f(np.zeros(2), zz=1)
    with pytest.raises(TypeError, match="both by position and by keyword"):
        f(np.zeros(2), x=np.zeros(2))


def test_out_spec(xs):
    x, _ = xs
    f = theano.function([x], theano.Out(x * 3, borrow=True))
    assert f(np.ones(2)).tolist() == [3, 3]


def test_copy_shares_state_and_keeps_updates(xs):
    x, _ = xs
    s = theano.shared(np.zeros(2), name="s")
    f = theano.function([x], x + s, updates={s: s + 1})
    g = f.copy()
    assert g(np.ones(2)).tolist() == [1, 1]
    assert s.get_value().tolist() == [1, 1]
    assert f(np.ones(2)).tolist() == [2, 2] and s.get_value().tolist() == [2, 2]
    s2 = theano.shared(np.full(2, 100.0), name="s2")
    h = f.copy(swap={s: s2})
    assert h(np.zeros(2)).tolist() == [100, 100] and s2.get_value().tolist() == [101, 101]
    assert s.get_value().tolist() == [2, 2]


def test_eval_caches_its_function(xs):
    x, y = xs
    z = x * 2 + y
    assert z.eval({x: np.ones(2), y: np.zeros(2)}).tolist() == [2, 2]
    cached = dict(z._fn_cache)
    assert z.eval({y: np.ones(2), x: np.zeros(2)}).tolist() == [1, 1]
    assert z._fn_cache == cached and len(cached) == 1
    assert T.constant(3).eval() == 3


def test_allow_input_downcast_and_its_error_wording():
    fx = T.fvector("fx")
    f = theano.function([fx], fx * 2)
    with pytest.raises(TypeError, match="allow_input_downcast=True") as e:
        f(np.ones(3))
    assert "fx" in str(e.value) and "float64" in str(e.value)
    ok = theano.function([fx], fx * 2, allow_input_downcast=True)(np.ones(3))
    assert ok.dtype == np.float32 and ok.tolist() == [2, 2, 2]
    # Python lists and ints that fit are accepted without the flag (as Theano)
    assert f([1.0, 2.0]).dtype == np.float32
    i = T.iscalar("i")
    g = theano.function([i], i * 2)
    assert g(3) == 6
    with pytest.raises(TypeError, match="allow_input_downcast"):
        g(np.int64(2 ** 40))


def test_bad_calls_raise_type_error(xs):
    x, _ = xs
    f = theano.function([x], x * 2)
    with pytest.raises(TypeError, match="dimensions"):
        f(np.ones((2, 2)))
    with pytest.raises(TypeError, match="Too many parameter"):
        f(np.ones(2), np.ones(2))
    with pytest.raises(TypeError, match="Missing required input"):
        f()
    with pytest.raises(TypeError, match="Unknown input"):
        f(np.ones(2), foo=3)
    with pytest.raises(TypeError, match="list"):
        theano.function(x, x * 2)


def test_unused_input_policy(xs):
    x, y = xs
    with pytest.raises(UnusedInputError, match="on_unused_input='warn'"):
        theano.function([x, y], x * 2)
    with pytest.warns(UserWarning, match="not part of the computational graph"):
        f = theano.function([x, y], x * 2, on_unused_input="warn")
    assert f(np.ones(2), np.ones(2)).tolist() == [2, 2]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = theano.function([x, y], x * 2, on_unused_input="ignore")
    assert g(np.ones(2), np.zeros(2)).tolist() == [2, 2]


def test_bad_updates_refused_at_compile_time(xs):
    x, _ = xs
    s = theano.shared(np.zeros(3), name="s")
    with pytest.raises(TypeError, match="shared variable"):
        theano.function([x], x, updates={x: x + 1})
    with pytest.raises(TypeError, match="same type as the original shared variable"):
        theano.function([x], x, updates={s: T.cast(s, "float32")})
    with pytest.raises(TypeError, match="same type"):
        theano.function([x], x, updates={s: s.sum()})
    with pytest.raises(ValueError, match="twice"):
        theano.function([], [], updates=[(s, s + 1), (s, s + 2)])


def test_runtime_shape_mismatch_names_the_op_and_changes_nothing():
    A, B = T.dmatrices("A", "B")
    w = theano.shared(np.ones(2), name="w")
    c = theano.shared(np.array(5.0), name="c")
    f = theano.function([A, B], T.dot(A, B), updates=[(w, w + 1), (c, c * 2)])
    with pytest.raises(ValueError) as e:
        f(np.ones((2, 3)), np.ones((4, 5)))
    msg = str(e.value)
    assert "dot" in msg and "(2, 3)" in msg and "(4, 5)" in msg and "float64" in msg
    assert w.get_value().tolist() == [1, 1] and c.get_value() == 5
    f(np.ones((2, 3)), np.ones((3, 5)))   # a good call applies every update
    assert w.get_value().tolist() == [2, 2] and c.get_value() == 10


def test_shared_value_semantics():
    arr = np.zeros(3)
    s = theano.shared(arr, name="s")
    arr[0] = 5                               # shared() copies the value (borrow=False)
    assert s.get_value().tolist() == [0, 0, 0]
    v = s.get_value()
    v[1] = 7                                 # get_value() returns a copy
    assert s.get_value().tolist() == [0, 0, 0]
    s.set_value([1, 2, 3])                   # lists are converted
    assert s.get_value().dtype == np.float64 and s.get_value().tolist() == [1, 2, 3]
    new = np.array([4.0, 5.0, 6.0])
    s.set_value(new)
    new[0] = 99                              # set_value copies too
    assert s.get_value()[0] == 4
    with pytest.raises(TypeError, match="dimensions"):
        s.set_value(np.ones((2, 2)))
    assert str(s.type) == "TensorType(float64, vector)" and s.name == "s"
    i = theano.shared(np.arange(3, dtype="int32"))
    with pytest.raises(TypeError):
        i.set_value(np.array([1.5, 2.5, 3.5]))


def test_shared_pickles_with_its_value():
    s = theano.shared(np.arange(4.0).reshape(2, 2), name="W")
    s2 = pickle.loads(pickle.dumps(s))
    assert s2.name == "W" and str(s2.type) == "TensorType(float64, matrix)"
    np.testing.assert_array_equal(s2.get_value(), np.arange(4.0).reshape(2, 2))
    f = theano.function([], s2 * 2, updates={s2: s2 + 1})
    assert f().tolist() == [[0, 2], [4, 6]] and s2.get_value()[0, 0] == 1
    assert s.get_value()[0, 0] == 0


def test_default_update_and_no_default_updates():
    c = theano.shared(0, name="c")
    c.default_update = c + 1
    f = theano.function([], c)
    assert [int(f()), int(f())] == [0, 1] and c.get_value() == 2
    g = theano.function([], c, no_default_updates=True)
    g()
    assert c.get_value() == 2
    h = theano.function([], c, updates={c: c + 10})     # explicit update wins
    h()
    assert c.get_value() == 12


def test_maker_fgraph():
    x = T.dscalar("x")
    s = theano.shared(1.0, name="s")
    f = theano.function([x], x * 2 + s, updates={s: s + x})
    fg = f.maker.fgraph
    assert fg.inputs[0] is x and s in fg.inputs
    assert len(fg.outputs) == 2
    assert list(fg.toposort()) and set(fg.toposort()) == set(fg.apply_nodes)


def test_int_division_config():
    # Recorded from Theano 1.0.5 (Python 3): a / b of two int32 scalars is float64 3.5
    # whatever config.int_division is; only T.div_proxy reads the flag.
    a, b = T.iscalars("a", "b")
    for mode in ("int", "raise", "floatX"):
        with theano.change_flags(int_division=mode):
            out = theano.function([a, b], a / b)(7, 2)
            assert out == 3.5 and out.dtype == np.float64
    with theano.change_flags(int_division="int"):
        assert theano.function([a, b], T.div_proxy(a, b))(7, 2) == 3
    with theano.change_flags(int_division="raise"):
        with pytest.raises(TypeError, match="Integer division"):
            T.div_proxy(a, b)


def test_symbolic_graphs_pickle_like_theano_models():
    # deeplearning.net's logistic_sgd pickles the classifier: shared W, b and the
    # symbolic input/outputs; the unpickled graph must compile and compute.
    x = T.dmatrix("x")
    W = theano.shared(np.arange(6.0).reshape(3, 2), name="W")
    b = theano.shared(np.zeros(2), name="b")
    p = T.nnet.softmax(T.dot(x, W) + b)
    model = {"input": x, "p": p, "y_pred": T.argmax(p, axis=1),
             "cost": T.mean(T.log(p)) + T.cast(T.sum(x > 0), "float64") / 3, "W": W}
    m2 = pickle.loads(pickle.dumps(model))
    xv = np.array([[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]])
    f = theano.function([m2["input"]], [m2["y_pred"], m2["cost"]])
    logits = xv @ np.arange(6.0).reshape(3, 2)
    pv = np.exp(logits - logits.max(1, keepdims=True))
    pv /= pv.sum(1, keepdims=True)
    y_pred, cost = f(xv)
    assert y_pred.tolist() == pv.argmax(1).tolist()
    np.testing.assert_allclose(cost, np.log(pv).mean() + (xv > 0).sum() / 3)
    assert m2["W"].get_value().tolist() == W.get_value().tolist() and m2["W"] is not W


def test_compiled_functions_pickle():
    x = T.dvector("x")
    y = T.dvector("y")
    s = theano.shared(np.zeros(2), name="s")
    c = theano.shared(0, name="c")
    c.default_update = c + 1
    f = theano.function([x, theano.In(y, value=np.ones(2), name="yy")], (x + y) * 2 + s,
                        updates={s: s + x}, allow_input_downcast=True)
    g = theano.function([], c)
    f(np.ones(2))
    f2, g2 = pickle.loads(pickle.dumps((f, g)))
    assert f2(np.ones(2)).tolist() == [5, 5]               # s was [1, 1] when pickled
    assert f2(np.ones(2), yy=np.zeros(2)).tolist() == [4, 4]     # s is now [2, 2]
    assert f2([1, 1]).dtype == np.float64
    assert s.get_value().tolist() == [1, 1]                # the original is untouched
    assert [int(g2()), int(g2())] == [0, 1] and c.get_value() == 0


def test_updating_a_clone_of_a_shared_variable_leaves_the_original_intact():
    import numpy as np

    import theanox as theano
    s = theano.shared(np.arange(3.0), name="s")
    c = s.clone()
    f = theano.function([], [], updates=[(c, c + 1)])
    f()
    np.testing.assert_array_equal(s.get_value(), [0.0, 1.0, 2.0])
    np.testing.assert_array_equal(c.get_value(), [1.0, 2.0, 3.0])


def test_outputs_are_writable_copies_unless_borrowed():
    import numpy as np

    import theanox as theano
    import theanox.tensor as T
    x = T.dvector("x")
    f = theano.function([x], [x * 2, theano.Out(x + 1, borrow=True)])
    a, b = f(np.ones(3))
    a[0] = 7.0                      # legacy code modifies outputs in place
    np.testing.assert_array_equal(a, [7.0, 2.0, 2.0])
    np.testing.assert_array_equal(b, [2.0, 2.0, 2.0])
