"""Every record of tests/oracle/staging.json (recorded from Theano 1.0.5) re-run on theanox.

Minibatch slicing through givens, set/inc_subtensor at runtime offsets, the truth
value of variables and random draws sized through givens: each record's code runs
after the recorded prelude (through the ``theano`` alias, with the record's floatX)
and every call must give Theano's value, or raise Theano's exception class.
"""
import json
import os
import sys
import warnings

import numpy as np
import pytest

import theanox

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "oracle"))
from record_common import jsonable  # noqa: E402

with open(os.path.join(HERE, "oracle", "staging.json")) as _f:
    DATA = json.load(_f)
PRELUDE = DATA["meta"]["prelude"]
# Intended difference: Theano 1.0.5 type-checks a givens replacement only where an op
# consumes it (TypeError "Cannot convert Type ..."), so a vector replaced by a matrix
# that is returned as is went through; theanox checks every replacement up front
# (the same TypeError, before anything is built).
INTENDED = {"givens_type_mismatch_vector_for_matrix"}
CASES = [(fx, rec) for fx in ("float64", "float32")
         for rec in DATA["floatX_" + fx]["records"] if rec["key"] not in INTENDED]


def _compare(got, want, key):
    if isinstance(want, dict) and "dtype" in want and "shape" in want and "rows" not in want:
        assert got["dtype"] == want["dtype"], (key, got, want)
        assert got["shape"] == want["shape"], (key, got, want)
        if "value" in want:
            rtol = 1e-5 if want["dtype"] in ("float32", "float16") else 1e-12
            np.testing.assert_allclose(np.asarray(got["value"], dtype=float),
                                       np.asarray(want["value"], dtype=float),
                                       rtol=rtol, atol=rtol, err_msg=key)
    elif isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), (key, got, want)
        for k in want:
            _compare(got[k], want[k], key + "." + k)
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), (key, got, want)
        for k, (a, b) in enumerate(zip(got, want)):
            _compare(a, b, "%s[%d]" % (key, k))
    elif isinstance(want, float):
        assert abs(got - want) <= 1e-6 * max(1.0, abs(want)), (key, got, want)
    else:
        assert got == want, (key, got, want)


def _error_kind(text):
    return text.split(":")[0]


@pytest.mark.parametrize("floatX,rec", CASES,
                         ids=["%s-%s" % (fx, r["key"]) for fx, r in CASES])
def test_matches_theano_1_0_5(floatX, rec):
    with theanox.config.change_flags(floatX=floatX), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ns = {}
        exec(PRELUDE, ns)
        if "expr" in rec:
            exec(rec["code"], ns)
            if "error" in rec:
                with pytest.raises(Exception) as info:
                    eval(rec["expr"], ns)
                assert type(info.value).__name__ == _error_kind(rec["error"])
                if "boolean operations" in rec["error"]:     # Theano's exact message
                    assert str(info.value) == rec["error"].split(": ", 1)[1]
                return
            _compare(jsonable(eval(rec["expr"], ns)), rec["value"], rec["key"])
            return
        if "error" in rec and "calls" not in rec:
            with pytest.raises(Exception) as info:
                exec(rec["code"], ns)
            assert type(info.value).__name__ == _error_kind(rec["error"])
            return
        exec(rec["code"], ns)
        for call in rec["calls"]:
            args = eval(call["args"], ns)
            where = "%s%s" % (rec["key"], call["args"])
            if "error" in call:
                with pytest.raises(Exception) as info:
                    ns["f"](*args)
                assert type(info.value).__name__ == _error_kind(call["error"]), \
                    (where, info.value, call["error"][:300])
                continue
            ns["r"] = ns["f"](*args)
            ns["args"] = args
            _compare(jsonable(eval(rec.get("post", "r"), ns), max_size=400), call["value"], where)
