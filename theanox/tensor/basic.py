"""theanox.tensor.basic: Theano's ``tensor.basic`` - making tensors, elementwise functions,
casts, shapes, allocation and joining.

The definitions live by concern and are re-exported here: ``conversion.py``
(constant, as_tensor_variable), ``elemwise.py`` (one function per elementwise row,
cast), ``shapes.py`` (shape, reshape, flatten, broadcast patterns).  This module
adds allocation (alloc, zeros, arange, eye), joining (join, stack, concatenate),
tile, choose and the helpers built on them.
"""
import builtins

import numpy as np

from theanox import config
from theanox.graph.basic import Apply, Constant, Op, Variable  # noqa: F401  (T.Constant)
from theanox.graph.lowering import is_concrete, runtime_check
from theanox.tensor import elemwise as E
from theanox.tensor.conversion import (  # noqa: F401
    AsTensorError,
    EmptyConstantError,
    NotScalarConstantError,
    as_tensor,
    as_tensor_variable,
    constant,
    flatten_nested as _flatten_nested,
)
from theanox.tensor.dtypes import upcast
from theanox.tensor.elemwise import FUNCTIONS as _ROW_FUNCTIONS, cast
from theanox.tensor.reduction import all as _all, max as _max, min as _min
from theanox.tensor.shapes import (  # noqa: F401
    Flatten,
    MakeVector,
    Rebroadcast,
    Reshape,
    Shape,
    Shape_i,
    _static_dims,
    addbroadcast,
    flatten,
    get_scalar_constant_value,
    get_vector_length,
    patternbroadcast,
    reshape,
    shape,
    shape_padaxis,
    shape_padleft,
    shape_padright,
    squeeze,
    swapaxes,
    transpose,
    unbroadcast,
)
from theanox.tensor.type import TensorType, discrete_dtypes

_as = as_tensor_variable


# ---------------------------------------------------------- elementwise API

globals().update(_ROW_FUNCTIONS)     # add, sub, exp, ...: one function per row of the table
floor_div = int_div = _ROW_FUNCTIONS["int_div"]
bitwise_and, bitwise_or, bitwise_xor, bitwise_not = (_ROW_FUNCTIONS[n] for n in ("and_", "or_",
                                                                             "xor", "invert"))
where = _ROW_FUNCTIONS["switch"]
fill = _ROW_FUNCTIONS["second"]


def div_proxy(x, y):
    """Returns x / y: integer division for two ints when config.int_division == 'int'."""
    x, y = _as(x), _as(y)
    if x.dtype in discrete_dtypes and y.dtype in discrete_dtypes:
        if config.int_division == "raise":
            raise TypeError("Integer division of %s and %s: use // for integer division or "
                            "cast to float" % (x.dtype, y.dtype))
        if config.int_division == "int":
            return E.int_div(x, y)
    return E.true_div(x, y)


def _make_cast(dtype):
    def fn(x):
        return cast(x, dtype)
    fn.__name__ = "_convert_to_" + dtype
    return fn


for _d in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
           "float16", "float32", "float64", "complex64", "complex128", "bool"):
    globals()["_convert_to_" + _d] = _make_cast(_d)


def round(a, mode=None):  # noqa: A001
    """Returns ``a`` rounded; Theano 1.0's default is half to even."""
    if mode is None:
        mode = "half_to_even"
    if mode == "half_away_from_zero":
        return E.round_half_away_from_zero(a)
    if mode == "half_to_even":
        return E.round_half_to_even(a)
    raise ValueError("round mode must be 'half_to_even' or 'half_away_from_zero', got %r"
                     % (mode,))


def iround(a, mode=None):
    """Returns round(a) as int64."""
    return cast(round(a, mode), "int64")


def isclose(a, b, rtol=1.0e-5, atol=1.0e-8, equal_nan=False):
    """Returns a bool tensor: |a - b| <= atol + rtol * |b| (NumPy's rule)."""
    a, b = _as(a), _as(b)
    diff = E.abs_(E.sub(a, b))
    close = E.le(diff, E.add(atol, E.mul(rtol, E.abs_(b))))
    both_inf = E.and_(E.and_(E.isinf(a), E.isinf(b)), E.eq(a, b))
    close = E.or_(E.and_(close, E.invert(E.isinf(a))), both_inf)
    if equal_nan:
        close = E.or_(close, E.and_(E.isnan(a), E.isnan(b)))
    return close


def allclose(a, b, rtol=1.0e-5, atol=1.0e-8, equal_nan=False):
    """Returns a bool scalar: whether every element of a and b is close."""
    return _all(isclose(a, b, rtol, atol, equal_nan))


def tensor_copy(x):
    """Returns a copy of ``x``."""
    return E.identity(x)


def zeros_like(model, dtype=None, opt=False):
    """Returns a tensor of zeros with the shape (and dtype) of ``model``."""
    model = _as(model)
    return fill(model, constant(0.0, dtype=dtype or model.dtype))


def ones_like(model, dtype=None, opt=False):
    """Returns a tensor of ones with the shape (and dtype) of ``model``."""
    model = _as(model)
    return fill(model, constant(1.0, dtype=dtype or model.dtype))


def ones(shape, dtype=None):
    """Returns a tensor of ones of the given (possibly symbolic) shape."""
    return alloc(np.asarray(1, dtype=dtype or config.floatX), *_shape_list(shape))


def zeros(shape, dtype=None):
    """Returns a tensor of zeros of the given (possibly symbolic) shape."""
    return alloc(np.asarray(0, dtype=dtype or config.floatX), *_shape_list(shape))


def _shape_list(shape):
    if isinstance(shape, (list, tuple)):
        return list(shape)
    shape = _as(shape)
    if shape.ndim == 0:
        return [shape]
    try:
        length = get_vector_length(shape)
    except ValueError:
        raise ValueError("the shape %s has unknown length; give a list or tuple" % shape)
    return [shape[i] for i in range(length)]


# ---------------------------------------------------------------- shapes checked at run time

class SpecifyShape(Op):
    """Returns ``x`` unchanged after checking that its shape equals ``shape``."""

    static_inputs = (1,)

    def make_node(self, x, shape):
        x = _as(x)
        shape = cast(_as(shape, ndim=1), "int64")
        try:
            n = get_vector_length(shape)
        except ValueError:
            n = x.ndim
        if n != x.ndim:
            raise ValueError("specify_shape: %s has %d dimensions but the shape has %d entries"
                             % (x, x.ndim, n))
        return Apply(self, [x, shape], [x.type()])

    def jax(self, x, shape, node=None):
        expected = tuple(int(s) for s in np.asarray(shape))
        if tuple(np.shape(x)) != expected:
            raise AssertionError("specify_shape: got shape %s, expected %s"
                                 % (tuple(np.shape(x)), expected))
        return x


def specify_shape(x, shape):
    """Returns ``x``, asserting at run time that its shape is ``shape``."""
    if isinstance(shape, (list, tuple)):
        shape = stack([cast(_as(s), "int64") for s in shape]) if any(
            isinstance(s, Variable) for s in shape) else constant(np.asarray(shape, "int64"))
    return SpecifyShape()(x, shape)


# ---------------------------------------------------------------- allocation

class Alloc(Op):
    """Returns a tensor of the given shape filled with ``value`` (broadcast)."""

    # Every input after the value is a dimension length: positions 1 to NumPy's
    # maximum number of dimensions (NPY_MAXDIMS, 64).
    static_inputs = range(1, 65)

    def make_node(self, value, *shape):
        value = _as(value)
        shape = [cast(_as(s), "int64") for s in shape]
        for s in shape:
            if s.ndim != 0:
                raise TypeError("alloc: each dimension must be a scalar, got %s" % s.type)
        if len(shape) < value.ndim:
            raise TypeError("alloc: the value has %d dims but only %d sizes were given"
                            % (value.ndim, len(shape)))
        bcast = _static_dims(shape)
        return Apply(self, [value] + shape, [TensorType(value.dtype, bcast)()])

    def jax(self, value, *shape, node=None):
        import jax.numpy as jnp
        return jnp.broadcast_to(jnp.asarray(value, node.outputs[0].dtype),
                                tuple(int(s) for s in shape))


alloc = Alloc()


class ARange(Op):
    """Returns evenly spaced values in [start, stop) (bounds computed on the host)."""

    __props__ = ("dtype",)
    static_inputs = (0, 1, 2)

    def __init__(self, dtype):
        self.dtype = dtype

    def __str__(self):
        return "ARange{dtype='%s'}" % self.dtype

    def make_node(self, start, stop, step):
        return Apply(self, [_as(start), _as(stop), _as(step)], [TensorType(self.dtype, (False,))()])

    def jax(self, start, stop, step, node=None):
        return np.arange(start, stop, step, dtype=self.dtype)


def arange(start, stop=None, step=1, dtype=None):
    """Returns a vector like numpy.arange (int64 for integer bounds)."""
    if stop is None:
        start, stop = 0, start
    start, stop, step = _as(start), _as(stop), _as(step)
    if dtype is None:
        dtype = upcast(start.dtype, stop.dtype, step.dtype)
        if dtype in discrete_dtypes:
            dtype = "int64"
    return ARange(str(np.dtype(dtype)))(start, stop, step)


class Eye(Op):
    """Returns a 2-D tensor with ones on the k-th diagonal."""

    __props__ = ("dtype",)
    static_inputs = (0, 1, 2)

    def __init__(self, dtype=None):
        self.dtype = dtype or config.floatX

    def __str__(self):
        return "Eye{dtype='%s'}" % self.dtype

    def make_node(self, n, m, k):
        return Apply(self, [_as(n), _as(m), _as(k)], [TensorType(self.dtype, (False, False))()])

    def jax(self, n, m, k, node=None):
        return np.eye(int(n), int(m), int(k), dtype=self.dtype)


def eye(n, m=None, k=0, dtype=None):
    """Returns an n x m matrix with ones on diagonal ``k``."""
    return Eye(dtype)(n, n if m is None else m, k)


def identity_like(x):
    """Returns the identity matrix with the shape of ``x``."""
    x = _as(x)
    return eye(x.shape[0], x.shape[1], k=0, dtype=x.dtype)


# ---------------------------------------------------------------- joining

class Join(Op):
    """Returns tensors joined along an axis (the first input)."""

    def make_node(self, axis, *tensors):
        axis = _as(axis)
        tensors = [_as(t) for t in tensors]
        if not tensors:
            raise ValueError("join needs at least one tensor")
        ndim = tensors[0].ndim
        if ndim == 0 or any(t.ndim != ndim for t in tensors):
            raise TypeError("join: all tensors must have the same ndim (>= 1), got %s"
                            % [str(t.type) for t in tensors])
        dtype = upcast(*[t.dtype for t in tensors])
        try:
            ax = int(get_scalar_constant_value(axis))
            ax = ax + ndim if ax < 0 else ax
            bcast = [all(t.broadcastable[d] for t in tensors) if d != ax else False
                     for d in range(ndim)]
        except NotScalarConstantError:
            bcast = [False] * ndim
        return Apply(self, [axis] + tensors, [TensorType(dtype, bcast)()])

    static_inputs = (0,)

    def jax(self, axis, *tensors, node=None):
        import jax.numpy as jnp
        dtype = node.outputs[0].dtype
        return jnp.concatenate([jnp.asarray(t, dtype) for t in tensors], axis=int(axis))


join_ = Join()


def join(axis, *tensors_list):
    """Returns the tensors concatenated along ``axis``."""
    if len(tensors_list) == 1:
        return _as(tensors_list[0])
    return join_(axis, *tensors_list)


def concatenate(tensor_list, axis=0):
    """Returns the tensors in ``tensor_list`` concatenated along ``axis``."""
    if not isinstance(tensor_list, (list, tuple)):
        raise TypeError("concatenate expects a list of tensors (did you mean "
                        "concatenate([a, b], axis)?)")
    return join(axis, *tensor_list)


def stack(*tensors, **kwargs):
    """Returns the tensors stacked along a new axis (default 0)."""
    axis = kwargs.pop("axis", 0)
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tensors[0]
    elif len(tensors) >= 2 and isinstance(tensors[0], (list, tuple)):
        tensors, axis = tensors[0], tensors[1]
    if not tensors:
        raise ValueError("stack needs at least one tensor")
    tensors = [_as(t) for t in tensors]
    if all(t.ndim == 0 for t in tensors) and axis == 0:
        return MakeVector(upcast(*[t.dtype for t in tensors]))(*tensors)
    return join(axis, *[shape_padaxis(t, axis) for t in tensors])


@as_tensor_variable.register(list)
@as_tensor_variable.register(tuple)
def _sequence_as_tensor(x, name=None, ndim=None):
    """Returns the stack of a list holding variables; a list of numbers is a constant."""
    if any(isinstance(i, Variable) for i in _flatten_nested(x)):
        return stack([as_tensor_variable(i) for i in x])
    return as_tensor_variable.dispatch(object)(x, name=name, ndim=ndim)


def stacklists(arg):
    """Returns a tensor built from nested lists of tensors (shape from the nesting)."""
    if isinstance(arg, (tuple, list)):
        return stack([stacklists(a) for a in arg])
    return arg


def horizontal_stack(*args):
    return concatenate(args, axis=1)


def vertical_stack(*args):
    return concatenate(args, axis=0)


class Tile(Op):
    """Returns ``x`` repeated ``reps`` times along each axis (numpy.tile)."""

    __props__ = ("ndim",)
    static_inputs = (1,)

    def __init__(self, ndim):
        self.ndim = ndim

    def make_node(self, x, reps):
        return Apply(self, [_as(x), cast(_as(reps, ndim=1), "int64")],
                     [TensorType(_as(x).dtype, (False,) * self.ndim)()])

    def jax(self, x, reps, node=None):
        import jax.numpy as jnp
        return jnp.tile(x, tuple(int(r) for r in reps))


def tile(x, reps, ndim=None):
    """Returns ``x`` tiled ``reps`` times (numpy.tile)."""
    x = _as(x)
    if isinstance(reps, (list, tuple)):
        n = len(reps)
        reps = stack([cast(_as(r), "int64") for r in reps]) if any(
            isinstance(r, Variable) for r in reps) else constant(np.asarray(reps, "int64"))
    else:
        n = get_vector_length(reps)
    return Tile(ndim or builtins.max(x.ndim, n))(x, reps)


class Choose(Op):
    """Returns numpy.choose(a, choices)."""

    __props__ = ("mode",)

    def __init__(self, mode="raise"):
        self.mode = mode

    def make_node(self, a, choices):
        a = _as(a)
        if isinstance(choices, (list, tuple)):
            choices = stack([_as(c) for c in choices])
        choices = _as(choices)
        ndim = builtins.max(a.ndim, choices.ndim - 1)
        return Apply(self, [a, choices], [TensorType(choices.dtype, (False,) * ndim)()])

    def jax(self, a, choices, node=None):
        import jax.numpy as jnp
        if self.mode == "raise":
            # NumPy's mode='raise' (XLA cannot raise): a run-time check, then clip.
            n = np.shape(choices)[0]
            ok = (a >= 0) & (a < n)
            runtime_check(np.all(ok) if is_concrete(ok) else jnp.all(ok), ValueError,
                          "invalid entry in choice array: an index is outside [0, %d); use "
                          "mode='clip' or mode='wrap' to map it into range" % n)
        return jnp.choose(a, choices, mode="clip" if self.mode == "raise" else self.mode)


def choose(a, choices, out=None, mode="raise"):
    """Returns the elements of ``choices`` picked by the index array ``a``."""
    return Choose(mode)(a, choices)


def ptp(a, axis=None):
    """Returns max - min along ``axis``."""
    return E.sub(_max(a, axis), _min(a, axis))

