"""MRG_RandomStreams draws against Theano 1.0.5 (tests/oracle/mrg.json, recorded with the C
linker in FAST_RUN by tests/oracle/record_mrg.py): each record's code runs after the recorded
prelude (through the ``theano`` alias, with the record's floatX), its function is called as
recorded (re-seeding where recorded) and every output and every state shared variable is
compared.  uniform, binomial, multinomial, choice and the states are exact; normal goes
through log/sqrt/cos/sin, which XLA and the C library round differently in the last bits."""
import json
import os
import warnings

import numpy as np
import pytest

import theanox

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "oracle", "mrg.json")) as f:
    DATA = json.load(f)
PRELUDE = DATA["prelude"]
CASES = [(fx, rec) for fx in ("float64", "float32")
         for rec in DATA["floatX_" + fx]["records"]]
# Through log/cos/sin: float64 to 1e-13, float32 to a few ulp (relative to the value's size).
TOL = {"float64": 1e-12, "float32": 2e-6}


def check(got, want, exact, key):
    got = np.asarray(got)
    assert str(got.dtype) == want["dtype"] and list(got.shape) == want["shape"], key
    tol = 0 if exact else TOL[want["dtype"]] * 4

    def same(a, b):
        np.testing.assert_allclose(np.asarray(a, dtype=got.dtype), b, rtol=tol, atol=tol,
                                   err_msg=key)
    if "value" in want:
        same(got, want["value"])
        return
    flat = got.ravel()
    same(flat[:5], want["first"])
    same(flat[-5:], want["last"])
    same(flat[::97], want["every"])
    if exact:
        # NumPy's float32 sum (as recorded) rounds by the version's summation order.
        assert flat.sum().item() == pytest.approx(want["sum"], rel=1e-6 if
                                                  got.dtype == np.float32 else 1e-12), key


@pytest.mark.parametrize("floatX,rec", CASES, ids=["%s-%s" % (fx, r["key"]) for fx, r in CASES])
def test_draws_match_theano_1_0_5(floatX, rec):
    assert "error" not in rec, rec["error"]
    exact = "normal" not in rec["key"] and "reseed" not in rec["key"] \
        and rec["key"] != "two_functions"
    with theanox.config.change_flags(floatX=floatX), warnings.catch_warnings():
        warnings.simplefilter("error")
        ns = {}
        exec(PRELUDE + rec["code"], ns)
        for i, (args, want) in enumerate(zip(ns["args"], rec["calls"])):
            if str(i) in rec.get("reseed_before", {}):
                exec(rec["reseed_before"][str(i)], ns)
            outs = ns["f"](*args)
            outs = outs if isinstance(outs, list) else [outs]
            for j, (o, w) in enumerate(zip(outs, want["outputs"])):
                check(o, w, exact, "%s call %d output %d" % (rec["key"], i, j))
            states = [r[0].get_value() for r in ns["srng"].state_updates]
            assert len(states) == len(want["states"]), rec["key"]
            for s, (first, last, total, shape) in zip(states, want["states"]):
                assert list(s.shape) == shape and s[0].tolist() == first, rec["key"]
                assert s[-1].tolist() == last and int(s.astype("int64").sum()) == total
