"""Records Theano 1.0.5's run-time errors inside ifelse branches and scan steps into
branch_checks.json.

Run in the oracle venv:  /work/oracle-venv/bin/python tests/oracle/record_branch_checks.py
Theano's ifelse is lazy: only the taken branch runs, so only its integer division by
zero or out-of-range index raises, and a call that raises leaves the shared state as it
was.  The condition is computed in the graph (not an input), so theanox decides it
inside the compiled program.  In a scan, a step that divides an integer by zero or
indexes out of range raises (the whole call fails, the state stays).
tests/test_branch_checks.py replays each case.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import record_cases, setup_env  # noqa: E402

setup_env()

PRELUDE = """
import numpy as np
import theano
import theano.tensor as T
from theano.ifelse import ifelse

def calls(f, s, sets):
    out = []
    for args in sets:
        try:
            out += [np.asarray(r) for r in f(*[np.asarray(a) for a in args])]
        except Exception as e:
            out.append(np.asarray(type(e).__name__))
        out.append(np.asarray(s.get_value()))
    return out
"""

CASES = {
    "int_div_in_taken_branch_only": """
v = T.dvector('v'); a = T.lvector('a')
s = theano.shared(np.float64(0.0), name='s')
c = T.gt(T.exp(v).sum(), 3.0)
d = T.cast(T.exp(v) - 1, 'int64')
f = theano.function([v, a], [ifelse(c, a.sum(), (a // d).sum()),
                             ifelse(c, (a % d).sum(), a.sum())], updates=[(s, s + 1)])
result = calls(f, s, [([0., 1.], [1, 2]), ([0., 0.], [1, 2]), ([1., 1.], [1, 2]),
                      ([0., 2.], [1, 2])])
""",
    "index_in_taken_branch_only": """
v = T.dvector('v')
s = theano.shared(np.float64(0.0), name='s')
c = T.gt(v.sum(), 0.0)
i = T.cast(v[0] * 3, 'int64')
f = theano.function([v], [ifelse(c, v[i], v[0])], updates=[(s, s + 1)])
g = theano.function([v], [ifelse(c, v[0], v[i])], updates=[(s, s + 1)])
result = calls(f, s, [([1., 2.],), ([-1., 0.5],), ([-0.5, 2.],)])
result += calls(g, s, [([1., 2.],), ([-1., 0.5],), ([-0.25, 0.],)])
""",
    "scan_step_index_and_int_div": """
v = T.dvector('v'); idx = T.lvector('idx'); a = T.lvector('a')
s = theano.shared(np.float64(0.0), name='s')
ys, _ = theano.scan(lambda i, acc, v: acc + v[i], sequences=[idx],
                    outputs_info=[T.constant(0.0, dtype='float64')], non_sequences=[v])
zs, _ = theano.scan(lambda x, acc: acc + x // (x - 2), sequences=[a],
                    outputs_info=[T.constant(0, dtype='int64')])
f = theano.function([v, idx], [ys[-1]], updates=[(s, s + 1)])
g = theano.function([a], [zs[-1]], updates=[(s, s + 10)])
result = calls(f, s, [([1., 2.], [0, 1]), ([1., 2.], [0, 5]), ([1., 2.], [-3, 0])])
result += calls(g, s, [([1, 3, 4],), ([1, 2, 4],)])
""",
    "scan_until_step_index": """
v = T.dvector('v')
s = theano.shared(np.float64(0.0), name='s')
def step(i, v):
    return v[i], theano.scan_module.until(v[i] > 2.5)
ys, _ = theano.scan(step, sequences=[T.arange(5)], non_sequences=[v])
f = theano.function([v], [ys.sum()], updates=[(s, s + 1)])
result = calls(f, s, [([1., 2., 3.],), ([1., 2., 0.5],), ([3., 0.],)])
""",
}

if __name__ == "__main__":
    import numpy as np
    np.seterr(all="ignore")

    def encode(v):
        a = np.asarray(v)
        return {"dtype": str(a.dtype), "shape": list(a.shape), "value": a.tolist()}
    record_cases("branch_checks.json", PRELUDE, CASES, encode)
