"""theano.version, T.opt.Assert, theano.tests.breakpoint.PdbBreakpoint, theano.misc.pkl_utils:
against values recorded from Theano 1.0.5 (tests/oracle/compat_modules.json) and NumPy."""
import base64
import io
import json
import os
import pdb
import sys
import zipfile

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.misc import pkl_utils
from theano.tests.breakpoint import PdbBreakpoint

with open(os.path.join(os.path.dirname(__file__), "oracle", "compat_modules.json")) as _f:
    ORACLE = json.load(_f)


# ------------------------------------------------------------------ version

def test_version_is_theano_105_with_a_theanox_suffix():
    v = theano.__version__
    assert v.split("+")[0] == ORACLE["version"]["short_version"] == "1.0.5"
    assert "theanox" in v and theano.version.version == v
    assert theano.version.short_version == "1.0.5"


def test_version_checks_legacy_code_does():
    from packaging.version import Version, parse
    v = theano.__version__
    assert parse(v) >= Version("0.8") and parse(v) >= Version("1.0")
    assert parse(v) < Version("1.1") and parse(v).release == (1, 0, 5)
    assert v >= "0.8" and v >= "1.0" and v > "0.9.0"      # plain string compare
    assert int(v.split(".")[0]) == 1 and int(v.split(".")[1]) == 0
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)   # distutils is deprecated
        from distutils.version import LooseVersion
        assert LooseVersion(v) >= LooseVersion("0.8") and LooseVersion(v) > LooseVersion("1.0")
        assert LooseVersion(v) >= LooseVersion("1.0.5") and LooseVersion(v) < LooseVersion("1.1")


# ------------------------------------------------------------------ Assert

def test_assert_passes_value_and_raises_theanos_message():
    x = T.vector("x")
    f = theano.function([x], T.opt.Assert()(x, x.size < 2))
    np.testing.assert_array_equal(f(np.ones(1)), np.ones(1))
    with pytest.raises(AssertionError) as info:
        f(np.ones(3))
    assert ORACLE["assert"]["error"].startswith("AssertionError: " + str(info.value)[:20])
    f2 = theano.function([x], T.opt.Assert("custom msg")(x, T.all(x > 0), x.size > 1))
    assert f2(np.ones(2)).tolist() == ORACLE["assert_ok"]
    with pytest.raises(AssertionError, match="custom msg"):
        f2(-np.ones(2))


def test_failed_assert_changes_no_shared_variable():
    x = T.vector("x")
    s = theano.shared(np.zeros(2))
    f = theano.function([x], T.opt.assert_op(x, T.all(x > 0)).sum(), updates=[(s, s + 1)])
    with pytest.raises(AssertionError):
        f(-np.ones(2))
    np.testing.assert_array_equal(s.get_value(), np.zeros(2))
    assert f(np.ones(2)) == 2.0
    np.testing.assert_array_equal(s.get_value(), np.ones(2))


def test_assert_gradient_passes_through():
    x = T.vector("x")
    g = theano.function([x], theano.grad(T.opt.assert_op(x, T.all(x > 0)).sum() * 3, x))
    assert g(np.ones(2)).tolist() == ORACLE["assert_grad"]


def test_assert_refuses_a_non_scalar_condition():
    x = T.vector("x")
    with pytest.raises(TypeError, match="scalars"):
        T.opt.Assert()(x, x > 0)


# ------------------------------------------------------------------ PdbBreakpoint

def test_pdb_breakpoint_stops_only_when_the_condition_holds(monkeypatch, capsys):
    seen = []

    def fake_set_trace():
        frame = sys._getframe(1)           # PdbBreakpoint.perform
        monitored = frame.f_locals["monitored"]
        seen.append([m.copy() for m in monitored])
        monitored[0][:] = -1                # the user edits a value in the debugger

    monkeypatch.setattr(pdb, "set_trace", fake_set_trace)
    monkeypatch.setattr("theano.tests.breakpoint._debugger", lambda: pdb)
    inp, target = T.fvector(), T.fvector()
    mse = (inp - target) ** 2
    mse, mi, mt = PdbBreakpoint("MSE too high")(T.gt(mse.sum(), 100), mse, inp, target)
    f = theano.function([inp, target], [mse, mi])
    out = f(np.float32([10, 0]), np.float32([10, 5]))
    np.testing.assert_array_equal(out[0], [0, 25])
    assert seen == []
    out = f(np.float32([0, 0]), np.float32([10, 5]))
    assert len(seen) == 1
    np.testing.assert_array_equal(seen[0][0], [100, 25])
    np.testing.assert_array_equal(out[0], [-1, -1])       # the edited value is used
    assert out[0].dtype == np.float32
    assert "Conditional breakpoint 'MSE too high' activated" in capsys.readouterr().out


def test_pdb_breakpoint_gradient_is_the_identity():
    x = T.dvector()
    y = PdbBreakpoint("never")(T.lt(x.sum(), -1e9), x)   # one output: the variable
    g = theano.function([x], theano.grad((y ** 2).sum(), x))
    np.testing.assert_allclose(g(np.array([1.0, 2.0])), [2.0, 4.0])


# ------------------------------------------------------------------ pkl_utils

def test_load_reads_an_archive_written_by_theano():
    data = base64.b64decode(ORACLE["plain"]["zip"])
    obj = pkl_utils.load(io.BytesIO(data))
    np.testing.assert_array_equal(obj["a"], np.arange(3))
    assert obj["b"][0].dtype == np.float32 and obj["n"] == 7
    np.testing.assert_array_equal(obj["b"][0], np.eye(2))


def test_dump_writes_theanos_layout():
    buf = io.BytesIO()
    pkl_utils.dump({"a": np.arange(3), "b": [np.eye(2, dtype="float32")], "n": 7}, buf)
    names = zipfile.ZipFile(io.BytesIO(buf.getvalue())).namelist()
    assert sorted(names) == sorted(ORACLE["plain"]["members"])
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:     # members are .npy files
        arrays = [np.lib.format.read_array(zf.open(n)) for n in names if n != "pkl"]
    assert any(np.array_equal(a, np.arange(3)) for a in arrays)


def test_shared_variables_round_trip_named_by_their_names():
    w = theano.shared(np.arange(4.0), name="w")
    v = theano.shared(np.ones(2), name="w")
    u = theano.shared(np.zeros(1))
    buf = io.BytesIO()
    pkl_utils.dump([w, v, u], buf)
    names = zipfile.ZipFile(io.BytesIO(buf.getvalue())).namelist()
    assert sorted(names) == sorted(ORACLE["shared_members"])
    w2, v2, u2 = pkl_utils.load(io.BytesIO(buf.getvalue()))
    np.testing.assert_array_equal(w2.get_value(), np.arange(4.0))
    f = theano.function([], w2 * 2, updates=[(w2, w2 + 1)])
    np.testing.assert_array_equal(f(), np.arange(4.0) * 2)
    np.testing.assert_array_equal(w2.get_value(), np.arange(4.0) + 1)
    np.testing.assert_array_equal(w.get_value(), np.arange(4.0))     # the original is untouched


def test_refusals_and_strip_pickler(tmp_path):
    u = theano.shared(np.zeros(1))
    with pytest.raises(ValueError, match="Unnamed"):
        pkl_utils.dump(u, io.BytesIO(), persistent_id=lambda zf: pkl_utils.
                       PersistentSharedVariableID(zf, allow_unnamed=False))
    x = T.vector("x")
    x.tag.test_value = np.ones(2)
    x.tag.trace = ["somewhere"]
    x.tag.keep = 1
    path = tmp_path / "g.pkl"
    with open(path, "wb") as f:
        pkl_utils.StripPickler(f, protocol=-1).dump(x * 2)
    import pickle
    with open(path, "rb") as f:
        y = pickle.load(f)
    leaf = y.owner.inputs[0]
    assert not hasattr(leaf.tag, "test_value") and not hasattr(leaf.tag, "trace")
    assert leaf.tag.keep == 1
