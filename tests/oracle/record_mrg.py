"""Record MRG_RandomStreams draws from Theano 1.0.5 (FAST_RUN, C linker).

Run:  $ORACLE_VENV/bin/python tests/oracle/record_mrg.py
(it starts itself again with floatX=float32).  Writes tests/oracle/mrg.json:
{"meta", "prelude", "floatX_float64": {"meta", "records"}, "floatX_float32": {...}}.
A record is {key, code, calls: [{args, outputs, states}]}: ``code`` (run after ``prelude``)
defines ``f`` (a compiled function), ``args`` (a list of argument tuples, one per call)
and ``srng``; each call records f's outputs and then the value of every state shared
variable of ``srng`` (``srng.state_updates[i][0]``; ``states`` as [first row, last row,
sum]).  ``after`` (optional) runs between calls named in ``reseed_before`` ({call index:
code}).  Big outputs are stored by jsonable's summary plus ``every``: every 97th element.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import HERE, jsonable, meta, setup_env, short_err  # noqa: E402

FLOATX = sys.argv[1] if len(sys.argv) > 1 else "float64"
setup_env(FLOATX)

import numpy as np  # noqa: E402

PRELUDE = ("import numpy as np\nimport theano\nimport theano.tensor as T\n"
           "from theano.sandbox.rng_mrg import MRG_RandomStreams\n")

S = "srng = MRG_RandomStreams(seed=%r)\n"
CASES = {
    # uniform: stream count = size // 6 (at most 15360), element i from stream i % n.
    "uniform_2x3": (S % 1234 + "f = theano.function([], srng.uniform((2, 3)))\nargs = [()] * 3\n"),
    "uniform_7_f32": (S % 1234 + "f = theano.function([], srng.uniform((7,), dtype='float32'))\n"
                      "args = [()] * 3\n"),
    "uniform_7_f64": (S % 1234 + "f = theano.function([], srng.uniform((7,), dtype='float64'))\n"
                      "args = [()] * 3\n"),
    "uniform_100": (S % 42 + "f = theano.function([], srng.uniform((100,)))\nargs = [()] * 2\n"),
    "uniform_50x40": (S % 12345 + "f = theano.function([], srng.uniform((50, 40)))\n"
                      "args = [()] * 2\n"),
    "uniform_low_high": (S % 1234 + "f = theano.function([], srng.uniform((4, 5), low=-2., "
                         "high=3.))\nargs = [()] * 2\n"),
    "uniform_six_int_seed": (S % [1, 2, 3, 4, 5, 6] + "f = theano.function([], "
                             "srng.uniform((3, 3)))\nargs = [()] * 2\n"),
    "uniform_nstreams": (S % 7 + "f = theano.function([], srng.uniform((10,), nstreams=3))\n"
                         "args = [()] * 2\n"),
    "uniform_symbolic_shape": (S % 1234 + "x = T.matrix('x')\n"
                               "f = theano.function([x], srng.uniform(x.shape))\n"
                               "args = [(np.zeros((3, 5), x.dtype),), (np.zeros((2, 2), x.dtype),),"
                               " (np.zeros((3, 5), x.dtype),)]\n"),
    "uniform_mixed_size": (S % 99 + "x = T.matrix('x')\n"
                           "f = theano.function([x], srng.uniform((x.shape[0], 4)))\n"
                           "args = [(np.zeros((3, 1), x.dtype),)] * 2\n"),
    "uniform_big": (S % 1234 + "f = theano.function([], srng.uniform((300, 700)))\n"
                    "args = [()] * 2\n"),
    "two_draws_one_function": (S % 1234 + "u = srng.uniform((3,))\nv = srng.uniform((2, 2))\n"
                               "f = theano.function([], [u, v])\nargs = [()] * 3\n"),
    "two_functions": (S % 1234 + "u = srng.uniform((3,))\nv = srng.normal((4,))\n"
                      "fu = theano.function([], u)\nfv = theano.function([], v)\n"
                      "f = lambda: [fu(), fv(), fu()]\nargs = [()] * 2\n"),
    # normal: Box-Muller on one uniform draw of even length (15360 streams: its size is
    # symbolic), first half radius, second half angle.
    "normal_5": (S % 1234 + "f = theano.function([], srng.normal((5,)))\nargs = [()] * 3\n"),
    "normal_2x3": (S % 1234 + "f = theano.function([], srng.normal((2, 3)))\nargs = [()] * 2\n"),
    "normal_1": (S % 3 + "f = theano.function([], srng.normal((1,)))\nargs = [()] * 2\n"),
    "normal_avg_std": (S % 1234 + "f = theano.function([], srng.normal((4, 3), avg=1., std=2.))\n"
                       "args = [()] * 2\n"),
    "normal_f32": (S % 1234 + "f = theano.function([], srng.normal((3, 3), dtype='float32'))\n"
                   "args = [()] * 2\n"),
    "normal_symbolic_shape": (S % 1234 + "x = T.matrix('x')\n"
                              "f = theano.function([x], srng.normal(x.shape))\n"
                              "args = [(np.zeros((3, 3), x.dtype),), (np.zeros((1, 5), x.dtype),)]\n"),
    "normal_int_size": (S % 5 + "f = theano.function([], srng.normal(7))\nargs = [()] * 2\n"),
    "normal_big": (S % 1234 + "f = theano.function([], srng.normal((201, 301)))\nargs = [()]\n"),
    "truncated_normal": (S % 1234 + "f = theano.function([], srng.truncated_normal((40,)))\n"
                         "args = [()] * 2\n"),
    "normal_truncate": (S % 8 + "f = theano.function([], srng.normal((30,), truncate=True))\n"
                        "args = [()] * 2\n"),
    # binomial: uniform(size) < p, cast.
    "binomial_3x4": (S % 1234 + "f = theano.function([], srng.binomial((3, 4), p=0.3))\n"
                     "args = [()] * 3\n"),
    "dropout_mask": (S % 12345 + "x = T.tensor4('x')\n"
                     "f = theano.function([x], x * srng.binomial(x.shape, p=0.8, "
                     "dtype=theano.config.floatX))\n"
                     "args = [(np.ones((2, 3, 4, 5), x.dtype),)] * 3\n"),
    "dropout_big": (S % 12345 + "x = T.tensor4('x')\n"
                    "f = theano.function([x], srng.binomial(x.shape, p=0.8, "
                    "dtype=theano.config.floatX))\n"
                    "args = [(np.ones((16, 32, 14, 14), x.dtype),)] * 2\n"),
    "binomial_p_vector": (S % 4 + "p = T.vector('p')\n"
                          "f = theano.function([p], srng.binomial((3, 4), p=p))\n"
                          "args = [(np.array([0.1, 0.5, 0.9, 0.99], p.dtype),)] * 2\n"),
    # multinomial / choice: one uniform per row and sample, then the cumulative sums.
    "multinomial": (S % 1234 + "pv = T.matrix('pv')\n"
                    "f = theano.function([pv], srng.multinomial(pvals=pv))\n"
                    "args = [(np.array([[.2, .3, .5], [.6, .3, .1], [0., 1., 0.], "
                    "[.25, .25, .5]], pv.dtype),)] * 3\n"),
    "multinomial_n3": (S % 1234 + "pv = T.matrix('pv')\n"
                       "f = theano.function([pv], srng.multinomial(pvals=pv, n=3))\n"
                       "args = [(np.array([[.2, .3, .5], [.6, .3, .1]], pv.dtype),)] * 3\n"),
    "choice": (S % 1234 + "pv = T.matrix('pv')\n"
               "f = theano.function([pv], srng.choice(size=2, replace=False, p=pv))\n"
               "args = [(np.array([[.1, .2, .3, .4], [.4, .3, .2, .1], [.25, .25, .25, .25]],"
               " pv.dtype),)] * 3\n"),
    "choice_3": (S % 77 + "pv = T.matrix('pv')\n"
                 "f = theano.function([pv], srng.choice(size=3, replace=False, p=pv))\n"
                 "args = [(np.array([[.1, .2, .3, .15, .25]], pv.dtype),)] * 3\n"),
}
# Re-seeding between calls: {call index: code run before that call}.
RESEED = {
    "reseed": (S % 1234 + "u = srng.uniform((2, 3))\nv = srng.normal((3,))\n"
               "f = theano.function([], [u, v])\nargs = [()] * 4\n",
               {"2": "srng.seed(99)", "3": "srng.seed()"}),
}


def summarize(v):
    out = jsonable(v, max_size=400)
    a = np.asarray(v)
    if a.size > 400:
        out["every"] = a.ravel()[::97].tolist()
    return out


def states(srng):
    out = []
    for r in srng.state_updates:
        s = r[0].get_value()
        out.append([s[0].tolist(), s[-1].tolist(), int(s.astype("int64").sum()), list(s.shape)])
    return out


def record(key, code, reseed=None):
    ns = {}
    exec(PRELUDE, ns)
    r = {"key": key, "code": code}
    if reseed:
        r["reseed_before"] = reseed
    try:
        exec(code, ns)
        calls = []
        for i, a in enumerate(ns["args"]):
            if reseed and str(i) in reseed:
                exec(reseed[str(i)], ns)
            outs = ns["f"](*a)
            outs = outs if isinstance(outs, list) else [outs]
            calls.append({"outputs": [summarize(o) for o in outs],
                          "states": states(ns["srng"])})
        r["calls"] = calls
    except Exception as e:  # noqa: BLE001 - the error is the recorded answer
        r.update(short_err(e))
    print(key, FLOATX, str(r.get("calls", r.get("error")))[:200], file=sys.stderr)
    return r


def main():
    records = [record(k, c) for k, c in CASES.items()]
    records += [record(k, c, rs) for k, (c, rs) in RESEED.items()]
    section = {"meta": meta(), "records": records}
    if FLOATX == "float32":
        json.dump(section, sys.stdout)
        return
    f32 = subprocess.run([sys.executable, os.path.abspath(__file__), "float32"],
                         check=True, capture_output=True, text=True).stdout
    out = {"meta": meta(), "prelude": PRELUDE, "floatX_float64": section,
           "floatX_float32": json.loads(f32)}
    with open(os.path.join(HERE, "mrg.json"), "w") as f:
        json.dump(out, f, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main()
