"""Records theano.typed_list results from Theano 1.0.5 into typed_list.json.

Run in the oracle venv:  /work/oracle-venv/bin/python tests/oracle/record_typed_list.py
Each case is a small program (stored with its result) that sets ``result``;
tests/test_typed_list.py runs the same source on theanox and compares.
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
import theano.typed_list as TL
x = TL.TypedListType(T.dvector)('x')
v = T.dvector('v')
i = T.lscalar('i')
A = [np.arange(3.0), np.ones(3), np.zeros(3), np.ones(3)]
"""

CASES = {
    "types": """
m = TL.TypedListType(T.fmatrix)()
n = TL.TypedListType(T.dvector, 1)()
result = [str(m.type), str(TL.append(m, T.fmatrix()).type), str(n.type), n.type.get_depth(),
          str(TL.length(x).type), str(TL.count(x, v).type), str(x[i].type), str(x[1:].type),
          str(x.ind(v).type), str(TL.make_list([v, v]).type), x.ndim, x.dtype]
""",
    "append_extend_reverse": """
f = theano.function([x, v], [TL.append(x, v), x.extend(x), x.reverse(), TL.length(x)])
result = f(A, np.full(3, 5.0))
""",
    "getitem": """
f = theano.function([x, i], [x[i], x[3], x[1:3], x[::-2]])
result = f(A, 2) + f(A, 0)
""",
    "getitem_negative": """
result = [theano.function([x, i], x[i])(A, -1)]
""",
    "getitem_out_of_range": """
result = [theano.function([x, i], x[i])(A, 4)]
""",
    "getitem_ragged": """
f = theano.function([x, i], x[i])
result = [f([np.arange(2.0), np.ones(5)], 1), f([np.arange(2.0), np.ones(5)], 0)]
""",
    "insert": """
f = theano.function([x, i, v], x.insert(i, v))
result = [f(A, 1, np.full(3, 7.0)), f(A, 10, np.full(3, 7.0)), f(A, -1, np.full(3, 7.0))]
""",
    "remove_index_count": """
f = theano.function([x, v], [x.remove(v), x.ind(v), x.count(v)])
result = f(A, np.ones(3))
""",
    "remove_missing": """
result = theano.function([x, v], x.remove(v))(A, np.full(3, 9.0))
""",
    "count_other_shape": """
result = [theano.function([x, v], x.count(v))(A, np.ones(2))]
""",
    "make_list": """
w = T.dvector('w')
f = theano.function([v, w], [TL.make_list([v, w, v * 2]), TL.length(TL.make_list([v, w]))])
result = f(np.ones(2), np.arange(3.0))
""",
    "make_list_mixed_types": """
TL.make_list([v, T.fvector()])
result = []
""",
    "nested": """
n = TL.TypedListType(T.dvector, 1)('n')
f = theano.function([n, i], [n[i], TL.length(n), n.reverse()])
result = f([[np.ones(2)], [np.zeros(1), np.arange(2.0)]], 1)
""",
    "grad_through_getitem": """
c = (x[0] * x[1]).sum() + (TL.append(x, v)[-1] ** 2).sum()
g = theano.grad(c, v)
result = [theano.function([x, v], g)(A, np.arange(3.0))]
""",
    "scan_over_list_length": """
s, _ = theano.scan(lambda k, l: l[k].sum(), sequences=T.arange(TL.length(x)),
                   non_sequences=x)
result = [theano.function([x], s)(A)]
""",
}


def encode(v):
    import numpy as np
    if isinstance(v, (list, tuple)):
        return {"list": [encode(i) for i in v]}
    if isinstance(v, (np.ndarray, np.generic)):
        a = np.asarray(v)
        return {"dtype": str(a.dtype), "shape": list(a.shape), "value": a.tolist()}
    return v


def main():
    record_cases("typed_list.json", PRELUDE, CASES, encode, err_limit=300)


if __name__ == "__main__":
    main()
