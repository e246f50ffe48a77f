"""Records Theano 1.0.5's values for tests/test_api_names_more.py (run in the oracle venv).

MRG31k3p state arithmetic of theano.sandbox.rng_mrg (constants, jumps, next values,
MRG_RandomStreams' rstate and sub-streams), printing.hex_digest, and the messages of
compile.get_info_on_inputs.  Output: tests/oracle/names.json.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import HERE, setup_env  # noqa: E402

setup_env()

import numpy as np  # noqa: E402

import theano  # noqa: E402
from theano.compile.function_module import get_info_on_inputs  # noqa: E402
from theano.sandbox import rng_mrg as R  # noqa: E402


def ints(a):
    return np.asarray(a).astype("int64").tolist()


out = {"constants": {k: ints(getattr(R, k)) for k in
                     ("A1p72", "A2p72", "A1p134", "A2p134", "M1", "M2", "MASK12", "MASK13",
                      "MASK2", "MULT2", "np_int32_vals")},
       "NORM": R.NORM}
state = np.array([12345, 67890, 13579, 24680, 11111, 22222], "int32")
out["ff_2p72"] = ints(R.ff_2p72(state))
out["ff_2p134"] = ints(R.ff_2p134(state))
out["matVecModM"] = ints(R.matVecModM(R.A1p72, state[:3], R.M1))
seq, cur = [], state.copy()
for mask, offset in [(np.int32(2147483647), 0), (np.int32(0x7fffff00), 0x80)] * 3:
    new = np.zeros(6, "int32")
    seq.append([R.mrg_next_value(cur, new, R.NORM, mask, offset), ints(new)])
    cur = new
out["mrg_next_value"] = seq
out["guess_n_streams"] = [[s, R.guess_n_streams(s)] for s in
                          [[2, 3], [7], [100, 100], [1000, 1000], [6]]]
s = R.MRG_RandomStreams(seed=234)
out["rstate_int"] = ints(s.rstate)
out["substreams"] = ints(s.get_substream_rstates(4, "float32"))
out["rstate_after"] = ints(s.rstate)
s.set_rstate([1, 2, 3, 4, 5, 6])
s.inc_rstate()
out["inc_rstate"] = ints(s.rstate)
errors = {}
for seed in [0, 2147462579, [0, 0, 0, 1, 1, 1], [1, 1, 1, 0, 0, 0], [1, 2, 3]]:
    try:
        s.set_rstate(seed)
        errors[str(seed)] = None
    except Exception as e:
        errors[str(seed)] = type(e).__name__
out["set_rstate_errors"] = errors
out["hex_digest"] = theano.printing.hex_digest(np.arange(6.0).reshape(2, 3))
out["hex_digest_T"] = theano.printing.hex_digest(np.arange(6.0).reshape(2, 3).T)
out["get_info_on_inputs"] = [[n, u, get_info_on_inputs(n, u)] for n, u in
                             [([], 0), ([], 1), ([], 3), (["a"], 0), (["a", "b"], 0),
                              (["a"], 1), (["a", "b"], 2)]]
with open(os.path.join(HERE, "names.json"), "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
print("wrote names.json")

# mrg_uniform draws (Theano's MRG31k3p op), float64 and float32
s = R.MRG_RandomStreams(seed=77)
rst = s.get_substream_rstates(3, "float64")
out2 = {"rstate": ints(rst)}
for dtype in ("float64", "float32"):
    st = theano.tensor.imatrix()
    new, draws = R.mrg_uniform.new(st, 2, dtype, (2, 4))
    f = theano.function([st], [new, draws])
    a, b = f(rst)
    out2[dtype] = {"new_rstate": ints(a), "draws": b.astype("float64").tolist()}
with open(os.path.join(HERE, "names.json")) as f:
    merged = json.load(f)
merged["mrg_uniform"] = out2
with open(os.path.join(HERE, "names.json"), "w") as f:
    json.dump(merged, f, indent=1, sort_keys=True)
print("added mrg_uniform")

from theano.tensor.utils import hash_from_ndarray  # noqa: E402

with open(os.path.join(HERE, "names.json")) as f:
    merged = json.load(f)
merged["hash_from_ndarray"] = [hash_from_ndarray(np.arange(6.0).reshape(2, 3)),
                               hash_from_ndarray(np.arange(6.0).reshape(2, 3).T),
                               hash_from_ndarray(np.arange(4, dtype="int32"))]
with open(os.path.join(HERE, "names.json"), "w") as f:
    json.dump(merged, f, indent=1, sort_keys=True)
print("added hash_from_ndarray")
