"""Record test values, gradient printing, Lop/known_grads and R_op of custom ops from
Theano 1.0.5 (floatX=float64, default mode), for the graph-tools tests.

Run:  $ORACLE_VENV/bin/python tests/oracle/record_graphtools.py
Writes tests/oracle/graphtools.json.  Each record is {key, section, code, expr} plus
``value`` (of ``expr`` after ``code`` ran after ``meta.prelude``) or ``error``, and
``warnings`` ([category, message] of the warnings ``code`` and ``expr`` gave).  The
config options a record changes are reset afterwards (``meta.reset``).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import dump, jsonable, meta, setup_env, short_err  # noqa: E402

setup_env("float64")

import warnings  # noqa: E402

import numpy as np  # noqa: E402,F401

PRELUDE = ("import numpy as np\nimport theano\nimport theano.tensor as T\n"
           "from theano import config\n")
RESET = "config.compute_test_value = 'off'\nconfig.print_test_value = False\n"
RECORDS = []


def rec(key, section, code, expr):
    ns = {}
    exec(PRELUDE, ns)
    r = {"key": key, "section": section, "code": code, "expr": expr}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(code, ns)
            r["value"] = jsonable(eval(expr, ns), max_size=3000)
        except Exception as e:  # noqa: BLE001
            r.update(short_err(e, 3000))
        finally:
            exec(RESET, ns)
    r["warnings"] = [[w.category.__name__, str(w.message)] for w in caught
                     if "theano" not in w.filename.split(os.sep)[-3:-1]
                     or "Cannot compute test value" in str(w.message)]
    RECORDS.append(r)


# ------------------------------------------------------------------ test values
S = "test_values"
XY = ("config.compute_test_value = %r\n"
      "x = T.matrix('x'); x.tag.test_value = np.arange(12.).reshape(3, 4)\n"
      "y = T.vector('y'); y.tag.test_value = np.arange(5.)\n"
      "v = T.vector('v'); v.tag.test_value = np.array([1., 2., 3., 4.])\n"
      "w = T.vector('w')\n")
for mode in ("raise", "warn", "ignore", "off"):
    rec("dot_mismatch_" + mode, S, XY % mode, "T.dot(x, y).tag.test_value")
    rec("add_mismatch_" + mode, S, XY % mode, "(x + y).tag.test_value")
    rec("missing_input_" + mode, S, XY % mode, "hasattr((x + w).tag, 'test_value')")
    rec("missing_then_known_" + mode, S, XY % mode, "hasattr((w * 2 + x).tag, 'test_value')")
for key, expr in [("mul_sum", "(x * 2).sum(axis=0)"), ("dot", "T.dot(x, v)"),
                  ("constant", "x + 1"), ("shared", "x + theano.shared(np.ones(4))"),
                  ("grad", "T.grad((v ** 2).sum(), v)"),
                  ("grad_matrix", "T.grad(T.tanh(T.dot(x, v)).sum(), x)"),
                  ("scan", "theano.scan(lambda xt, h: h + xt, sequences=[x], "
                           "outputs_info=[T.zeros_like(v)])[0]"),
                  ("scan_taps", "theano.scan(lambda a, b: a * b, sequences=[dict(input=v, "
                                "taps=[-1, 0])])[0]"),
                  ("ifelse", "theano.ifelse.ifelse(T.gt(v.sum(), 0), v, -v)"),
                  ("subtensor", "x[1:, ::2]"), ("argmax", "T.argmax(x, axis=1)")]:
    rec("value_" + key, S, XY % "raise" + "import theano.ifelse\n",
        "(%s).tag.test_value" % expr)
rec("list_test_value", S, "config.compute_test_value = 'raise'\n"
    "i = T.imatrix('i'); i.tag.test_value = [[1, 2]]", "(i * 2).tag.test_value")
rec("wrong_ndim", S, "config.compute_test_value = 'raise'\n"
    "m = T.matrix('m'); m.tag.test_value = np.ones(2)", "(m * 2).tag.test_value")
rec("wrong_dtype", S, "config.compute_test_value = 'raise'\n"
    "m = T.fmatrix('m'); m.tag.test_value = np.ones((2, 2))", "(m * 2).tag.test_value")
rec("float_into_float32", S, "config.compute_test_value = 'raise'\n"
    "m = T.fscalar('m'); m.tag.test_value = 1.5", "(m * 2).tag.test_value")
rec("function_after", S, XY % "raise",
    "theano.function([x, v], T.dot(x, v) * 2)(np.ones((2, 4)), np.ones(4))")
rec("get_test_value", S, XY % "off", "theano.gof.op.get_test_value(x)")
rec("get_test_value_constant", S, XY % "off", "theano.gof.op.get_test_value(T.constant(3.))")
rec("get_test_value_missing", S, XY % "off", "theano.gof.op.get_test_value(w)")
for mode in ("raise", "warn", "ignore", "off"):
    rec("get_debug_values_" + mode, S, XY % mode, "theano.gof.op.get_debug_values(x, v)")
    rec("get_debug_values_missing_" + mode, S, XY % mode,
        "theano.gof.op.get_debug_values(x, w)")
rec("print_test_value_repr", S, XY % "raise" + "config.print_test_value = True\n",
    "[repr(v), str(v), repr(v * 2), repr(w)]")
rec("print_test_value_off", S, XY % "raise", "[repr(v), repr(v * 2)]")


# ------------------------------------------------------------------ printed gradients
# pp of the gradient, and its value at fixed inputs (the test compiles theanox's expansion).
S = "grad_pp"
GV = ("x = T.dvector('x'); y = T.dvector('y'); s = T.dscalar('s'); M = T.dmatrix('M')\n"
      "b = T.dvector('b')\n"
      "xv = np.array([0.5, 1.5, 2.0]); yv = np.array([1.0, -2.0, 3.0]); sv = np.array(0.7)\n"
      "Mv = np.arange(6.).reshape(2, 3) / 5; bv = np.array([0.1, -0.2])\n"
      "ins = [x, y, s, M, b]\nvals = [xv, yv, sv, Mv, bv]\n")
GRADS = [
    ("sum_exp", "T.grad(T.exp(x).sum(), x)"),
    ("sum_sqr_minus", "T.grad(T.sqr(x - y).sum(), x)"),
    ("mean_sqr", "T.grad(T.mean(T.sqr(x - y)), x)"),
    ("div_log", "T.grad((T.log(x) / y).sum(), y)"),
    ("sqrt_scalar", "T.grad(T.sqrt(s * 3), s)"),
    ("tanh_dot", "T.grad(T.tanh(T.dot(M, x) + b).sum(), M)"),
    ("tanh_dot_b", "T.grad(T.tanh(T.dot(M, x) + b).sum(), b)"),
    ("dot_vec", "T.grad(T.dot(x, y), x)"),
    ("sigmoid", "T.grad(T.nnet.sigmoid(x * s).sum(), s)"),
    ("sin_cos", "T.grad((T.sin(x) * T.cos(x)).sum(), x)"),
    ("neg_pow", "T.grad((-(x ** y)).sum(), y)"),
    ("broadcast_add", "T.grad((M + x[:2].dimshuffle(0, 'x')).sum(), x)"),
    ("mul_three", "T.grad((x * y * s).sum(), s)"),
    ("abs", "T.grad(abs(x - 1).sum(), x)"),
    ("known_grads", "T.grad(None, x, known_grads={T.exp(x): y})"),
    ("lop_matrix", "T.Lop(T.dot(M, x), x, b)"),
]
for key, expr in GRADS:
    rec("pp_" + key, S, GV + "g = %s" % expr, "theano.printing.pp(g)")
    rec("value_" + key, S, GV + "g = %s" % expr,
        "theano.function(ins, g, on_unused_input='ignore')(*vals)")

# ------------------------------------------------------------------ Lop / known_grads inputs
S = "backward_without_forward_values"
rec("lop_docs", S, "W = T.dmatrix('W'); v = T.dvector('v'); x = T.dvector('x')\n"
    "y = T.dot(x, W)\nVJ = T.Lop(y, W, v)\nf = theano.function([v, x], VJ)",
    "f([2, 2], [0, 1])")
rec("known_grads_input", S, "x = T.dmatrix('x'); w = T.dmatrix('w'); b = T.dvector('b')\n"
    "g_H = T.dmatrix('g_H')\nH = T.dot(x, w) + b\n"
    "gb, gw = T.grad(None, [b, w], known_grads={H: g_H})\n"
    "f = theano.function([g_H, x], [gb, gw])",
    "f(np.arange(6.).reshape(3, 2), np.arange(12.).reshape(3, 4) / 7)")
rec("known_grads_needs_forward", S, "x = T.dmatrix('x'); w = T.dmatrix('w')\n"
    "g_H = T.dmatrix('g_H')\nH = T.tanh(T.dot(x, w))\n"
    "gw = T.grad(None, w, known_grads={H: g_H})",
    "theano.function([g_H, x], gw)")


# ------------------------------------------------------------------ R_op of users' ops
S = "custom_rop"
OPS = """
class DoubleOp(theano.Op):
    __props__ = ()
    def make_node(self, x):
        x = T.as_tensor_variable(x)
        return theano.Apply(self, [x], [x.type()])
    def perform(self, node, inputs, output_storage):
        output_storage[0][0] = inputs[0] * 2
    def infer_shape(self, node, shapes):
        return shapes
    def grad(self, inputs, output_grads):
        return [output_grads[0] * 2]

class DoubleRop(DoubleOp):
    def R_op(self, inputs, eval_points):
        return [eval_points[0] * 2]

class SquareRop(theano.Op):
    __props__ = ()
    def make_node(self, x):
        x = T.as_tensor_variable(x)
        return theano.Apply(self, [x], [x.type()])
    def perform(self, node, inputs, output_storage):
        output_storage[0][0] = inputs[0] ** 2
    def R_op(self, inputs, eval_points):
        return [2 * inputs[0] * eval_points[0]]

x = T.dvector('x'); v = T.dvector('v')
xv = np.array([1.0, -2.0, 3.0]); vv = np.array([0.5, 0.25, -1.0])
"""
rec("rop_without_R_op", S, OPS, "T.Rop(DoubleOp()(x), x, v)")
rec("rop_with_R_op", S, OPS, "theano.function([x, v], T.Rop(DoubleRop()(x), x, v), "
    "on_unused_input='ignore')(xv, vv)")
rec("rop_chain", S, OPS, "theano.function([x, v], T.Rop(T.exp(SquareRop()(x * 0.3)).sum(), "
    "x, v))(xv, vv)")
rec("rop_then_grad", S, OPS, "theano.function([x, v], T.grad(T.Rop(SquareRop()(x), x, v)"
    ".sum(), v))(xv, vv)")


if __name__ == "__main__":
    dump("graphtools.json", {"meta": dict(meta(), prelude=PRELUDE, reset=RESET),
                             "records": RECORDS})
