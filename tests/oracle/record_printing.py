"""Record printing forms (str, type, pp, debugprint, str(op)) from Theano 1.0.5.

Run:  $ORACLE_VENV/bin/python tests/oracle/record_printing.py
Writes tests/oracle/printing.json
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import dump, err, jsonable, meta, setup_env  # noqa: E402

CHILD = "--child-float32" in sys.argv
setup_env("float32" if CHILD else "float64")

import numpy as np  # noqa: E402

import theano  # noqa: E402
import theano.tensor as T  # noqa: E402
from theano.ifelse import ifelse  # noqa: E402,F401


def safe(fn):
    try:
        return fn()
    except Exception as e:  # noqa: BLE001
        return err(e)


def plain(val):
    if isinstance(val, (bool, int, float, str, type(None))):
        return val
    if isinstance(val, (list, tuple)):
        return [plain(x) for x in val]
    return str(val)


def describe_var(v):
    d = {}
    d["str"] = str(v)
    d["repr"] = repr(v)
    d["type"] = safe(lambda: str(v.type))
    d["python_class"] = "%s.%s" % (type(v).__module__, type(v).__name__)
    if hasattr(v, "dtype"):
        d["dtype"] = str(v.dtype)
    if hasattr(v, "broadcastable"):
        d["broadcastable"] = list(v.broadcastable)
    if hasattr(v, "ndim"):
        d["ndim"] = v.ndim
    d["pp"] = safe(lambda: theano.pp(v))
    d["debugprint"] = safe(lambda: theano.printing.debugprint(v, file="str"))
    if getattr(v, "owner", None) is not None:
        op = v.owner.op
        d["op"] = str(op)
        d["op_class"] = type(op).__name__
        d["op_name_attr"] = safe(lambda: plain(op.name)) if hasattr(op, "name") else None
        d["owner_inputs"] = [str(i) for i in v.owner.inputs]
        d["owner_nin"] = v.owner.nin
        d["owner_nout"] = v.owner.nout
    return d


def describe_function(f, built_outputs=None):
    d = {}
    d["debugprint_compiled"] = theano.printing.debugprint(f, file="str")
    d["toposort"] = [str(n) for n in f.maker.fgraph.toposort()]
    d["toposort_ops"] = [str(n.op) for n in f.maker.fgraph.toposort()]
    if built_outputs is not None:
        d["debugprint_built"] = theano.printing.debugprint(built_outputs, file="str")
    return d


RECORDS = []


def rec(key, setup, expr, chapter, kind="var", note=None, evaluate=None):
    ns = {"T": T, "theano": theano, "np": np}
    r = {"key": key, "chapter": chapter, "setup": setup, "expr": expr}
    if note:
        r["note"] = note
    try:
        exec(setup, ns)
        if kind == "value":
            val = eval(expr, ns)
            r["value"] = plain(val)
            r["value_str"] = str(val)
        elif kind == "function":
            # expr is the output expression; setup must define `inputs`
            out = eval(expr, ns)
            f = theano.function(ns["inputs"], out)
            r["inputs"] = "inputs = %s" % ns.get("inputs_src", "")
            r.update(describe_function(f, out))
        else:
            v = eval(expr, ns)
            r.update(describe_var(v))
        if evaluate is not None:
            r["eval_expr"] = evaluate
            try:
                r["eval_value"] = jsonable(eval(evaluate, ns))
            except Exception as e:  # noqa: BLE001
                r["eval_value"] = err(e)
    except Exception as e:  # noqa: BLE001
        r.update(err(e))
    RECORDS.append(r)


# ---------------------------------------------------------------- Theano 基础
CH = "Theano 基础"
S = "foo = T.scalar('x')"
rec("basics_foo", S, "foo", CH)
rec("basics_foo_class", S, "type(foo)", CH, kind="value")
rec("basics_bar_pow2", S, "foo ** 2", CH, evaluate="(foo ** 2).eval({foo: 3})")
rec("basics_bar_grad", S + "\nbar = foo ** 2", "T.grad(bar, foo)", CH,
    evaluate="T.grad(bar, foo).eval({foo: 10})")
S = "A = T.matrix('A')\nx = T.vector('x')\nb = T.vector('b')"
rec("basics_dot_plus_b", S, "T.dot(A, x) + b", CH)
rec("basics_sum_sqr", S, "T.sum(A**2)", CH)
rec("basics_jacobian", S + "\ny = T.dot(A, x) + b", "theano.gradient.jacobian(y, x)", CH)
rec("basics_theano_Param_exists", "", "hasattr(theano, 'Param')", CH, kind="value",
    note="theano.Param was removed in 1.0; use theano.In(b, value=...)")
rec("basics_theano_In", S, "theano.In(b, value=np.zeros(2))", CH, kind="value")
S = "shared_var = theano.shared(np.array([[1.0, 2.0], [3.0, 4.0]], dtype=theano.config.floatX))"
rec("basics_shared_var", S, "shared_var", CH)
rec("basics_shared_var_class", S, "type(shared_var)", CH, kind="value")
rec("basics_shared_square", S, "shared_var ** 2", CH)
S = "W = T.dmatrix('W')\nV = T.dmatrix('V')\nx = T.dvector('x')\ny = T.dot(x, W)"
rec("basics_rop", S, "T.Rop(y, W, V)", CH)
rec("basics_lop", S + "\nv = T.dvector('v')", "T.Lop(y, W, v)", CH)

# ---------------------------------------------------------- Theano 符号图结构
CH = "Theano 符号图结构"
S = "x = T.dmatrix('x')\ny = T.dmatrix('y')"
rec("graph_x_plus_y", S, "x + y", CH)
rec("graph_x_plus_y_op_name", S + "\nz = x + y", "z.owner.op.name", CH, kind="value")
rec("graph_x_plus_y_nin_nout", S + "\nz = x + y", "(z.owner.nin, z.owner.nout)", CH, kind="value")
rec("graph_x_plus_y_inputs", S + "\nz = x + y", "z.owner.inputs", CH, kind="value")
rec("graph_x_plus_y_pprint", S + "\nz = x + y", "theano.printing.pprint(z)", CH, kind="value")
rec("graph_x_times_2", S, "x * 2", CH)
rec("graph_x_times_2_input1", S + "\ny = x * 2", "y.owner.inputs[1]", CH)
rec("graph_x_times_2_input1_op", S + "\ny = x * 2", "str(y.owner.inputs[1].owner.op)", CH, kind="value")
rec("graph_x_times_2_input1_op_class", S + "\ny = x * 2", "type(y.owner.inputs[1].owner.op)", CH, kind="value")
rec("graph_x_times_2_input1_inputs", S + "\ny = x * 2", "y.owner.inputs[1].owner.inputs", CH, kind="value")
S = "a = T.dscalar('a')\ninputs = [a]\ninputs_src = '[a]'"
rec("graph_a_plus_a_pow10", S, "a + a ** 10", CH)
rec("graph_function_a_plus_a_pow10", S, "a + a ** 10", CH, kind="function",
    note="theano.function([a], a + a**10); debugprint_built is the graph before compilation")
S = "x = T.dscalar('x')\ninputs = [x]\ninputs_src = '[x]'"
rec("graph_function_grad_x_sqr", S, "T.grad(x ** 2, x)", CH, kind="function",
    note="theano.function([x], T.grad(x**2, x))")
rec("graph_grad_x_sqr", "x = T.dscalar('x')", "T.grad(x ** 2, x)", CH)
S = "x = T.scalar('x')\ninputs = [x]\ninputs_src = '[x]'"
rec("graph_function_grad_x_sqr_floatX", S, "T.grad(x ** 2, x)", CH, kind="function")
S = "x = T.dvector('x')"
rec("config_10_div_x", S, "10 / x", "Theano 配置和编译模式")

# --------------------------------------------- Theano tensor 模块：基础
CH = "Theano tensor 模块：基础"
rec("tb_fmatrix", "x = T.fmatrix()", "x", CH)
rec("tb_fmatrix_class", "x = T.fmatrix()", "type(x)", CH, kind="value")
rec("tb_fmatrix_type_class", "", "type(T.fmatrix)", CH, kind="value")
rec("tb_scalar_int32", "", "T.scalar('myvar', dtype='int32')", CH)
rec("tb_iscalar", "", "T.iscalar('myvar')", CH)
rec("tb_tensortype_int32", "", "T.TensorType(dtype='int32', broadcastable=())('myvar')", CH)
rec("tb_tensortype_int32_str", "", "T.TensorType(dtype='int32', broadcastable=())", CH, kind="value")
S5 = "dtensor5 = T.TensorType('float64', (False,)*5)\nx = dtensor5()"
rec("tb_dtensor5", S5, "x", CH)
rec("tb_dtensor5_ndim", S5, "x.ndim", CH, kind="value")
rec("tb_dtensor5_type", S5, "x.type", CH, kind="value")
rec("tb_dtensor5_dtype", S5, "x.dtype", CH, kind="value")
S5r = S5 + "\nshape = T.ivector('shape')\ny = x.reshape(shape, ndim=3)"
rec("tb_reshape_ndim3", S5r, "y", CH)
rec("tb_dimshuffle_x120", S5r, "y.dimshuffle(('x', 1, 2, 0))", CH)
rec("tb_flatten_ndim2", S5, "x.flatten(ndim=2)", CH)
rec("tb_flatten_default", "x = T.dmatrix('x')", "x.flatten()", CH)
rec("tb_ravel", "x = T.dmatrix('x')", "x.ravel()", CH)
rec("tb_T_matrix", "x = T.dmatrix('x')", "x.T", CH)
rec("tb_T_vector", "x = T.dvector('x')", "x.T", CH)
rec("tb_dir_isalpha", S5, "[t for t in dir(x) if t.isalpha()]", CH, kind="value")
rec("tb_shape", S5, "T.shape(x)", CH)
rec("tb_x_shape", "x = T.dmatrix('x')", "x.shape", CH)
rec("tb_x_shape_0", "x = T.dmatrix('x')", "x.shape[0]", CH)
S3 = "x = T.tensor3()"
rec("tb_shape_padleft", S3, "T.shape_padleft(x)", CH)
rec("tb_shape_padright", S3, "T.shape_padright(x)", CH)
rec("tb_shape_padaxis_1", S3, "T.shape_padaxis(x, 1)", CH)
rec("tb_shape_padaxis_0", S3, "T.shape_padaxis(x, 0)", CH)
rec("tb_shape_padaxis_m1", S3, "T.shape_padaxis(x, -1)", CH)
rec("tb_unbroadcast", "x = T.drow('x')", "T.unbroadcast(x, 0)", CH)
rec("tb_addbroadcast", "x = T.dmatrix('x')", "T.addbroadcast(x, 0)", CH)
rec("tb_patternbroadcast", "x = T.dmatrix('x')", "T.patternbroadcast(x, (True, False))", CH)
rec("tb_tile", "x = T.dmatrix('x')", "T.tile(x, (2, 3))", CH)
rec("tb_zeros_like", "x = T.dmatrix('x')", "T.zeros_like(x)", CH)
rec("tb_ones_like", "x = T.dmatrix('x')", "T.ones_like(x)", CH)
rec("tb_fill", "x = T.dmatrix('x')", "T.fill(x, 3)", CH)
rec("tb_alloc", "", "T.alloc(0.5, 2, 3)", CH)
rec("tb_alloc_sym", "n = T.iscalar('n')", "T.alloc(0.5, n, 3)", CH)
rec("tb_zeros", "", "T.zeros((2, 3))", CH)
rec("tb_ones", "", "T.ones((2, 3))", CH)
rec("tb_eye", "", "T.eye(3)", CH)
rec("tb_eye_sym", "n = T.iscalar('n')", "T.eye(n)", CH)
rec("tb_choose", "a = T.lvector('a')\nc = T.dmatrix('c')", "T.basic.choose(a, c)", CH)
SM = "x = T.dmatrix('x')"
for k, e in [("max", "T.max(x)"), ("argmax", "T.argmax(x)"), ("max_axis0", "T.max(x, axis=0)"),
             ("argmax_axis0", "T.argmax(x, axis=0)"), ("min", "T.min(x)"), ("argmin", "T.argmin(x)"),
             ("sum", "T.sum(x)"), ("sum_axis1", "T.sum(x, axis=1)"), ("sum_keepdims", "T.sum(x, axis=1, keepdims=True)"),
             ("prod", "T.prod(x)"), ("mean", "T.mean(x)"), ("mean_axis0", "T.mean(x, axis=0)"),
             ("var", "T.var(x)"), ("std", "T.std(x)"), ("all", "T.all(x)"), ("any", "T.any(x)"),
             ("x_sum_method", "x.sum()"), ("x_mean_method", "x.mean()"), ("x_max_method", "x.max()"),
             ("norm2", "x.norm(2)")]:
    rec("tb_reduce_" + k, SM, e, CH)
rec("tb_max_and_argmax", SM, "T.max_and_argmax(x)", CH, kind="value")
rec("tb_max_and_argmax_0", SM, "T.max_and_argmax(x)[0]", CH)
rec("tb_max_and_argmax_1", SM, "T.max_and_argmax(x)[1]", CH)
SI = "x = T.imatrix('x')"
rec("tb_sum_int32", SI, "T.sum(x)", CH)
rec("tb_mean_int32", SI, "T.mean(x)", CH)
rec("tb_sum_int8", "x = T.bmatrix('x')", "T.sum(x)", CH)
rec("tb_sum_float32", "x = T.fmatrix('x')", "T.sum(x)", CH)

# --------------------------------------------- Theano tensor 模块：索引
CH = "Theano tensor 模块：索引"
rec("idx_arange9", "", "T.arange(9)", CH)
rec("idx_arange9_step", "t = T.arange(9)", "t[1::2]", CH, evaluate="t[1::2].eval()")
ST = "t = T.arange(9).reshape((3,3))"
rec("idx_mask_legacy", ST, "t[t > 4]", CH, evaluate="t[t > 4].eval()")
rec("idx_gt", ST, "t > 4", CH)
rec("idx_nonzero", ST, "(t > 4).nonzero()", CH, kind="value")
rec("idx_nonzero_index", ST, "t[(t > 4).nonzero()]", CH, evaluate="t[(t > 4).nonzero()].eval()")
SX = "x = T.dmatrix('x')"
rec("idx_x_1_colon", SX, "x[1:]", CH)
rec("idx_x_1_colon_2", SX, "x[1::2]", CH)
rec("idx_x_0", SX, "x[0]", CH)
rec("idx_x_colon_1", SX, "x[:, 1]", CH)
rec("idx_x_0_1", SX, "x[0, 1]", CH)
rec("idx_x_neg1", SX, "x[-1]", CH)
rec("idx_x_sym", SX + "\ni = T.iscalar('i')", "x[i]", CH)
rec("idx_x_sym_slice", SX + "\ni = T.iscalar('i')", "x[i:]", CH)
rec("idx_x_advanced_vec", SX + "\nidx = T.lvector('idx')", "x[idx]", CH)
rec("idx_x_advanced_2", SX + "\ni = T.lvector('i')\nj = T.lvector('j')", "x[i, j]", CH)
rec("idx_vector_1_colon", "x = T.dvector('x')", "x[1:]", CH)
SR = "r = T.vector('r')"
rec("idx_set_subtensor", SR, "T.set_subtensor(r[10:], 5)", CH)
rec("idx_inc_subtensor", SR, "T.inc_subtensor(r[10:], 5)", CH)
rec("idx_set_subtensor_noname", "r = T.vector()", "T.set_subtensor(r[10:], 5)", CH)
rec("idx_set_subtensor_adv", SR + "\ni = T.lvector('i')", "T.set_subtensor(r[i], 5)", CH)
rec("idx_inc_subtensor_adv", SR + "\ni = T.lvector('i')", "T.inc_subtensor(r[i], 5)", CH)
rec("idx_take", SR + "\ni = T.lvector('i')", "r.take(i)", CH)

# ----------------------------- Theano tensor 模块：操作符和逐元素操作
CH = "Theano tensor 模块：操作符和逐元素操作"
SA = "a, b = T.itensor3('a'), T.itensor3('b')"
for k, e in [("a_plus_3", "a + 3"), ("3_minus_a", "3 - a"), ("a_times_3_5", "a * 3.5"),
             ("2_2_div_a", "2.2 / a"), ("2_2_intdiv_a", "2.2 // a"), ("2_2_pow_a", "2.2**a"),
             ("b_mod_a", "b % a"), ("a_and_b", "a & b"), ("a_xor_1", "a ^ 1"), ("a_or_b", "a | b"),
             ("invert_a", "~a"), ("a_div_b", "a / b"), ("a_intdiv_b", "a // b"),
             ("T_add", "T.add(a, 3)"), ("T_sub", "T.sub(3, a)"), ("T_mul", "T.mul(a, 3.5)"),
             ("T_true_div", "T.true_div(2.2, a)"), ("T_int_div", "T.int_div(2.2, a)"),
             ("T_pow", "T.pow(2.2, a)"), ("T_mod", "T.mod(b, a)"), ("T_and", "T.and_(a, b)"),
             ("T_xor", "T.xor(a, 1)"), ("T_or", "T.or_(a, b)"), ("T_invert", "T.invert(a)"),
             ("T_bitwise_and", "T.bitwise_and(a, b)"), ("T_bitwise_not", "T.bitwise_not(a)"),
             ("neg_a", "-a"), ("a_lt_b", "a < b"), ("a_ge_3", "a >= 3"),
             ("a_plus_b", "a + b"), ("a_minus_b", "a - b"), ("a_times_b", "a * b"), ("a_pow_b", "a ** b"),
             ("abs_a", "abs(a)")]:
    rec("pp_" + k, SA, e, CH)
SC = "x = T.matrix()\nx_as_int = T.cast(x, 'int32')"
rec("op_cast_int32", SC, "x_as_int", CH)
rec("op_cast_is_x", SC, "x_as_int is x", CH, kind="value")
rec("op_cast_floatX_is_x", SC, "T.cast(x, theano.config.floatX) is x", CH, kind="value")
rec("op_astype_float32", SC, "x.astype('float32')", CH)
SZ = "a = T.zmatrix('a')"
for k, e in [("real", "T.real(a)"), ("imag", "T.imag(a)"), ("angle", "T.angle(a)"), ("abs_", "T.abs_(a)"),
             ("conj", "T.conj(a)")]:
    rec("op_complex_" + k, SZ, e, CH)
SD = "x, y = T.dmatrices('x','y')"
for k, e in [("le", "T.le(x, y)"), ("lt", "T.lt(x, y)"), ("gt", "T.gt(x, y)"), ("ge", "T.ge(x, y)"),
             ("eq", "T.eq(x, y)"), ("neq", "T.neq(x, y)"), ("isnan", "T.isnan(x)"), ("isinf", "T.isinf(x)"),
             ("isclose", "T.isclose(x, y)"), ("allclose", "T.allclose(x, y)"),
             ("switch", "T.switch(T.lt(x, y), x, y)"), ("where", "T.where(T.lt(x, y), x, y)"),
             ("clip", "T.clip(x, 0, 1)"), ("x_lt_y_op", "x < y")]:
    rec("op_cmp_" + k, SD, e, CH)
SMM = "a, b = T.matrices('a', 'b')"
for k, e in [("maximum", "T.maximum(a, b)"), ("minimum", "T.minimum(a, b)"), ("neg", "T.neg(a)"),
             ("inv", "T.inv(a)"), ("exp", "T.exp(a)"), ("log", "T.log(a)"), ("log2", "T.log2(a)"),
             ("log10", "T.log10(a)"), ("log1p", "T.log1p(a)"), ("expm1", "T.expm1(a)"), ("exp2", "T.exp2(a)"),
             ("sgn", "T.sgn(a)"), ("floor", "T.floor(a)"),
             ("ceil", "T.ceil(a)"), ("round", "T.round(a)"), ("round_half_to_even", "T.round(a, mode='half_to_even')"),
             ("iround", "T.iround(a)"), ("trunc", "T.trunc(a)"),
             ("sqr", "T.sqr(a)"), ("sqrt", "T.sqrt(a)"), ("cos", "T.cos(a)"), ("sin", "T.sin(a)"),
             ("tan", "T.tan(a)"), ("cosh", "T.cosh(a)"), ("sinh", "T.sinh(a)"), ("tanh", "T.tanh(a)"),
             ("arccos", "T.arccos(a)"), ("arctan2", "T.arctan2(a, b)"),
             ("erf", "T.erf(a)"), ("erfc", "T.erfc(a)"), ("erfinv", "T.erfinv(a)"), ("erfcinv", "T.erfcinv(a)"),
             ("erfcx", "T.erfcx(a)"),
             ("gamma", "T.gamma(a)"), ("gammaln", "T.gammaln(a)"), ("psi", "T.psi(a)"),
             ("abs_", "T.abs_(a)"), ("dot", "T.dot(a, b)"), ("outer_vec", "T.outer(a[0], b[0])"),
             ("a_dot_method", "a.dot(b)")]:
    rec("pp_math_" + k, SMM, e, CH)
rec("op_tensordot", "a = T.dtensor3('a')\nb = T.dtensor4('b')", "T.tensordot(a, b, [[1, 2], [3, 2]])", CH)

# ------------------------------------------------------------ nnet 子模块
CH = "nnet 子模块"
SN = "x, y, b = T.dvectors('x', 'y', 'b')\nW = T.dmatrix('W')"
rec("nnet_sigmoid_Wx_b", SN, "T.nnet.sigmoid(T.dot(W, x) + b)", CH)
rec("nnet_sigmoid_pprint", SN, "theano.pprint(T.nnet.sigmoid(T.dot(W, x) + b))", CH, kind="value")
rec("nnet_softplus_Wx_b", SN, "T.nnet.softplus(T.dot(W,x) + b)", CH)
rec("nnet_softmax_Wx_b", SN, "T.nnet.softmax(T.dot(W,x) + b)", CH)
rec("nnet_ultra_fast_sigmoid", SN, "T.nnet.ultra_fast_sigmoid(x)", CH)
rec("nnet_hard_sigmoid", SN, "T.nnet.hard_sigmoid(x)", CH)
rec("nnet_relu", SN, "T.nnet.relu(x)", CH)
rec("nnet_relu_alpha", SN, "T.nnet.relu(x, 0.1)", CH)
rec("nnet_elu", SN, "T.nnet.elu(x)", CH)
rec("nnet_softmax_matrix", "x = T.dmatrix('x')", "T.nnet.softmax(x)", CH)
rec("nnet_logsoftmax_matrix", "x = T.dmatrix('x')", "T.nnet.logsoftmax(x)", CH)
SAE = ("x, y, b, c = T.dvectors('x', 'y', 'b', 'c')\nW = T.dmatrix('W')\nV = T.dmatrix('V')\n"
       "h = T.nnet.sigmoid(T.dot(W, x) + b)\nx_recons = T.nnet.sigmoid(T.dot(V, h) + c)")
rec("nnet_binary_crossentropy", SAE, "T.nnet.binary_crossentropy(x_recons, x)", CH)
rec("nnet_recon_cost", SAE, "T.nnet.binary_crossentropy(x_recons, x).mean()", CH)
rec("nnet_categorical_crossentropy_int", "p = T.dmatrix('p')\nt = T.ivector('t')",
    "T.nnet.categorical_crossentropy(p, t)", CH)
rec("nnet_categorical_crossentropy_dist", "p = T.dmatrix('p')\nt = T.dmatrix('t')",
    "T.nnet.categorical_crossentropy(p, t)", CH)
rec("nnet_conv2d", "x = T.dtensor4('x')\nw = T.dtensor4('w')", "T.nnet.conv2d(x, w)", CH)
rec("nnet_pool_2d", "x = T.dtensor4('x')",
    "theano.tensor.signal.pool.pool_2d(x, (2, 2), ignore_border=True)", CH,
    note="needs `import theano.tensor.signal.pool`")

# ------------------------------------------------------------ 线性回归
CH = "线性回归"
SL = ("X = T.scalar()\nY = T.scalar()\nX.name = 'x'\nY.name = 'y'\n"
      "w = theano.shared(np.asarray(0., dtype=theano.config.floatX))\nw.name = 'w'\n"
      "b = theano.shared(np.asarray(0., dtype=theano.config.floatX))\nb.name = 'b'")
rec("linreg_a_times_b", "a = T.scalar()\nb = T.scalar()", "a * b", CH)
rec("linreg_Y_bar", SL, "X * w + b", CH)
rec("linreg_Y_bar_pp", SL, "theano.pp(X * w + b)", CH, kind="value")
rec("linreg_w", SL, "w", CH)
rec("linreg_cost", SL, "T.mean(T.sqr(X * w + b - Y))", CH)
rec("linreg_grad_w", SL, "T.grad(cost=T.mean(T.sqr(X * w + b - Y)), wrt=[w, b])[0]", CH)
rec("linreg_grad_b", SL, "T.grad(cost=T.mean(T.sqr(X * w + b - Y)), wrt=[w, b])[1]", CH)

# ------------------------------------------------------------ Logistic 回归
CH = "Logistic 回归"
rec("logreg_sigmoid_expr", "x = T.matrix('x')", "1 / (1 + T.exp(-x))", CH)
rec("logreg_sigmoid2_expr", "x = T.matrix('x')", "(1 + T.tanh(x / 2)) / 2", CH)
SG = ("x = T.matrix('x')\ny = T.vector('y')\n"
      "w = theano.shared(np.zeros(784), name='w')\nb = theano.shared(0., name='b')\n"
      "h = 1 / (1 + T.exp(-T.dot(x, w) - b))")
rec("logreg_b_shared_scalar", SG, "b", CH)
rec("logreg_h", SG, "h", CH)
rec("logreg_prediction", SG, "h > 0.5", CH)
rec("logreg_cost", SG, "- T.mean(y * T.log(h) + (1 - y) * T.log(1 - h)) + 0.01 * T.sum(w ** 2)", CH)
SGf = SG + "\ninputs = [x, y]\ninputs_src = '[x, y]'"
rec("logreg_function_cost", SGf,
    "- T.mean(y * T.log(h) + (1 - y) * T.log(1 - h)) + 0.01 * T.sum(w ** 2)", CH, kind="function",
    note="compiled (FAST_RUN) cost graph: shows the log(sigmoid) -> softplus rewrites")
SGs = "x = T.matrix('x')\ninputs = [x]\ninputs_src = '[x]'"
rec("logreg_function_sigmoid", SGs, "1 / (1 + T.exp(-x))", CH, kind="function",
    note="shows 1/(1+exp(-x)) rewritten to sigmoid")


# ------------------------------------------------------------ config
def config_blocks():
    text = str(theano.config)
    out = {}
    for name in ["floatX", "cast_policy", "int_division", "device", "mode", "optimizer"]:
        m = re.search(r"^%s \(.*?\n    Value:  [^\n]*\n" % re.escape(name), text, re.S | re.M)
        out[name] = m.group(0) if m else None
    # the "mode" option has no name header in 1.0.5: it prints as
    # "<theano.configparser.ConfigParam object at 0x...>" (address normalised)
    m = re.search(r"^<theano\.configparser\.ConfigParam object at 0x[0-9a-f]+>\n"
                  r"    Doc:  Default compilation mode\n    Value:  [^\n]*\n", text, re.M)
    out["mode"] = re.sub(r"0x[0-9a-f]+", "0xADDR", m.group(0)) if m else None
    out["_note"] = ("verbatim blocks from print(theano.config); the mode block has no name "
                    "line in 1.0.5 (object repr, address replaced by 0xADDR)")
    return out


FLOAT32_CHAPTERS = {"Theano 基础", "Theano tensor 模块：操作符和逐元素操作", "nnet 子模块",
                    "线性回归", "Logistic 回归", "Theano 符号图结构"}


def float32_records():
    import json
    import subprocess
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--child-float32"],
                         stdout=subprocess.PIPE, check=True).stdout
    return json.loads(out.decode("utf-8"))


def main():
    if CHILD:
        import json
        recs = [r for r in RECORDS if r["chapter"] in FLOAT32_CHAPTERS]
        sys.stdout.write(json.dumps({"meta": meta(), "records": recs}))
        return
    f32 = float32_records()
    data = {
        "meta": meta({"note": "Records of str/type/pp/debugprint/str(op) for seed expressions. "
                              "Each record: key, chapter, setup (python3 statements), expr, then results. "
                              "Exceptions recorded as {'error': 'Type: message'}."}),
        "config_print": config_blocks(),
        "config_values": {k: str(getattr(theano.config, k)) for k in
                          ["floatX", "cast_policy", "int_division", "device", "mode", "optimizer", "linker"]},
        "records": RECORDS,
        "floatX_float32": {
            "note": "Same records re-run in a separate process with THEANO_FLAGS floatX=float32 "
                    "(only chapters: %s). The seed's outputs were produced with floatX=float32."
                    % ", ".join(sorted(FLOAT32_CHAPTERS)),
            "meta": f32["meta"],
            "records": f32["records"],
        },
    }
    dump("printing.json", data)
    bad = [r["key"] for r in RECORDS if "error" in r]
    print("records:", len(RECORDS), "errors:", bad, file=sys.stderr)


if __name__ == "__main__":
    main()
