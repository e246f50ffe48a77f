"""Records Theano 1.0.5's gradients where a derivative has a kink or a zero/NaN edge
(prod at zeros, maximum/minimum and max at NaN), and the dtypes of gradients that reach
a float input through nodes with discrete outputs, into grad_kinks.json (issue 10).

Run in the oracle venv:  /work/oracle-venv/bin/python tests/oracle/record_grad_kinks.py
Each case is a small program that sets ``result`` (a list of arrays);
tests/test_grad_kinks.py runs the same source on theanox and compares.
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
nan, inf = np.nan, np.inf

def prod_grad(x, axis=None, keepdims=False, gz=1.0):
    v = T.TensorType(x.dtype, (False,) * x.ndim)('v')
    p = T.prod(v, axis=axis, keepdims=keepdims)
    return theano.function([v], [p, T.grad((p * gz).sum(), v)])(x)

def pair_grad(op, x, y, outer):
    a, b = T.dscalar('a'), T.dscalar('b')
    return theano.function([a, b], T.grad(outer(op(a, b)), [a, b]))(x, y)
"""

CASES = {
    # Theano's Prod.grad: prod / x without zeros, the product of the others at a
    # group's only zero, 0 elsewhere (also next to inf and NaN)
    "prod_0d": "result = prod_grad(np.array(0.0)) + prod_grad(np.array(2.0))"
               " + prod_grad(np.array(nan)) + prod_grad(np.array(inf))",
    "prod_single_zero": "result = prod_grad(np.array([3.0, 0.0, 5.0]))"
                        " + prod_grad(np.array([0.0, 2.0, inf]))"
                        " + prod_grad(np.array([0.0, 2.0, nan]))",
    "prod_two_zeros": "result = prod_grad(np.array([0.0, -0.0, inf, -inf]))"
                      " + prod_grad(np.array([0.0, 0.0, 1.0]))",
    "prod_no_zero_inf": "result = prod_grad(np.array([3.0, 2.0, inf]))",
    "prod_axis": "result = prod_grad(np.array([[3.0, 0.0, 5.0], [1.0, 2.0, 3.0]]), 1)"
                 " + prod_grad(np.array([[3.0, 0.0, 5.0], [1.0, 0.0, 3.0]]), 0)"
                 " + prod_grad(np.array([[0.0, 3.0]]), 0)",
    "prod_keepdims": "result = prod_grad(np.array([[0.0, 2.0, 3.0]]), (0, 1), True)",
    "prod_gz": "result = prod_grad(np.array([1.5, 2.0, 3.0]), gz=3.0)"
               " + prod_grad(np.array([0.0, 2.0, 3.0]), gz=0.0)",
    "prod_empty": "result = prod_grad(np.zeros((2, 0)), 1) + prod_grad(np.zeros((2, 0)), 0)",
    # float32 products accumulate in float64: the product fits though a partial one does not
    "prod_float32_acc": "result = prod_grad(np.array([3e38, 4.0, 0.01], 'float32'))"
                        " + prod_grad(np.array([[2.67, -1.4, -3.4e38, -0.0179]], 'float32'), 1)",
    # maximum/minimum: gx = eq(out, x) * gz, so a NaN gradient reaches both inputs
    "minimum_nan_gradient": "result = pair_grad(T.minimum, 1.5, -1.0, T.sqrt)"
                            " + pair_grad(T.minimum, -1.0, 1.5, T.sqrt)",
    "maximum_nan_gradient": "result = pair_grad(T.maximum, -1.5, -1.0, T.sqrt)"
                            " + pair_grad(T.maximum, 2.0, 1.0, T.sqrt)",
    "maximum_nan_input": "result = pair_grad(T.maximum, nan, 1.0, lambda o: o)"
                         " + pair_grad(T.maximum, 1.0, 1.0, lambda o: o)",
    "max_reduce_nan_gradient": """
v = T.dvector('v')
result = theano.function([v], T.grad(T.sqrt(T.max(v)), v))(np.array([-1.0, -2.0]))
result = [result, theano.function([v], T.grad(T.max(v), v))(np.array([3.0, 1.0, 3.0]))]
""",
    # sgn(-0.0) is +0.0 (Theano's C code, NumPy); arctan2 then tells the sign apart
    "sgn_negative_zero": """
x = T.fvector('x'); d = T.dvector('d')
f = theano.function([x, d], [T.sgn(x), T.sgn(d), T.arctan2(T.sgn(x), -1.0)])
r = f(np.array([-0.0, 0.0, nan, -inf], 'float32'), np.array([-0.0, 0.0, nan, 2.0]))
result = r + [np.copysign(1.0, v) for v in r]
""",
    # Theano's Elemwise.L_op gives a node with a discrete output zeros of the input's own
    # dtype (not floatX); float // and trunc give floatX zeros (their scalar grads)
    "grad_dtypes_discrete_users": """
x0 = T.fscalar('x0'); x1 = T.TensorType('float64', (True, False))('x1')
v = T.fvector('v'); h = T.TensorType('float16', (False,))('h')
cases = [((T.eq(x0, 1) * 1.0).sum(), x0), ((T.isinf(x0) * x0).sum(), x0),
         (T.maximum(T.isinf(x0) * x0, T.arctan2(x0, x1)).sum(), x0),
         ((T.lt(v, 1) * 1.0).sum() + v.sum(), v), (T.cast(h, 'uint32').sum(), h),
         (T.cast(x0, 'int8') * 1.0 + x0, x0), (T.switch(x0 > 0, 1.0, 2.0) + x0, x0),
         ((x0 // 1) + x0, x0), (T.trunc(x0) + x0, x0), (T.floor(x0) + x0, x0)]
result = [np.zeros((), str(T.grad(c, w).dtype)) for c, w in cases]
""",
}

if __name__ == "__main__":
    import numpy as np
    np.seterr(all="ignore")

    def encode(v):
        a = np.asarray(v)
        return {"dtype": str(a.dtype), "shape": list(a.shape), "value": a.tolist()}
    record_cases("grad_kinks.json", PRELUDE, CASES, encode)
