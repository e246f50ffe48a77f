"""theano.typed_list: the programs of tests/oracle/typed_list.json (recorded from Theano
1.0.5) replayed on theanox; gradients by finite differences."""
import numpy as np
import pytest
from oracle_cases import assert_raises_like_theano, load_cases, run_case

import theanox as theano
import theanox.tensor as T
import theanox.typed_list as TL

ORACLE = load_cases("typed_list.json")

# Where theanox does more than Theano 1.0.5 on purpose, each with the reason and the
# check that replaces the oracle's.
SUPERSETS = {
    # Theano's C GetItem raises IndexError for a negative index; theanox indexes a
    # typed list like a Python list (l[-1] is the last element).
    "getitem_negative": lambda r: np.testing.assert_array_equal(r[0], np.ones(3)),
    # Theano's GetItem has no gradient (AttributeError); theanox differentiates
    # through typed lists (checked by finite differences in test_grad_through_lists).
    "grad_through_getitem": lambda r: np.testing.assert_allclose(r[0], 2 * np.arange(3.0)),
}

KNOWN_LIMITS = {}


def test_out_of_range_index_raises_and_changes_no_shared_variable():
    x = TL.TypedListType(T.dvector)("x")
    i = T.lscalar("i")
    s = theano.shared(np.zeros(2))
    f = theano.function([x, i], x[i], updates=[(s, s + 1)])
    with pytest.raises(IndexError):
        f([np.ones(2), np.ones(2)], 2)
    np.testing.assert_array_equal(s.get_value(), np.zeros(2))
    np.testing.assert_array_equal(f([np.ones(2), np.arange(2.0)], -1), np.arange(2.0))


def test_constant_or_ragged_out_of_range_index_raises():
    x = TL.TypedListType(T.dvector)("x")
    i = T.lscalar("i")
    with pytest.raises(IndexError):
        theano.function([x], x[7])([np.ones(2)])
    with pytest.raises(IndexError):
        theano.function([x, i], x[i])([np.ones(2), np.ones(3)], 2)


def _check(ours, rec, where):
    if isinstance(rec, dict) and "list" in rec:
        assert isinstance(ours, list), (where, ours)
        assert len(ours) == len(rec["list"]), (where, len(ours), len(rec["list"]))
        for k, (o, r) in enumerate(zip(ours, rec["list"])):
            _check(o, r, "%s[%d]" % (where, k))
    elif isinstance(rec, dict) and "dtype" in rec:
        a = np.asarray(ours)
        assert str(a.dtype) == rec["dtype"] and list(a.shape) == rec["shape"], (where, a, rec)
        np.testing.assert_allclose(a, np.asarray(rec["value"]), rtol=1e-12, err_msg=where)
    else:
        assert ours == rec, (where, ours, rec)


@pytest.mark.parametrize("name", sorted(ORACLE["cases"]))
def test_oracle_case(name):
    case = ORACLE["cases"][name]
    if name in SUPERSETS or name in KNOWN_LIMITS:
        assert "raises" in case
        print("%s: theanox differs from Theano 1.0.5 on purpose (see SUPERSETS/KNOWN_LIMITS)"
              % name)
        SUPERSETS.get(name, KNOWN_LIMITS.get(name))(run_case(ORACLE, case["source"]))
        return
    if "raises" in case:
        assert_raises_like_theano(ORACLE, case, name)
        return
    ours = run_case(ORACLE, case["source"])
    assert len(ours) == len(case["result"]), name
    for k, (o, r) in enumerate(zip(ours, case["result"])):
        _check(o, r, "%s[%d]" % (name, k))


def test_grad_through_lists():
    x = TL.TypedListType(T.dvector)("x")
    v = T.dvector("v")
    c = T.sum(T.tanh(x.insert(1, v)[1] * x[0])) + T.sum(TL.append(x, v)[2] ** 3)
    g = theano.function([x, v], theano.grad(c, v))
    f = theano.function([x, v], c)
    a = [np.array([0.3, -0.2]), np.array([1.0, 2.0])]
    w = np.array([0.5, -1.5])
    eps = 1e-6
    fd = [(f(a, w + eps * e) - f(a, w - eps * e)) / (2 * eps) for e in np.eye(2)]
    np.testing.assert_allclose(g(a, w), fd, rtol=1e-7)


def test_new_length_recompiles_and_stays_right():
    x = TL.TypedListType(T.dvector)("x")
    f = theano.function([x], [TL.length(x), x.reverse()])
    for n in (1, 4, 2):
        a = [np.full(2, float(k)) for k in range(n)]
        n_out, rev = f(a)
        assert n_out == n and [r[0] for r in rev] == list(range(n))[::-1]


def test_refusals():
    x = TL.TypedListType(T.dvector)("x")
    with pytest.raises(TypeError, match="int64"):
        x[T.iscalar()]
    with pytest.raises(TypeError, match="element type"):
        x.append(T.fvector())
    with pytest.raises(NotImplementedError, match="constant"):
        x[T.lscalar():]
    with pytest.raises(TypeError, match="length"):
        len(x)
    f = theano.function([x], TL.length(x))
    with pytest.raises(TypeError, match="list"):
        f(np.ones(3))


@pytest.mark.parametrize("mode", ["DebugMode", "NanGuardMode", "FAST_COMPILE"])
def test_op_by_op_modes_run_typed_lists(mode):
    x = TL.TypedListType(T.dvector)("x")
    v = T.dvector("v")
    f = theano.function([x, v], [x.append(v), TL.length(x), x[0] * 2], mode=mode)
    lst, n, first = f([np.ones(2)], np.zeros(2))
    assert [a.tolist() for a in lst] == [[1.0, 1.0], [0.0, 0.0]]
    assert n == 1 and first.tolist() == [2.0, 2.0]


def test_compute_test_value_with_list_test_values():
    with theano.config.change_flags(compute_test_value="raise"):
        x = TL.TypedListType(T.dvector)("x")
        x.tag.test_value = [np.ones(2)]
        v = T.dvector("v")
        v.tag.test_value = np.zeros(2)
        y = x.append(v)
        assert [a.tolist() for a in y.tag.test_value] == [[1.0, 1.0], [0.0, 0.0]]
        assert TL.length(y).tag.test_value == 2
