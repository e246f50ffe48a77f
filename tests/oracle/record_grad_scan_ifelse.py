"""Record grad / Rop / Lop / ifelse / scan cells from Theano 1.0.5 (floatX=float64, mode=FAST_COMPILE).

Run:  $ORACLE_VENV/bin/python tests/oracle/record_grad_scan_ifelse.py
Writes tests/oracle/grad_scan_ifelse.json

mode=FAST_COMPILE is used because Theano's C scan implementation does not
build on Python 3.11 (missing longintrepr.h); the Python scan gives the same values.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import dump, jsonable, meta, setup_env, short_err  # noqa: E402

CHILD = "--child-float32" in sys.argv
setup_env("float32" if CHILD else "float64", fast_compile=True)

import warnings  # noqa: E402

warnings.simplefilter("ignore")

PRELUDE = ("import numpy as np\nimport theano\nimport theano.tensor as T\nfrom theano.ifelse import ifelse\n"
           "def floatX(X):\n    return np.asarray(X, dtype=theano.config.floatX)")
RECORDS = []


def rec(key, chapter, code, expr, note=None):
    ns = {}
    exec(PRELUDE, ns)
    r = {"key": key, "chapter": chapter, "code": code, "expr": expr}
    if note:
        r["note"] = note
    try:
        exec(code, ns)
        r["value"] = jsonable(eval(expr, ns))
    except Exception as e:  # noqa: BLE001
        r.update(short_err(e, 2500))
    RECORDS.append(r)


# ====================================================================== 导数
CH = "导数"
rec("grad_x_sqr_at_10", CH, "foo = T.scalar('x')\nbar = foo ** 2\nbar_grad = T.grad(bar, foo)",
    "bar_grad.eval({foo: 10})")
rec("jacobian_Ax_b", CH,
    "A = T.matrix('A')\nx = T.vector('x')\nb = T.vector('b')\ny = T.dot(A, x) + b\n"
    "y_J = theano.gradient.jacobian(y, x)",
    "y_J.eval({A: np.array([[9.0, 8, 7], [4, 5, 6]], dtype=theano.config.floatX), "
    "x: np.array([1.0, 2, 3], dtype=theano.config.floatX), b: np.array([4.0, 5], dtype=theano.config.floatX)})")
rec("docs_grad_x_sqr_function", CH, "x = T.dscalar('x')\ny = x ** 2\ngy = T.grad(y, x)\nf = theano.function([x], gy)",
    "[f(4), f(94.2)]")
rec("docs_grad_logistic", CH,
    "x = T.dmatrix('x')\ns = T.sum(1 / (1 + T.exp(-x)))\ngs = T.grad(s, x)\ndlogistic = theano.function([x], gs)",
    "dlogistic([[0, 1], [-1, -2]])")
rec("docs_jacobian_x_sqr", CH,
    "x = T.dvector('x')\ny = x ** 2\nJ, updates = theano.scan(lambda i, y, x: T.grad(y[i], x), "
    "sequences=T.arange(y.shape[0]), non_sequences=[y, x])\nf = theano.function([x], J, updates=updates)",
    "f([4, 4])")
rec("docs_jacobian_fn_x_sqr", CH, "x = T.dvector('x')\nf = theano.function([x], theano.gradient.jacobian(x ** 2, x))",
    "f([4, 4])")
rec("docs_hessian_scan", CH,
    "x = T.dvector('x')\ny = x ** 2\ncost = y.sum()\ngy = T.grad(cost, x)\n"
    "H, updates = theano.scan(lambda i, gy, x: T.grad(gy[i], x), sequences=T.arange(gy.shape[0]), "
    "non_sequences=[gy, x])\nf = theano.function([x], H, updates=updates)",
    "f([4, 4])")
rec("hessian_sum_x_cubed", CH, "x = T.dvector('x')\nf = theano.function([x], theano.gradient.hessian(T.sum(x ** 3), x))",
    "f([1.0, 2.0, 3.0])")
rec("grad_sum_x_cubed", CH, "x = T.dvector('x')\nf = theano.function([x], T.grad(T.sum(x ** 3), x))", "f([1.0, 2.0, 3.0])")
rec("grad_sin_plus_sqr", CH, "x = T.dscalar('x')\nf = theano.function([x], T.grad(T.sin(x) + x ** 2, x))",
    "[f(0.0), f(1.0), f(np.pi)]")
rec("grad_exp_log", CH, "x = T.dscalar('x')\nf = theano.function([x], T.grad(T.exp(x) * T.log(x), x))", "[f(1.0), f(2.0)]")
rec("grad_abs_at_0", CH, "x = T.dvector('x')\nf = theano.function([x], T.grad(T.sum(abs(x)), x))", "f([-2.0, 0.0, 3.0])")
rec("grad_max", CH, "x = T.dvector('x')\nf = theano.function([x], T.grad(T.max(x), x))", "f([1.0, 3.0, 3.0, 2.0])",
    note="ties: gradient goes to every maximal element in 1.0.5?")
rec("grad_maximum", CH, "x = T.dvector('x')\nf = theano.function([x], T.grad(T.sum(T.maximum(x, 1.0)), x))",
    "f([0.0, 1.0, 2.0])")
rec("grad_switch", CH, "x = T.dvector('x')\nf = theano.function([x], T.grad(T.sum(T.switch(x > 0, x ** 2, -x)), x))",
    "f([-1.0, 0.0, 2.0])")
rec("grad_relu", CH, "x = T.dvector('x')\nf = theano.function([x], T.grad(T.sum(T.nnet.relu(x)), x))",
    "f([-1.0, 0.0, 2.0])")
rec("grad_sqrt_at_0", CH, "x = T.dvector('x')\nf = theano.function([x], T.grad(T.sum(T.sqrt(x)), x))", "f([0.0, 4.0])")
rec("grad_norm2_at_0", CH, "x = T.dvector('x')\nf = theano.function([x], T.grad(x.norm(2), x))", "f([0.0, 0.0])")
rec("grad_softmax_xent", CH,
    "x = T.dmatrix('x')\nt = T.ivector('t')\nc = T.nnet.categorical_crossentropy(T.nnet.softmax(x), t).mean()\n"
    "f = theano.function([x, t], T.grad(c, x))", "f(np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]), np.array([2, 0], dtype='int32'))")
rec("grad_wrt_list", CH, "x = T.dscalar('x')\ny = T.dscalar('y')\nc = x * y ** 2\n"
    "f = theano.function([x, y], T.grad(c, [x, y]))", "f(3.0, 2.0)")
rec("grad_shared", CH, "w = theano.shared(np.array([1.0, 2.0]), name='w')\nx = T.dvector('x')\n"
    "f = theano.function([x], T.grad(T.sum(w * x) ** 2, w))", "f([3.0, 4.0])")
rec("grad_int_input", CH, "i = T.ivector('i')\ng = T.grad(T.sum(i * 2), i)",
    "{'str': str(g), 'dtype': g.dtype, 'value': g.eval({i: np.array([1, 2], dtype='int32')})}")
rec("grad_through_cast", CH, "x = T.dvector('x')\ng = T.grad(T.sum(T.cast(x, 'int32')), x)",
    "g.eval({x: np.array([1.5, 2.5])})")
rec("grad_non_scalar_cost_error", CH, "x = T.dvector('x')", "T.grad(x ** 2, x)")
rec("grad_disconnected_error", CH, "x = T.dscalar('x')\ny = T.dscalar('y')", "T.grad(x ** 2, y)")
rec("grad_disconnected_ignore", CH, "x = T.dscalar('x')\ny = T.dscalar('y')\n"
    "g = T.grad(x ** 2, y, disconnected_inputs='ignore')", "{'str': str(g), 'value': g.eval({y: 3.0})}")
rec("grad_disconnected_warn", CH, "x = T.dscalar('x')\ny = T.dscalar('y')\n"
    "g = T.grad(x ** 2, y, disconnected_inputs='warn')", "g.eval({y: 3.0})")
rec("grad_disconnected_error_class", CH, "x = T.dscalar('x')\ny = T.dscalar('y')\n"
    "try:\n    T.grad(x ** 2, y)\nexcept Exception as e:\n    err = e",
    "[type(err).__module__ + '.' + type(err).__name__, str(err)]")
rec("grad_wrt_non_variable_error", CH, "x = T.dscalar('x')", "T.grad(x ** 2, 2.0)")
rec("grad_wrt_intermediate", CH, "x = T.dscalar('x')\nz = x * 3\nc = z ** 2",
    "theano.function([x], T.grad(c, z))(2.0)")
rec("grad_known_grads", CH, "x = T.dscalar('x')\nz = x * 3",
    "theano.function([x], T.grad(None, x, known_grads={z: T.constant(1.0)}), on_unused_input='ignore')(2.0)")
rec("grad_consider_constant", CH, "x = T.dscalar('x')\ny = x ** 2\n"
    "g = T.grad(y * x, x, consider_constant=[y])", "g.eval({x: 3.0})")
rec("grad_zero_grad", CH, "x = T.dscalar('x')\ng = T.grad(theano.gradient.zero_grad(x ** 2) * x, x)", "g.eval({x: 3.0})")
rec("grad_disconnected_grad", CH, "x = T.dscalar('x')\ng = T.grad(theano.gradient.disconnected_grad(x ** 2) * x, x)",
    "g.eval({x: 3.0})")
rec("grad_clip", CH, "x = T.dscalar('x')\ng = T.grad(theano.gradient.grad_clip(x ** 2, -1.0, 1.0), x)", "g.eval({x: 3.0})")
rec("grad_verify_grad", CH, "rng = np.random.RandomState(42)",
    "theano.gradient.verify_grad(lambda a: T.tanh(a).sum(), [np.array([0.1, 0.2])], rng=rng) is None")
rec("grad_str_of_grad", CH, "x = T.dscalar('x')", "[str(T.grad(x ** 2, x)), theano.pp(T.grad(x ** 2, x))]")

# ====================================================================== R-op / L-op
CH = "R-op 和 L-op"
rec("rop_seed", CH, "W = T.dmatrix('W')\nV = T.dmatrix('V')\nx = T.dvector('x')\ny = T.dot(x, W)\n"
    "JV = T.Rop(y, W, V)\nf = theano.function([W, V, x], JV)", "f([[1, 1], [1, 1]], [[2, 2], [2, 2]], [0, 1])")
rec("lop_docs", CH, "W = T.dmatrix('W')\nv = T.dvector('v')\nx = T.dvector('x')\ny = T.dot(x, W)\n"
    "VJ = T.Lop(y, W, v)\nf = theano.function([v, x], VJ)", "f([2, 2], [0, 1])")
rec("hessian_times_vector_docs", CH, "x = T.dvector('x')\nv = T.dvector('v')\ny = T.sum(x ** 2)\ngy = T.grad(y, x)\n"
    "vH = T.grad(T.sum(gy * v), x)\nf = theano.function([x, v], vH)", "f([4, 4], [2, 2])")
rec("hessian_times_vector_rop_docs", CH, "x = T.dvector('x')\nv = T.dvector('v')\ny = T.sum(x ** 2)\n"
    "gy = T.grad(y, x)\nHv = T.Rop(gy, x, v)\nf = theano.function([x, v], Hv)", "f([4, 4], [2, 2])")
rec("rop_elemwise", CH, "x = T.dvector('x')\nv = T.dvector('v')\nf = theano.function([x, v], T.Rop(T.tanh(x), x, v))",
    "f([0.0, 1.0], [1.0, 2.0])")
rec("rop_sum_exp", CH, "x = T.dvector('x')\nv = T.dvector('v')\nf = theano.function([x, v], T.Rop(T.exp(x).sum(), x, v))",
    "f([0.0, 1.0], [1.0, 2.0])")
rec("lop_exp", CH, "x = T.dvector('x')\nv = T.dvector('v')\nf = theano.function([x, v], T.Lop(T.exp(x), x, v))",
    "f([0.0, 1.0], [1.0, 2.0])")
rec("rop_list", CH, "x = T.dvector('x')\nv = T.dvector('v')\n"
    "f = theano.function([x, v], T.Rop([x * 2, x ** 2], x, v))", "f([1.0, 3.0], [1.0, 1.0])")
rec("rop_unsupported_error", CH, "x = T.dvector('x')\nv = T.dvector('v')", "T.Rop(T.sort(x), x, v)")

# ====================================================================== ifelse / switch
CH = "Theano 条件语句"
SIF = ("a, b = T.scalars('a', 'b')\nx, y = T.matrices('x', 'y')\n"
       "z_ifelse = ifelse(T.lt(a, b), x, y)\nf_ifelse = theano.function([a, b, x, y], z_ifelse)\n"
       "z_switch = T.switch(T.lt(a, b), x, y)\nf_switch = theano.function([a, b, x, y], z_switch)\n"
       "big_mat1 = np.ones((3, 2), dtype=theano.config.floatX)\nbig_mat2 = np.zeros((3, 2), dtype=theano.config.floatX)")
rec("ifelse_true", CH, SIF, "f_ifelse(0., 1., big_mat1, big_mat2)")
rec("ifelse_false", CH, SIF, "f_ifelse(1., 0., big_mat1, big_mat2)")
rec("ifelse_equal", CH, SIF, "f_ifelse(1., 1., big_mat1, big_mat2)")
rec("switch_true", CH, SIF, "f_switch(0., 1., big_mat1, big_mat2)")
rec("switch_false", CH, SIF, "f_switch(1., 0., big_mat1, big_mat2)")
rec("ifelse_str", CH, SIF, "[str(z_ifelse), str(z_ifelse.owner.op), str(z_ifelse.type), theano.pp(z_ifelse)]")
rec("switch_str", CH, SIF, "[str(z_switch), str(z_switch.type)]")
rec("ifelse_lazy", CH, "a = T.dscalar('a')\nf = theano.function([a], ifelse(T.gt(a, 0), T.sqrt(a), -a))",
    "[f(4.0), f(-4.0)]")
rec("ifelse_multiple_outputs", CH, "a = T.dscalar('a')\nout = ifelse(T.gt(a, 0), [a, a * 2], [-a, -a * 2])",
    "[str(type(out)), theano.function([a], out)(3.0), theano.function([a], out)(-3.0)]")
rec("ifelse_type_mismatch_error", CH, "a = T.dscalar('a')\nx = T.dvector('x')\ny = T.fvector('y')",
    "ifelse(T.gt(a, 0), x, y)")
rec("ifelse_ndim_mismatch_error", CH, "a = T.dscalar('a')\nx = T.dvector('x')\ny = T.dmatrix('y')",
    "ifelse(T.gt(a, 0), x, y)")
rec("ifelse_nonscalar_cond_error", CH, "c = T.dvector('c')\nx = T.dvector('x')", "ifelse(c, x, x)")
rec("ifelse_grad", CH, "a = T.dscalar('a')\nf = theano.function([a], T.grad(ifelse(T.gt(a, 0), a ** 2, a ** 3), a))",
    "[f(2.0), f(-2.0)]")
rec("ifelse_scalar_cond_int", CH, "a = T.iscalar('a')\nx = T.dvector('x')\nf = theano.function([a, x], ifelse(a, x, -x))",
    "[f(1, [1.0, 2.0]), f(0, [1.0, 2.0])]")

# ====================================================================== scan
CH = "Theano 循环：scan（详解）"
rec("scan_double", CH, "x = T.vector()\nresults, _ = theano.scan(fn=lambda t: t * 2, sequences=x)\n"
    "x_double_scan = theano.function([x], results)", "x_double_scan(list(range(10)))",
    note="py2 range(10) -> list(range(10)) (float64 vector input)")
rec("map_double", CH, "x = T.vector()\nresult, _ = theano.map(fn=lambda t: t * 2, sequences=x)\n"
    "x_double_map = theano.function([x], result)", "x_double_map(list(range(10)))")
rec("scan_sum", CH, "x = T.vector()\nresult, _ = theano.scan(fn=lambda t, v: t + v, sequences=x, outputs_info=floatX(0.))\n"
    "x_sum_scan = theano.function([x], result[-1])", "x_sum_scan(list(range(10)))")
rec("scan_sum_all", CH, "x = T.vector()\nresult, _ = theano.scan(fn=lambda t, v: t + v, sequences=x, outputs_info=floatX(0.))\n"
    "f = theano.function([x], result)", "f(list(range(10)))")
rec("reduce_sum", CH, "x = T.vector()\nresult, _ = theano.reduce(fn=lambda t, v: t + v, sequences=x, outputs_info=0.)\n"
    "x_sum_reduce = theano.function([x], result)", "x_sum_reduce(list(range(10)))")
rec("reduce_sum_floatX_init", CH, "x = T.vector()\nresult, _ = theano.reduce(fn=lambda t, v: t + v, sequences=x, outputs_info=floatX(0.))\n"
    "x_sum_reduce = theano.function([x], result)", "x_sum_reduce(list(range(10)))",
    note="variant of the seed cell with outputs_info=floatX(0.) instead of the python float 0.")
rec("outputs_info_python_float_dtype", CH, "", "[T.as_tensor_variable(0.).dtype, T.constant(0.).dtype, T.constant(1.).dtype, "
    "T.as_tensor_variable(np.float64(0.)).dtype]",
    note="why the seed's reduce fails with floatX=float64: python 0. becomes a float32 constant")
rec("reduce_sum_types", CH, "x = T.vector()\nresult, upd = theano.reduce(fn=lambda t, v: t + v, sequences=x, outputs_info=0.)",
    "[str(result.type), str(result), len(upd), str(type(upd))]")
rec("scan_result_types", CH, "x = T.vector()\nresults, upd = theano.scan(fn=lambda t: t * 2, sequences=x)",
    "[str(results), str(results.type), str(results.owner.op) if results.owner else None, str(type(upd)), len(upd)]")
rec("foldl_sum", CH, "x = T.dvector()\nr, _ = theano.foldl(lambda v, acc: acc + v, sequences=x, outputs_info=np.float64(0.))",
    "r.eval({x: np.arange(5.0)})")
rec("foldr_list", CH, "x = T.dvector()\nr, _ = theano.foldr(lambda v, acc: acc * 10 + v, sequences=x, outputs_info=np.float64(0.))",
    "r.eval({x: np.array([1.0, 2.0, 3.0])})")
rec("polynomial_2301", CH,
    "x = T.scalar('x')\nA = T.vector('A')\nN = T.ivector('N')\n"
    "components, _ = theano.scan(fn=lambda a, n, v: a * (v ** n), sequences=[A, N], non_sequences=x)\n"
    "result = components.sum()\npolynomial = theano.function([x, A, N], result)",
    "polynomial(floatX(10), floatX([1, 3, 2]), np.array([0, 2, 3], dtype='int32'))",
    note="seed wrote A = T.vectors('A') (returns a list in 1.0.5?) - see scan_T_vectors_A; N passed as int32 array")
rec("polynomial_list_N", CH,
    "x = T.scalar('x')\nA = T.vector('A')\nN = T.ivector('N')\n"
    "components, _ = theano.scan(fn=lambda a, n, v: a * (v ** n), sequences=[A, N], non_sequences=x)\n"
    "polynomial = theano.function([x, A, N], components.sum())",
    "polynomial(floatX(10), floatX([1, 3, 2]), [0, 2, 3])", note="N given as python list, as in the seed")
rec("scan_T_vectors_A", CH, "A = T.vectors('A')", "[str(type(A)), str(A)]",
    note="seed used T.vectors('A') (plural)")
rec("polynomial_grad_x", CH,
    "x = T.scalar('x')\nA = T.vector('A')\nN = T.ivector('N')\n"
    "components, _ = theano.scan(fn=lambda a, n, v: a * (v ** n), sequences=[A, N], non_sequences=x)\n"
    "g = theano.function([x, A, N], T.grad(components.sum(), x))",
    "g(floatX(10), floatX([1, 3, 2]), np.array([0, 2, 3], dtype='int32'))", note="d/dx(1+3x^2+2x^3) at 10 = 660")
RNN_CODE = (
    "X = T.matrix('X')\nY = T.vector('y')\nW_1 = T.matrix('W_1')\nW_2 = T.matrix('W_2')\nW_3 = T.matrix('W_3')\n"
    "results, _ = theano.scan(fn=lambda x, x_pre, y: T.tanh(T.dot(W_1, y) + T.dot(W_2, x) + T.dot(W_3, x_pre)),\n"
    "                         sequences=dict(input=X, taps=[0, -1]), outputs_info=Y)\n"
    "Y_seq = theano.function(inputs=[X, Y, W_1, W_2, W_3], outputs=results)\n"
    "rng = np.random.RandomState(0)\n"
    "t = 1001\nx_dim = 10\ny_dim = 20\n"
    "x = 2 * floatX(rng.random_sample([t, x_dim])) - 1\n"
    "y = 2 * floatX(np.zeros(y_dim)) - 1\n"
    "w_1 = 2 * floatX(rng.random_sample([y_dim, y_dim])) - 1\n"
    "w_2 = 2 * floatX(rng.random_sample([y_dim, x_dim])) - 1\n"
    "w_3 = 2 * floatX(rng.random_sample([y_dim, x_dim])) - 1\n"
    "y_res_theano = Y_seq(x, y, w_1, w_2, w_3)\n"
    "y_res_numpy = np.zeros([t, y_dim])\ny_res_numpy[0] = y\n"
    "for i in range(1, t):\n"
    "    y_res_numpy[i] = np.tanh(w_1.dot(y_res_numpy[i-1]) + w_2.dot(x[i]) + w_3.dot(x[i-1]))")
rec("rnn_taps", CH, RNN_CODE,
    "{'shape': list(y_res_theano.shape), 'dtype': str(y_res_theano.dtype), "
    "'first3_rows_round6': np.round(y_res_theano[:3], 6).tolist(), "
    "'max_diff_first10_vs_numpy': float(np.max(np.abs(y_res_theano[0:10] - y_res_numpy[1:11]))), "
    "'sum': float(y_res_theano.sum())}",
    note="data: rng = np.random.RandomState(0); x, w_1, w_2, w_3 drawn in that order with rng.random_sample "
         "(seed used np.random.random); y = -1 vector. Output row k corresponds to numpy row k+1.")
rec("A_pow_k_10", CH,
    "A = T.matrix('A')\nk = T.iscalar('k')\n"
    "results, _ = theano.scan(fn=lambda P, A: P.dot(A), outputs_info=T.eye(A.shape[0]), non_sequences=A, n_steps=k)\n"
    "A_k = theano.function(inputs=[A, k], outputs=results[-1])\ntest_a = floatX([[2, -2], [-1, 2]])",
    "A_k(test_a, 10)")
SAK = ("A = T.matrix('A')\nk = T.iscalar('k')\n"
       "results, _ = theano.scan(fn=lambda P, A: P.dot(A), outputs_info=T.eye(A.shape[0]), non_sequences=A, n_steps=k)\n"
       "A_k_all = theano.function(inputs=[A, k], outputs=results)\nA_k = theano.function(inputs=[A, k], outputs=results[-1])\n"
       "test_a = floatX([[2, -2], [-1, 2]])")
rec("A_pow_k_all_3", CH, SAK, "A_k_all(test_a, 3)")
rec("n_steps_zero", CH, SAK, "A_k_all(test_a, 0)")
rec("n_steps_zero_last", CH, SAK, "A_k(test_a, 0)")
rec("n_steps_negative", CH, SAK, "A_k_all(test_a, -1)")
rec("n_steps_negative_last", CH, SAK, "A_k(test_a, -1)")
rec("n_steps_const_zero", CH, "x = T.dvector('x')\nr, _ = theano.scan(lambda v: v * 2, sequences=x, n_steps=0)",
    "r.eval({x: np.arange(3.0)})")
rec("n_steps_const_negative", CH, "x = T.dvector('x')\nr, _ = theano.scan(lambda v: v * 2, sequences=x, n_steps=-1)",
    "[str(r), str(r.type), r.eval({x: np.arange(3.0)})]")
rec("n_steps_smaller_than_seq", CH, "x = T.dvector('x')\nr, _ = theano.scan(lambda v: v * 2, sequences=x, n_steps=2)",
    "r.eval({x: np.arange(5.0)})")
rec("n_steps_larger_than_seq", CH, "x = T.dvector('x')\nk = T.iscalar('k')\n"
    "r, _ = theano.scan(lambda v: v * 2, sequences=x, n_steps=k)\nf = theano.function([x, k], r)",
    "f(np.arange(3.0), 5)")
rec("shared_counter", CH,
    "n = theano.shared(floatX(0))\nk = T.iscalar('k')\n"
    "_, updates = theano.scan(fn=lambda n: {n: n + 1}, non_sequences=n, n_steps=k)\n"
    "counter = theano.function(inputs=[k], outputs=[], updates=updates)\n"
    "log = [n.get_value()]\ncounter(10)\nlog.append(n.get_value())\ncounter(10)\nlog.append(n.get_value())",
    "log")
rec("shared_counter_updates_type", CH,
    "n = theano.shared(floatX(0))\nk = T.iscalar('k')\n"
    "out, updates = theano.scan(fn=lambda n: {n: n + 1}, non_sequences=n, n_steps=k)",
    "[str(type(out)), repr(out), str(type(updates)), len(updates)]")
SP2 = ("max_value = T.scalar()\n"
       "results, _ = theano.scan(fn=lambda v_pre, max_v: (v_pre * 2, theano.scan_module.until(v_pre * 2 > max_v)),\n"
       "                         outputs_info=T.constant(1.), non_sequences=max_value, n_steps=1000)\n"
       "power_of_2 = theano.function(inputs=[max_value], outputs=results[:-1])\n"
       "power_of_2_all = theano.function(inputs=[max_value], outputs=results)")
rec("power_of_2_until_40", CH, SP2, "power_of_2(40)")
rec("power_of_2_until_40_all", CH, SP2, "power_of_2_all(40)")
rec("power_of_2_until_1", CH, SP2, "power_of_2_all(1)")
rec("power_of_2_until_huge", CH, SP2, "power_of_2_all(1e300)[-3:]", note="never stops early: 1000 steps (inf at the end)")
rec("until_without_n_steps", CH, "x = T.dvector('x')\n"
    "r, _ = theano.scan(lambda v: (v * 2, theano.scan_module.until(v > 2)), sequences=x)",
    "r.eval({x: np.arange(6.0)})")
rec("different_length_sequences", CH, "x = T.dvector('x')\ny = T.dvector('y')\n"
    "r, _ = theano.scan(lambda a, b: a + b, sequences=[x, y])\nf = theano.function([x, y], r)",
    "f(np.arange(5.0), np.arange(3.0) * 10)", note="scan truncates to the shortest sequence")
rec("taps_shortening", CH, "x = T.dvector('x')\n"
    "r, _ = theano.scan(lambda a, b, c: a + b + c, sequences=dict(input=x, taps=[-2, 0, 1]))",
    "r.eval({x: np.arange(6.0)})", note="output length = len(x) - (max_tap - min_tap)")
rec("output_taps_fibonacci", CH, "n = T.iscalar('n')\n"
    "r, _ = theano.scan(lambda a, b: a + b, outputs_info=dict(initial=T.constant(np.array([0.0, 1.0])), taps=[-2, -1]), n_steps=n)",
    "r.eval({n: 8})")
rec("go_backwards", CH, "x = T.dvector('x')\nr, _ = theano.scan(lambda v, acc: acc * 10 + v, sequences=x, "
    "outputs_info=np.float64(0.), go_backwards=True)", "r.eval({x: np.array([1.0, 2.0, 3.0])})")
rec("multiple_outputs_none_info", CH, "x = T.dvector('x')\n"
    "(a, b), _ = theano.scan(lambda v, acc: (v * 2, acc + v), sequences=x, outputs_info=[None, np.float64(0.)])",
    "[a.eval({x: np.arange(4.0)}), b.eval({x: np.arange(4.0)})]")
rec("non_sequences_shared", CH, "w = theano.shared(np.array(3.0), name='w')\nx = T.dvector('x')\n"
    "r, _ = theano.scan(lambda v: v * w, sequences=x)", "r.eval({x: np.arange(3.0)})")
rec("return_order_updates_first", CH, "n = theano.shared(floatX(0))\n"
    "out, upd = theano.scan(lambda: ({n: n + 1}, n * 2), n_steps=3)\nf = theano.function([], out, updates=upd)",
    "[f(), n.get_value()]")
rec("dtype_mismatch_error", CH, "x = T.dvector('x')",
    "theano.scan(lambda v, acc: T.cast(acc + v, 'float32'), sequences=x, outputs_info=T.constant(np.float64(0.)))",
    note="fn returns float32 while outputs_info is a float64 scalar")
rec("dtype_mismatch_error_int", CH, "x = T.dvector('x')",
    "theano.scan(lambda v, acc: acc + v, sequences=x, outputs_info=T.constant(np.int64(0)))",
    note="outputs_info int64 scalar, fn returns float64")
rec("scan_constant_init_float64_seq", CH, "x = T.dvector('x')",
    "theano.scan(lambda v, acc: acc + v, sequences=x, outputs_info=T.constant(0.))",
    note="T.constant(0.) is float32 -> upcast error with a float64 sequence")
rec("dtype_mismatch_python_float", CH, "x = T.fvector('x')\n"
    "r, _ = theano.scan(lambda v, acc: acc + v, sequences=x, outputs_info=0.)",
    "[str(r.type), r.eval({x: np.arange(3, dtype='float32')})]",
    note="python float 0. as outputs_info with float32 sequence")
rec("ndim_mismatch_error", CH, "x = T.dvector('x')",
    "theano.scan(lambda v, acc: acc + T.ones((2,)) * v, sequences=x, outputs_info=np.float64(0.))",
    note="fn returns a vector while outputs_info is a scalar")
rec("broadcast_mismatch_error", CH, "x = T.dmatrix('x')",
    "theano.scan(lambda v, acc: acc + v, sequences=x, outputs_info=T.zeros((1, 3)))")
rec("scan_grad_sum", CH, "x = T.dvector('x')\n"
    "r, _ = theano.scan(lambda v, acc: acc * v, sequences=x, outputs_info=np.float64(1.))\n"
    "f = theano.function([x], T.grad(r[-1], x))", "f(np.array([1.0, 2.0, 3.0, 4.0]))", note="grad of prod via scan")
rec("scan_grad_A_pow_k", CH, "A = T.dmatrix('A')\n"
    "r, _ = theano.scan(lambda P, A: P.dot(A), outputs_info=T.eye(2), non_sequences=A, n_steps=3)\n"
    "f = theano.function([A], T.grad(r[-1].sum(), A))", "f(np.array([[2.0, -2.0], [-1.0, 2.0]]))")
rec("scan_truncate_gradient", CH, "x = T.dvector('x')\nh0 = T.dscalar('h0')\n"
    "r, _ = theano.scan(lambda v, acc: acc * 0.5 + v, sequences=x, outputs_info=h0, truncate_gradient=2)\n"
    "f = theano.function([x, h0], T.grad(r[-1], x))", "f(np.ones(5), 0.0)")
rec("scan_strict_error", CH, "w = theano.shared(np.array(3.0), name='w')\nx = T.dvector('x')",
    "theano.scan(lambda v: v * w, sequences=x, strict=True)")


FLOAT32_CHAPTERS = {"Theano 条件语句", "Theano 循环：scan（详解）"}


def main():
    import json
    import subprocess
    if CHILD:
        sys.stdout.write(json.dumps({"meta": meta(),
                                     "records": [r for r in RECORDS if r["chapter"] in FLOAT32_CHAPTERS]}))
        return
    f32 = json.loads(subprocess.run([sys.executable, os.path.abspath(__file__), "--child-float32"],
                                    stdout=subprocess.PIPE, check=True).stdout.decode("utf-8"))
    dump("grad_scan_ifelse.json", {
        "meta": meta({"note": "Cells of the seed chapters 导数, R-op 和 L-op, Theano 条件语句, Theano 循环：scan, "
                              "plus Theano-docs grad/Rop/Lop examples. Each record: key, chapter, code "
                              "(python3, run after the prelude), expr (evaluated), value or error. "
                              "Compiled with THEANO_FLAGS mode=FAST_COMPILE (python scan).",
                      "prelude": PRELUDE}),
        "records": RECORDS,
        "floatX_float32": {"note": "the ifelse and scan records re-run in a separate process with floatX=float32 "
                                   "(the seed's setting)", "meta": f32["meta"], "records": f32["records"]},
    })
    print("errors:", [r["key"] for r in RECORDS if "error" in r], file=sys.stderr)


if __name__ == "__main__":
    main()
