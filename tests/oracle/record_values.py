"""Record numeric results of tensor operations from Theano 1.0.5 (floatX=float64, FAST_RUN).

Run:  $ORACLE_VENV/bin/python tests/oracle/record_values.py
Writes tests/oracle/values.json
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import dump, jsonable, meta, setup_env, short_err  # noqa: E402

setup_env("float64")

import warnings  # noqa: E402

import numpy as np  # noqa: E402

import theano  # noqa: E402
import theano.tensor as T  # noqa: E402

warnings.simplefilter("ignore")

RECORDS = []


def rec(key, setup, expr, note=None):
    """exec(setup); value = eval(expr).  Values are numpy arrays/lists -> jsonable."""
    ns = {"T": T, "theano": theano, "np": np}
    r = {"key": key, "setup": setup, "expr": expr}
    if note:
        r["note"] = note
    try:
        exec(setup, ns)
        val = eval(expr, ns)
        r["value"] = jsonable(val)
    except Exception as e:  # noqa: BLE001
        r.update(short_err(e, 2000))
    RECORDS.append(r)


# ------------------------------------------------------------ rounding
SR = "x = T.dvector('x')\nv = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.7])"
rec("round_default", SR, "T.round(x).eval({x: v})", note="T.round default mode in 1.0.5")
rec("round_half_to_even", SR, "T.round(x, mode='half_to_even').eval({x: v})")
rec("round_half_away_from_zero", SR, "T.round(x, mode='half_away_from_zero').eval({x: v})")
rec("iround_default", SR, "T.iround(x).eval({x: v})")
rec("iround_half_away", SR, "T.iround(x, mode='half_away_from_zero').eval({x: v})")
rec("x_round_method", SR, "x.round().eval({x: v})")
rec("floor", SR, "T.floor(x).eval({x: v})")
rec("ceil", SR, "T.ceil(x).eval({x: v})")
rec("trunc", SR, "T.trunc(x).eval({x: v})")
rec("sgn", SR, "T.sgn(x).eval({x: v})")
rec("round_float32", "x = T.fvector('x')\nv = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.7], dtype='float32')",
    "T.round(x).eval({x: v})")
rec("iround_float32", "x = T.fvector('x')\nv = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.7], dtype='float32')",
    "T.iround(x).eval({x: v})")

# ------------------------------------------------------------ division / modulo
SI = ("a = T.lvector('a')\nb = T.lvector('b')\n"
      "va = np.array([-7, 7, -7, 7, 0, 6])\nvb = np.array([2, 2, -2, -2, 3, 3])")
for k, e in [("true_div", "T.true_div(a, b)"), ("int_div", "T.int_div(a, b)"), ("mod", "T.mod(a, b)"),
             ("op_div", "a / b"), ("op_floordiv", "a // b"), ("op_mod", "a % b")]:
    rec("int64_" + k, SI, "(%s).eval({a: va, b: vb})" % e)
SI32 = ("a = T.ivector('a')\nb = T.ivector('b')\n"
        "va = np.array([-7, 7, -7, 7, 0, 6], dtype='int32')\nvb = np.array([2, 2, -2, -2, 3, 3], dtype='int32')")
for k, e in [("op_div", "a / b"), ("op_floordiv", "a // b"), ("op_mod", "a % b")]:
    rec("int32_" + k, SI32, "(%s).eval({a: va, b: vb})" % e)
SF = ("a = T.dvector('a')\nb = T.dvector('b')\n"
      "va = np.array([-7.5, 7.5, -7.5, 7.5, -7.0, 7.0])\nvb = np.array([2.0, 2.0, -2.0, -2.0, 2.0, -2.0])")
for k, e in [("true_div", "a / b"), ("int_div", "a // b"), ("mod", "a % b")]:
    rec("float64_" + k, SF, "(%s).eval({a: va, b: vb})" % e)
rec("const_neg7_floordiv_2", "", "(T.constant(-7) // 2).eval()")
rec("const_neg7_mod_2", "", "(T.constant(-7) % 2).eval()")
rec("const_7_mod_neg2", "", "(T.constant(7) % -2).eval()")
rec("const_neg7_5_mod_2", "", "(T.constant(-7.5) % 2).eval()")
rec("const_neg7_div_2", "", "(T.constant(-7) / 2).eval()")
rec("const_7_div_2_dtype", "", "(T.constant(7) / 2).eval().dtype.name")
rec("float_div_zero", "a = T.dvector('a')",
    "(a / 0.0).eval({a: np.array([1.0, -1.0, 0.0])})", note="nan/inf encoded as JSON NaN/Infinity")
rec("float_intdiv_zero", "a = T.dvector('a')", "(a // 0.0).eval({a: np.array([1.0, -1.0, 0.0])})")
rec("float_mod_zero", "a = T.dvector('a')", "(a % 0.0).eval({a: np.array([1.0, -1.0, 0.0])})")
rec("int8_overflow_add", "a = T.bvector('a')", "(a + 1).eval({a: np.array([127, -128, 0], dtype='int8')})")
rec("int8_times_int8", "a = T.bvector('a')", "(a * a).eval({a: np.array([100, -100, 12], dtype='int8')})")
rec("uint8_minus", "a = T.vector('a', dtype='uint8')", "(a - 1).eval({a: np.array([0, 1, 255], dtype='uint8')})")
rec("int_pow", "a = T.lvector('a')", "(a ** 2).eval({a: np.array([-3, 0, 5])})")
rec("int_pow_neg", "a = T.lvector('a')", "(2 ** a).eval({a: np.array([-1, 0, 3])})")
rec("int_true_div_int_division_flag", "", "theano.config.int_division")

# ------------------------------------------------------------ seed basics chapter
SB = ("A = T.matrix('A')\nx = T.vector('x')\nb = T.vector('b')\ny = T.dot(A, x) + b\nz = T.sum(A**2)\n"
      "linear_mix = theano.function([A, x, b], [y, z])\n"
      "Av = np.array([[1, 2, 3], [4, 5, 6]], dtype=theano.config.floatX)\n"
      "xv = np.array([1, 2, 3], dtype=theano.config.floatX)\n"
      "bv = np.array([4, 5], dtype=theano.config.floatX)")
rec("basics_linear_mix", SB, "linear_mix(Av, xv, bv)")
SBd = SB + ("\nlinear_mix_default = theano.function([A, x, theano.In(b, value=np.zeros(2, dtype=theano.config.floatX))],"
            " [y, z])")
rec("basics_linear_mix_default_omitted", SBd, "linear_mix_default(Av, xv)",
    note="theano.Param was removed in 1.0 (AttributeError? see basics_theano_Param); theano.In(b, value=...) used")
rec("basics_linear_mix_default_given", SBd, "linear_mix_default(Av, xv, bv)")
rec("basics_theano_Param", SB, "theano.function([A, x, theano.Param(b, default=np.zeros(2))], [y, z])(Av, xv)")
SS = ("shared_var = theano.shared(np.array([[1.0, 2.0], [3.0, 4.0]], dtype=theano.config.floatX))\n"
      "log = []\n"
      "log.append(str(shared_var.type))\n"
      "shared_var.set_value(np.array([[3.0, 4], [2, 1]], dtype=theano.config.floatX))\n"
      "log.append(shared_var.get_value())\n"
      "shared_square = shared_var ** 2\n"
      "f = theano.function([], shared_square)\n"
      "log.append(f())\n"
      "shared_var.set_value(np.array([[1.0, 2], [3, 4]], dtype=theano.config.floatX))\n"
      "log.append(f())\n"
      "subtract = T.matrix('subtract')\n"
      "f_update = theano.function([subtract], shared_var, updates={shared_var: shared_var - subtract})\n"
      "log.append(shared_var.get_value())\n"
      "log.append(f_update(np.array([[1.0, 1], [1, 1]], dtype=theano.config.floatX)))\n"
      "log.append(shared_var.get_value())\n"
      "log.append(f_update(np.array([[1.0, 1], [1, 1]], dtype=theano.config.floatX)))\n"
      "log.append(shared_var.get_value())")
rec("basics_shared_sequence", SS, "log",
    note="list: [type str, value after set_value, f(), f() after 2nd set_value, before update, "
         "f_update return, after update, 2nd f_update return, after 2nd update]")
rec("basics_grad_x_sqr_at_10", "foo = T.scalar('x')\nbar = foo ** 2", "T.grad(bar, foo).eval({foo: 10})")
SJ = ("A = T.matrix('A')\nx = T.vector('x')\nb = T.vector('b')\ny = T.dot(A, x) + b\n"
      "y_J = theano.gradient.jacobian(y, x)")
rec("basics_jacobian", SJ, "theano.function([A, x, b], y_J, mode='FAST_COMPILE')("
    "np.array([[9.0, 8, 7], [4, 5, 6]]), np.array([1.0, 2, 3]), np.array([4.0, 5]))",
    note="jacobian uses scan; compiled with mode=FAST_COMPILE (Theano's C scan does not build on Python 3.11)")
rec("basics_jacobian_fast_run_error", SJ, "y_J.eval({A: np.array([[9.0, 8, 7], [4, 5, 6]]), x: np.array([1.0, 2, 3]), "
    "b: np.array([4.0, 5])})", note="environment limitation, not Theano semantics: scan C code fails on py3.11")
rec("basics_square_eval", "foo = T.scalar('x')", "(foo ** 2).eval({foo: 3})")
rec("basics_square_function", "foo = T.scalar('x')", "theano.function([foo], foo ** 2)(3)")

# ------------------------------------------------------------ indexing chapter
rec("arange9_step2", "t = T.arange(9)", "t[1::2].eval()")
ST = "t = T.arange(9).reshape((3,3))"
rec("mask_nonzero", ST, "t[(t > 4).nonzero()].eval()")
rec("mask_legacy_bool_index", ST, "t[t > 4].eval()",
    note="seed (old Theano) treated the mask as int indices; 1.0.5 behaviour recorded here")
rec("mask_gt_values", ST, "(t > 4).eval()")
rec("nonzero_tuple", ST, "[v.eval() for v in (t > 4).nonzero()]")
rec("nonzero_values", ST, "T.nonzero_values(t - 4).eval()")
rec("flatnonzero", ST, "T.flatnonzero(t > 4).eval()")
SV = "r = T.dvector('r')\nrv = np.arange(12.0)"
rec("set_subtensor", SV, "T.set_subtensor(r[10:], 5).eval({r: rv})")
rec("inc_subtensor", SV, "T.inc_subtensor(r[10:], 5).eval({r: rv})")
rec("inc_subtensor_adv_dup", SV, "T.inc_subtensor(r[[1, 1, 2]], 1.0).eval({r: rv})",
    note="advanced inc with duplicate indices accumulates")
rec("set_subtensor_adv_dup", SV, "T.set_subtensor(r[[1, 1, 2]], [7.0, 8.0, 9.0]).eval({r: rv})")
SXM = "x = T.dmatrix('x')\nxv = np.arange(12.0).reshape(3, 4)"
for k, e in [("x_1_colon", "x[1:]"), ("x_1_colon_2", "x[1::2]"), ("x_0", "x[0]"), ("x_colon_1", "x[:, 1]"),
             ("x_neg1", "x[-1]"), ("x_rev", "x[::-1]"), ("x_adv_rows", "x[[0, 2, 0]]"),
             ("x_adv_pairs", "x[[0, 1], [1, 2]]"), ("x_0_1", "x[0, 1]")]:
    rec("idx_" + k, SXM, "(%s).eval({x: xv})" % e)
rec("idx_out_of_bounds", SXM, "x[5].eval({x: xv})")

# ------------------------------------------------------------ tensor ops
rec("tensordot_shape", "rng = np.random.RandomState(0)\na = rng.random_sample((2, 3, 4))\n"
    "b = rng.random_sample((5, 6, 4, 3))\nA = T.dtensor3('A')\nB = T.dtensor4('B')\n"
    "c = T.tensordot(A, B, [[1, 2], [3, 2]]).eval({A: a, B: b})",
    "{'shape': list(c.shape), 'sum': float(c.sum()), 'allclose_numpy': bool(np.allclose(c, np.tensordot(a, b, [[1, 2], [3, 2]]))), "
    "'c000': float(c[0, 0, 0])}")
rec("tensordot_axes1", "a = np.arange(6.0).reshape(2, 3)\nb = np.arange(12.0).reshape(3, 4)",
    "T.tensordot(T.constant(a), T.constant(b), axes=1).eval()")
SM = "x = T.dmatrix('x')\nxv = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 7.0]])"
for k, e in [("var", "T.var(x)"), ("std", "T.std(x)"), ("var_axis0", "T.var(x, axis=0)"),
             ("var_axis1", "T.var(x, axis=1)"), ("std_axis1", "T.std(x, axis=1)"),
             ("var_ddof1", "T.var(x, ddof=1)"), ("var_corrected", "T.var(x, corrected=True)"),
             ("std_keepdims", "T.std(x, axis=0, keepdims=True)"),
             ("mean", "T.mean(x)"), ("mean_axis1", "T.mean(x, axis=1)"), ("sum", "T.sum(x)"),
             ("prod", "T.prod(x)"), ("prod_axis0", "T.prod(x, axis=0)"), ("max", "T.max(x)"),
             ("max_axis0", "T.max(x, axis=0)"), ("min_axis1", "T.min(x, axis=1)"),
             ("argmax_none", "T.argmax(x)"), ("argmax_axis0", "T.argmax(x, axis=0)"),
             ("argmax_axis1", "T.argmax(x, axis=1)"), ("argmax_keepdims", "T.argmax(x, axis=1, keepdims=True)"),
             ("argmin_none", "T.argmin(x)"), ("argmin_axis1", "T.argmin(x, axis=1)"),
             ("ptp", "T.ptp(x)"), ("ptp_axis0", "T.ptp(x, axis=0)"), ("x_ptp_method", "x.ptp(axis=1)"),
             ("norm2", "x.norm(2)"), ("norm1", "x.norm(1)"), ("norm2_axis0", "x.norm(2, axis=0)"),
             ("trace", "T.nlinalg.trace(x[:, :2])"), ("x_trace_method", "x[:, :2].trace()"),
             ("diagonal", "x.diagonal()"), ("diagonal_offset1", "x.diagonal(1)"),
             ("diagonal_offset_neg1", "x.diagonal(-1)"),
             ("cumsum_none", "T.cumsum(x)"), ("cumsum_axis0", "T.cumsum(x, axis=0)"),
             ("cumsum_axis1", "T.cumsum(x, axis=1)"), ("cumprod_none", "T.cumprod(x)"),
             ("cumprod_axis1", "T.cumprod(x, axis=1)"), ("x_cumsum_method", "x.cumsum(axis=1)"),
             ("swapaxes", "x.swapaxes(0, 1)"), ("T_swapaxes", "T.swapaxes(x, 0, 1)"),
             ("repeat_none", "T.repeat(x, 2)"), ("repeat_axis0", "T.repeat(x, 2, axis=0)"),
             ("repeat_axis1_list", "T.repeat(x, [1, 2, 3], axis=1)"), ("x_repeat_method", "x.repeat(2, axis=1)"),
             ("compress_axis1", "theano.tensor.extra_ops.compress([1, 0, 1], x, axis=1)"),
             ("compress_none", "theano.tensor.extra_ops.compress([1, 0, 1, 1], x)"),
             ("compress_bool_axis1", "theano.tensor.extra_ops.compress(np.array([True, False, True]), x, axis=1)"),
             ("x_compress_method", "x.compress(np.array([0, 1]), axis=0)"),
             ("x_compress_method_list", "x.compress([0, 1], axis=0)"),
             ("T_compress_exists", "hasattr(T, 'compress')"),
             ("take_flat", "x.take([0, 4, 5])"), ("take_axis0", "x.take([1, 0, 1], axis=0)"),
             ("take_axis1", "x.take([2, 0], axis=1)"), ("take_neg", "x.take([-1])"),
             ("clip", "T.clip(x, 2, 5)"), ("clip_reversed", "T.clip(x, 5, 2)"),
             ("all", "T.all(x > 0)"), ("any", "T.any(x > 5)"), ("x_T", "x.T"),
             ("flatten", "x.flatten()"), ("flatten_ndim2", "T.flatten(x.dimshuffle(0, 'x', 1), 2)"),
             ("reshape", "x.reshape((3, 2))"), ("reshape_neg1", "x.reshape((-1,))"),
             ("sort", "T.sort(x[:, ::-1])"), ("sort_axis0", "T.sort(x[::-1], axis=0)"),
             ("sort_none", "T.sort(x[:, ::-1], axis=None)"), ("argsort", "T.argsort(x[:, ::-1])"),
             ("argsort_none", "T.argsort(x[:, ::-1], axis=None)"), ("x_sort_method", "x.sort()"),
             ("squeeze", "T.squeeze(x.dimshuffle('x', 0, 'x', 1))"),
             ("x_squeeze_method_shape", "x.dimshuffle('x', 0, 'x', 1).squeeze().shape"),
             ("max_and_argmax", "T.max_and_argmax(x)"), ("max_and_argmax_axis0", "T.max_and_argmax(x, axis=0)"),
             ("outer_rows", "T.outer(x[0], x[1])"), ("dot_xxT", "T.dot(x, x.T)"),
             ("sqr_sum", "T.sqr(x).sum()")]:
    if k == "T_compress_exists":
        rec(k, SM, e)
    elif k in ("max_and_argmax", "max_and_argmax_axis0"):
        rec(k, SM, "theano.function([x], %s)(xv)" % e)
    else:
        rec(k, SM, "(%s).eval({x: xv})" % e)
rec("compress_symbolic_cond", SM + "\nc = T.lvector('c')",
    "theano.tensor.extra_ops.compress(c, x, axis=1).eval({x: xv, c: np.array([1, 0, 1])})")
rec("x_compress_method_symbolic", SM + "\nc = T.lvector('c')",
    "x.compress(c, axis=0).eval({x: xv, c: np.array([0, 1])})")
SM_INT = "x = T.lmatrix('x')\nxv = np.array([[1, 2, 3], [4, 5, 7]])"
rec("int_var", SM_INT, "T.var(x).eval({x: xv})")
rec("int_mean", SM_INT, "T.mean(x).eval({x: xv})")
rec("int_prod", SM_INT, "T.prod(x).eval({x: xv})")
rec("int_cumsum", SM_INT, "T.cumsum(x).eval({x: xv})")
rec("bool_sum", "x = T.vector('x', dtype='bool')", "T.sum(x).eval({x: np.array([True, True, False])})")
SA = "x = T.dvector('x')"
rec("argmax_ties", SA, "T.argmax(x).eval({x: np.array([1.0, 3.0, 3.0, 2.0])})")
rec("argmin_ties", SA, "T.argmin(x).eval({x: np.array([2.0, 1.0, 1.0, 2.0])})")
rec("argmax_nan", SA, "T.argmax(x).eval({x: np.array([1.0, np.nan, 3.0])})")
rec("max_nan", SA, "T.max(x).eval({x: np.array([1.0, np.nan, 3.0])})")
rec("maximum_nan", SA, "T.maximum(x, 2.0).eval({x: np.array([1.0, np.nan, 3.0])})")
rec("clip_vec", SA, "T.clip(x, 0, 1).eval({x: np.array([-1.0, 0.5, 2.0])})")
rec("clip_int_bounds_float_x", SA, "T.clip(x, 0, 1).eval({x: np.array([-1.5, 0.25, 1.5])})")
SW = "c = T.dmatrix('c')\nx = T.dmatrix('x')\ny = T.dmatrix('y')"
rec("switch", SW, "T.switch(T.lt(x, y), x, y).eval({x: np.array([[1.0, 5.0]]), y: np.array([[3.0, 2.0]])})")
rec("switch_scalar_cond", "a = T.dscalar('a')\nx = T.dvector('x')",
    "T.switch(T.gt(a, 0), x, -x).eval({a: 1.0, x: np.array([1.0, -2.0])})")
rec("switch_numeric_cond", "x = T.dvector('x')", "T.switch(x, 10.0, 20.0).eval({x: np.array([0.0, 0.5, -1.0])})")
rec("where", "x = T.dvector('x')", "T.where(x > 0, x, 0.0).eval({x: np.array([-1.0, 2.0])})")
SC = ("x = T.dvector('x')\ny = T.dvector('y')\nxv = np.array([1.0, 1.0, np.nan, np.inf, -np.inf, 1e-9, 1.0])\n"
      "yv = np.array([1.0, 1.00001, np.nan, np.inf, np.inf, 0.0, 1.1])")
rec("isclose", SC, "T.isclose(x, y).eval({x: xv, y: yv})")
rec("isclose_equal_nan", SC, "T.isclose(x, y, equal_nan=True).eval({x: xv, y: yv})")
rec("isclose_rtol", SC, "T.isclose(x, y, rtol=0.2).eval({x: xv, y: yv})")
rec("allclose_true", SC, "T.allclose(x[:2], y[:2]).eval({x: xv, y: yv})")
rec("allclose_false", SC, "T.allclose(x, y).eval({x: xv, y: yv})")
rec("isnan_isinf", SC, "[T.isnan(x).eval({x: xv}), T.isinf(x).eval({x: xv})]")
rec("choose", "a = T.lvector('a')\nc = T.dmatrix('c')",
    "T.choose(a, c).eval({a: np.array([0, 1, 2, 1]), c: np.arange(12.0).reshape(3, 4)})",
    note="3 choices of length 4; out[i] = c[a[i], i]")
rec("choose_simple", "", "T.choose(np.array([0, 1, 2, 1]), [np.array([0, 1, 2, 3]), np.array([10, 11, 12, 13]), "
    "np.array([20, 21, 22, 23])]).eval()")
rec("choose_method", "a = T.lvector('a')", "a.choose([[1.0, 2.0], [3.0, 4.0]]).eval({a: np.array([1, 0])})")
rec("eye_3_4_1", "", "T.eye(3, 4, 1).eval()")
rec("eye_3", "", "T.eye(3).eval()")
rec("eye_3_neg1", "", "T.eye(3, 3, -1).eval()")
rec("identity_like", "x = T.dmatrix('x')", "T.identity_like(x).eval({x: np.zeros((2, 3))})")
rec("tile_2_3", "x = T.dmatrix('x')", "T.tile(x, (2, 3)).eval({x: np.array([[1.0, 2.0], [3.0, 4.0]])})")
rec("tile_vector", "x = T.dvector('x')", "T.tile(x, (3,)).eval({x: np.array([1.0, 2.0])})")
rec("tile_vector_2d_reps", "x = T.dvector('x')", "T.tile(x, (2, 2)).eval({x: np.array([1.0, 2.0])})")
SST = "a = T.dvector('a')\nb = T.dvector('b')\nav = np.array([1.0, 2.0])\nbv = np.array([3.0, 4.0])"
rec("stack", SST, "T.stack([a, b]).eval({a: av, b: bv})")
rec("stack_axis1", SST, "T.stack([a, b], axis=1).eval({a: av, b: bv})")
rec("stack_scalars", "", "T.stack([T.constant(1.0), T.constant(2), 3]).eval()")
rec("stack_scalars_dtype", "", "T.stack([T.constant(1.0), T.constant(2), 3]).dtype")
rec("concatenate", SST, "T.concatenate([a, b]).eval({a: av, b: bv})")
rec("concatenate_axis1", "x = T.dmatrix('x')", "T.concatenate([x, x * 2], axis=1).eval({x: np.ones((2, 1))})")
rec("join", SST, "T.join(0, a, b).eval({a: av, b: bv})")
rec("stacklists", "", "T.stacklists([[1.0, 2.0], [3.0, 4.0]]).eval()")
rec("horizontal_stack", "x = T.dmatrix('x')", "T.horizontal_stack(x, x).eval({x: np.ones((2, 1))})")
rec("batched_dot", "a = T.dtensor3('a')\nb = T.dtensor3('b')",
    "T.batched_dot(a, b).eval({a: np.arange(24.0).reshape(2, 3, 4), b: np.arange(40.0).reshape(2, 4, 5)})")
rec("batched_dot_vectors", "a = T.dmatrix('a')\nb = T.dmatrix('b')",
    "T.batched_dot(a, b).eval({a: np.arange(6.0).reshape(2, 3), b: np.arange(6.0).reshape(2, 3)})")
rec("outer", SST, "T.outer(a, b).eval({a: av, b: bv})")
rec("dot_vv", SST, "T.dot(a, b).eval({a: av, b: bv})")
SCAST = "x = T.dvector('x')\nxv = np.array([-2.7, -0.5, 0.5, 2.7, 3.999, 300.7, -1.0])"
rec("cast_int32", SCAST, "T.cast(x, 'int32').eval({x: xv})")
rec("cast_int64", SCAST, "T.cast(x, 'int64').eval({x: xv})")
rec("cast_int8_in_range", "x = T.dvector('x')", "T.cast(x, 'int8').eval({x: np.array([-2.7, 2.7, 127.9])})")
rec("cast_bool", SCAST, "T.cast(x, 'bool').eval({x: np.array([0.0, 0.5, -1.0])})")
rec("cast_float32", SCAST, "T.cast(x, 'float32').eval({x: xv})")
rec("astype_int", SCAST, "x.astype('int64').eval({x: xv})")
rec("arange_float", "", "T.arange(0, 1, 0.25).eval()")
rec("arange_neg_step", "", "T.arange(5, 0, -2).eval()")
rec("linspace_like_arange_dtype", "", "T.arange(0.0, 1.0, 0.3).dtype")
rec("zeros_ones", "", "[T.zeros((2, 2)).eval(), T.ones((2,), dtype='int32').eval()]")
rec("alloc", "", "T.alloc(1.5, 2, 3).eval()")
rec("fill", "x = T.dvector('x')", "T.fill(x, 3).eval({x: np.zeros(2)})")
rec("second", "x = T.dvector('x')", "T.second(x, 2.5).eval({x: np.zeros(3)})")
rec("inv", "x = T.dvector('x')", "T.inv(x).eval({x: np.array([2.0, -4.0, 0.0])})")
rec("sqr_sqrt", "x = T.dvector('x')", "[T.sqr(x).eval({x: np.array([-3.0, 4.0])}), T.sqrt(x).eval({x: np.array([-1.0, 4.0])})]")
rec("special", "x = T.dvector('x')\nxv = np.array([0.5, 1.0, 2.5])",
    "{'erf': T.erf(x).eval({x: xv}), 'erfc': T.erfc(x).eval({x: xv}), 'gamma': T.gamma(x).eval({x: xv}), "
    "'gammaln': T.gammaln(x).eval({x: xv}), 'psi': T.psi(x).eval({x: xv}), 'erfinv': T.erfinv(x * 0.5).eval({x: xv}), "
    "'log1p': T.log1p(x).eval({x: xv}), 'expm1': T.expm1(x).eval({x: xv}), 'log2': T.log2(x).eval({x: xv})}")
rec("bitwise", "a = T.lvector('a')\nb = T.lvector('b')\nav = np.array([12, 5, -3])\nbv = np.array([10, 3, 1])",
    "{'and': (a & b).eval({a: av, b: bv}), 'or': (a | b).eval({a: av, b: bv}), 'xor': (a ^ b).eval({a: av, b: bv}), "
    "'invert': (~a).eval({a: av})}")
rec("bool_invert", "a = T.vector('a', dtype='bool')", "(~a).eval({a: np.array([True, False])})")
rec("comparison_dtype_values", "a = T.dvector('a')", "(a > 1).eval({a: np.array([0.0, 2.0])})")
rec("debugmode_div_zero", "x = T.dvector('x')\nf_2 = theano.function([x], 10 / x, mode='DebugMode')",
    "[f_2([5]), f_2([0])]", note="seed: DebugMode raises InvalidValueError on inf")
rec("fastrun_div_zero", "x = T.dvector('x')\nf_1 = theano.function([x], 10 / x)", "[f_1([5]), f_1([0]), f_1([7])]")


def main():
    dump("values.json", {
        "meta": meta({"note": "Each record: key, setup (python3 statements), expr (evaluated after setup). "
                              "value: arrays as {dtype, shape, value}; python scalars/lists as-is; "
                              "errors as {'error': 'Type: message'}. NaN/inf are JSON NaN/Infinity "
                              "(python json module reads them)."}),
        "records": RECORDS,
    })
    print("errors:", [r["key"] for r in RECORDS if "error" in r], file=sys.stderr)


if __name__ == "__main__":
    main()
