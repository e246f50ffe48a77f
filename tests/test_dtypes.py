"""Output dtypes of theanox vs Theano 1.0.5, every row of tests/oracle/dtypes.json.

The JSON was recorded from real Theano 1.0.5 (tests/oracle/record_dtypes.py), once
with floatX=float64 and once with floatX=float32.  One test per (floatX, section,
op); each compares the whole table row by row and lists every mismatch.
Where Theano raised, theanox must raise too (any exception; a TypeError when
Theano gave a TypeError).
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
with open(os.path.join(HERE, "oracle", "dtypes.json")) as _f:
    ORACLE = json.load(_f)
FLOATX = ["float64", "float32"]


@pytest.fixture
def floatX(request):
    old = config.floatX
    config.floatX = request.param
    yield request.param
    config.floatX = old


def _info(v, with_bcast=False):
    if isinstance(v, (list, tuple)):
        return [_info(x, with_bcast) for x in v]
    if with_bcast:
        return {"dtype": str(v.dtype), "broadcastable": list(v.broadcastable),
                "type": str(v.type)}
    return str(v.dtype)


def _run(expr, ns, with_bcast=False):
    """Returns the output info of ``expr``, or {'error': 'Type: ...'} when it raised."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _info(eval(expr, dict(ns, T=T, theano=theano, np=np)), with_bcast)
    except Exception as e:  # noqa: BLE001
        return _err(e)


def _err(e):
    return {"error": "%s: %s" % (type(e).__name__, e), "is_type_error": isinstance(e, TypeError)}


def _same(expected, got):
    if isinstance(expected, dict) and "error" in expected:
        if not (isinstance(got, dict) and "error" in got):
            return False
        if expected["error"].startswith(("TypeError", "AsTensorError")):
            return got["is_type_error"]
        return True
    if isinstance(expected, dict) and isinstance(got, dict):
        return all(_same(v, got.get(k)) for k, v in expected.items())
    return expected == got


def _cases(section):
    out = []
    for fx in FLOATX:
        for name in ORACLE["floatX_" + fx][section]["ops"]:
            out.append(pytest.param(fx, name, id="%s-%s" % (fx, name)))
    return out


def _check(mismatches):
    assert not mismatches, "%d mismatches with Theano 1.0.5:\n%s" % (
        len(mismatches), "\n".join(mismatches[:40]))


@pytest.mark.parametrize("floatX,op", _cases("binary_tensor_tensor"), indirect=["floatX"])
def test_binary_tensor_tensor(floatX, op):
    rec = ORACLE["floatX_" + floatX]["binary_tensor_tensor"]["ops"][op]
    bad = []
    for da, row in rec["table"].items():
        for db, want in row.items():
            got = _run(rec["expr"], {"a": T.vector("a", dtype=da), "b": T.vector("b", dtype=db)})
            if not _same(want, got):
                bad.append("%s(%s, %s): Theano %s, theanox %s" % (op, da, db, want, got))
    _check(bad)


@pytest.mark.parametrize("floatX,op", _cases("binary_tensor_const"), indirect=["floatX"])
def test_binary_tensor_const(floatX, op):
    rec = ORACLE["floatX_" + floatX]["binary_tensor_const"]["ops"][op]
    consts = dict((c, eval(c)) for c in ORACLE["meta"]["constants"])
    bad = []
    for da, row in rec["table"].items():
        for cname, want in row.items():
            for key, expr in (("tensor_op_const", rec["expr_tensor_first"]),
                              ("const_op_tensor", rec["expr_const_first"])):
                got = _run(expr, {"a": T.vector("a", dtype=da), "c": consts[cname]})
                if not _same(want[key], got):
                    bad.append("%s with a:%s c=%s: Theano %s, theanox %s"
                               % (expr, da, cname, want[key], got))
    _check(bad)


@pytest.mark.parametrize("floatX,op", _cases("unary"), indirect=["floatX"])
def test_unary(floatX, op):
    rec = ORACLE["floatX_" + floatX]["unary"]["ops"][op]
    bad = []
    for da, want in rec["table"].items():
        got = _run(rec["expr"], {"a": T.vector("a", dtype=da)})
        if not _same(want, got):
            bad.append("%s with a:%s: Theano %s, theanox %s" % (rec["expr"], da, want, got))
    _check(bad)


@pytest.mark.parametrize("floatX,op", _cases("reductions"), indirect=["floatX"])
def test_reductions(floatX, op):
    rec = ORACLE["floatX_" + floatX]["reductions"]["ops"][op]
    bad = []
    for da, want in rec["table"].items():
        got = _run(rec["expr"], {"a": T.matrix("a", dtype=da)}, with_bcast=True)
        if isinstance(want, dict) and "error" not in want:
            want = {"dtype": want["dtype"], "broadcastable": want["broadcastable"]}
        if not _same(want, got):
            bad.append("%s with a:%s: Theano %s, theanox %s" % (rec["expr"], da, want, got))
    _check(bad)


def _table_cases(section):
    return [pytest.param(fx, id=fx) for fx in FLOATX]


@pytest.mark.parametrize("floatX", FLOATX, indirect=True)
def test_constant(floatX):
    bad = []
    for src, want in ORACLE["floatX_" + floatX]["constant"]["table"].items():
        try:
            c = T.constant(eval(src))
            got = {"dtype": str(c.dtype), "str": str(c), "type": str(c.type)}
        except Exception as e:  # noqa: BLE001
            got = _err(e)
        if isinstance(want, dict) and "error" not in want:
            want = {"dtype": want["dtype"], "type": want["type"]}
        if not _same(want, got):
            bad.append("T.constant(%s): Theano %s, theanox %s" % (src, want, got))
    _check(bad)


@pytest.mark.parametrize("floatX", FLOATX, indirect=True)
def test_as_tensor_variable(floatX):
    bad = []
    for src, want in ORACLE["floatX_" + floatX]["as_tensor_variable"]["table"].items():
        try:
            c = T.as_tensor_variable(eval(src))
            got = {"dtype": str(c.dtype), "broadcastable": list(c.broadcastable),
                   "type": str(c.type)}
        except Exception as e:  # noqa: BLE001
            got = _err(e)
        if isinstance(want, dict) and "error" not in want:
            want = {k: want[k] for k in ("dtype", "broadcastable", "type")}
        if not _same(want, got):
            bad.append("T.as_tensor_variable(%s): Theano %s, theanox %s" % (src, want, got))
    _check(bad)


@pytest.mark.parametrize("floatX", FLOATX, indirect=True)
def test_shared(floatX):
    bad = []
    for src, want in ORACLE["floatX_" + floatX]["shared"]["table"].items():
        if isinstance(want, dict) and want.get("type") == "Generic":
            continue  # Theano's generic (object) shared variables are not tensors
        try:
            got = {"type": str(theano.shared(eval(src)).type)}
        except Exception as e:  # noqa: BLE001
            got = _err(e)
        if isinstance(want, dict) and "error" not in want:
            want = {"type": want["type"]}
        if not _same(want, got):
            bad.append("theano.shared(%s): Theano %s, theanox %s" % (src, want, got))
    _check(bad)


@pytest.mark.parametrize("floatX", FLOATX, indirect=True)
def test_broadcast(floatX):
    bad = []
    for name, rec in ORACLE["floatX_" + floatX]["broadcast"].items():
        got = _run(rec["expr"], {}, with_bcast=True)
        if not _same(rec["out"], got):
            bad.append("%s: Theano %s, theanox %s" % (rec["expr"], rec["out"], got))
    _check(bad)


@pytest.mark.parametrize("floatX", FLOATX, indirect=True)
def test_misc(floatX):
    bad = []
    for src, want in ORACLE["floatX_" + floatX]["misc"]["table"].items():
        got = _run(src, {}, with_bcast=True)
        if not _same(want, got):
            bad.append("%s: Theano %s, theanox %s" % (src, want, got))
    _check(bad)
