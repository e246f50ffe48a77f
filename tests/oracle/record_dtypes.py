"""Record Theano 1.0.5 output dtypes / broadcastable patterns.

Run:  $ORACLE_VENV/bin/python tests/oracle/record_dtypes.py
It re-runs itself in two child processes (floatX=float64 and floatX=float32)
and writes tests/oracle/dtypes.json with one section per floatX.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_common import dump, meta, setup_env, short_err  # noqa: E402


def err(e):
    return short_err(e, 160)

CHILD = None
if len(sys.argv) > 2 and sys.argv[1] == "--child":
    CHILD = sys.argv[2]

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "float32", "float64", "complex128"]
CONSTS = [("2", 2), ("2.5", 2.5), ("2.2", 2.2), ("300", 300), ("1e10", 1e10), ("True", True), ("-1", -1)]

BINARY_FUNCS = [
    ("add", "T.add(a, b)"), ("sub", "T.sub(a, b)"), ("mul", "T.mul(a, b)"),
    ("true_div", "T.true_div(a, b)"), ("int_div", "T.int_div(a, b)"), ("mod", "T.mod(a, b)"),
    ("pow", "T.pow(a, b)"), ("maximum", "T.maximum(a, b)"), ("minimum", "T.minimum(a, b)"),
    ("lt", "T.lt(a, b)"), ("gt", "T.gt(a, b)"), ("le", "T.le(a, b)"), ("ge", "T.ge(a, b)"),
    ("eq", "T.eq(a, b)"), ("neq", "T.neq(a, b)"),
    ("and_", "T.and_(a, b)"), ("or_", "T.or_(a, b)"), ("xor", "T.xor(a, b)"),
    ("op_truediv", "a / b"), ("op_floordiv", "a // b"), ("op_mod", "a % b"), ("op_pow", "a ** b"),
]
CONST_FUNCS = [
    ("add", "a + c", "c + a"), ("sub", "a - c", "c - a"), ("mul", "a * c", "c * a"),
    ("op_truediv", "a / c", "c / a"), ("op_floordiv", "a // c", "c // a"), ("op_mod", "a % c", "c % a"),
    ("op_pow", "a ** c", "c ** a"), ("maximum", "T.maximum(a, c)", "T.maximum(c, a)"),
    ("lt", "a < c", "T.lt(c, a)"), ("eq", "T.eq(a, c)", "T.eq(c, a)"),
    ("and_", "a & c", "c & a"),
]
UNARY_FUNCS = [
    ("neg", "T.neg(a)"), ("abs", "T.abs_(a)"), ("exp", "T.exp(a)"), ("log", "T.log(a)"),
    ("sqrt", "T.sqrt(a)"), ("sin", "T.sin(a)"), ("tanh", "T.tanh(a)"), ("sigmoid", "T.nnet.sigmoid(a)"),
    ("softplus", "T.nnet.softplus(a)"),
    ("floor", "T.floor(a)"), ("ceil", "T.ceil(a)"), ("round", "T.round(a)"),
    ("round_half_away_from_zero", "T.round(a, mode='half_away_from_zero')"),
    ("iround", "T.iround(a)"), ("trunc", "T.trunc(a)"),
    ("sqr", "T.sqr(a)"), ("inv", "T.inv(a)"), ("erf", "T.erf(a)"), ("gamma", "T.gamma(a)"),
    ("gammaln", "T.gammaln(a)"), ("psi", "T.psi(a)"), ("sgn", "T.sgn(a)"), ("isnan", "T.isnan(a)"),
    ("isinf", "T.isinf(a)"), ("invert", "T.invert(a)"), ("op_invert", "~a"), ("op_neg", "-a"),
    ("real", "T.real(a)"), ("imag", "T.imag(a)"), ("angle", "T.angle(a)"),
    ("cast_int32", "T.cast(a, 'int32')"), ("cast_floatX", "T.cast(a, theano.config.floatX)"),
    ("zeros_like", "T.zeros_like(a)"), ("ones_like", "T.ones_like(a)"),
    ("cumsum", "T.cumsum(a)"), ("cumprod", "T.cumprod(a)"), ("sort", "T.sort(a)"), ("argsort", "T.argsort(a)"),
    ("clip_0_1", "T.clip(a, 0, 1)"), ("switch_a_gt_0", "T.switch(a > 0, a, 0)"),
    ("dot_aa", "T.dot(a, a)"), ("nonzero0", "a.nonzero()[0]"),
]
REDUCE_FUNCS = [
    ("sum", "T.sum(a)"), ("prod", "T.prod(a)"), ("mean", "T.mean(a)"), ("max", "T.max(a)"),
    ("min", "T.min(a)"), ("argmax", "T.argmax(a)"), ("var", "T.var(a)"), ("std", "T.std(a)"),
    ("all", "T.all(a)"), ("any", "T.any(a)"), ("norm2", "a.norm(2)"), ("sum_axis0", "T.sum(a, axis=0)"),
]
PY_CONSTANTS = [
    "0", "1", "-1", "127", "128", "-128", "-129", "255", "256", "32767", "32768", "2**31-1", "2**31",
    "2**32", "2**63-1", "2**63", "-2**63", "2**64", "0.5", "2.2", "2.5", "1e10", "1e40", "-1e40", "float('inf')",
    "float('nan')", "True", "False", "1+2j", "np.float32(2.2)", "np.float64(2.2)", "np.int8(3)", "np.int16(3)",
    "np.int32(3)", "np.int64(3)", "np.uint8(3)", "np.bool_(True)", "np.complex64(1j)",
]
AS_TENSOR = [
    "[1, 2, 3]", "[1.0, 2.0]", "[1, 2.5]", "[[1, 2], [3, 4]]", "[True, False]", "[300, 1]", "[2**40]",
    "[1+1j, 2]", "[]", "[[1.5]]", "(1, 2)", "np.arange(3)", "np.arange(3.0)", "np.array([1, 2], dtype='int32')",
    "np.array([1, 2], dtype='float32')", "np.array([1, 2], dtype='uint16')", "np.array([True, False])",
    "np.zeros((1, 3))", "np.zeros((3, 1))", "np.zeros((1, 1))", "np.array(2.5)", "np.array(7)",
    "2", "2.5", "np.float32(2.5)",
]
BCAST = [
    ("scalar+vector", "T.dscalar('a') + T.dvector('b')"),
    ("vector+matrix", "T.dvector('a') + T.dmatrix('b')"),
    ("row+col", "T.drow('a') + T.dcol('b')"),
    ("row+matrix", "T.drow('a') + T.dmatrix('b')"),
    ("col+vector", "T.dcol('a') + T.dvector('b')"),
    ("col*2", "T.dcol('a') * 2"),
    ("matrix+const_list", "T.dmatrix('a') + [1.0, 2.0]"),
    ("matrix+np_row", "T.dmatrix('a') + np.zeros((1, 3))"),
    ("tensor3+row", "T.dtensor3('a') + T.drow('b')"),
    ("sum_row_axis0", "T.drow('a').sum(axis=0)"),
    ("sum_keepdims", "T.dmatrix('a').sum(axis=1, keepdims=True)"),
    ("dimshuffle_x0", "T.dvector('a').dimshuffle('x', 0)"),
    ("dot_row_col", "T.dot(T.drow('a'), T.dcol('b'))"),
    ("dot_matrix_vector", "T.dot(T.dmatrix('a'), T.dvector('b'))"),
    ("shared_np_row", "theano.shared(np.zeros((1, 3)))"),
    ("shared_np_row_bcast", "theano.shared(np.zeros((1, 3)), broadcastable=(True, False))"),
]


def out_info(v, with_bcast=False):
    if isinstance(v, (list, tuple)):
        return [out_info(x, with_bcast) for x in v]
    if with_bcast:
        return {"dtype": str(v.dtype), "broadcastable": list(v.broadcastable), "type": str(v.type)}
    return str(v.dtype)


def child(floatX):
    setup_env(floatX)
    import warnings

    import numpy as np

    import theano
    import theano.tensor as T
    warnings.simplefilter("ignore")

    def run(expr, ns, with_bcast=False):
        try:
            return out_info(eval(expr, dict(ns, T=T, theano=theano, np=np)), with_bcast)
        except Exception as e:  # noqa: BLE001
            return err(e)

    res = {"meta": meta()}
    # binary tensor-tensor
    bt = {}
    for name, expr in BINARY_FUNCS:
        bt[name] = {"expr": expr, "table": {}}
        for da in DTYPES:
            row = {}
            for db in DTYPES:
                a = T.vector("a", dtype=da)
                b = T.vector("b", dtype=db)
                row[db] = run(expr, {"a": a, "b": b})
            bt[name]["table"][da] = row
    res["binary_tensor_tensor"] = {
        "note": "a = T.vector('a', dtype=ROW), b = T.vector('b', dtype=COLUMN); "
                "table[ROW][COLUMN] = output dtype (broadcastable always [false])",
        "ops": bt}
    # tensor vs python constant
    tc = {}
    for name, e1, e2 in CONST_FUNCS:
        tc[name] = {"expr_tensor_first": e1, "expr_const_first": e2, "table": {}}
        for da in DTYPES:
            row = {}
            for cname, c in CONSTS:
                a = T.vector("a", dtype=da)
                row[cname] = {"tensor_op_const": run(e1, {"a": a, "c": c}),
                              "const_op_tensor": run(e2, {"a": a, "c": c})}
            tc[name]["table"][da] = row
    res["binary_tensor_const"] = {
        "note": "a = T.vector('a', dtype=ROW); c = Python constant (key); values are output dtypes",
        "ops": tc}
    # unary
    un = {}
    for name, expr in UNARY_FUNCS:
        un[name] = {"expr": expr, "table": {}}
        for da in DTYPES:
            a = T.vector("a", dtype=da)
            un[name]["table"][da] = run(expr, {"a": a})
    res["unary"] = {"note": "a = T.vector('a', dtype=KEY); value = output dtype", "ops": un}
    # reductions
    red = {}
    for name, expr in REDUCE_FUNCS:
        red[name] = {"expr": expr, "table": {}}
        for da in DTYPES:
            a = T.matrix("a", dtype=da)
            try:
                v = eval(expr, {"a": a, "T": T})
                ent = {"dtype": str(v.dtype), "broadcastable": list(v.broadcastable),
                       "op": str(v.owner.op)}
                # the Sum/Prod node(s) in the graph, shows acc_dtype
                from theano.gof.graph import ancestors
                accs = []
                for anc in ancestors([v]):
                    if anc.owner is not None and type(anc.owner.op).__name__ in ("Sum", "Prod"):
                        accs.append(str(anc.owner.op))
                ent["sum_prod_ops"] = sorted(set(accs))
            except Exception as e:  # noqa: BLE001
                ent = err(e)
            red[name]["table"][da] = ent
    res["reductions"] = {"note": "a = T.matrix('a', dtype=KEY); op = str(out.owner.op); "
                                 "sum_prod_ops = str() of every Sum/Prod op in the graph (shows acc_dtype)",
                         "ops": red}
    # T.constant
    consts = {}
    for src in PY_CONSTANTS:
        try:
            val = eval(src, {"np": np})
            cv = T.constant(val)
            consts[src] = {"dtype": str(cv.dtype), "str": str(cv), "type": str(cv.type)}
        except Exception as e:  # noqa: BLE001
            consts[src] = err(e)
    res["constant"] = {"note": "T.constant(KEY)", "table": consts}
    ast = {}
    for src in AS_TENSOR:
        try:
            val = eval(src, {"np": np})
            cv = T.as_tensor_variable(val)
            ast[src] = {"dtype": str(cv.dtype), "broadcastable": list(cv.broadcastable),
                        "type": str(cv.type), "str": str(cv)}
        except Exception as e:  # noqa: BLE001
            ast[src] = err(e)
    res["as_tensor_variable"] = {"note": "T.as_tensor_variable(KEY)", "table": ast}
    sh = {}
    for src in PY_CONSTANTS[:30] + ["np.zeros(3)", "np.zeros(3, dtype='float32')", "np.zeros(3, dtype='int32')"]:
        try:
            val = eval(src, {"np": np})
            sv = theano.shared(val)
            sh[src] = {"type": str(sv.type), "class": type(sv).__name__}
        except Exception as e:  # noqa: BLE001
            sh[src] = err(e)
    res["shared"] = {"note": "theano.shared(KEY)", "table": sh}
    bc = {}
    for name, expr in BCAST:
        bc[name] = {"expr": expr, "out": run(expr, {}, with_bcast=True)}
    res["broadcast"] = bc
    # typed constructors and scalar/vector mix
    ctor = {}
    for src in ["T.scalar()", "T.vector()", "T.matrix()", "T.row()", "T.col()", "T.tensor3()", "T.tensor4()",
                "T.iscalar()", "T.lvector()", "T.bmatrix()", "T.wvector()", "T.fmatrix()", "T.dmatrix()",
                "T.cvector()", "T.zvector()", "T.vector(dtype='bool')", "T.vector(dtype='uint8')",
                "T.dscalar() * T.fvector()", "T.fscalar() * T.dvector()", "T.iscalar() * T.fvector()",
                "T.bscalar() * T.fvector()", "T.lscalar() * T.fvector()", "T.iscalar() / T.iscalar()",
                "T.ivector() / 2", "T.ivector() * 1.5", "T.fvector() * 1.5", "T.fvector() * 2.2",
                "T.fvector() + 1e10", "T.fvector() + 1e40", "T.bvector() + 1", "T.bvector() + 300",
                "T.bvector() + 1000000", "T.bvector() + 2**40", "T.mean(T.ivector())", "T.arange(5)",
                "T.arange(5.0)", "T.arange(T.iscalar())", "T.zeros((2,))", "T.ones((2,), dtype='int32')",
                "T.eye(3)", "T.alloc(1, 3)", "T.alloc(1.5, 3)", "T.fill(T.fvector(), 3)",
                "T.fvector().shape", "T.fvector().size", "T.argmax(T.fvector())"]:
        ctor[src] = run(src, {}, with_bcast=True)
    res["misc"] = {"note": "output dtype/broadcastable/type of the expression KEY", "table": ctor}
    return res


def main():
    if CHILD:
        sys.stdout.write(json.dumps(child(CHILD)))
        return
    data = {"meta": {"note": "Each floatX section is produced in a separate process with "
                             "THEANO_FLAGS floatX=... (cast_policy=custom, int_division=int defaults). "
                             "Entries that raised are {'error': 'Type: message'}.",
                     "dtypes": DTYPES, "constants": [c for c, _ in CONSTS]}}
    for fx in ["float64", "float32"]:
        out = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", fx],
                             stdout=subprocess.PIPE, check=True).stdout
        data["floatX_" + fx] = json.loads(out.decode("utf-8"))
    dump("dtypes.json", data)


if __name__ == "__main__":
    main()
