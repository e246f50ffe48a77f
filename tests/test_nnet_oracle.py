"""Every record of tests/oracle/nnet.json (recorded from Theano 1.0.5) re-run on theanox.

Each record's code and expression are executed after the recorded prelude (through
the ``theano`` alias); values must match Theano 1.0.5's.
"""
import json
import os
import warnings

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "oracle", "nnet.json")) as _f:
    DATA = json.load(_f)
PRELUDE = DATA["meta"]["prelude"]
# Intentional differences from Theano 1.0.5, required by the project (issue 4):
#   downsample_module: 1.0.5 had removed theano.tensor.signal.downsample; the seed imports it.
# and where 1.0.5 raised for lack of an implementation, theanox has one (JAX derives it):
#   ultra_fast_sigmoid_grad (1.0.5: MethodNotDefined grad),
#   pool_avg_exc_grad (1.0.5: "padding must be zero for average_exc_pad" in the gradient).
INTENDED = {"downsample_module", "ultra_fast_sigmoid_grad", "pool_avg_exc_grad"}
RECORDS = [r for r in DATA["records"] if r["key"] not in INTENDED]


def _compare(got, want, key):
    if isinstance(want, dict) and "dtype" in want:
        got = np.asarray(got)
        assert str(got.dtype) == want["dtype"], (key, got.dtype, want["dtype"])
        assert list(got.shape) == want["shape"], (key, got.shape, want["shape"])
        rtol = 1e-5 if want["dtype"] in ("float32", "float16") else 1e-7
        if "value" in want:
            np.testing.assert_allclose(got, np.asarray(want["value"], dtype=got.dtype),
                                       rtol=rtol, atol=rtol * 1e-3, err_msg=key)
        else:
            flat = got.ravel()
            np.testing.assert_allclose([flat[0], flat[-1], got.sum()],
                                       [want["first"], want["last"], want["sum"]],
                                       rtol=rtol, err_msg=key)
    elif isinstance(want, dict):
        for k in want:
            _compare(got[k], want[k], key + "." + k)
    elif isinstance(want, float):
        assert abs(got - want) <= 1e-12, (key, got, want)     # e.g. a max error vs SciPy
    elif isinstance(want, list):
        assert list(got) == want, (key, got, want)
    else:
        assert got == want, (key, got, want)


@pytest.mark.parametrize("rec", RECORDS, ids=[r["key"] for r in RECORDS])
def test_matches_theano_1_0_5(rec):
    ns = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(PRELUDE, ns)
        exec(rec["code"], ns)
        if "error" in rec:
            kind = rec["error"].split(":")[0]
            with pytest.raises(Exception) as info:
                eval(rec["expr"], ns)
            assert type(info.value).__name__ == kind or kind in str(type(info.value).__mro__)
            return
        got = eval(rec["expr"], ns)
    _compare(got, rec["value"], rec["key"])
