"""config.compute_test_value: nodes run while the graph is built, as in Theano 1.0.5.

The records of tests/oracle/graphtools.json (section test_values) are re-run through the
``theano`` alias: values, exception classes and message starts, and the warnings of
'warn' mode must match Theano's.
"""
import json
import os
import warnings

import numpy as np
import pytest

import theanox as theano
import theanox.tensor as T
from theanox import config

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "oracle", "graphtools.json")) as _f:
    DATA = json.load(_f)
PRELUDE, RESET = DATA["meta"]["prelude"], DATA["meta"]["reset"]
RECORDS = [r for r in DATA["records"] if r["section"] == "test_values"]
# Names that differ: Theano prints InplaceDimShuffle for a node theanox never makes
# inplace, and its tag class is called 'scratchpad'.
RENAMES = [("InplaceDimShuffle", "DimShuffle"), ("'scratchpad'", "'Scratchpad'")]


def _theano_text(text):
    for old, new in RENAMES:
        text = text.replace(old, new)
    return text


def _message_start(error):
    """Returns the part of a recorded message that does not depend on Theano's backtrace
    (theanox records no creation backtrace: its messages say how to fix the input)."""
    kind, _, msg = error.partition(": ")
    msg = msg.split("  \nBacktrace")[0].split("\n \nBacktrace")[0].split("  \n")[0]
    return kind, _theano_text(msg.rstrip(". "))


def _compare(got, want, key):
    if isinstance(want, dict) and "dtype" in want:
        got = np.asarray(got)
        assert str(got.dtype) == want["dtype"], (key, got.dtype, want["dtype"])
        assert list(got.shape) == want["shape"], (key, got.shape)
        np.testing.assert_allclose(got, np.asarray(want["value"]), rtol=1e-12, err_msg=key)
    elif isinstance(want, list):
        assert len(got) == len(want), (key, got, want)
        for g, w in zip(got, want):
            _compare(g, w, key)
    elif isinstance(want, str):
        assert got == _theano_text(want), (key, got, want)
    else:
        assert got == want, (key, got, want)


def _run(rec):
    ns = {}
    exec(PRELUDE, ns)
    try:
        exec(rec["code"], ns)
        return eval(rec["expr"], ns)
    finally:
        exec(RESET, ns)


@pytest.mark.parametrize("rec", RECORDS, ids=[r["key"] for r in RECORDS])
def test_matches_theano_1_0_5(rec):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if "error" in rec:
            kind, start = _message_start(rec["error"])
            with pytest.raises(Exception) as info:
                _run(rec)
            assert type(info.value).__name__ == kind, (info.value, rec["error"])
            assert str(info.value).startswith(start), (str(info.value), start)
        else:
            _compare(_run(rec), rec["value"], rec["key"])
    got = [[w.category.__name__, str(w.message)] for w in caught
           if "Cannot compute test value" in str(w.message)]
    want = [[c, _theano_text(m)] for c, m in rec["warnings"]
            if "Cannot compute test value" in m]
    assert got == want


def test_error_is_raised_on_the_users_line():
    """The shape error's traceback ends in the graph-building call, not in a function."""
    x = T.matrix("x")
    x.tag.test_value = np.ones((3, 4))
    y = T.vector("y")
    y.tag.test_value = np.ones(5)
    with theano.change_flags(compute_test_value="raise"):
        with pytest.raises(ValueError, match="not aligned") as info:
            T.dot(x, y)
    assert "Apply node that caused the error: dot(x, y)" in str(info.value)
    assert any(entry.name == "test_error_is_raised_on_the_users_line"
               for entry in info.traceback)


def test_off_builds_no_test_values_and_costs_one_comparison(monkeypatch):
    """'off' never calls the evaluation service, whatever the tags hold."""
    from theanox.graph import hooks
    calls = []
    monkeypatch.setattr(hooks.compute_test_value, "_fn", lambda node: calls.append(node))
    x = T.matrix("x")
    x.tag.test_value = np.ones((3, 4))
    z = T.dot(x, x.T) + 1
    assert calls == [] and not hasattr(z.tag, "test_value")
    with theano.change_flags(compute_test_value="ignore"):
        T.exp(x)
    assert len(calls) == 1


def test_compile_does_not_compute_test_values():
    """Rewrites and lowering run with compute_test_value_opt ('off'): the function of a
    graph with test values compiles and runs on other shapes."""
    x = T.matrix("x")
    x.tag.test_value = np.ones((2, 3))
    with theano.change_flags(compute_test_value="raise"):
        cost = T.nnet.sigmoid(T.dot(x, x.T)).sum()
        g = T.grad(cost, x)
        assert g.tag.test_value.shape == (2, 3)
        f = theano.function([x], [cost, g])
    xv = np.linspace(-1, 1, 20).reshape(4, 5)
    s = 1 / (1 + np.exp(-xv @ xv.T))
    got_cost, got_g = f(xv)
    np.testing.assert_allclose(got_cost, s.sum(), rtol=1e-12)
    ds = s * (1 - s)
    np.testing.assert_allclose(got_g, ds @ xv + ds.T @ xv, rtol=1e-12)


def test_pdb_mode_opens_the_debugger_and_skips_the_node(monkeypatch):
    import pdb
    opened = []
    monkeypatch.setattr(pdb, "post_mortem", lambda tb=None: opened.append(tb))
    w = T.vector("w")
    with theano.change_flags(compute_test_value="pdb"):
        z = w * 2
    assert len(opened) == 1 and not hasattr(z.tag, "test_value")


def test_random_draws_and_scan_with_test_values():
    """A random draw gets a value of the right shape; scan's step sees the first slices."""
    rng = T.shared_randomstreams.RandomStreams(3)
    x = T.matrix("x")
    x.tag.test_value = np.arange(6.).reshape(3, 2)
    with theano.change_flags(compute_test_value="raise"):
        noise = rng.normal((3, 2))
        seen = []

        def step(row, acc):
            seen.append(row.tag.test_value)
            return acc + row
        out, _ = theano.scan(step, sequences=[x + noise * 0], outputs_info=[T.zeros((2,))])
    assert noise.tag.test_value.shape == (3, 2)
    np.testing.assert_array_equal(seen[0], [0., 1.])
    np.testing.assert_array_equal(out.tag.test_value, np.cumsum(np.arange(6.).reshape(3, 2), 0))
    assert config.compute_test_value == "off"


def test_repr_test_value():
    """Theano's Variable.__repr_test_value__: the repr of the test value, or AttributeError."""
    v = T.dvector("v")
    with pytest.raises(AttributeError, match="v has no test value"):
        v.__repr_test_value__()
    v.tag.test_value = np.array([1.0, 2.0])
    assert v.__repr_test_value__() == "array([1., 2.])"
    s = theano.shared(np.arange(2.0))
    assert s.__repr_test_value__() == "array([0., 1.])"
