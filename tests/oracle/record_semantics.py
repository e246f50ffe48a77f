"""Record Theano 1.0.5's error and argument semantics (issue 10, second half).

Run:  $ORACLE_VENV/bin/python tests/oracle/record_semantics.py
Writes tests/oracle/semantics.json.  floatX=float64, default mode (FAST_RUN, C linker).

Each case is a snippet of Python that runs after ``PRELUDE`` and leaves its answer
in ``result`` (anything ``val`` can encode).  The same snippet runs unchanged on
theanox in tests/test_semantics.py (``theano`` is then theanox), so the recorded
``result`` is the expected one.  Each case runs in a forked child so that a crash
(SIGFPE in C code) is recorded as ``{"crash": signal}`` instead of ending the run.

Record: {"key", "section", "code", "result"}; an exception that escapes the
snippet is recorded as result = {"error": class name, "message": ...}.
"""
import json
import os
import pickle
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import meta, setup_env, write_json  # noqa: E402

PRELUDE = '''import numpy as np
import theano
import theano.tensor as T

def val(v):
    """Returns a JSON-able description of a value, a variable or a container of them."""
    if isinstance(v, BaseException):
        return {"error": type(v).__name__, "message": str(v)[:600]}
    if isinstance(v, (list, tuple)):
        return [val(x) for x in v]
    if isinstance(v, dict):
        return {str(k): val(x) for k, x in v.items()}
    if isinstance(v, (np.ndarray, np.generic)):
        a = np.asarray(v)
        return {"dtype": str(a.dtype), "shape": list(a.shape), "value": a.tolist()}
    if isinstance(v, (str, int, float, bool, type(None))):
        return v
    if hasattr(v, "type") and hasattr(v, "owner"):
        return {"variable": str(v.type), "name": v.name}
    return {"object": type(v).__name__}

def call(f, *args, **kwargs):
    """Returns val(f(*args)) or the description of what it raised."""
    try:
        return val(f(*args, **kwargs))
    except BaseException as e:
        return val(e)
'''

CASES = []


def case(key, section, code):
    CASES.append({"key": key, "section": section, "code": code})


# ---------------------------------------------------------------- runtime checks
RT = "runtime_check"
case("int_floordiv_zero_const", RT, """
x = T.lvector('x')
f = theano.function([x], x // 0)
result = call(f, np.array([7, -7]))""")
case("int_floordiv_zero_runtime", RT, """
x = T.lvector('x'); y = T.lvector('y')
f = theano.function([x, y], x // y)
result = [call(f, np.array([7, -7]), np.array([2, 0])), call(f, np.array([7, -7]), np.array([2, 3]))]""")
case("int_mod_zero_runtime", RT, """
x = T.lvector('x'); y = T.lvector('y')
f = theano.function([x, y], x % y)
result = [call(f, np.array([7, -7]), np.array([0, 2])), call(f, np.array([7, -7]), np.array([3, 3]))]""")
case("int32_mod_zero_scalar", RT, """
x = T.iscalar('x'); y = T.iscalar('y')
f = theano.function([x, y], [x % y, x // y])
result = [call(f, np.int32(5), np.int32(0)), call(f, np.int32(-5), np.int32(3))]""")
case("float_floordiv_zero", RT, """
x = T.dvector('x')
f = theano.function([x], [x // 0, x % 0.0])
result = call(f, np.array([7., -7., 0.]))""")
case("int_floordiv_zero_fused", RT, """
x = T.lvector('x'); y = T.lvector('y')
f = theano.function([x, y], T.exp(x // y) + 1)
result = call(f, np.array([1, 2]), np.array([1, 0]))""")
case("intdiv_zero_state_kept", RT, """
x = T.lvector('x'); y = T.lvector('y')
s = theano.shared(np.int64(10), name='s')
f = theano.function([x, y], (x // y).sum(), updates={s: s + 1})
result = [call(f, np.array([4]), np.array([2])), call(f, np.array([4]), np.array([0])),
          val(s.get_value())]""")
case("index_scalar_runtime", RT, """
v = T.dvector('v'); i = T.lscalar('i')
f = theano.function([v, i], v[i])
result = [call(f, np.array([1., 2.]), 5), call(f, np.array([1., 2.]), -3),
          call(f, np.array([1., 2.]), -2)]""")
case("index_list_const", RT, """
v = T.dvector('v')
f = theano.function([v], v[[0, 5]])
result = [call(f, np.array([1., 2.])), call(f, np.arange(6.))]""")
case("index_list_negative", RT, """
v = T.dvector('v')
f = theano.function([v], v[[-3]])
result = [call(f, np.array([1., 2.])), call(f, np.array([1., 2., 3.]))]""")
case("index_vector_runtime", RT, """
v = T.dvector('v'); i = T.lvector('i')
f = theano.function([v, i], v[i])
result = [call(f, np.array([1., 2.]), np.array([0, 2])), call(f, np.array([1., 2.]), np.array([-1, 1]))]""")
case("index_computed_in_graph", RT, """
v = T.dvector('v'); i = T.lscalar('i')
f = theano.function([v, i], v[T.arange(3) + i])
result = [call(f, np.arange(4.), 1), call(f, np.arange(4.), 2)]""")
case("inc_subtensor_list_oob", RT, """
v = T.dvector('v')
f = theano.function([v], T.inc_subtensor(v[[7]], 1))
result = [call(f, np.array([1., 2.])), call(f, np.arange(8.))]""")
case("set_subtensor_const_oob", RT, """
v = T.dvector('v')
f = theano.function([v], T.set_subtensor(v[7], 9))
result = [call(f, np.array([1., 2.])), call(f, np.arange(8.))]""")
case("set_subtensor_computed_oob", RT, """
v = T.dvector('v'); i = T.lscalar('i')
f = theano.function([v, i], T.set_subtensor(v[i * 2], 9))
result = [call(f, np.array([1., 2.]), 1), call(f, np.array([1., 2., 3.]), 1)]""")
case("advanced_inc_runtime_oob", RT, """
v = T.dvector('v'); i = T.lvector('i')
f = theano.function([v, i], T.inc_subtensor(v[i], 1.0))
result = [call(f, np.zeros(3), np.array([0, 3])), call(f, np.zeros(3), np.array([0, -4])),
          call(f, np.zeros(3), np.array([0, 0, -3]))]""")
case("matrix_row_index_oob", RT, """
m = T.dmatrix('m'); i = T.lvector('i')
f = theano.function([m, i], m[i])
result = [call(f, np.zeros((2, 3)), np.array([2])), call(f, np.ones((2, 3)), np.array([1]))]""")
case("index_oob_state_kept", RT, """
v = T.dvector('v'); i = T.lvector('i')
s = theano.shared(np.zeros(3), name='s')
f = theano.function([i], s[i].sum(), updates={s: s + 1})
result = [call(f, np.array([0, 1])), call(f, np.array([5])), val(s.get_value())]""")
case("shared_index_oob_update_kept", RT, """
i = T.lscalar('i')
s = theano.shared(np.zeros(3), name='s')
f = theano.function([i], [], updates={s: T.set_subtensor(s[i], 1.0)})
result = [call(f, 1), call(f, 3), val(s.get_value())]""")

# ---------------------------------------------------------------- broadcasting at run time
BC = "broadcast"
case("size1_nonbroadcastable_inputs", BC, """
x = T.dmatrix('x'); y = T.dmatrix('y')
f = theano.function([x, y], x + y)
result = [call(f, np.ones((1, 3)), np.ones((2, 3))), call(f, np.ones((2, 3)), np.ones((2, 3)))]""")
case("size1_nonbroadcastable_computed", BC, """
x = T.dmatrix('x'); y = T.dmatrix('y')
f = theano.function([x, y], x[:1] * y)
result = [call(f, np.ones((3, 3)), np.ones((2, 3))), call(f, np.ones((2, 3)), np.ones((1, 3)))]""")
case("size1_broadcastable_ok", BC, """
x = T.row('x'); y = T.dmatrix('y')
f = theano.function([x, y], x + y)
result = call(f, np.ones((1, 3)), np.ones((2, 3)))""")
case("shape_mismatch_elemwise", BC, """
x = T.dmatrix('x'); y = T.dmatrix('y')
f = theano.function([x, y], x + y)
result = call(f, np.ones((2, 3)), np.ones((3, 3)))""")
case("shape_mismatch_dot", BC, """
x = T.dmatrix('x'); y = T.dmatrix('y')
f = theano.function([x, y], T.dot(x, y))
result = call(f, np.ones((2, 3)), np.ones((2, 3)))""")
case("shape_mismatch_vector_dot", BC, """
x = T.dvector('x'); y = T.dvector('y')
f = theano.function([x, y], T.dot(x, y))
result = call(f, np.ones(2), np.ones(3))""")
case("shape_mismatch_shared_state_kept", BC, """
x = T.dvector('x')
s = theano.shared(np.zeros(3), name='s')
f = theano.function([x], [], updates={s: s + x})
result = [call(f, np.ones(3)), call(f, np.ones(2)), val(s.get_value())]""")
case("size1_shared_input", BC, """
x = T.dmatrix('x')
s = theano.shared(np.ones((1, 3)), name='s')
f = theano.function([x], x + s)
result = [call(f, np.ones((2, 3))), call(f, np.ones((1, 3)))]""")

# ---------------------------------------------------------------- refused by Theano
RF = "refused"
case("inc_subtensor_float_into_int", RF, """
iv = T.lvector('iv'); d = T.dvector('d')
try:
    out = T.inc_subtensor(iv[:2], d)
    f = theano.function([iv, d], out)
    result = {"built": val(out), "call": call(f, np.array([1, 2, 3]), np.array([0.5, 1.5]))}
except BaseException as e:
    result = val(e)""")
case("set_subtensor_float_into_int", RF, """
iv = T.lvector('iv'); d = T.dvector('d')
try:
    result = val(T.set_subtensor(iv[:2], d))
except BaseException as e:
    result = val(e)""")
case("inc_subtensor_float_const_into_int", RF, """
iv = T.lvector('iv')
try:
    out = T.inc_subtensor(iv[:2], 1.5)
    f = theano.function([iv], out)
    result = {"built": val(out), "call": call(f, np.array([1, 2, 3]))}
except BaseException as e:
    result = val(e)""")
case("argmax_0d", RF, """
s = T.dscalar('s')
try:
    out = T.argmax(s)
    f = theano.function([s], out)
    result = {"built": val(out), "call": call(f, 3.0)}
except BaseException as e:
    result = val(e)""")
case("max_0d", RF, """
s = T.dscalar('s')
f = theano.function([s], [T.max(s), T.argmax(s, axis=None)] if False else T.max(s))
result = call(f, 3.0)""")
case("nested_list_outputs", RF, """
v = T.dvector('v')
try:
    f = theano.function([v], [[v]])
    result = {"call": call(f, np.ones(2))}
except BaseException as e:
    result = val(e)""")
case("shared_as_explicit_input", RF, """
s = theano.shared(1.0, name='s')
try:
    f = theano.function([s], s * 2)
    result = {"call": call(f, 3.0)}
except BaseException as e:
    result = val(e)""")
case("shared_as_explicit_input_unnamed", RF, """
s = theano.shared(np.ones(2))
x = T.dvector('x')
try:
    f = theano.function([x, s], s * x)
    result = {"call": call(f, np.ones(2), np.ones(2))}
except BaseException as e:
    result = val(e)""")

# ---------------------------------------------------------------- accepted by Theano
AC = "accepted"
case("bitwise_and_then_exp", AC, """
iv = T.lvector('iv')
f = theano.function([iv], T.exp(iv & 3))
result = call(f, np.array([1, 6, 7]))""")
case("bitwise_mixed_float_chain", AC, """
iv = T.ivector('iv'); x = T.dvector('x')
f = theano.function([iv, x], ((iv | 4) ^ 1) * x + T.invert(iv))
result = call(f, np.array([1, 2], dtype='int32'), np.array([0.5, 2.0]))""")
case("set_subtensor_full_slice", AC, """
x = T.dvector('x')
f = theano.function([x], T.set_subtensor(x[:], 3))
result = call(f, np.arange(3.))""")
case("set_subtensor_full_slice_matrix", AC, """
x = T.dmatrix('x')
f = theano.function([x], [T.set_subtensor(x[:, :], 3), T.inc_subtensor(x[:], 1)])
result = call(f, np.arange(6.).reshape(2, 3))""")
case("full_slice_2d", AC, """
x = T.dmatrix('x')
f = theano.function([x], x[:, :])
result = call(f, np.arange(6.).reshape(2, 3))""")
case("matrices_letters", AC, """
r = T.matrices('xy')
result = val(r)""")
case("matrices_names", AC, """
r = T.matrices('x', 'y')
result = val(r)""")
case("scalars_int", AC, """
r = T.scalars(2)
result = val(r)""")
for _op in ["*", "+", "-", "/", "//", "%", "**", "<", ">", "<=", ">=", "&", "|", "^"]:
    _lhs = "np.int64(3)" if _op in "&|^" else "np.float32(0.13)"
    _var = "T.lmatrix('W')" if _op in "&|^" else "T.fmatrix('W')"
    case("numpy_scalar_lhs_%s" % {"*": "mul", "+": "add", "-": "sub", "/": "div",
                                  "//": "floordiv", "%": "mod", "**": "pow", "<": "lt",
                                  ">": "gt", "<=": "le", ">=": "ge", "&": "and", "|": "or",
                                  "^": "xor"}[_op], AC, """
W = %s
r = %s %s W
result = {"type": type(r).__name__, "val": val(r)}""" % (_var, _lhs, _op))
case("numpy_array_lhs_mul", AC, """
W = T.dvector('W')
r = np.ones(3) * W
result = {"type": type(r).__name__, "val": val(r)}""")
case("numpy_float64_lhs_shared", AC, """
W = theano.shared(np.ones(2, dtype='float32'), name='W')
lr = np.float32(0.5)
r = lr * W
f = theano.function([], r)
result = {"type": type(r).__name__, "val": val(r), "call": call(f)}""")
case("numpy_scalar_lhs_eq", AC, """
W = T.dvector('W')
r = np.float64(1.0) == W
result = {"type": type(r).__name__}""")

# ---------------------------------------------------------------- error classes, Print
PR = "print"


def _print_case(key, exc):
    case(key, PR, """
x = T.dvector('x')
s = theano.shared(np.zeros(2), name='s')
def boom(op, v):
    raise %s('from the callback')
p = theano.printing.Print('p', global_fn=boom)(x)
f = theano.function([x], p.sum(), updates={s: s + x})
result = [call(f, np.ones(2)), val(s.get_value())]""" % exc)


_print_case("print_callback_raises_value_error", "ValueError")
_print_case("print_callback_raises_keyboard_interrupt", "KeyboardInterrupt")
_print_case("print_callback_raises_custom", "type('MyError', (Exception,), {})")
case("print_callback_ok_state", PR, """
x = T.dvector('x')
s = theano.shared(np.zeros(2), name='s')
seen = []
p = theano.printing.Print('p', global_fn=lambda op, v: seen.append(v.tolist()))(x)
f = theano.function([x], p.sum(), updates={s: s + x})
result = [call(f, np.ones(2)), val(s.get_value()), seen]""")

# ---------------------------------------------------------------- ignored arguments
AR = "arguments"
case("in_update", AR, """
s = T.dscalar('s')
f = theano.function([theano.In(s, value=1.0, update=s + 1.0)], s)
result = [call(f), call(f), call(f, 10.0), call(f)]""")
case("in_update_mutable", AR, """
s = T.dscalar('s')
f = theano.function([theano.In(s, value=1.0, update=s + 1.0, mutable=True)], s * 2)
result = [call(f), call(f)]""")
case("in_update_named", AR, """
s = T.dscalar('s'); x = T.dscalar('x')
f = theano.function([x, theano.In(s, value=0.0, update=s + x, name='acc')], s)
result = [call(f, 1.0), call(f, 2.0), call(f, 3.0)]
try:
    result.append(val(f['acc']))
except BaseException as e:
    result.append(val(e))""")
case("in_update_no_value", AR, """
s = T.dscalar('s')
try:
    f = theano.function([theano.In(s, update=s + 1.0)], s)
    result = [call(f, 1.0), call(f)]
except BaseException as e:
    result = val(e)""")
case("mode_including", AR, """
m = theano.compile.mode.get_default_mode()
m2 = m.including('fusion')
result = {"same": m2 is m, "type": type(m2).__name__}""")
case("mode_excluding_effect", AR, """
x = T.dvector('x')
m = theano.compile.mode.get_mode('FAST_RUN').excluding('fusion')
f = theano.function([x], T.exp(x) * 2 + 1, mode=m)
ops = sorted(set(type(n.op).__name__ + ':' + type(getattr(n.op, 'scalar_op', None)).__name__
                 for n in f.maker.fgraph.toposort()))
result = {"ops": ops, "call": call(f, np.zeros(2))}""")
case("mode_excluding_unknown_tag", AR, """
x = T.dvector('x')
try:
    m = theano.compile.mode.get_mode('FAST_RUN').excluding('no_such_rewrite_tag')
    f = theano.function([x], x * 2, mode=m)
    result = {"call": call(f, np.ones(2))}
except BaseException as e:
    result = val(e)""")
case("mode_requiring", AR, """
try:
    m = theano.compile.mode.get_mode('FAST_RUN').requiring('fusion')
    result = {"type": type(m).__name__}
except BaseException as e:
    result = val(e)""")
case("choose_raise", AR, """
a = T.lvector('a'); c = T.dmatrix('c')
f = theano.function([a, c], T.choose(a, c, mode='raise'))
result = [call(f, np.array([0, 1]), np.arange(6.).reshape(3, 2)),
          call(f, np.array([0, 5]), np.arange(6.).reshape(3, 2))]""")
case("choose_clip_wrap", AR, """
a = T.lvector('a'); c = T.dmatrix('c')
f = theano.function([a, c], [T.choose(a, c, mode='clip'), T.choose(a, c, mode='wrap')])
result = call(f, np.array([0, 5]), np.arange(6.).reshape(3, 2))""")
case("grad_undefined_raise", AR, """
x = T.dscalar('x')
y = theano.gradient.grad_undefined  # exists
try:
    g = T.grad(theano.gradient.undefined_grad(x) * 2, x)
    result = val(g)
except BaseException as e:
    result = val(e)""")
case("grad_undefined_return", AR, """
x = T.dscalar('x')
g = T.grad(theano.gradient.undefined_grad(x) * 2, x, null_gradients='return')
result = {"type": str(g.type), "class": type(g.type).__name__}""")
case("grad_null_gradients_bad_value", AR, """
x = T.dscalar('x')
try:
    result = val(T.grad(x * 2, x, null_gradients='warn'))
except BaseException as e:
    result = val(e)""")
case("seterr_default", AR, """
result = np.geterr()""")


def run_case(c):
    ns = {}
    exec(PRELUDE, ns)
    try:
        exec(c["code"], ns)
        return ns["result"]
    except BaseException as e:  # noqa: BLE001
        return ns["val"](e)


def run_forked(c):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            data = pickle.dumps(run_case(c))
        except BaseException as e:  # noqa: BLE001
            data = pickle.dumps({"error": type(e).__name__, "message": str(e)})
        with os.fdopen(w, "wb") as fh:
            fh.write(data)
        os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        data = fh.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return {"crash": os.WTERMSIG(status)}
    return pickle.loads(data)


def import_side_effects():
    """Runs fresh interpreters: NumPy's global RNG and error state after ``import theano``."""
    import subprocess
    code = ("import numpy as np; np.random.seed(1); import theano; "
            "print(repr(np.random.rand())); print(sorted(np.geterr().items()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ), cwd="/").stdout.split("\n")
    plain = subprocess.run([sys.executable, "-c", "import numpy as np; np.random.seed(1); "
                            "print(repr(np.random.rand()))"],
                           capture_output=True, text=True, cwd="/").stdout.strip()
    env = dict(os.environ)
    env["THEANO_FLAGS"] += ",numpy.seterr_divide=raise,numpy.seterr_over=warn"
    flagged = subprocess.run([sys.executable, "-c", "import numpy as np; import theano; "
                              "print(sorted(np.geterr().items()))"],
                             capture_output=True, text=True, env=env, cwd="/").stdout.strip()
    return {"rand_after_import": out[0].strip(), "rand_plain": plain,
            "geterr_after_import": out[1].strip(),
            "geterr_with_flags": flagged,
            "flags_for_geterr_with_flags": "numpy.seterr_divide=raise,numpy.seterr_over=warn"}


def main():
    setup_env("float64")
    import theano  # noqa: F401  (compile cache warm-up before forking)
    records = []
    for c in CASES:
        r = dict(c)
        r["result"] = run_forked(c)
        print(c["key"], json.dumps(r["result"])[:300], flush=True)
        records.append(r)
    out = {"meta": meta({"prelude": PRELUDE, "note": __doc__}),
           "import_side_effects": import_side_effects(), "records": records}
    write_json("semantics.json", out, sort_keys=False)


if __name__ == "__main__":
    main()
