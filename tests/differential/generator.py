"""Seeded generator of small Theano programs for the differential suite (issue 10).

Pure Python + NumPy; it runs unchanged under Theano 1.0.5 (numpy 1.23.5, the oracle
recorder) and under theanox (numpy 2.x, the replay test).  A *program* is a dict

    {"key": str, "family": str, "code": str, "inputs": [[dtype, dims], ...],
     "sets": [{"name": str, "sizes": {dim: n}} ...], "seed": int}

``code`` is Python source written against the Theano API only; ``build(T, code)``
runs it with ``T`` (theano.tensor or theanox.tensor) and ``np`` and returns the
symbolic ``inputs`` and ``outputs``.  ``dims`` names each input dimension: an int 1
is a broadcastable dimension, a letter is a size chosen per input set, so every input
set is shape-consistent.  ``input_values(program, set_index)`` draws the arrays from
the program's seed (NumPy's legacy RandomState is identical across NumPy versions);
the recorder stores them anyway, so the replay never depends on the draw.
A *case* is one program evaluated on one input set.
"""
import numpy as np

INT_DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
FLOAT_DTYPES = ["float32", "float64"]
ALL_DTYPES = ["bool"] + INT_DTYPES + FLOAT_DTYPES          # float16 drawn separately
DIM_NAMES = "abc"

UNARY_ANY = ["neg", "abs", "sqr", "sgn", "maximum0"]
UNARY_FLOAT = ["sqrt", "exp", "exp2", "log", "log2", "log10", "log1p", "expm1", "sin",
               "cos", "tan", "tanh", "sinh", "cosh", "arcsin", "arctan", "arctanh",
               "floor", "ceil", "round_half_to_even", "trunc", "inv", "erf", "erfc",
               "sigmoid", "softplus", "isnan", "isinf", "deg2rad"]
UNARY_INT = ["invert"]
BINARY_ARITH = ["+", "-", "*", "/", "**", "maximum", "minimum", "arctan2"]
BINARY_INTDIV = ["//", "%"]
BINARY_CMP = ["eq", "neq", "<", ">", "<=", ">="]
BINARY_BIT = ["&", "|", "^"]

PY_CONSTANTS = ["0", "1", "2", "-3", "300", "1.0", "0.5", "-2.5", "1e10", "1e-3",
                "np.float32(0.13)", "np.float64(2.0)", "np.int8(3)", "np.uint8(200)",
                "np.int64(7)", "np.int32(-4)", "np.float32(-1.5)"]


def unary_src(op, a):
    if op == "neg":
        return "(-%s)" % a
    if op == "abs":
        return "abs(%s)" % a
    if op == "invert":
        return "(~%s)" % a
    if op == "maximum0":
        return "T.maximum(%s, 0)" % a
    if op in ("sigmoid", "softplus"):
        return "T.nnet.%s(%s)" % (op, a)
    return "T.%s(%s)" % (op, a)


def binary_src(op, a, b):
    if op in ("maximum", "minimum", "arctan2", "eq", "neq"):
        return "T.%s(%s, %s)" % (op, a, b)
    return "(%s %s %s)" % (a, op, b)


class _Gen:
    """One program's builder: random choices come from one RandomState."""

    def __init__(self, rng, floatX):
        self.rng = rng
        self.floatX = floatX
        self.inputs = []          # [dtype, dims]
        self.lines = []

    def choice(self, seq, p=None):
        return seq[self.rng.choice(len(seq), p=p)]

    def coin(self, p):
        return self.rng.random_sample() < p

    def dtype(self, kinds="biuf"):
        pool = [d for d in ALL_DTYPES if np.dtype(d).kind in kinds]
        if "f" in kinds and self.coin(0.03):
            return "float16"
        if "f" in kinds and self.coin(0.35):
            return self.floatX
        return self.choice(pool)

    def new_input(self, dtype, dims):
        name = "x%d" % len(self.inputs)
        self.inputs.append([dtype, list(dims)])
        bc = tuple(d == 1 for d in dims)
        self.lines.append("%s = T.TensorType(%r, %r)(%r)" % (name, dtype, bc, name))
        return name

    def elem_dims(self, ndim_max):
        k = self.rng.randint(0, ndim_max + 1)
        names = DIM_NAMES[:ndim_max][ndim_max - k:]
        return [1 if self.coin(0.25) else n for n in names]

    # --- elementwise expression trees -------------------------------------------
    def leaf(self, ndim_max, kinds):
        if self.inputs and self.coin(0.4):
            return "x%d" % self.rng.randint(len(self.inputs))
        return self.new_input(self.dtype(kinds), self.elem_dims(ndim_max))

    def expr(self, depth, ndim_max, kinds="biuf"):
        if depth == 0:
            return self.leaf(ndim_max, kinds)
        r = self.rng.random_sample()
        if r < 0.3:
            op = self.choice(UNARY_ANY + UNARY_FLOAT + UNARY_INT,
                             p=None)
            return unary_src(op, self.expr(depth - 1, ndim_max, kinds))
        a = self.expr(depth - 1, ndim_max, kinds)
        if r < 0.5:
            b = self.choice(PY_CONSTANTS)
            op = self.choice(BINARY_ARITH + BINARY_CMP + BINARY_INTDIV)
            if self.coin(0.05):                        # NumPy/Python scalar on the left
                return binary_src(op, b, a)
            return binary_src(op, a, b)
        b = self.expr(self.rng.randint(depth), ndim_max, kinds)
        pool = BINARY_ARITH * 3 + BINARY_CMP + BINARY_INTDIV + BINARY_BIT
        return binary_src(self.choice(pool), a, b)

    def finish(self, outputs):
        self.lines.append("inputs = [%s]" % ", ".join("x%d" % i for i in range(len(self.inputs))))
        self.lines.append("outputs = [%s]" % ", ".join(outputs))
        return "\n".join(self.lines)


def _grad_lines(g, out):
    """Append the gradient of a scalar cost of ``out`` w.r.t. every float input."""
    wrt = [i for i, (d, _) in enumerate(g.inputs) if d.startswith("float")]
    if not wrt:
        return None
    g.lines.append("cost = (%s).sum()" % out)
    g.lines.append("grads = T.grad(cost, [%s])" % ", ".join("x%d" % i for i in wrt))
    return ["cost", "*grads"]


# --- families -----------------------------------------------------------------------
def fam_elemwise(g, grad=False):
    kinds = "f" if grad else "biuf"
    if grad and g.coin(0.5):
        kinds = "fiu"
    ndim = g.rng.randint(0, 4)
    out = g.expr(g.rng.randint(1, 5), ndim, kinds)
    if g.coin(0.15):                                   # a long fusable chain
        for _ in range(g.rng.randint(2, 5)):
            out = binary_src(g.choice(["+", "*", "-", "maximum"]), out,
                             g.expr(1, ndim, kinds))
    if g.coin(0.2):
        out = "T.cast(%s, %r)" % (out, g.dtype())
    if grad:
        g.lines.append("o = %s" % out)
        return g.finish(_grad_lines(g, "o") or ["o"])
    return g.finish([out])


def fam_fused_int(g):
    """Integer arithmetic feeding float arithmetic: the fusion/wrap-around cases."""
    dt = g.dtype("iu")
    ndim = g.rng.randint(0, 3)
    dims = DIM_NAMES[:ndim]
    a = g.new_input(dt, dims)
    b = g.new_input(g.choice([dt, g.dtype("iu")]), dims)
    inner = g.choice(["(%s - %s)" % (a, b), "(%s + %s)" % (a, b), "(%s * %s)" % (a, b),
                      "T.sqr(%s)" % a, "(%s * (%s + %s))" % (a, b, b), "(-%s)" % a,
                      "abs(%s)" % a, "(%s * 3)" % a, "(%s + 100)" % a])
    outer = g.choice(["%s * 1.0", "%s + 0.5", "T.exp(%s * 0.001)", "%s * np.float32(0.5)",
                      "T.cast(%s, 'float32') * 2", "%s / 2", "T.sqrt(abs(%s))"])
    return g.finish([outer % inner])


REDUCERS = ["sum", "prod", "max", "min", "mean", "var", "std", "all", "any", "argmax",
            "argmin"]


def fam_reduce(g, grad=False):
    ndim = g.rng.randint(0, 4)
    x = g.new_input(g.dtype("f" if grad else "biuf"), DIM_NAMES[:ndim])
    op = g.choice(REDUCERS[:7] if grad else REDUCERS)
    args = []
    if ndim and g.coin(0.7):
        axes = list(g.rng.permutation(ndim)[:g.rng.randint(1, ndim + 1)])
        axes = [int(a) - ndim if g.coin(0.3) else int(a) for a in axes]
        if op in ("argmax", "argmin") or len(axes) == 1 and g.coin(0.5):
            args.append("axis=%d" % axes[0])
        else:
            args.append("axis=%r" % (tuple(axes),))
    if op not in ("argmax", "argmin") and g.coin(0.3):
        args.append("keepdims=True")
    if op in ("sum", "prod") and g.coin(0.3):
        args.append("%s=%r" % (g.choice(["acc_dtype", "dtype"]), g.dtype("iuf")))
    if op in ("argmax", "argmin") and ndim == 0 and g.coin(0.7):
        op = "max"
    out = "T.%s(%s%s)" % (op, x, "".join(", " + a for a in args))
    if grad:
        return g.finish(_grad_lines(g, out) or [out])
    return g.finish([out])


def fam_dot(g, grad=False):
    kinds = "f" if grad else "biuf"
    shapes = g.choice([("a", "a"), ("ba", "a"), ("a", "ab"), ("ba", "ac"), ("", "ab"),
                       ("ab", "")])
    a = g.new_input(g.dtype(kinds), shapes[0])
    b = g.new_input(g.dtype(kinds), shapes[1])
    out = "T.dot(%s, %s)" % (a, b)
    if g.coin(0.2):
        out = "%s + %s" % (out, g.choice(["1", "0.5", "np.float32(2)"]))
    if grad:
        return g.finish(_grad_lines(g, out) or [out])
    return g.finish([out])


INDEX_1D = ["[1:]", "[::-1]", "[::-2]", "[-1]", "[0]", "[1:-1]", "[-2::-1]", "[[0, 2, 1]]",
            "[[0, -1]]", "[[2, 2, 0]]", "[:0]", "[3:1:-1]", "[5:]", "[-10:2]"]
INDEX_2D = ["[1:, ::-1]", "[::-1, 0]", "[:, -1]", "[1]", "[[1, 0]]", "[:, [2, 0, 2]]",
            "[::2, 1:]", "[-1, ::-2]", "[[0, 1], [2, 0]]", "[:, None, 1]", "[2:0:-1]"]
SETINC_1D = [("[1:3]", "2"), ("[::-1]", "a"), ("[[0, 0, 2]]", "3"), ("[-1]", ""),
             ("[1:]", "1"), ("[[1, 3]]", "2")]
SETINC_2D = [("[1:3]", "2b"), ("[:, ::-2]", "a2"), ("[[0, 0]]", "2b"), ("[0]", "b"),
             ("[:, 1]", ""), ("[1:, :2]", "32")]


def fam_index(g, grad=False):
    ndim = g.choice([1, 2])
    dt = g.dtype("f" if grad else "biuf")
    x = g.new_input(dt, "ab"[:ndim])
    out = x + g.choice(INDEX_1D if ndim == 1 else INDEX_2D)
    if g.coin(0.2):
        i = g.new_input(g.choice(["int64", "int32", "int8", "uint8"]), "")
        out = "%s[%s]" % (x, i) if g.coin(0.5) else "%s[%s:]" % (x, i)
    if grad:
        return g.finish(_grad_lines(g, out) or [out])
    return g.finish([out])


def fam_setinc(g, grad=False):
    ndim = g.choice([1, 2])
    x = g.new_input(g.dtype("f" if grad else "biuf"), "ab"[:ndim])
    idx, ydims = g.choice(SETINC_1D if ndim == 1 else SETINC_2D)
    ydims = [int(c) if c.isdigit() else c for c in ydims]
    ydims = [1 if g.coin(0.2) else d for d in ydims]
    if g.coin(0.3) and ydims:
        ydims = ydims[1:]
    y = g.new_input(g.dtype("f" if grad else "biuf"), ydims)
    fn = g.choice(["set_subtensor", "inc_subtensor"])
    out = "T.%s(%s%s, %s)" % (fn, x, idx, y)
    if grad:
        return g.finish(_grad_lines(g, out) or [out])
    return g.finish([out])


def fam_struct(g, grad=False):
    kinds = "f" if grad else "biuf"
    kind = g.choice(["switch", "clip", "cast", "cumsum", "sort", "concatenate", "stack",
                     "reshape", "dimshuffle", "flatten", "argmax", "cumprod"])
    ndim = g.rng.randint(1, 3)
    dims = DIM_NAMES[:ndim]
    x = g.new_input(g.dtype(kinds), dims)
    if kind == "switch":
        c = g.new_input(g.dtype("biuf"), [1 if g.coin(0.3) else d for d in dims])
        y = g.choice([g.new_input(g.dtype(kinds), dims), "0", "1.5", "np.float32(2)"])
        out = "T.switch(%s, %s, %s)" % (c, x, y)
    elif kind == "clip":
        lo = g.choice(["0", "-1.5", "np.int8(-2)", g.new_input(g.dtype(kinds), "")])
        hi = g.choice(["3", "2.5", "200", "np.float32(1)"])
        out = "T.clip(%s, %s, %s)" % (x, lo, hi)
    elif kind == "cast":
        out = "T.cast(%s, %r)" % (x, g.dtype("biuf") if not g.coin(0.05) else "float16")
    elif kind in ("cumsum", "cumprod"):
        ax = g.choice([None] + list(range(-ndim, ndim)))
        out = "T.extra_ops.%s(%s, axis=%r)" % (kind, x, ax)
    elif kind == "sort":
        out = "T.sort(%s, axis=%r)" % (x, g.choice([-1, 0, None]))
    elif kind in ("concatenate", "stack"):
        y = g.new_input(g.dtype(kinds), dims)
        ax = g.rng.randint(0, ndim + (kind == "stack"))
        out = "T.%s([%s, %s], axis=%d)" % (kind, x, y, ax)
    elif kind == "reshape":
        out = "%s.reshape(%s)" % (x, g.choice(["(-1,)", "(1, -1)", "(-1, 1)"]))
    elif kind == "dimshuffle":
        pat = g.choice([("x", 0), (0, "x")] if ndim == 1 else [(1, 0), ("x", 1, 0), (0, "x", 1)])
        out = "%s.dimshuffle%r" % (x, pat)
    elif kind == "flatten":
        out = "%s.flatten()" % x
    else:
        out = "T.argmax(%s, axis=%r)" % (x, g.choice([None, 0, -1]))
    if grad and kind == "argmax":
        return g.finish([out])
    if g.coin(0.25):
        out = "%s * %s" % (out, g.choice(["2", "0.5", "np.float32(3)"]))
    if grad:
        return g.finish(_grad_lines(g, out) or [out])
    return g.finish([out])


FAMILIES = [  # name, builder, weight, empty arrays allowed
    ("elemwise", fam_elemwise, 34, True),
    ("fused_int", fam_fused_int, 6, True),
    ("reduce", fam_reduce, 12, True),
    ("dot", fam_dot, 5, True),
    ("index", fam_index, 8, False),
    ("setinc", fam_setinc, 7, False),
    ("struct", fam_struct, 12, True),
    ("grad_elemwise", lambda g: fam_elemwise(g, True), 7, True),
    ("grad_reduce", lambda g: fam_reduce(g, True), 3, True),
    ("grad_dot", lambda g: fam_dot(g, True), 1.5, True),
    ("grad_index", lambda g: fam_index(g, True), 1.5, False),
    ("grad_setinc", lambda g: fam_setinc(g, True), 1.5, False),
    ("grad_struct", lambda g: fam_struct(g, True), 2.5, True),
]

# Programs recorded first have the first 8 or 16 input sets; later ones all 32 (a C
# compile costs one to several seconds per program in Theano, a call almost nothing).
SET_KINDS = ["moderate", "wide", "edge", "edge_shift", "empty", "other_shape", "positive",
             "mixed", "ties", "tiny", "big", "edge_stride7", "moderate2", "wide2",
             "positive2", "mixed2"]
SET_KINDS += [k.rstrip("2") + "#2" for k in SET_KINDS]   # 32: more edge pairings, same cost


def make_program(seed, floatX):
    rng = np.random.RandomState(seed)
    w = np.array([f[2] for f in FAMILIES], float)
    fi = rng.choice(len(FAMILIES), p=w / w.sum())
    name, builder, _, empty_ok = FAMILIES[fi]
    g = _Gen(rng, floatX)
    code = builder(g)
    sets = []
    for k, kind in enumerate(SET_KINDS):
        if empty_ok:
            sizes = {"a": 3, "b": 2, "c": 4}
            if kind.startswith("empty"):
                sizes[g.choice("abc")] = 0
            elif kind.startswith("other_shape"):
                sizes = {"a": 1, "b": 5, "c": 2}
        else:
            sizes = {"a": 4, "b": 3, "c": 2}
        sets.append({"name": kind, "sizes": sizes})
    return {"key": "%s/%s/%d" % (floatX, name, seed), "family": name, "code": code,
            "inputs": g.inputs, "sets": sets, "seed": seed}


def generate(floatX, n, start=0):
    base = 1000003 if floatX == "float32" else 0
    return [make_program(base + start + i, floatX) for i in range(n)]


# --- input values ---------------------------------------------------------------------
def edge_values(dtype):
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return np.array([True, False, True, True, False])
    if dt.kind in "iu":
        info = np.iinfo(dt)
        vals = [0, 1, info.max, info.min, 2, info.max - 1, 3, 100, 7]
        if dt.kind == "i":
            vals += [-1, info.min + 1, -2, -100]
        return np.array(vals, dtype=dt)
    info = np.finfo(dt)
    tiny = info.tiny
    vals = [0.0, -0.0, np.inf, -np.inf, np.nan, info.max, -info.max, tiny, tiny / 4,
            -tiny / 8, 1.0, -1.0, 0.5, 2.0, 1e-3, -7.25, 88.5, -745.0]
    with np.errstate(all="ignore"):
        return np.array(vals, dtype=np.float64).astype(dt)


def _fill(dtype, shape, rng, kind, shift):
    dt = np.dtype(dtype)
    n = int(np.prod(shape)) if shape else 1
    if "#" in kind:                   # a second round: other edge pairings
        kind, shift = kind.split("#")[0], shift + 4
    kind = kind[:-1] if kind.endswith("2") else kind
    if kind == "ties":
        if dt.kind == "b":
            return rng.random_sample(shape) < 0.5
        return rng.choice(np.array([-1, 0, 1, 2] if dt.kind != "u" else [0, 1, 2]),
                          size=shape).astype(dt)
    if kind in ("tiny", "big") and dt.kind == "f":
        info = np.finfo(dt)
        mag = info.tiny * 10.0 ** rng.uniform(-3, 3, size=shape) if kind == "tiny" else \
            float(info.max) * rng.uniform(0.1, 1.0, size=shape)
        with np.errstate(all="ignore"):
            return (mag * rng.choice([-1.0, 1.0], size=shape)).astype(dt)
    if kind == "big" and dt.kind in "iu":
        info = np.iinfo(dt)
        return np.where(rng.random_sample(shape) < 0.5, info.max - rng.randint(0, 3, size=shape),
                        info.min + rng.randint(0, 3, size=shape)).astype(dt)
    if kind in ("edge", "edge_shift", "mixed", "edge_stride7"):
        e = edge_values(dtype)
        stride = {"edge_shift": 3, "edge_stride7": 7}.get(kind, 1)
        idx = (np.arange(n) * stride + shift + (11 if stride == 7 else 0)) % len(e)
        flat = e[idx]
        if kind == "mixed":
            base = _fill(dtype, (n,), rng, "moderate", 0)
            keep = rng.random_sample(n) < 0.6
            flat = np.where(keep, base, flat).astype(dt)
        return flat.reshape(shape)
    if dt.kind == "b":
        return (rng.random_sample(shape) < 0.5)
    if dt.kind in "iu":
        if kind == "wide":
            info = np.iinfo(dt)
            lo, hi = max(int(info.min), -2 ** 62), min(int(info.max), 2 ** 62)
            v = rng.randint(-2 ** 31, 2 ** 31 - 1, size=shape).astype(np.int64)
            v = v * (rng.randint(1, 2 ** 31, size=shape) if hi > 2 ** 32 else 1)
            return np.clip(v, lo, hi).astype(dt)
        lo = 1 if kind == "positive" or dt.kind == "u" else -6
        return rng.randint(lo, 9, size=shape).astype(dt)
    if kind == "positive":
        v = rng.random_sample(shape) * 3 + 0.05
    elif kind == "wide":
        v = rng.standard_normal(shape) * 10.0 ** rng.randint(-3, 6, size=shape)
    else:
        v = rng.standard_normal(shape) * 2
    with np.errstate(all="ignore"):
        return np.asarray(v, dtype=np.float64).astype(dt)


def input_values(program, set_index):
    """The arrays of input set ``set_index`` (deterministic in the program's seed)."""
    s = program["sets"][set_index]
    rng = np.random.RandomState((program["seed"] * 31 + set_index) % (2 ** 32))
    vals = []
    for j, (dtype, dims) in enumerate(program["inputs"]):
        shape = tuple(1 if d == 1 else (d if isinstance(d, int) else s["sizes"][d])
                      for d in dims)
        if not program["family"].endswith(("index", "setinc")) or not dtype.startswith(
                ("int", "uint")) or dims:
            vals.append(np.asarray(_fill(dtype, shape, rng, s["name"], 5 * j), dtype=dtype))
        else:   # a scalar index input: keep it inside the (fixed) sizes
            vals.append(np.asarray(rng.randint(0, 3), dtype=dtype))
    return vals


def build(T, code):
    """Run a program's code with ``T``; returns (inputs, outputs)."""
    ns = {"T": T, "np": np}
    exec(code, ns)
    return ns["inputs"], ns["outputs"]


# --- pinned programs: the differences issue 10 lists, recorded as they are -------------
def _v(dtype, *vals):
    return "np.array(%r, dtype=%r)" % (list(vals) if len(vals) != 1 else vals[0], dtype)


_EDGE_F = [float("nan"), float("inf"), float("-inf"), 1e20, -3e9, 70000.5, -2.5, 300.7,
           -129.5, 128.5, -0.7, 0.0]
PINNED = [  # name, code (Theano API), input sets (Python source of a list of arrays)
    ("fused_uint8_sub", "u = T.TensorType('uint8', (False,))('u')\n"
     "u2 = T.TensorType('uint8', (False,))('u2')\ninputs = [u, u2]\noutputs = [(u - u2) * 1.0]",
     ["[%s, %s]" % (_v("uint8", 2, 0, 255), _v("uint8", 5, 1, 1))]),
    ("fused_uint8_sqr", "u = T.TensorType('uint8', (False,))('u')\ninputs = [u]\n"
     "outputs = [T.sqr(u) * 1.0]", ["[%s]" % _v("uint8", 36, 16, 255)]),
    ("fused_int8_mul", "d = T.TensorType('int8', (False,))('d')\n"
     "b = T.TensorType('int8', (False,))('b')\ninputs = [d, b]\noutputs = [d * (b + b)]",
     ["[%s, %s]" % (_v("int8", 1, 3), _v("int8", 100, -100))]),
    ("fused_int8_float", "d = T.TensorType('int8', (False,))('d')\n"
     "b = T.TensorType('int8', (False,))('b')\ninputs = [d, b]\n"
     "outputs = [T.exp((d * (b + b)) * 0.01)]",
     ["[%s, %s]" % (_v("int8", 1, 3), _v("int8", 100, -100))]),
    ("dot_bool_vec", "a = T.TensorType('bool', (False,))('a')\n"
     "v = T.TensorType('float64', (False,))('v')\ninputs = [a, v]\n"
     "outputs = [T.dot(a, v), a * v, T.dot(a.dimshuffle('x', 0), v)]",
     ["[%s, %s]" % (_v("bool", False, True), _v("float64", float("nan"), 1.0))]),
    ("mean_var_int_0d", "i = T.TensorType('int64', ())('i')\nb = T.TensorType('int8', ())('b')\n"
     "inputs = [i, b]\noutputs = [T.mean(i), T.var(i), T.std(i), T.mean(b), i.mean(), "
     "T.mean(i, keepdims=True)]", ["[%s, %s]" % (_v("int64", 3), _v("int8", -5))]),
    ("maxmin_grad_ties_nan", "x = T.TensorType('float64', (False,))('x')\n"
     "y = T.TensorType('float64', (False,))('y')\ninputs = [x, y]\n"
     "outputs = T.grad(T.maximum(x, y).sum(), [x, y]) + T.grad(T.minimum(x, y).sum(), [x, y])"
     " + T.grad((T.maximum(x, 2.0) * T.minimum(3.0, y)).sum(), [x, y])",
     ["[%s, %s]" % (_v("float64", 1.0, 2.0, float("nan"), 3.0, 2.0),
                    _v("float64", 1.0, 3.0, 0.0, float("nan"), 2.0))]),
    ("grad_dtype_mixed", "x = T.TensorType('float32', (False,))('x')\n"
     "y = T.TensorType('float64', (False,))('y')\ninputs = [x, y]\n"
     "outputs = T.grad((x * y).sum(), [x, y]) + T.grad(T.dot(x, y), [x, y])"
     " + T.grad(T.concatenate([x, y]).sum(), [x, y])"
     " + T.grad((T.cast(x, 'float64') * y).sum(), [x, y]) + T.grad((x * 2.0).sum(), [x])"
     " + T.grad(T.exp(x + y).sum(), [x])",
     ["[%s, %s]" % (_v("float32", 0.1, -2.3, 3.7), _v("float64", 0.3, 1.1, -0.7))]),
    ("subnormal", "x = T.TensorType('float64', (False,))('x')\n"
     "s = T.TensorType('float32', (False,))('s')\ninputs = [x, s]\n"
     "outputs = [x * 1.0, x + 0.0, x.sum(), T.exp(x - 745.0), s * np.float32(1), s * 0.5]",
     ["[%s, %s]" % (_v("float64", 5e-324, 1e-310, -2.2e-308, 1.0),
                    _v("float32", 1e-45, 1e-40, -1e-39, 1.0))]),
]
for _src in ("float64", "float32"):
    for _dst in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"):
        _in_range = _EDGE_F if _dst not in ("uint32", "uint64") else [-0.7, 3e9, 255.9, 0.0]
        PINNED.append(("cast_%s_%s" % (_src, _dst), "x = T.TensorType(%r, (False,))('x')\n"
                       "inputs = [x]\noutputs = [T.cast(x, %r)]" % (_src, _dst),
                       ["[%s]" % _v(_src, *_in_range)]))
    PINNED.append(("cast_%s_uint_out_of_range" % _src, "x = T.TensorType(%r, (False,))('x')\n"
                   "inputs = [x]\noutputs = [T.cast(x, 'uint32'), T.cast(x, 'uint64')]" % _src,
                   ["[%s]" % _v(_src, *_EDGE_F)]))


def pinned_programs(floatX):
    """The pinned programs as records: key, family "pinned", code and evaluated inputs."""
    out = []
    for name, code, sets in PINNED:
        out.append({"key": "%s/pinned/%s" % (floatX, name), "family": "pinned", "code": code,
                    "sets": [{"name": "set%d" % k, "args": eval(src, {"np": np, "nan": np.nan, "inf": np.inf})}
                             for k, src in enumerate(sets)]})
    return out
