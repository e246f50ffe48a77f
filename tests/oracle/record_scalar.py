"""Records theano.scalar results from Theano 1.0.5 into scalar.json.

Run in the oracle venv:  /work/oracle-venv/bin/python tests/oracle/record_scalar.py
Each case is a small program (stored with its result) that sets ``result`` to a
list; tests/test_scalar.py runs the same source on theanox and compares.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import record_cases, setup_env  # noqa: E402

setup_env()

PRELUDE = """
import warnings
warnings.simplefilter('ignore', DeprecationWarning)
import numpy as np
import theano
import theano.tensor as T
from theano import scalar as S
"""

CASES = {
    "types": """
x = S.float64('x'); y = S.int32('y')
result = [str(x.type), repr(x.type), str(S.float32), str(S.get_scalar_type('int16')),
          x.type == S.float64, str(S.bool), x.dtype, type(x).__name__]
""",
    "function_outputs": """
x = S.float64('x'); y = S.int32('y')
f = theano.function([x, y], [x * y + S.exp(x), x - y, y * y, S.sqrt(x)])
result = f(1.5, 2) + f(np.float32(2.0), np.int8(3))
""",
    "output_classes": """
x = S.float64('x'); y = S.int32('y')
result = [type(v).__name__ for v in theano.function([x, y], [x + 1, y + 1, x < 1])(1.0, 2)]
""",
    "constants": """
result = [S.constant(2).dtype, S.constant(2.5).dtype, S.constant(300).dtype,
          S.constant(2 ** 40).dtype, S.constant(1e300).dtype, S.as_scalar(3).dtype,
          S.constant(np.float32(1)).dtype, S.constant(True).dtype]
""",
    "dtype_rules": """
y = S.int32('y'); x = S.float32('x'); b = S.int8('b')
result = [(y + 1).dtype, (y / 2).dtype, (y // 2).dtype, (x / 2).dtype, (x + y).dtype,
          (b + b).dtype, (x < 1).dtype, S.exp(y).dtype, S.exp(b).dtype, S.sqrt(b).dtype,
          (y ** 2).dtype, (-y).dtype, abs(x).dtype, S.upcast('int8', 'float32'),
          S.upcast('int32', 'float32'), str(S.upgrade_to_float(S.int16)[0]),
          str(S.upgrade_to_float(S.int32)[0]), str(S.upcast_out(S.int8, S.float32)[0])]
""",
    "int_division_values": """
y = S.int32('y')
result = theano.function([y], [y / 2, y // 2, y % 3, -y // 2])(7)
""",
    "tensor_conversions": """
t = T.dscalar('t'); x = S.float64('x')
s = T.scalar_from_tensor(t)
f = theano.function([t, x], [S.as_scalar(t) * 2, T.tensor_from_scalar(x) * 2, s + x])
r = f(3.0, 4.0)
result = [str(s.type), str(T.tensor_from_scalar(x).type), str(S.as_scalar(t).type),
          type(r[0]).__name__, type(r[1]).__name__] + list(r)
""",
    "elemwise_of_scalar_op": """
e = T.Elemwise(S.add)
v = T.dvector('v')
out = e(v, v)
m = T.Elemwise(S.mul)(v, T.dscalar('k'))
result = [str(out.type), str(m.type)] + list(theano.function([v], [out])(np.arange(3.0)))
""",
    "grad": """
x = S.float64('x'); y = S.int32('y')
z = x * y + S.exp(x)
g = theano.grad(z, x)
result = [str(g.type), theano.function([x, y], g)(1.5, 2)]
""",
    "pp": """
x = S.float64('x'); y = S.int32('y')
result = [theano.printing.pp(x * y + S.exp(x)), theano.printing.pp(-(x - y) / x),
          theano.printing.pp(S.maximum(x, 2) ** 2)]
""",
    "user_scalar_op": """
class ScalarSoftsign(S.UnaryScalarOp):
    def impl(self, x):
        return x / (1.0 + abs(x))
    def grad(self, inp, grads):
        x, = inp
        gz, = grads
        d = 1.0 + abs(x)
        return [gz / (d * d)]
softsign = T.Elemwise(ScalarSoftsign(S.upgrade_to_float, name='scalar_softsign'))
class STE(S.UnaryScalarOp):
    def impl(self, x):
        return x > 0
    def grad(self, inp, grads):
        return [grads[0] * 1.0]
ste = T.Elemwise(STE(S.same_out, name='ste'))
v = T.dvector('v')
f = theano.function([v], [softsign(v), theano.grad(softsign(v).sum(), v),
                          theano.grad((ste(v) * v).sum(), v), ste(v)])
result = f(np.asarray([-2.0, 0.5, 3.0])) + [str(softsign(v).owner.op)]
""",
    "composite": """
x = S.float64('x'); y = S.float64('y')
e = T.Elemwise(S.Composite([x, y], [x * y + S.exp(x)]))
v = T.dvector('v')
result = [str(e), theano.function([v], e(v, v * 2))(np.asarray([1.0, 2.0]))]
""",
    "bad_input": """
x = S.float64('x')
theano.function([x], x * 2)("a")
result = []
""",
    "downcast_input": """
x = S.int8('x')
theano.function([x], x * 2)(1000)
result = []
""",
    "float_into_int_input": """
x = S.int32('x')
result = [theano.function([x], x * 2)(3.0)]
""",
    "cast": """
x = S.float64('x')
c = S.cast(x, 'int32')
result = [c.dtype, theano.function([x], [c, S.convert_to_float32(x)])(2.7)]
""",
}


def encode(v):
    import numpy as np
    if isinstance(v, (list, tuple)):
        return [encode(i) for i in v]
    if isinstance(v, (np.ndarray, np.generic)):
        a = np.asarray(v)
        return {"dtype": str(a.dtype), "shape": list(a.shape), "value": a.tolist(),
                "class": type(v).__name__}
    return v


def main():
    record_cases("scalar.json", PRELUDE, CASES, encode, err_limit=300)


if __name__ == "__main__":
    main()
