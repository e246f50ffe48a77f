"""Records theano.tensor.nnet.conv3d2d.conv3d from Theano 1.0.5 into conv3d2d.json.

Run in the oracle venv:  /work/oracle-venv/bin/python tests/oracle/record_conv3d2d.py
Inputs are made from a fixed formula (no RNG) so the test rebuilds them.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import setup_env, short_err  # noqa: E402

setup_env()

import numpy as np  # noqa: E402

import theano  # noqa: E402
import theano.tensor as T  # noqa: E402
from theano.tensor.nnet import conv3d2d  # noqa: E402


def data(shape, k):
    n = int(np.prod(shape))
    return (np.sin(np.arange(n) * 0.37 + k) * 2).reshape(shape)


CASES = [
    ("valid", (2, 5, 3, 6, 7), (4, 3, 3, 2, 3)),
    ("full", (1, 4, 2, 5, 4), (3, 2, 2, 3, 2)),
    ("half", (1, 5, 2, 6, 5), (2, 3, 2, 3, 3)),
    (("full", "valid", "valid"), (1, 4, 2, 5, 5), (2, 3, 2, 2, 2)),
    (("valid", "half", "half"), (1, 4, 2, 5, 5), (2, 2, 2, 3, 3)),
    ("valid", (1, 3, 1, 4, 4), (1, 1, 1, 2, 2)),
]


def main():
    out = []
    s, f = T.TensorType("float64", (False,) * 5)("s"), T.TensorType("float64", (False,) * 5)("f")
    for mode, ss, fs in CASES:
        rec = {"mode": mode, "signals_shape": ss, "filters_shape": fs}
        try:
            y = conv3d2d.conv3d(s, f, ss, fs, border_mode=mode)
            val = theano.function([s, f], y)(data(ss, 0), data(fs, 1))
            g = theano.function([s, f], T.grad((y ** 2).sum(), f))(data(ss, 0), data(fs, 1))
            rec.update(shape=list(val.shape), value=val.ravel().tolist(), grad_f=g.ravel().tolist())
        except Exception as e:
            rec.update(short_err(e, 200))
        out.append(rec)
        print(mode, rec.get("shape", rec.get("error")))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv3d2d.json")
    with open(path, "w") as fh:
        json.dump(out, fh)


if __name__ == "__main__":
    main()
