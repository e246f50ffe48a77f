"""Elementwise ops: one ``Elemwise`` class driven by a table of scalar ops, and DimShuffle.

A scalar op is a row: its name, arity, output-dtype rule, JAX function and the
way ``pp`` prints it.  ``Elemwise(scalar_op)`` broadcasts it over tensors the way
Theano does: lower-rank inputs are padded on the left by a ``DimShuffle{x,...}``.
Each row is also a function of this module (``add``, ``exp``, ...), which
``theanox.tensor`` exports; ``cast`` converts to a dtype.
"""
import threading

import numpy as np

from theanox import config
from theanox.graph.basic import Apply, Op
from theanox.graph.lowering import is_concrete, runtime_check
from theanox.tensor.conversion import as_tensor_variable
from theanox.tensor.dtypes import upcast, upgrade_to_float, upgrade_to_float_no_complex
from theanox.tensor.kinks import theano_kink
from theanox.tensor.type import TensorType, discrete_dtypes


class ScalarOp:
    """Returns a description of one scalar operation (a row of the elementwise table)."""

    def __init__(self, name, nin, fn, out_dtype, infix=None, precedence=None,
                 pp_name=None, nout=1, commutative=False):
        self.name = name
        self.nin = nin
        self.nout = nout
        self.fn = fn
        self.out_dtype = out_dtype
        self.infix = infix
        self.precedence = precedence
        self.pp_name = pp_name or name
        self.commutative = commutative

    def __str__(self):
        return self.name

    __repr__ = __str__

    def output_dtype(self, *dtypes):
        return self.out_dtype(*dtypes)

    def __call__(self, *inputs):
        """Returns this op applied to scalar variables (``theano.scalar.add(x, y)``).

        theanox/scalar/basic.py registers the rule (it sits above this module).
        """
        if not SCALAR_APPLY:
            raise RuntimeError("import theanox.scalar to apply scalar ops to scalars")
        return SCALAR_APPLY[0](self, *inputs)


# [apply(scalar_op, *inputs)], registered by theanox/scalar/basic.py.
SCALAR_APPLY = []


# --------------------------------------------------------------- dtype rules

def same_dtype(*ds):
    return upcast(*ds)


def float_dtype(*ds):
    return upgrade_to_float(upcast(*ds))


def float_no_complex(*ds):
    return upgrade_to_float_no_complex(upcast(*ds))


def bool_dtype(*ds):
    return "bool"


def int_only(*ds):
    out = upcast(*ds)
    n_bool = sum(d == "bool" for d in ds)
    if out not in discrete_dtypes or 0 < n_bool < len(ds):
        raise TypeError("input to a BitOp must have type (u)int8, (u)int16, (u)int32 or "
                        "(u)int64 or be all bools, got %s; cast with T.cast(x, 'int8')"
                        % ", ".join(ds))
    return out


def no_bool_out(*ds):
    out = upcast(*ds)
    if out == "bool":
        raise TypeError("bool output not supported: %s of two bool tensors; cast one to "
                        "int8 first" % "sub")
    return out


def no_bool_in(*ds):
    if "bool" in ds:
        raise TypeError("bool input not supported: cast it with T.cast(x, 'int8') first")
    return upcast(*ds)


def bool_to_int8(*ds):
    out = upcast(*ds)
    return "int8" if out == "bool" else out


def sgn_dtype(d):
    if d == "bool":
        raise TypeError("bool: sgn of a bool tensor is not supported; cast it to int8")
    if d.startswith("complex"):
        raise TypeError("complex argument not supported by sgn")
    return d


def float_only(d):
    if d not in ("float16", "float32", "float64"):
        raise TypeError("only float type are supported by round (got %s); cast to a float "
                        "dtype first" % d)
    return d


def angle_dtype(d):
    return "float32" if d == "complex64" else "float64"


def clip_dtype(x, lo, hi):
    if any(d.startswith("complex") for d in (x, lo, hi)):
        raise TypeError("complex type are not supported by clip")
    return upcast(x, lo, hi)


def real_of_complex(d):
    return {"complex64": "float32", "complex128": "float64"}.get(d, d)


def complex_dtype(*ds):
    if any(d.startswith("complex") for d in ds):
        raise TypeError("complex inputs are not supported: the inputs are the real parts")
    return "complex64" if float_no_complex(*ds) == "float32" else "complex128"


def true_div_dtype(*ds):
    if all(d in discrete_dtypes for d in ds):
        # Theano 1.0.5 on Python 3: x / y of two ints is floatX whatever
        # config.int_division says (only T.div_proxy reads it).
        return config.floatX
    return float_dtype(*ds)


class Elemwise(Op):
    """Returns an elementwise application of ``scalar_op`` over broadcast tensors."""

    __props__ = ("scalar_op",)

    def __init__(self, scalar_op, inplace_pattern=None, name=None):
        self.scalar_op = scalar_op
        self.inplace_pattern = inplace_pattern or {}
        self._name = name         # Theano: a given name is what the op prints

    def __eq__(self, other):
        return type(other) is type(self) and other.scalar_op is self.scalar_op

    def __hash__(self):
        return hash((Elemwise, id(self.scalar_op)))

    def __str__(self):
        # Theano names the table's ops ``Elemwise{add,no_inplace}``; casts and fused
        # Composites print bare (``Elemwise{Cast{int32}}``).
        if self._name is not None:
            return self._name
        return "Elemwise{%s%s}" % (self.scalar_op,
                                   getattr(self.scalar_op, "elemwise_suffix", ",no_inplace"))

    def __reduce__(self):
        # Table rows and casts hold lambdas: pickle them by name (graphs and models
        # holding symbolic variables are pickled by legacy code).
        if isinstance(self.scalar_op, Cast):
            return cast_elemwise, (self.scalar_op.dtype,)
        for name, sop in SCALAR_OPS.items():
            if sop is self.scalar_op:
                return _elemwise_by_name, (name,)
        return object.__reduce__(self)

    @property
    def name(self):
        return str(self)

    @property
    def nfunc_spec(self):
        return None

    def make_node(self, *inputs):
        inputs = [as_tensor_variable(i) for i in inputs]
        if len(inputs) != self.scalar_op.nin and self.scalar_op.nin != -1:
            raise TypeError("%s takes %d inputs, got %d" % (self, self.scalar_op.nin, len(inputs)))
        ndim = max(i.ndim for i in inputs)
        inputs = [i if i.ndim == ndim else
                  DimShuffle(i.broadcastable, ["x"] * (ndim - i.ndim) + list(range(i.ndim)))(i)
                  for i in inputs]
        bcast = tuple(all(i.broadcastable[d] for i in inputs) for d in range(ndim))
        dtype = self.scalar_op.output_dtype(*[i.dtype for i in inputs])
        outs = [TensorType(dtype, bcast)() for _ in range(self.scalar_op.nout)]
        return Apply(self, inputs, outs)

    def jax(self, *values, node=None):
        _check_shapes(node, values)
        dtype = node.outputs[0].dtype
        # A fused Composite casts step by step itself (an integer step stays integer).
        if dtype[0] in "fc" and self.scalar_op.name not in _NO_INPUT_CAST \
                and not getattr(self.scalar_op, "inner_graph", False):
            # Compute in the output precision: exp(int32) is float64 (JAX alone would
            # compute it in float32), and x / y of two ints is floatX.
            values = [_upgrade_input(v, dtype) for v in values]
        out = self.scalar_op.fn(*values)
        if self.scalar_op.nout == 1:
            return _as_dtype(out, dtype)
        return tuple(_as_dtype(o, v.dtype) for o, v in zip(out, node.outputs))


_NO_INPUT_CAST = ("switch", "second", "identity")


def _check_shapes(node, values):
    """Raises Theano's ValueError when inputs disagree on a non-broadcastable dimension.

    Shapes are known while tracing, so this costs nothing at run time.  A size-1
    dimension broadcasts only when its type says so (Theano), not because of its size.
    """
    inputs = node.inputs
    for d in range(node.outputs[0].ndim):
        first = None
        for k, (v, i) in enumerate(zip(values, inputs)):
            shape = np.shape(v)
            if len(shape) != len(i.broadcastable) or i.broadcastable[d]:
                continue
            if first is None:
                first = (k, shape[d])
            elif shape[d] != first[1]:
                hint = ""
                if 1 in (shape[d], first[1]):
                    one = first[0] if first[1] == 1 else k
                    hint = ("\nInput %d (%s) has length 1 in dimension %d but its type %s "
                            "does not broadcast there. To broadcast it, declare the dimension "
                            "broadcastable: T.row/T.col, T.addbroadcast(x, %d), or "
                            "theano.shared(value, broadcastable=...)."
                            % (one, inputs[one], d, inputs[one].type, d))
                raise ValueError("Input dimension mis-match. (input[%d].shape[%d] = %d, "
                                 "input[%d].shape[%d] = %d)%s"
                                 % (first[0], d, first[1], k, d, shape[d], hint))


def _upgrade_input(v, dtype):
    kind = np.dtype(v.dtype if hasattr(v, "dtype") else np.asarray(v).dtype)
    if kind.kind in "biu" or (kind.kind == "f" and dtype[0] == "f"
                              and kind.itemsize < np.dtype(dtype).itemsize):
        return _as_dtype(v, dtype)
    return v


def _as_dtype(x, dtype):
    import jax.numpy as jnp
    x = jnp.asarray(x)
    if x.dtype == dtype:
        return x
    if x.dtype.kind == "f" and np.dtype(dtype).kind in "iu":
        return float_to_int_x86(x, dtype)
    if x.dtype == bool and np.dtype(dtype).kind in "fc":
        # XLA rewrites convert(bool) * y and dot(convert(bool), y) into a select, which
        # turns 0 * NaN into 0; Theano (IEEE arithmetic) keeps the NaN.
        import jax
        return jax.lax.optimization_barrier(x.astype(dtype))
    return x.astype(dtype)


def _cvtt(x, bits):
    """x86's truncating conversion to a signed ``bits``-bit int (cvttsd2si): values out
    of range and NaN give the "integer indefinite" INT_MIN."""
    jnp = _j()
    lim = 2.0 ** (bits - 1)
    ok = (x >= -lim) & (x < lim)                 # False for NaN
    it = "int%d" % bits
    return jnp.where(ok, jnp.where(ok, x, 0).astype(it), jnp.iinfo(it).min)


def float_to_int_x86(x, dtype):
    """Returns ``x.astype(dtype)`` as NumPy computes it on x86 (what Theano's C code does
    for in-range values), not XLA's saturating conversion: narrow ints go through an
    int32 conversion and keep the low bits (300.7 -> uint8 44, -2.5 -> 254), int32/int64
    give INT_MIN for NaN and out-of-range values, and uint32/uint64 convert values from
    2**(n-1) up by subtracting 2**(n-1) and setting the top bit back."""
    jnp = _j()
    x = x.astype("float64")             # exact for float16/float32, as NumPy converts
    bits = np.dtype(dtype).itemsize * 8
    if dtype in ("int32", "int64"):
        return _cvtt(x, bits)
    if bits < 32:
        return _cvtt(x, 32).astype(dtype)     # int -> narrower int keeps the low bits
    half = 2.0 ** (bits - 1)
    top = np.array(1 << (bits - 1), dtype).astype("int%d" % bits)   # INT_MIN bit pattern
    high = _cvtt(x - half, bits) ^ top
    return jnp.where(x >= half, high, _cvtt(x, bits)).astype(dtype)


class DimShuffle(Op):
    """Returns a view with dimensions reordered, dropped (length 1) or added ('x')."""

    __props__ = ("input_broadcastable", "new_order")

    def __init__(self, input_broadcastable, new_order, inplace=False):
        self.input_broadcastable = tuple(input_broadcastable)
        self.new_order = tuple(new_order)
        for i, b in enumerate(self.input_broadcastable):
            if i not in self.new_order and not b:
                raise ValueError(
                    "You cannot drop a non-broadcastable dimension: dimshuffle%s of an input "
                    "with broadcastable %s drops dimension %d. Use addbroadcast if it has "
                    "length 1." % (self.new_order, self.input_broadcastable, i))
        self.drop = [i for i in range(len(input_broadcastable)) if i not in self.new_order]
        self.shuffle = [d for d in self.new_order if d != "x"]
        self.augment = [i for i, d in enumerate(self.new_order) if d == "x"]

    def __str__(self):
        return "DimShuffle{%s}" % ",".join(str(d) for d in self.new_order)

    def make_node(self, x):
        x = as_tensor_variable(x)
        if x.broadcastable != self.input_broadcastable:
            if len(x.broadcastable) != len(self.input_broadcastable):
                raise TypeError("DimShuffle%s expects an input of ndim %d, got %s"
                                % (self.new_order, len(self.input_broadcastable), x.type))
        bcast = tuple(True if d == "x" else x.broadcastable[d] for d in self.new_order)
        return Apply(self, [x], [TensorType(x.dtype, bcast)()])

    def jax(self, x, node=None):
        import jax.numpy as jnp
        if isinstance(x, (np.ndarray, np.generic)):
            jnp = np       # a value known while tracing stays known (a host condition)
        if self.drop:
            x = jnp.squeeze(x, axis=tuple(self.drop))
        kept = [i for i in range(len(self.input_broadcastable)) if i not in self.drop]
        perm = [kept.index(d) for d in self.shuffle]
        if perm != sorted(perm):
            x = jnp.transpose(x, perm)
        if self.augment:
            x = jnp.expand_dims(x, tuple(self.augment))
        return x


# ------------------------------------------------------------- the table

def _j():
    import jax.numpy as jnp
    return jnp


def _lazy(name):
    """Returns fn(*args) calling jax.numpy.<name>, imported at lowering time."""
    def fn(*args):
        return getattr(_j(), name)(*args)
    fn.__name__ = name
    return fn


def _kink(name):
    """Returns jax.numpy.<name> with Theano's gradient where it has a kink (tensor/kinks.py)."""
    return theano_kink(name)


def _special(name):
    def fn(*args):
        import jax.scipy.special as sp
        return getattr(sp, name)(*args)
    fn.__name__ = name
    return fn


def _sgn(x):
    jnp = _j()
    if not jnp.issubdtype(x.dtype, jnp.floating):
        return jnp.sign(x)
    # XLA's sign keeps the sign of -0.0; Theano's C code and NumPy give +0.0
    return jnp.where(x == 0, jnp.zeros_like(x), jnp.sign(x))


def _round_half_away(x):
    jnp = _j()
    return jnp.sign(x) * jnp.floor(jnp.abs(x) + 0.5)


def _true_div(a, b):
    return _j().true_divide(a, b)


def _sqr(x):
    return x * x


def _inv(x):
    return 1.0 / x


def _erfcinv(x):
    import jax.scipy.special as sp
    return -sp.ndtri(x / 2.0) / np.sqrt(2.0)


def _bessel_j(order):
    def fn(x):
        import jax.scipy.special as sp
        return sp.bessel_jn(x, v=order)[order]
    fn.__name__ = "j%d" % order
    return fn


def _tri_gamma(x):
    import jax.scipy.special as sp
    return sp.polygamma(1, x)


def _gammal(k, x):
    import jax.scipy.special as sp
    return sp.gammainc(k, x) * sp.gamma(k)


def _gammau(k, x):
    import jax.scipy.special as sp
    return sp.gammaincc(k, x) * sp.gamma(k)


def _chi2sf(x, k):
    import jax.scipy.special as sp
    return sp.gammaincc(k / 2.0, x / 2.0)


def _complex(re, im):
    return _j().asarray(re) + 1j * _j().asarray(im)


def _complex_from_polar(r, theta):
    jnp = _j()
    return r * jnp.cos(theta) + 1j * (r * jnp.sin(theta))


def _sigmoid(x):
    import jax
    return jax.nn.sigmoid(x)


def _softplus(x):
    import jax
    return jax.nn.softplus(x)


def _log1mexp(x):
    jnp = _j()
    return jnp.where(x > -0.693, jnp.log(-jnp.expm1(x)), jnp.log1p(-jnp.exp(x)))


def whole_switch_condition(node):
    """Returns the 0-d ``c`` when ``node`` is ``switch(c, x, y)`` picking arrays whole.

    That is a switch whose result has a dimension and whose condition is a 0-d value
    broadcast (``DimShuffle{x,...}``): it returns ``x`` or ``y`` entire, so a program
    may decide it before running (compile/staging.py).  Otherwise None.
    """
    if not isinstance(node.op, Elemwise) or node.op.scalar_op.name != "switch" \
            or node.outputs[0].ndim == 0:
        return None
    cond = node.inputs[0]
    if cond.owner is not None and isinstance(cond.owner.op, DimShuffle) \
            and cond.owner.op.input_broadcastable == ():
        return cond.owner.inputs[0]
    return None


def _switch(c, a, b):
    if isinstance(c, (np.ndarray, np.generic)) and np.size(c) == 1:
        # A condition known while tracing (a host value computed from scalar inputs,
        # compile/staging.py): the result is one operand whole, so the other is neither
        # computed nor imported.  Shapes were checked against both (_check_shapes).
        chosen = a if np.asarray(c).reshape(()) != 0 else b
        shape = np.broadcast_shapes(np.shape(c), np.shape(a), np.shape(b))
        xp = np if isinstance(chosen, (np.ndarray, np.generic)) else _j()
        return xp.broadcast_to(chosen, shape)
    return _j().where(c, a, b)


def _pow(a, b):
    jnp = _j()
    if all(jnp.issubdtype(jnp.asarray(v).dtype, jnp.integer)
           or jnp.asarray(v).dtype == bool for v in (a, b)):
        # Theano's C code is ``z = pow(x, y)`` in double, stored into the int output:
        # 2 ** -4 is 0, 0 ** -1 is inf (INT_MIN once converted), 10 ** 20 does not wrap.
        # The caller converts the double to the int dtype as x86 NumPy does.
        return jnp.power(jnp.asarray(a).astype("float64"), jnp.asarray(b).astype("float64"))
    return jnp.power(a, b)


def _int_div(a, b):
    jnp = _j()
    _check_int_divisor(a, b, "integer division by zero")
    return jnp.floor_divide(a, b)


def _mod(a, b):
    _check_int_divisor(a, b, "integer modulo by zero")
    return _j().remainder(a, b)


def _check_int_divisor(a, b, message):
    # Theano's C code raises ZeroDivisionError; XLA would return garbage.  An empty
    # result divides nothing (Theano's loop never runs), so it never raises.
    dtype = b.dtype if hasattr(b, "dtype") else np.asarray(b).dtype
    if np.dtype(dtype).kind in "biu" and np.prod(np.broadcast_shapes(np.shape(a),
                                                                     np.shape(b))) > 0:
        runtime_check(_j().all(b != 0) if not is_concrete(b) else np.all(b != 0),
                      ZeroDivisionError, message)


def _clip(x, lo, hi):
    jnp = _j()
    # Theano's rule, also when lo > hi: x < lo ? lo : (x > hi ? hi : x)
    return jnp.where(x < lo, lo, jnp.where(x > hi, hi, x))


def _second(a, b):
    return _j().broadcast_to(b, _j().broadcast_shapes(a.shape, b.shape))


def _identity(x):
    return x


def _cast_fn(x):
    return x


def _ultra_fast_sigmoid(x):
    jnp = _j()
    # Theano's piecewise approximation (max error about 0.02) kept for matching numbers.
    z = x / 2.0
    ax = jnp.abs(z)
    v = jnp.where(ax < 1.7, 1.5 * z / (1 + ax),
                  jnp.where(ax < 3, (0.935409070603099 + 0.0458812946797165 * (ax - 1.7))
                            * jnp.sign(z), 0.99505475368673 * jnp.sign(z)))
    return 0.5 * v + 0.5


def _softsign(x):
    return x / (1.0 + _j().abs(x))


def _hard_sigmoid(x):
    jnp = _j()
    return jnp.clip(x * 0.2 + 0.5, 0.0, 1.0)


_ROWS = [
    # name, nin, fn, dtype rule, infix, precedence (Theano 1.0 pp: comparisons print lt(a, b))
    ("add", -1, lambda *a: _sum_all(a), same_dtype, "+", -2),
    ("sub", 2, _lazy("subtract"), no_bool_out, "-", -2),
    ("mul", -1, lambda *a: _prod_all(a), same_dtype, "*", -1),
    ("true_div", 2, _true_div, true_div_dtype, "/", -1),
    ("int_div", 2, _int_div, same_dtype, "//", -1),
    ("mod", 2, _mod, same_dtype, None, None),
    ("pow", 2, _pow, bool_to_int8, "**", 1),
    ("maximum", 2, _kink("maximum"), same_dtype, None, None),
    ("minimum", 2, _kink("minimum"), same_dtype, None, None),
    ("lt", 2, _lazy("less"), bool_dtype, None, None),
    ("gt", 2, _lazy("greater"), bool_dtype, None, None),
    ("le", 2, _lazy("less_equal"), bool_dtype, None, None),
    ("ge", 2, _lazy("greater_equal"), bool_dtype, None, None),
    ("eq", 2, _lazy("equal"), bool_dtype, None, None),
    ("neq", 2, _lazy("not_equal"), bool_dtype, None, None),
    ("and_", 2, _lazy("bitwise_and"), int_only, None, None),
    ("or_", 2, _lazy("bitwise_or"), int_only, None, None),
    ("xor", 2, _lazy("bitwise_xor"), int_only, None, None),
    ("invert", 1, _lazy("invert"), int_only, None, None),
    ("neg", 1, _lazy("negative"), no_bool_in, "-", 0),
    ("abs_", 1, _kink("abs"), lambda d: real_of_complex(same_dtype(d)), None, None),
    ("inv", 1, _inv, float_dtype, None, None),
    ("exp", 1, _lazy("exp"), float_dtype, None, None),
    ("exp2", 1, _lazy("exp2"), float_dtype, None, None),
    ("expm1", 1, _lazy("expm1"), float_dtype, None, None),
    ("log", 1, _lazy("log"), float_dtype, None, None),
    ("log2", 1, _lazy("log2"), float_dtype, None, None),
    ("log10", 1, _lazy("log10"), float_dtype, None, None),
    ("log1p", 1, _lazy("log1p"), float_dtype, None, None),
    ("sgn", 1, _sgn, sgn_dtype, None, None),
    ("floor", 1, _lazy("floor"), float_no_complex, None, None),
    ("ceil", 1, _lazy("ceil"), float_no_complex, None, None),
    ("trunc", 1, _lazy("trunc"), float_no_complex, None, None),
    ("round_half_to_even", 1, _lazy("round"), float_only, None, None),
    ("round_half_away_from_zero", 1, _round_half_away, float_only, None, None),
    ("sqr", 1, _sqr, same_dtype, None, None),
    ("sqrt", 1, _lazy("sqrt"), float_dtype, None, None),
    ("deg2rad", 1, _lazy("deg2rad"), float_dtype, None, None),
    ("rad2deg", 1, _lazy("rad2deg"), float_dtype, None, None),
    ("cos", 1, _lazy("cos"), float_dtype, None, None),
    ("sin", 1, _lazy("sin"), float_dtype, None, None),
    ("tan", 1, _lazy("tan"), float_dtype, None, None),
    ("arccos", 1, _lazy("arccos"), float_dtype, None, None),
    ("arcsin", 1, _lazy("arcsin"), float_dtype, None, None),
    ("arctan", 1, _lazy("arctan"), float_dtype, None, None),
    ("arctan2", 2, _lazy("arctan2"), float_dtype, None, None),
    ("cosh", 1, _lazy("cosh"), float_dtype, None, None),
    ("sinh", 1, _lazy("sinh"), float_dtype, None, None),
    ("tanh", 1, _lazy("tanh"), float_dtype, None, None),
    ("arccosh", 1, _lazy("arccosh"), float_dtype, None, None),
    ("arcsinh", 1, _lazy("arcsinh"), float_dtype, None, None),
    ("arctanh", 1, _lazy("arctanh"), float_dtype, None, None),
    ("erf", 1, _special("erf"), float_dtype, None, None),
    ("erfc", 1, _special("erfc"), float_dtype, None, None),
    ("erfcx", 1, _special("erfcx"), float_dtype, None, None),
    ("erfinv", 1, _special("erfinv"), float_dtype, None, None),
    ("erfcinv", 1, _erfcinv, float_dtype, None, None),
    ("gamma", 1, _special("gamma"), float_dtype, None, None),
    ("gammaln", 1, _special("gammaln"), float_dtype, None, None),
    ("psi", 1, _special("digamma"), float_dtype, None, None),
    ("i0", 1, _special("i0"), float_no_complex, None, None),
    ("i1", 1, _special("i1"), float_no_complex, None, None),
    ("j0", 1, _bessel_j(0), float_no_complex, None, None),
    ("j1", 1, _bessel_j(1), float_no_complex, None, None),
    ("tri_gamma", 1, _tri_gamma, float_no_complex, None, None),
    ("gammainc", 2, _special("gammainc"), float_no_complex, None, None),
    ("gammaincc", 2, _special("gammaincc"), float_no_complex, None, None),
    ("gammal", 2, _gammal, float_no_complex, None, None),
    ("gammau", 2, _gammau, float_no_complex, None, None),
    ("chi2sf", 2, _chi2sf, lambda *ds: "float64", None, None),
    ("complex", 2, _complex, complex_dtype, None, None),
    ("complex_from_polar", 2, _complex_from_polar, complex_dtype, None, None),
    ("isnan", 1, _lazy("isnan"), bool_dtype, None, None),
    ("isinf", 1, _lazy("isinf"), bool_dtype, None, None),
    ("switch", 3, _switch, lambda c, a, b: upcast(a, b), None, None),
    ("clip", 3, _clip, clip_dtype, None, None),
    ("second", 2, _second, lambda a, b: b, None, None),
    ("identity", 1, _identity, same_dtype, None, None),
    ("real", 1, _lazy("real"), real_of_complex, None, None),
    ("imag", 1, _lazy("imag"), real_of_complex, None, None),
    ("angle", 1, _lazy("angle"), angle_dtype, None, None),
    ("conj", 1, _lazy("conj"), same_dtype, None, None),
    ("sigmoid", 1, _sigmoid, float_dtype, None, None),
    ("softplus", 1, _softplus, float_dtype, None, None),
    ("scalar_sigmoid", 1, _sigmoid, float_dtype, None, None),
    ("ultra_fast_sigmoid", 1, _ultra_fast_sigmoid, float_dtype, None, None),
    ("hard_sigmoid", 1, _hard_sigmoid, float_dtype, None, None),
    ("softsign", 1, _softsign, float_dtype, None, None),
    ("log1mexp", 1, _log1mexp, float_dtype, None, None),
]


def _sum_all(args):
    out = args[0]
    for a in args[1:]:
        out = out + a
    return out


def _prod_all(args):
    out = args[0]
    for a in args[1:]:
        out = out * a
    return out


SCALAR_OPS = {row[0]: ScalarOp(*row) for row in _ROWS}
SCALAR_OPS["add"].commutative = SCALAR_OPS["mul"].commutative = True
# pp names that differ from the op name, as Theano prints them.
SCALAR_OPS["abs_"].pp_name = "abs_"
SCALAR_OPS["abs_"].name = "abs_"

ELEMWISE = {name: Elemwise(sop) for name, sop in SCALAR_OPS.items()}


class Cast(ScalarOp):
    """Returns the scalar op converting to ``dtype`` (printed ``Cast{int32}``)."""

    elemwise_suffix = ""

    def __init__(self, dtype):
        super().__init__("Cast{%s}" % dtype, 1, _cast_fn, lambda d: dtype, pp_name=dtype)
        self.dtype = dtype


# One cast op per dtype: Elemwise ops are equal when their scalar op is the same
# object, so two casts to one dtype must share it (graphs merge them).
_CASTS = {}
_CASTS_LOCK = threading.Lock()


def _elemwise_by_name(name):
    """Returns the Elemwise op of the table row ``name`` (used when unpickling)."""
    return ELEMWISE[name]


def cast_elemwise(dtype):
    """Returns the (shared) Elemwise op that casts to ``dtype``."""
    op = _CASTS.get(dtype)
    if op is None:
        with _CASTS_LOCK:
            op = _CASTS.get(dtype)
            if op is None:
                op = _CASTS[dtype] = Elemwise(Cast(dtype))
    return op


# ------------------------------------------------- one function per row

def _elemwise_fn(name):
    op = ELEMWISE[name]

    def fn(*args):
        return op(*args)
    fn.__name__ = name
    fn.__doc__ = "Returns %s applied elementwise (broadcasting like NumPy)." % name
    return fn


FUNCTIONS = {name: _elemwise_fn(name) for name in SCALAR_OPS}
globals().update(FUNCTIONS)


def cast(x, dtype):
    """Returns ``x`` converted to ``dtype``; ``x`` itself when it already has it."""
    if dtype == "floatX":
        dtype = config.floatX
    dtype = str(np.dtype(dtype))
    x = as_tensor_variable(x)
    if x.dtype == dtype:
        return x
    if x.dtype.startswith("complex") and not dtype.startswith("complex"):
        raise TypeError("Casting from complex to real is ambiguous: use T.real, T.imag, "
                        "T.abs_ or T.angle")
    return cast_elemwise(dtype)(x)
