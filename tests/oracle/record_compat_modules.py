"""Records theano.misc.pkl_utils archives, theano.version and T.opt.Assert from Theano 1.0.5.

Run in the oracle venv:  /work/oracle-venv/bin/python tests/oracle/record_compat_modules.py
Writes compat_modules.json (tests/test_compat_modules.py replays it).
"""
import base64
import io
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import setup_env, short_err, write_json  # noqa: E402

setup_env()

import numpy as np  # noqa: E402

import theano  # noqa: E402
import theano.tensor as T  # noqa: E402
from theano.misc.pkl_utils import dump  # noqa: E402


def archive(obj):
    buf = io.BytesIO()
    dump(obj, buf)
    data = buf.getvalue()
    return {"zip": base64.b64encode(data).decode(),
            "members": zipfile.ZipFile(io.BytesIO(data)).namelist()}


def main():
    out = {}
    out["plain"] = archive({"a": np.arange(3), "b": [np.eye(2, dtype="float32")], "n": 7})
    w = theano.shared(np.arange(4.0), name="w")
    v = theano.shared(np.ones(2), name="w")
    out["shared_members"] = archive([w, v, theano.shared(np.zeros(1))])["members"]
    out["version"] = {"__version__": theano.__version__,
                      "version": theano.version.version,
                      "short_version": theano.version.short_version}
    x = T.vector("x")
    f = theano.function([x], T.opt.Assert()(x, x.size < 2))
    try:
        f(np.ones(3))
        out["assert"] = "no error"
    except Exception as e:
        out["assert"] = short_err(e, 60)
    f2 = theano.function([x], T.opt.Assert("custom msg")(x, T.all(x > 0), x.size > 1))
    out["assert_ok"] = f2(np.ones(2)).tolist()
    try:
        f2(-np.ones(2))
    except Exception as e:
        out["assert_msg"] = short_err(e, 60)
    g = theano.function([x], theano.grad(T.opt.assert_op(x, T.all(x > 0)).sum() * 3, x))
    out["assert_grad"] = g(np.ones(2)).tolist()
    write_json("compat_modules.json", out)
    print({k: v for k, v in out.items() if k != "plain"})


if __name__ == "__main__":
    main()
