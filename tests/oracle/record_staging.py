"""Record Theano 1.0.5 behaviour of the "staging" patterns: minibatch slicing through
``givens`` (runtime slice bounds, short / empty / negative slices, integer indexing),
set_subtensor / inc_subtensor at runtime offsets (also as updates of a shared matrix),
Python ``bool()`` of variables, and random draws whose size comes from a givens input.

Run:  $ORACLE_VENV/bin/python tests/oracle/record_staging.py
It re-runs itself in two child processes (floatX=float64 and floatX=float32, default
FAST_RUN mode = C linker) and writes tests/oracle/staging.json.  The float32 run
leaves out the dtype-independent slice grids (two_bounds*, start_step, stop_step).

JSON layout (one record per line to keep the file small):
  meta            versions, flags, the ``prelude`` every record's code runs after, format notes
  floatX_float64  {"meta", "records"}
  floatX_float32  {"meta", "records"}
Record kinds:
  {"key", "section", "code", "expr", "value" | "error"}     -- ``expr`` evaluated after prelude+code
  {"key", "section", "code", "post", "calls": [{"args", "value" | "error"}], ...}
      ``code`` builds ``f``; each call evaluates ``args`` (python source of a tuple),
      runs ``r = f(*args)`` and stores ``eval(post)`` (post defaults to "r"; it may
      use ``r`` and ``args``).
      Calls of one record run in order on the same ``f`` (shared state carries over).
      Optional "numpy": the numpy expression (same argument names as "argnames") that
      the result was compared with; "numpy_mismatch" lists the args where Theano's
      result (or exception-vs-no-exception) differs from numpy's.
``rows(out)`` (in the prelude) encodes a minibatch ``out`` of ``data`` as
{"dtype", "shape", "rows"}: out == dv[rows] exactly (checked when recording).
Errors are "Type: message" with Theano's appended debug text (from
"\\nApply node that caused the error" on) cut off.
"""
import json
import os
import re
import subprocess
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import HERE, jsonable, meta, setup_env  # noqa: E402

CHILD = None
if len(sys.argv) > 2 and sys.argv[1] == "--child":
    CHILD = sys.argv[2]

PRELUDE = """import numpy as np
import theano
import theano.tensor as T
floatX = theano.config.floatX
dv = np.arange(50 * 3, dtype=floatX).reshape(50, 3)
data = theano.shared(dv.copy(), name='data')
index = T.lscalar('index')
x = T.matrix('x')
def rows(out):
    out = np.asarray(out)
    r = [int(v) // 3 for v in out[:, 0]] if out.ndim == 2 else None
    assert r is not None and np.array_equal(out, dv[r].reshape(out.shape)), out
    return {"dtype": str(out.dtype), "shape": list(out.shape), "rows": r}"""

RECORDS = []


_BACKTRACE = re.compile(r"Backtrace when that variable is created:(?:\\n|\n)(?:\\n|\n)"
                        r"(?:  File .*?(?:\\n|\n)(?:    .*?(?:\\n|\n))?)+")


def err(e):
    # the "Bad input argument" messages carry the creation backtrace of the input
    # (paths of this script): replace it by a marker
    msg = _BACKTRACE.sub("Backtrace when that variable is created: [...]\n", str(e))
    cut = msg.find("\nApply node that caused the error")
    if cut >= 0:
        msg = msg[:cut]
    if len(msg) > 1500:
        msg = msg[:1500] + " ...[truncated]"
    return {"error": "%s: %s" % (type(e).__name__, msg)}


def fresh_ns():
    ns = {}
    exec(PRELUDE, ns)
    return ns


def rec_expr(key, section, code, expr, note=None):
    ns = fresh_ns()
    r = {"key": key, "section": section, "code": code, "expr": expr}
    if note:
        r["note"] = note
    try:
        exec(code, ns)
        r["value"] = jsonable(eval(expr, ns))
    except Exception as e:  # noqa: BLE001
        r.update(err(e))
    RECORDS.append(r)


def same(a, b):
    import numpy as np
    a = np.asarray(a)
    b = np.asarray(b)
    return a.shape == b.shape and np.array_equal(a, b)


def rec_calls(key, section, code, calls, post="r", note=None, argnames=None, numpy_expr=None):
    """calls: list of python-source strings of argument tuples."""
    ns = fresh_ns()
    r = {"key": key, "section": section, "code": code, "post": post}
    if note:
        r["note"] = note
    if numpy_expr:
        r["argnames"] = argnames
        r["numpy"] = numpy_expr
    try:
        exec(code, ns)
    except Exception as e:  # noqa: BLE001
        r.update(err(e))
        RECORDS.append(r)
        return
    out = []
    mismatch = []
    for a in calls:
        c = {"args": a}
        args = eval(a, ns)
        th_err = None
        try:
            res = ns["f"](*args)
            ns["r"] = res
            ns["args"] = args
            c["value"] = jsonable(eval(post, ns), max_size=400)
        except AssertionError:
            traceback.print_exc()
            raise
        except Exception as e:  # noqa: BLE001
            c.update(err(e))
            th_err = e
            res = None
        if numpy_expr:
            env = dict(ns)
            env.update(dict(zip(argnames, args)))
            try:
                np_res = eval(numpy_expr, env)
                np_err = None
            except Exception as e:  # noqa: BLE001
                np_res, np_err = None, e
            if (th_err is None) != (np_err is None) or (th_err is None and not same(res, np_res)):
                mismatch.append(a)
        out.append(c)
    r["calls"] = out
    if numpy_expr:
        r["numpy_mismatch"] = mismatch
    RECORDS.append(r)


# --------------------------------------------------------------------------- a. slicing
def section_slicing(full=True):
    S = "slicing"
    idx_k = [0, 1, 4, 5, 6, 7, 8, -1, -3, -8]
    idx_wide = [0, 1, 3, 7, 25, 49, 50, 51, 60, -1, -3, -25, -49, -50, -51, -60]
    for k in (7, 10):
        kw = dict(argnames=["index"])
        rec_calls("minibatch_k%d_sum" % k, S,
                  "f = theano.function([index], x.sum(axis=1), givens={x: data[index * %d:(index + 1) * %d]})" % (k, k),
                  ["(%d,)" % i for i in idx_k], numpy_expr="dv[index * %d:(index + 1) * %d].sum(axis=1)" % (k, k), **kw)
        forms = [
            ("minibatch_k%d" % k, "data[index * %d:(index + 1) * %d]" % (k, k)),
            ("clamp_end_k%d" % k, "data[T.minimum((index + 1) * %d, 50) - %d:T.minimum((index + 1) * %d, 50)]" % (k, k, k)),
            ("clamp_stop_k%d" % k, "data[index * %d:T.minimum((index + 1) * %d, 50)]" % (k, k)),
            ("clamp_stop_shape_k%d" % k, "data[index * %d:T.minimum((index + 1) * %d, data.shape[0])]" % (k, k)),
            ("reversed_minibatch_k%d" % k, "data[(index + 1) * %d - 1:index * %d - 1:-1]" % (k, k)),
        ]
        for key, sl in forms:
            rec_calls(key, S, "f = theano.function([index], x, givens={x: %s})" % sl,
                      ["(%d,)" % i for i in idx_k], post="rows(r)",
                      numpy_expr=sl.replace("data", "dv").replace("T.minimum", "min").replace("dv.shape", "dv.shape"),
                      **kw)
    for key, sl in [("start_only", "data[index:]"), ("stop_only", "data[:index]"),
                    ("start_len5_step2", "data[index:index + 5:2]"), ("start_step_neg1", "data[index::-1]"),
                    ("neg_start", "data[-index:]"), ("start_to_minus1", "data[index:-1]"),
                    ("stop_step_neg1", "data[:index:-1]"), ("neg_start_step_neg2", "data[-index::-2]")]:
        rec_calls(key, S, "f = theano.function([index], x, givens={x: %s})" % sl,
                  ["(%d,)" % i for i in idx_wide], post="rows(r)", argnames=["index"],
                  numpy_expr=sl.replace("data", "dv"))
    # with the C linker: does the (non-givens) direct form agree?
    rec_calls("direct_no_givens_k10", S, "f = theano.function([index], data[index * 10:(index + 1) * 10])",
              ["(%d,)" % i for i in idx_k], post="rows(r)", argnames=["index"],
              numpy_expr="dv[index * 10:(index + 1) * 10]")
    # argument conversion of the lscalar input
    rec_calls("index_arg_types", S, "f = theano.function([index], x.shape[0], givens={x: data[index * 10:(index + 1) * 10]})",
              ["(2,)", "(np.int32(2),)", "(np.int64(2),)", "(2.0,)", "(np.float64(2.0),)", "(2.5,)", "(True,)",
               "(np.array(2),)", "(np.array([2]),)", "(2**40,)", "('2',)"])
    if not full:
        return section_int_indexing()
    # two symbolic bounds + symbolic step
    grid = [-60, -51, -50, -49, -30, -7, -1, 0, 1, 7, 30, 49, 50, 51, 60]
    ab = ["(%d, %d)" % (a, b) for a in grid for b in grid]
    rec_calls("two_bounds", S, "a = T.lscalar('a')\nb = T.lscalar('b')\nf = theano.function([a, b], x, givens={x: data[a:b]})",
              ab, post="rows(r)", argnames=["a", "b"], numpy_expr="dv[a:b]")
    rec_calls("two_bounds_sum", S,
              "a = T.lscalar('a')\nb = T.lscalar('b')\nf = theano.function([a, b], x.sum(), givens={x: data[a:b]})",
              ["(%d, %d)" % (a, b) for a, b in [(0, 50), (10, 5), (-5, 50), (60, 70), (-60, -55), (49, 60)]],
              argnames=["a", "b"], numpy_expr="dv[a:b].sum()")
    grid_s = [-60, -50, -49, -7, -1, 0, 1, 7, 49, 50, 60]
    abs_ = ["(%d, %d, %d)" % (a, b, s) for s in (-3, -1, 1, 2) for a in grid_s for b in grid_s]
    code3 = "a = T.lscalar('a')\nb = T.lscalar('b')\ns = T.lscalar('s')\n"
    rec_calls("two_bounds_step", S, code3 + "f = theano.function([a, b, s], x, givens={x: data[a:b:s]})",
              abs_ + ["(0, 10, 0)", "(5, 5, 0)"], post="rows(r)", argnames=["a", "b", "s"], numpy_expr="dv[a:b:s]")
    rec_calls("start_step", S, code3 + "f = theano.function([a, s], x, givens={x: data[a::s]})",
              ["(%d, %d)" % (a, s) for s in (-3, -1, 1, 2) for a in grid_s] + ["(3, 0)"], post="rows(r)",
              argnames=["a", "s"], numpy_expr="dv[a::s]")
    rec_calls("stop_step", S, code3 + "f = theano.function([b, s], x, givens={x: data[:b:s]})",
              ["(%d, %d)" % (b, s) for s in (-3, -1, 1, 2) for b in grid_s] + ["(3, 0)"], post="rows(r)",
              argnames=["b", "s"], numpy_expr="dv[:b:s]")
    section_int_indexing()


def section_int_indexing():
    S = "slicing"
    # integer indexing
    ints = ["(%d,)" % i for i in (0, 1, 49, 50, 51, 100, -1, -50, -51, -100)]
    rec_calls("int_index", S, "f = theano.function([index], data[index])", ints, argnames=["index"],
              numpy_expr="dv[index]")
    rec_calls("int_index_givens", S,
              "y = T.vector('y')\nf = theano.function([index], y * 2, givens={y: data[index]})", ints,
              argnames=["index"], numpy_expr="dv[index] * 2")
    rec_calls("int_index_col1", S, "f = theano.function([index], data[index, 1])", ints, argnames=["index"],
              numpy_expr="dv[index, 1]")
    rec_calls("int_index_reversed", S, "f = theano.function([index], data[index][::-1])", ints, argnames=["index"],
              numpy_expr="dv[index][::-1]")
    rec_calls("int_index_sum", S, "f = theano.function([index], data[index].sum())", ints, argnames=["index"],
              numpy_expr="dv[index].sum()")
    rec_calls("int_index_givens_scalar", S,
              "z = T.scalar('z')\nf = theano.function([index], z + 1, givens={z: data[index, 2]})", ints,
              argnames=["index"], numpy_expr="dv[index, 2] + 1")
    rec_expr("int_index_constant_out_of_range", S, "", "data[50]")
    rec_expr("int_index_constant_out_of_range_eval", S, "", "data[50].eval()")
    rec_expr("int_index_constant_neg_out_of_range_eval", S, "", "data[-51].eval()")
    rec_expr("slice_constant_past_end_eval", S, "", "rows(data[45:60].eval())")
    rec_expr("float_index", S, "", "data[T.scalar('fi')]")
    rec_expr("float_slice_bound", S, "", "data[T.scalar('fi'):]")
    rec_expr("int32_index_type", S, "", "str(data[T.iscalar('i32') * 10:(T.iscalar('i33') + 1) * 10].type)")
    rec_expr("minibatch_type", S, "", "str(data[index * 10:(index + 1) * 10].type)")
    rec_calls("givens_type_mismatch_vector_for_matrix", S,
              "y = T.vector('y')\nf = theano.function([index], y, givens={y: data[index * 10:(index + 1) * 10]})",
              ["(0,)", "(5,)"], post="[str(f.maker.fgraph.outputs[0].type), rows(r)]",
              note="a vector variable replaced by a matrix slice through givens")
    rec_calls("givens_dtype_mismatch", S,
              "xi = T.imatrix('xi')\nf = theano.function([index], xi * 2, givens={xi: data[index * 10:(index + 1) * 10]})",
              ["(0,)"], post="[str(f.maker.fgraph.outputs[0].type), r]",
              note="an int32 matrix replaced by a floatX matrix slice through givens")


# --------------------------------------------------------------------------- b. set/inc subtensor
def section_setinc():
    S = "set_inc_subtensor"
    mcode = "mv = np.arange(30, dtype=floatX).reshape(10, 3)\nm = theano.shared(mv.copy(), name='m')\ni = T.lscalar('i')\n"
    offsets = [0, 3, 7, 8, 9, 10, 11, -1, -2, -3, -4, -10, -11, -13]
    full3 = "np.full((3, 3), 100, dtype=floatX)"
    for op in ("set", "inc"):
        calls = []
        for o in offsets:
            calls.append("(%d, %s)" % (o, full3))
        import numpy as np
        mv = np.zeros((10, 3))
        for o in offsets:
            n = mv[o:o + 3].shape[0]
            if n != 3:
                calls.append("(%d, np.full((%d, 3), 100, dtype=floatX))" % (o, n))
        calls += ["(0, np.full((1, 3), 100, dtype=floatX))", "(8, np.full((1, 3), 100, dtype=floatX))",
                  "(0, np.full((3, 1), 100, dtype=floatX))", "(0, np.full((2, 3), 100, dtype=floatX))",
                  "(0, np.full((4, 3), 100, dtype=floatX))", "(0, np.full((3, 4), 100, dtype=floatX))"]
        npx = ("(lambda t: (t.__setitem__((slice(i, i + 3),), v) if '%s' == 'set' else t.__setitem__((slice(i, i + 3),), "
               "t[i:i + 3] + v), t)[1])(mv.copy())") % op
        rec_calls("%s_subtensor_i_i3" % op, S,
                  mcode + "v = T.matrix('v')\nf = theano.function([i, v], T.%s_subtensor(m[i:i + 3], v))" % op,
                  calls, argnames=["i", "v"], numpy_expr=npx,
                  note="numpy comparison: m[i:i+3] = v / m[i:i+3] += v on a copy (numpy broadcasts v)")
        rec_calls("%s_subtensor_i_i3_row" % op, S,
                  mcode + "v = T.row('v')\nf = theano.function([i, v], T.%s_subtensor(m[i:i + 3], v))" % op,
                  ["(%d, np.full((1, 3), 100, dtype=floatX))" % o for o in offsets], argnames=["i", "v"],
                  numpy_expr=npx)
        rec_calls("%s_subtensor_row_i" % op, S,
                  mcode + "rv = T.vector('rv')\nf = theano.function([i, rv], T.%s_subtensor(m[i], rv))" % op,
                  ["(%d, np.array([-1, -2, -3], dtype=floatX))" % o for o in (0, 9, 10, -1, -10, -11)]
                  + ["(0, np.array([-1], dtype=floatX))", "(0, np.array([-1, -2, -3, -4], dtype=floatX))"],
                  argnames=["i", "rv"],
                  numpy_expr=("(lambda t: (t.__setitem__(i, rv) if '%s' == 'set' else t.__setitem__(i, t[i] + rv), t)[1])"
                              "(mv.copy())") % op)
        rec_calls("%s_subtensor_scalar_elem" % op, S,
                  mcode + "sv = T.scalar('sv')\nf = theano.function([i, sv], T.%s_subtensor(m[i, 2], sv))" % op,
                  ["(%d, 7)" % o for o in (0, 9, 10, -1, -11)], argnames=["i", "sv"],
                  numpy_expr=("(lambda t: (t.__setitem__((i, 2), sv) if '%s' == 'set' else t.__setitem__((i, 2), t[i, 2] + sv), "
                              "t)[1])(mv.copy())") % op)
        # as an update of a shared matrix; calls run in sequence and the state carries over
        upd_calls = ["(%d, np.ones((2, 3), dtype=floatX))" % o for o in (0, 1, 4, 5, 6, -1, -2, -5, -6)]
        upd_calls += ["(5, np.ones((0, 3), dtype=floatX))", "(-1, np.ones((0, 3), dtype=floatX))",
                      "(4, np.ones((1, 3), dtype=floatX))", "(4, np.ones((3, 3), dtype=floatX))", "(0, np.ones((2, 3), dtype=floatX))"]
        rec_calls("%s_subtensor_update" % op, S,
                  "M = theano.shared(np.zeros((10, 3), dtype=floatX), name='M')\ni = T.lscalar('i')\nv = T.matrix('v')\n"
                  "f = theano.function([i, v], [], updates={M: T.%s_subtensor(M[i * 2:(i + 1) * 2], v)})" % op,
                  upd_calls, post="M.get_value()",
                  note="post = M.get_value() after the call (also after a call that raised)")
        rec_calls("%s_subtensor_update_givens" % op, S,
                  "M = theano.shared(np.zeros((10, 3), dtype=floatX), name='M')\ni = T.lscalar('i')\nv = T.matrix('v')\n"
                  "f = theano.function([i], [], updates={M: T.%s_subtensor(M[i * 2:(i + 1) * 2], v)}, "
                  "givens={v: data[i * 2:(i + 1) * 2]})" % op,
                  ["(%d,)" % o for o in (0, 1, 4, 5, -1, -2, 24, 25, 26)], post="M.get_value()",
                  note="v comes from data[i*2:(i+1)*2]: i=24 -> data rows 48,49 into M[48:50] (empty)")
    rec_calls("set_subtensor_shared_not_modified", S,
              mcode + "v = T.matrix('v')\nf = theano.function([i, v], T.set_subtensor(m[i:i + 3], v))",
              ["(0, np.full((3, 3), 100, dtype=floatX))"], post="[r, m.get_value()]")
    rec_calls("inc_subtensor_step2", S,
              mcode + "v = T.matrix('v')\nf = theano.function([i, v], T.inc_subtensor(m[i::2], v))",
              ["(0, np.ones((5, 3), dtype=floatX))", "(1, np.ones((5, 3), dtype=floatX))",
               "(1, np.ones((4, 3), dtype=floatX))", "(9, np.ones((1, 3), dtype=floatX))",
               "(10, np.ones((0, 3), dtype=floatX))", "(10, np.ones((1, 3), dtype=floatX))",
               "(-3, np.ones((2, 3), dtype=floatX))"],
              argnames=["i", "v"], numpy_expr="(lambda t: (t.__setitem__(slice(i, None, 2), t[i::2] + v), t)[1])(mv.copy())")
    rec_calls("inc_subtensor_two_bounds", S,
              mcode + "j = T.lscalar('j')\nv = T.matrix('v')\nf = theano.function([i, j, v], T.inc_subtensor(m[i:j], v))",
              ["(2, 5, np.ones((3, 3), dtype=floatX))", "(5, 2, np.ones((0, 3), dtype=floatX))",
               "(5, 2, np.ones((3, 3), dtype=floatX))", "(8, 20, np.ones((2, 3), dtype=floatX))",
               "(8, 20, np.ones((12, 3), dtype=floatX))", "(-20, 2, np.ones((2, 3), dtype=floatX))"],
              argnames=["i", "j", "v"], numpy_expr="(lambda t: (t.__setitem__(slice(i, j), t[i:j] + v), t)[1])(mv.copy())")
    rec_expr("set_subtensor_of_non_subtensor", S, "", "T.set_subtensor(x + 1, x)")
    rec_expr("set_subtensor_ndim_mismatch", S, "", "T.set_subtensor(data[index:index + 3], T.tensor3())")
    rec_expr("set_subtensor_vector_into_matrix_slice_type", S, "",
             "str(T.set_subtensor(data[index:index + 3], T.vector()).type)")
    rec_expr("set_subtensor_vector_into_matrix_slice_eval", S, "vv = T.vector('vv')",
             "theano.function([index, vv], T.set_subtensor(data[index:index + 3], vv))(0, np.array([7, 8, 9], dtype=floatX))[:4]")


# --------------------------------------------------------------------------- c. bool()
def section_bool():
    S = "bool"
    XY = "x = T.scalar('x')\ny = T.scalar('y')\n"
    cases = [
        ("scalar", "", "bool(T.scalar())"),
        ("shared_1", "", "bool(theano.shared(1.0))"),
        ("shared_0", "", "bool(theano.shared(0.0))"),
        ("shared_zeros_vector", "", "bool(theano.shared(np.zeros(3)))"),
        ("shared_empty", "", "bool(theano.shared(np.zeros(0)))"),
        ("constant_0", "", "bool(T.constant(0))"),
        ("constant_empty", "", "bool(T.constant(np.zeros(0)))"),
        ("x_plus_1", XY, "bool(x + 1)"),
        ("x_lt_y", XY, "bool(x < y)"),
        ("x_le_y", XY, "bool(x <= y)"),
        ("x_gt_0", XY, "bool(x > 0)"),
        ("x_ge_0", XY, "bool(x >= 0)"),
        ("T_eq", XY, "bool(T.eq(x, y))"),
        ("T_neq", XY, "bool(T.neq(x, y))"),
        ("T_lt", XY, "bool(T.lt(x, y))"),
        ("py_eq_other", XY, "x == y"),
        ("py_eq_self", XY, "x == x"),
        ("py_ne_other", XY, "x != y"),
        ("T_and", XY, "bool(T.and_(x > 0, y > 0))"),
        ("T_or", XY, "bool(T.or_(x > 0, y > 0))"),
        ("T_invert_cmp", XY, "bool(~(x > 0))"),
        ("T_xor", XY, "bool(T.xor(x > 0, y > 0))"),
        ("T_all", XY, "bool(T.all(T.vector() > 0))"),
        ("T_any", XY, "bool(T.any(T.vector()))"),
        ("T_isnan", XY, "bool(T.isnan(x))"),
        ("T_isinf", XY, "bool(T.isinf(x))"),
        ("T_isclose", XY, "bool(T.isclose(x, y))"),
        ("T_allclose", XY, "bool(T.allclose(x, y))"),
        ("T_switch", XY, "bool(T.switch(x > 0, x, y))"),
        ("cast_bool", XY, "bool(T.cast(x, 'bool'))"),
        ("cmp_astype", XY, "bool((x < y).astype(floatX))"),
        ("cmp_sum", XY, "bool((T.vector() > 0).sum())"),
        ("shape0", XY, "bool(T.vector().shape[0])"),
        ("shape0_gt_0", XY, "bool(T.vector().shape[0] > 0)"),
        ("size", XY, "bool(T.vector().size)"),
        ("not_x_lt_y", XY, "not (x < y)"),
        ("x_and_y", XY, "str(x and y)"),
        ("x_or_y", XY, "str(x or y)"),
        ("cmp_and_cmp", XY, "(x < y) and (y > 0)"),
        ("x_and_cmp", XY, "str(x and (y > 0))"),
        ("shared_and_cmp", XY, "str(theano.shared(1.0) and (y > 0))"),
        ("chained_abc", "a, b, c = T.scalars('a', 'b', 'c')\n", "a < b < c"),
        ("chained_0_x_1", XY, "0 < x < 1"),
        ("chained_eq", XY, "x == y == x"),
        ("py_max", XY, "max(x, y)"),
        ("py_min", XY, "min(x, y)"),
        ("py_sorted", XY, "sorted([x, y])"),
        ("py_any_cmp", XY, "any([x < y])"),
        ("py_all_vars", XY, "all([x, y])"),
        ("in_list", XY, "x in [y]"),
        ("in_list_self", XY, "x in [y, x]"),
        ("len_vector", "", "len(T.vector())"),
        ("len_shared", "", "len(theano.shared(np.zeros(3)))"),
        ("iter_vector", "", "list(T.vector())"),
        ("int_scalar", XY, "int(x)"),
        ("float_scalar", XY, "float(x)"),
        ("float_shared", "", "float(theano.shared(2.0))"),
        ("int_constant", "", "int(T.constant(3))"),
        ("index_constant", "", "[10, 20, 30, 40][T.constant(2)]"),
        ("index_lscalar", "", "[10, 20, 30, 40][T.lscalar()]"),
        ("range_lscalar", "", "range(T.lscalar())"),
        ("hash_ok", XY, "isinstance(hash(x), int)"),
        ("dict_key_cmp", XY, "len({x < y: 1, x < y: 2})"),
        ("x_is_none", XY, "x is None"),
        ("np_bool_cmp", XY, "bool(np.float64(1.0) < x)"),
        ("bool_of_function_output", XY, "bool(theano.function([x, y], x < y)(1, 2))"),
        ("function_output_type", XY, "type(theano.function([x, y], x < y)(1, 2)).__name__"),
        ("function_output_value", XY, "theano.function([x, y], x < y)(1, 2)"),
    ]
    for key, code, expr in cases:
        rec_expr(key, S, code, expr)
    rec_expr("if_not_W_shared", S, "W = theano.shared(np.zeros((3, 3)), name='W')\n"
             "res = 'W is falsy' if not W else 'W is truthy'", "res")
    rec_expr("if_W_is_None", S, "W = None\nif not W:\n    W = theano.shared(np.zeros((3, 3)), name='W')\n"
             "res = W.name", "res")
    rec_expr("if_cmp_statement", S, XY + "try:\n    if x > 0:\n        res = 'positive'\n    else:\n        res = 'not'\n"
             "except Exception as e:\n    res = type(e).__name__ + ': ' + str(e)", "res")
    rec_expr("while_cmp", S, XY + "try:\n    n = 0\n    while x < 3 and n < 2:\n        n += 1\n    res = n\n"
             "except Exception as e:\n    res = type(e).__name__ + ': ' + str(e)", "res")
    rec_expr("assert_cmp", S, XY + "try:\n    assert x < y\n    res = 'passed'\n"
             "except Exception as e:\n    res = type(e).__name__ + ': ' + str(e)", "res")


# --------------------------------------------------------------------------- d. random sizes via givens
def section_random():
    S = "random_givens"
    pre_rs = "from theano.tensor.shared_randomstreams import RandomStreams\nsrng = RandomStreams(seed=1234)\n"
    pre_mrg = "from theano.sandbox.rng_mrg import MRG_RandomStreams\nsrng = MRG_RandomStreams(seed=1234)\n"
    post_mask = ("{'shape': r[0].tolist(), 'mask_shape': list(r[1].shape), 'mask_dtype': str(r[1].dtype), "
                 "'mask_in_01': bool(np.isin(r[1], [0, 1]).all()), 'out_shape': list(r[2].shape), "
                 "'out_dtype': str(r[2].dtype)}")
    for name, pre in (("RandomStreams", pre_rs), ("MRG_RandomStreams", pre_mrg)):
        for k in (10, 7):
            rec_calls("binomial_mask_%s_k%d" % (name, k), S,
                      pre + "mask = srng.binomial(size=x.shape, n=1, p=0.7, dtype=floatX)\n"
                      "f = theano.function([index], [(x * mask).shape, mask, x * mask], "
                      "givens={x: data[index * %d:(index + 1) * %d]})" % (k, k),
                      ["(%d,)" % i for i in (0, 1, 4, 5, 6, 7, 8, -1, -3)], post=post_mask)
        rec_calls("binomial_mask_shape_only_%s" % name, S,
                  pre + "mask = srng.binomial(size=x.shape, n=1, p=0.7, dtype=floatX)\n"
                  "f = theano.function([index], (x * mask).shape, givens={x: data[index * 10:(index + 1) * 10]})",
                  ["(%d,)" % i for i in (0, 4, 5, -1)])
        rec_calls("binomial_mask_changes_between_calls_%s" % name, S,
                  pre + "mask = srng.binomial(size=(200,), n=1, p=0.5, dtype=floatX)\nf = theano.function([], mask)",
                  ["()"], post="bool((r != f()).any())",
                  note="post: is a second call's mask different from the first (random state updates)")
        rec_calls("binomial_default_dtype_%s" % name, S,
                  pre + "mask = srng.binomial(size=x.shape, n=1, p=0.7)\n"
                  "f = theano.function([index], mask, givens={x: data[index * 10:(index + 1) * 10]})",
                  ["(0,)", "(5,)"], post="{'dtype': str(r.dtype), 'shape': list(r.shape)}")
        rec_calls("dropout_scaled_%s" % name, S,
                  pre + "mask = srng.binomial(size=x.shape, n=1, p=0.5, dtype=floatX)\n"
                  "f = theano.function([index], x * mask / 0.5, givens={x: data[index * 10:(index + 1) * 10]})",
                  ["(0,)", "(4,)", "(5,)"],
                  post="{'shape': list(r.shape), 'dtype': str(r.dtype), "
                       "'is_0_or_2x': bool(np.all((r == 0) | np.isclose(r, 2 * dv[args[0] * 10:(args[0] + 1) * 10])))}",
                  note="post uses args[0] = the index of that call")
        for L, n in ((4, 3), (5, 1), (3, 2)):
            rec_calls("normal_L%d_n%d_%s" % (L, n, name), S,
                      pre + "mu = T.matrix('mu')\neps = srng.normal((%d, mu.shape[0], %d))\n" % (L, n)
                      + "f = theano.function([index], [eps.shape, eps], givens={mu: data[index * 10:(index + 1) * 10]})",
                      ["(%d,)" % i for i in (0, 4, 5, -1, -3)],
                      post="{'shape': r[0].tolist(), 'eps_shape': list(r[1].shape), 'eps_dtype': str(r[1].dtype), "
                           "'finite': bool(np.isfinite(r[1]).all())}")
        rec_calls("normal_mu_plus_eps_%s" % name, S,
                  pre + "mu = T.matrix('mu')\neps = srng.normal((4, mu.shape[0], 3))\n"
                  "z = mu.dimshuffle('x', 0, 1) + eps\n"
                  "f = theano.function([index], z, givens={mu: data[index * 10:(index + 1) * 10]})",
                  ["(%d,)" % i for i in (0, 4, 5, 7)],
                  post="{'shape': list(r.shape), 'dtype': str(r.dtype)}")
        rec_calls("uniform_shape_%s" % name, S,
                  pre + "u = srng.uniform(size=(x.shape[0],))\n"
                  "f = theano.function([index], u, givens={x: data[index * 7:(index + 1) * 7]})",
                  ["(%d,)" % i for i in (0, 7, 8)],
                  post="{'shape': list(r.shape), 'dtype': str(r.dtype), 'in_0_1': bool(((r >= 0) & (r < 1)).all())}")


def child(fx):
    setup_env(fx)
    import warnings
    warnings.simplefilter("ignore")
    import theano  # noqa: F401
    section_slicing(full=(fx == "float64"))
    section_setinc()
    section_bool()
    section_random()
    return {"meta": meta(), "records": RECORDS}


def _dumps_compact(data):
    parts = ["{", ' "meta": ' + json.dumps(data["meta"], ensure_ascii=False) + ","]
    secs = [k for k in data if k != "meta"]
    for si, k in enumerate(secs):
        sec = data[k]
        parts.append(' "%s": {"meta": %s, "records": [' % (k, json.dumps(sec["meta"], ensure_ascii=False)))
        recs = [json.dumps(r, ensure_ascii=False) for r in sec["records"]]
        parts.append(",\n".join(recs))
        parts.append("]}" + ("," if si < len(secs) - 1 else ""))
    parts.append("}")
    return "\n".join(parts) + "\n"


def main():
    if CHILD:
        sys.stdout.write(json.dumps(child(CHILD)))
        return
    data = {"meta": {"note": "JSON layout " + __doc__.split("JSON layout", 1)[1].strip(),
                     "prelude": PRELUDE,
                     "theano_scan_patch": "scan_op.py: C scan build failure falls back to the Python scan "
                                          "(not used by these records)"}}
    for fx in ["float64", "float32"]:
        out = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", fx],
                             stdout=subprocess.PIPE, check=True).stdout
        data["floatX_" + fx] = json.loads(out.decode("utf-8"))
    path = os.path.join(HERE, "staging.json")
    with open(path, "w") as f:
        f.write(_dumps_compact(data))
    print("wrote", path, file=sys.stderr)


if __name__ == "__main__":
    main()
