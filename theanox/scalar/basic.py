"""``theano.scalar``: 0-d symbolic scalars and the scalar ops of Theano's elementwise table.

A ``Scalar`` variable is a single number (Theano's ``theano.scalar`` types, distinct
from 0-d tensors).  Inside a program its value is a 0-d array; a compiled function
takes Python or NumPy numbers for it and returns NumPy scalars, as Theano does.
The scalar ops are the rows of theanox/tensor/elemwise.py (``scalar.add is
T.add``'s scalar op), so ``T.Elemwise(scalar.add)`` is the tensor op and
``scalar.add(x, y)`` applies the row to scalars.
"""
import threading
import warnings

import numpy as np

from theanox.graph.basic import Apply, Constant, Op, Variable
from theanox.tensor import elemwise as E
from theanox.tensor.conversion import as_tensor_variable, constant as tensor_constant
from theanox.tensor.dtypes import upcast
from theanox.tensor.type import ALL_DTYPES, TensorType, discrete_dtypes


class Scalar:
    """Returns the type of scalars of one dtype (``str`` is the dtype, as Theano prints it)."""

    ndim = 0
    broadcastable = ()

    def __init__(self, dtype):
        dtype = str(np.dtype(dtype))
        if dtype not in ALL_DTYPES:
            raise TypeError("Unsupported dtype for Scalar: %r; expected one of %s"
                            % (dtype, ", ".join(ALL_DTYPES)))
        self.dtype = dtype

    numpy_dtype = property(lambda self: np.dtype(self.dtype))

    def __call__(self, name=None):
        return ScalarVariable(self, name=name)

    make_variable = __call__

    def make_constant(self, data, name=None):
        return ScalarConstant(self, data, name=name)

    def clone(self, dtype=None):
        return get_scalar_type(dtype or self.dtype)

    def __eq__(self, other):
        return type(other) is type(self) and other.dtype == self.dtype

    def __hash__(self):
        return hash((Scalar, self.dtype))

    def __str__(self):
        return self.dtype

    def __repr__(self):
        return "Scalar(%s)" % self.dtype

    def filter(self, data, strict=False, allow_downcast=None):
        """Returns ``data`` as a 0-d array of this dtype (Theano's lossless-conversion rules)."""
        tensor_type = TensorType(self.dtype, ())
        try:
            out = tensor_type.filter(data, strict=strict, allow_downcast=allow_downcast)
        except TypeError as e:
            raise TypeError(str(e).replace(str(tensor_type), repr(self))) from None
        return np.asarray(out)

    def to_program(self, value, strict=False, allow_downcast=None):
        return self.filter(value, strict, allow_downcast)

    def to_host(self, value):
        """Returns a program's 0-d result as a NumPy scalar (Theano returns numpy.float64 ...)."""
        return np.asarray(value)[()]

    def is_valid_value(self, value):
        try:
            self.filter(value, strict=True)
            return True
        except TypeError:
            return False

    def values_eq_approx(self, a, b):
        return bool(np.allclose(a, b, equal_nan=True))


_TYPES = {}
_TYPES_LOCK = threading.Lock()


def get_scalar_type(dtype):
    """Returns the (shared) Scalar type of ``dtype``."""
    dtype = str(np.dtype(dtype))
    with _TYPES_LOCK:
        t = _TYPES.get(dtype)
        if t is None:
            t = _TYPES[dtype] = Scalar(dtype)
        return t


bool = get_scalar_type("bool")          # noqa: A001  (Theano's name)
int8, int16, int32, int64 = [get_scalar_type(d) for d in ("int8", "int16", "int32", "int64")]
uint8, uint16, uint32, uint64 = [get_scalar_type(d) for d in
                                 ("uint8", "uint16", "uint32", "uint64")]
float16, float32, float64 = [get_scalar_type(d) for d in ("float16", "float32", "float64")]
complex64, complex128 = get_scalar_type("complex64"), get_scalar_type("complex128")
int_types = int8, int16, int32, int64
uint_types = uint8, uint16, uint32, uint64
float_types = float16, float32, float64
complex_types = complex64, complex128
integer_types = int_types + uint_types
discrete_types = (bool,) + integer_types
continuous_types = float_types + complex_types
all_types = discrete_types + continuous_types


# ------------------------------------------------------------------ variables

class _scalar_py_operators:
    """Returns symbolic results for Python operators on scalars."""

    ndim = 0
    broadcastable = ()
    dtype = property(lambda self: self.type.dtype)

    def __add__(self, o): return add(self, o)
    def __radd__(self, o): return add(o, self)
    def __sub__(self, o): return sub(self, o)
    def __rsub__(self, o): return sub(o, self)
    def __mul__(self, o): return mul(self, o)
    def __rmul__(self, o): return mul(o, self)
    def __truediv__(self, o): return _div(self, o)
    def __rtruediv__(self, o): return _div(o, self)
    def __floordiv__(self, o): return int_div(self, o)
    def __rfloordiv__(self, o): return int_div(o, self)
    def __mod__(self, o): return mod(self, o)
    def __rmod__(self, o): return mod(o, self)
    def __pow__(self, o): return pow(self, o)
    def __rpow__(self, o): return pow(o, self)
    def __neg__(self): return neg(self)
    def __abs__(self): return abs_(self)
    def __lt__(self, o): return lt(self, o)
    def __le__(self, o): return le(self, o)
    def __gt__(self, o): return gt(self, o)
    def __ge__(self, o): return ge(self, o)

    def zeros_like(self, dtype=None):
        return second(self, constant(0, dtype=dtype or self.dtype))

    def astype(self, dtype):
        return cast(self, dtype)


def _div(x, y):
    # Theano: x / y of two integer scalars is an integer division (deprecated).
    x, y = as_scalar(x), as_scalar(y)
    if x.dtype in discrete_dtypes and y.dtype in discrete_dtypes:
        warnings.warn("Division of two integer types with x / y is deprecated, please use "
                      "x // y for an integer division.", DeprecationWarning, stacklevel=3)
        return int_div(x, y)
    return true_div(x, y)


class ScalarVariable(_scalar_py_operators, Variable):
    """Returns a symbolic scalar."""

    __hash__ = Variable.__hash__


class ScalarConstant(_scalar_py_operators, Constant):
    """Returns a constant scalar (``data`` is a 0-d array)."""

    def __str__(self):
        if self.name is not None:
            return self.name
        return "Constant{%s}" % (self.data[()] if hasattr(self.data, "shape") else self.data)

    __hash__ = Constant.__hash__


def constant(x, name=None, dtype=None):
    """Returns a ScalarConstant; Python numbers get Theano's autocast dtype (2 -> int8)."""
    data = tensor_constant(x, dtype=dtype).data
    if np.ndim(data) != 0:
        raise TypeError("scalar.constant expects a number, got an array of shape %s"
                        % (np.shape(data),))
    return get_scalar_type(str(data.dtype)).make_constant(data, name=name)


def as_scalar(x, name=None):
    """Returns ``x`` as a scalar variable: scalars pass, 0-d tensors convert, numbers become constants."""
    if isinstance(x, Apply):
        if len(x.outputs) != 1:
            raise ValueError("It is ambiguous which output of a multi-output Op has to be "
                             "fetched.", x)
        x = x.outputs[0]
    if isinstance(x, Variable):
        if isinstance(x.type, Scalar):
            return x
        if isinstance(x.type, TensorType) and x.ndim == 0:
            return scalar_from_tensor(x)
        raise TypeError("Variable type field must be a Scalar: cannot convert %s of type %s "
                        "to a scalar" % (x, x.type))
    try:
        return constant(x, name=name)
    except (TypeError, ValueError) as e:
        raise TypeError("Cannot convert %r to a scalar: %s" % (x, e)) from None


convert = constant


# ------------------------------------------------------------------ applying scalar ops

class ScalarApply(Op):
    """Returns the application of one elementwise-table row to scalar inputs."""

    __props__ = ("scalar_op",)
    applies_scalar_op = True         # printed like Elemwise (theanox/printing.py)

    def __init__(self, scalar_op):
        self.scalar_op = scalar_op

    def __eq__(self, other):
        return type(other) is type(self) and other.scalar_op is self.scalar_op

    def __hash__(self):
        return hash((ScalarApply, id(self.scalar_op)))

    def __str__(self):
        return str(self.scalar_op)

    def make_node(self, *inputs):
        sop = self.scalar_op
        inputs = [as_scalar(i) for i in inputs]
        if sop.nin >= 0 and len(inputs) != sop.nin:
            raise TypeError("%s takes %d inputs, got %d" % (sop, sop.nin, len(inputs)))
        dtype = sop.output_dtype(*[i.dtype for i in inputs])
        n_out = getattr(sop, "nout", 1)
        return Apply(self, inputs, [get_scalar_type(dtype)() for _ in range(n_out)])

    def jax(self, *values, node=None):
        import jax.numpy as jnp
        out = self.scalar_op.fn(*values)
        if isinstance(out, tuple):
            return tuple(jnp.asarray(o, v.dtype) for o, v in zip(out, node.outputs))
        return jnp.asarray(out, node.outputs[0].dtype)


_APPLY_OPS = {}
_APPLY_LOCK = threading.Lock()


def _apply(scalar_op, *inputs):
    with _APPLY_LOCK:
        op = _APPLY_OPS.get(id(scalar_op))
        if op is None:
            op = _APPLY_OPS[id(scalar_op)] = ScalarApply(scalar_op)
    return op(*inputs)          # Op.__call__: test values too


E.SCALAR_APPLY.append(_apply)

# Every row of the elementwise table is a scalar op of this module.
globals().update(E.SCALAR_OPS)
abs_ = E.SCALAR_OPS["abs_"]
add, sub, mul, true_div, int_div, mod, pow = [E.SCALAR_OPS[n] for n in (
    "add", "sub", "mul", "true_div", "int_div", "mod", "pow")]
neg, lt, le, gt, ge, second = [E.SCALAR_OPS[n] for n in ("neg", "lt", "le", "gt", "ge",
                                                        "second")]
div_proxy = _div


def cast(x, dtype):
    """Returns the scalar ``x`` converted to ``dtype``."""
    x = as_scalar(x)
    dtype = str(np.dtype(dtype))
    if x.dtype == dtype:
        return x
    return E.cast_elemwise(dtype).scalar_op(x)


def _convert_fn(dtype):
    def f(x):
        return cast(x, dtype)
    f.__name__ = "convert_to_" + dtype
    return f


for _d in ALL_DTYPES:
    globals()["convert_to_" + _d] = _convert_fn(_d)


# ------------------------------------------------------------------ tensor <-> scalar

class ScalarFromTensor(Op):
    """Returns the scalar holding a 0-d tensor's value."""

    __props__ = ()

    def __str__(self):
        return "ScalarFromTensor"

    def make_node(self, t):
        if not isinstance(getattr(t, "type", None), TensorType) or t.ndim != 0:
            raise TypeError("ScalarFromTensor needs a 0-d tensor, got %s" % (t,))
        return Apply(self, [t], [get_scalar_type(t.dtype)()])

    def jax(self, t, node=None):
        return t


class TensorFromScalar(Op):
    """Returns the 0-d tensor holding a scalar's value."""

    __props__ = ()

    def __str__(self):
        return "TensorFromScalar"

    def make_node(self, s):
        s = as_scalar(s)
        return Apply(self, [s], [TensorType(s.dtype, ())()])

    def jax(self, s, node=None):
        return s


scalar_from_tensor = ScalarFromTensor()
tensor_from_scalar = TensorFromScalar()


# ------------------------------------------------------------------ dtype rules

def upcast_out(*types):
    """Returns (the upcast Scalar type of ``types``,): Theano's output_types_preference."""
    return (get_scalar_type(upcast(*[t.dtype for t in types])),)


def upcast_out_nobool(*types):
    t = upcast_out(*types)
    if t[0] == bool:
        raise TypeError("bool output not supported")
    return t


def same_out(type):
    return (type,)


def same_out_nobool(type):
    if type == bool:
        raise TypeError("bool input not supported")
    return (type,)


def upgrade_to_float(*types):
    """Returns (float type,): integers up to int16 become float32, larger ones float64."""
    conv = {"bool": "float32", "int8": "float32", "int16": "float32", "uint8": "float32",
            "uint16": "float32", "int32": "float64", "int64": "float64", "uint32": "float64",
            "uint64": "float64"}
    return (get_scalar_type(upcast(*[conv.get(t.dtype, t.dtype) for t in types])),)


def upgrade_to_float_no_complex(*types):
    for t in types:
        if t in complex_types:
            raise TypeError("complex argument not supported")
    return upgrade_to_float(*types)


def float_out(*types):
    return (float64,)


def int_out(*types):
    return (int64,)


def complex_out(*types):
    return (complex128,)


def bool_out(*types):
    return (bool,)


class transfer_type:
    """Returns the output types as the types of the inputs at ``transfer`` positions."""

    def __init__(self, *transfer):
        self.transfer = transfer

    def __call__(self, *types):
        return tuple(types[i] if isinstance(i, int) else get_scalar_type(i)
                     for i in self.transfer)


class specific_out:
    """Returns fixed output types."""

    def __init__(self, *spec):
        self.spec = spec

    def __call__(self, *types):
        return self.spec


# Theano's as_tensor_variable turns a scalar into a 0-d tensor (tensor_from_scalar).
def _scalar_as_tensor(x, name=None, ndim=None):
    t = tensor_from_scalar(x)
    if ndim not in (None, 0):
        return as_tensor_variable(t, name=name, ndim=ndim)
    return t


as_tensor_variable.register(ScalarVariable)(_scalar_as_tensor)
as_tensor_variable.register(ScalarConstant)(_scalar_as_tensor)


# ------------------------------------------------------------------ users' scalar ops

class ScalarOp(E.ScalarOp):
    """Returns a user-defined scalar op, Theano style: subclass it and define ``impl``.

    ``output_types_preference`` (``upgrade_to_float``, ``same_out`` ...) gives the
    output type; ``impl(*xs)`` computes it.  ``T.Elemwise(op)`` applies it
    elementwise inside the jitted program: ``impl`` is traced with JAX values when
    it is plain arithmetic, else it runs on the host through a callback
    (``numpy.vectorize`` over the elements).  A ``grad(inputs, output_gradients)``
    method written with scalar ops is honoured (``jax.custom_vjp``); without one the
    gradient is JAX's derivative of ``impl`` (none for a host callback).
    ``c_code`` and the other C methods are not used.
    """

    nin = -1
    nout = 1
    infix = None
    precedence = None
    commutative = False
    elemwise_suffix = ""             # Theano prints T.Elemwise(op) as Elemwise{name}

    def __init__(self, output_types_preference=None, name=None):
        self.output_types_preference = output_types_preference
        self.name = name or type(self).__name__.lower()
        self.pp_name = self.name
        self._built = None

    def __str__(self):
        return self.name

    def output_types(self, types):
        if self.output_types_preference is None:
            raise NotImplementedError(
                "%s has no output_types_preference: pass one (e.g. upgrade_to_float) or "
                "define output_types(self, types)" % type(self).__name__)
        return self.output_types_preference(*types)

    def output_dtype(self, *dtypes):
        types = self.output_types([get_scalar_type(d) for d in dtypes])
        if len(types) != 1:
            raise NotImplementedError("%s: only scalar ops with one output are supported, "
                                      "got %d output types" % (self.name, len(types)))
        return types[0].dtype

    def impl(self, *inputs):
        raise NotImplementedError("%s must define impl(*inputs)" % type(self).__name__)

    @property
    def fn(self):
        if self._built is None:
            self._built = _build_user_fn(self)
        return self._built

    def __eq__(self, other):
        return type(other) is type(self) and \
            other.output_types_preference == self.output_types_preference \
            and other.name == self.name

    def __hash__(self):
        return hash((type(self), self.name))


class UnaryScalarOp(ScalarOp):
    """Returns a user-defined scalar op of one input (see ScalarOp)."""

    nin = 1


class BinaryScalarOp(ScalarOp):
    """Returns a user-defined scalar op of two inputs (see ScalarOp)."""

    nin = 2


def _build_user_fn(op):
    """Returns the JAX function of a user's scalar op: impl traced or called back, grad honoured."""
    import jax
    import jax.numpy as jnp

    def forward(*xs):
        dtype = op.output_dtype(*[str(jnp.result_type(x)) for x in xs])
        try:
            return jnp.asarray(op.impl(*xs), dtype)
        except (TypeError, jax.errors.TracerArrayConversionError,
                jax.errors.ConcretizationTypeError):
            return _host_impl(op, xs)

    if type(op).grad is ScalarOp.grad:
        return forward

    @jax.custom_vjp
    def with_grad(*xs):
        return forward(*xs)

    def fwd(*xs):
        return forward(*xs), xs

    def bwd(xs, g):
        grads = _user_grad_values(op, xs, g)
        out = []
        for x, gx in zip(xs, grads):
            gx = jnp.zeros(np.shape(x), jnp.result_type(x)) if gx is None else gx
            gx = jnp.broadcast_to(gx, np.broadcast_shapes(np.shape(gx), np.shape(g)))
            # sum over the axes the input was broadcast along
            extra = gx.ndim - np.ndim(x)
            gx = jnp.sum(gx, axis=tuple(range(extra))) if extra else gx
            axes = tuple(d for d, n in enumerate(np.shape(x)) if n == 1 and gx.shape[d] != 1)
            gx = jnp.sum(gx, axis=axes, keepdims=True) if axes else gx
            out.append(jnp.asarray(gx, jnp.result_type(x)))
        return tuple(out)

    with_grad.defvjp(fwd, bwd)
    return with_grad


def _grad_unset(self, inputs, output_gradients):
    raise NotImplementedError


ScalarOp.grad = _grad_unset


def _host_impl(op, xs):
    """Returns impl applied element by element on the host (a callback inside the program)."""
    import jax
    import jax.numpy as jnp
    shape = np.broadcast_shapes(*[np.shape(x) for x in xs])
    dtype = op.output_dtype(*[str(jnp.result_type(x)) for x in xs])
    vec = np.vectorize(op.impl, otypes=[dtype])

    def host(*arrays):
        return np.asarray(vec(*arrays), dtype).reshape(shape)
    return jax.pure_callback(host, jax.ShapeDtypeStruct(shape, dtype), *xs,
                             vmap_method="sequential")


def _user_grad_values(op, xs, g):
    """Returns the values of ``op.grad``'s scalar graph at arrays ``xs`` with output gradient ``g``."""
    import jax.numpy as jnp

    from theanox.graph.basic import io_toposort
    ins = [get_scalar_type(str(jnp.result_type(x)))() for x in xs]
    gz = get_scalar_type(str(jnp.result_type(g)))()
    grads = op.grad(ins, [gz])
    if grads is NotImplemented:
        raise NotImplementedError("%s.grad returned NotImplemented for inputs of dtypes %s"
                                  % (type(op).__name__, [i.dtype for i in ins]))
    env = dict(zip(ins, xs))
    env[gz] = g
    outs = [v for v in grads if isinstance(v, Variable)]
    for node in io_toposort(ins + [gz], outs):
        vals = [env[i] if i in env else jnp.asarray(i.data) for i in node.inputs]
        res = node.op.jax(*vals, node=node)
        res = res if isinstance(res, tuple) else (res,)
        env.update(zip(node.outputs, res))
    return [(env[v] if v in env else jnp.asarray(v.data)) if isinstance(v, Variable) else None
            for v in grads]


class Composite(E.ScalarOp):
    """Returns one scalar op computing the scalar graph ``inputs -> outputs`` (one output).

    ``T.Elemwise(Composite(...))`` runs the whole graph elementwise as one op.
    """

    elemwise_suffix = ""

    def __init__(self, inputs, outputs):
        from theanox.graph.basic import io_toposort
        if len(outputs) != 1:
            raise NotImplementedError("Composite with %d outputs is not supported; build one "
                                      "Composite per output" % len(outputs))
        self.inputs, self.outputs = list(inputs), list(outputs)
        self._order = io_toposort(self.inputs, self.outputs)
        for node in self._order:
            if not isinstance(node.op, (ScalarApply,)):
                raise TypeError("Composite: the graph may hold only scalar ops, found %s"
                                % node.op)
        dtype = self.outputs[0].dtype
        super().__init__("Composite{%s}" % self._expr(self.outputs[0]),
                         len(self.inputs), self._evaluate, lambda *ds: dtype)
        self.inner_graph = True

    def _expr(self, v):
        """Returns Theano's printed form of the inner graph: ((i0 * i1) + exp(i0))."""
        if v in self.inputs:
            return "i%d" % self.inputs.index(v)
        if v.owner is None:
            return str(np.asarray(v.data)[()])
        sop = v.owner.op.scalar_op
        parts = [self._expr(i) for i in v.owner.inputs]
        if sop.infix is not None:
            return "(%s%s)" % (sop.infix, parts[0]) if len(parts) == 1 else \
                "(%s)" % (" %s " % sop.infix).join(parts)
        return "%s(%s)" % (sop.pp_name, ", ".join(parts))

    def _evaluate(self, *values):
        import jax.numpy as jnp
        env = dict(zip(self.inputs, values))
        for node in self._order:
            vals = [env[i] if i in env else jnp.asarray(i.data) for i in node.inputs]
            dtype = node.outputs[0].dtype
            if dtype[0] in "fc":
                vals = [E._upgrade_input(v, dtype) for v in vals]
            res = node.op.jax(*vals, node=node)
            env[node.outputs[0]] = res
        out = self.outputs[0]
        return env[out] if out in env else jnp.asarray(out.data)
