"""theanox.tensor.basic: making tensors, elementwise functions, casts, shapes, joins."""
import builtins
import warnings

import numpy as np

from theanox import config
from theanox.graph.basic import Apply, Constant, Op, Variable
from theanox.tensor import elemwise as E
from theanox.tensor.dtypes import autocast_python_scalar, upcast
from theanox.tensor.type import TensorType, discrete_dtypes
from theanox.tensor.var import TensorConstant, TensorVariable


class NotScalarConstantError(Exception):
    """Raised when a variable is not a constant scalar."""


EmptyConstantError = NotScalarConstantError


class AsTensorError(TypeError):
    """Raised when a value cannot be converted to a tensor variable."""


# ------------------------------------------------------------ making tensors

def constant(x, name=None, ndim=None, dtype=None):
    """Returns a TensorConstant for ``x`` (Python numbers follow Theano's autocasting)."""
    if isinstance(x, (bool, int, float, complex, np.bool_)) and dtype is None \
            and (not isinstance(x, np.generic) or isinstance(x, np.bool_)):
        data = autocast_python_scalar(x)
    else:
        data = np.asarray(x, dtype=dtype)
        if dtype is None and data.size == 0 and not hasattr(x, "dtype"):
            data = data.astype(config.floatX)  # Theano: an empty list is floatX
    if data.dtype == object:
        raise TypeError("Cannot make a constant of %r: give numbers or a numeric array" % (x,))
    if ndim is not None:
        if data.ndim < ndim:
            data = data.reshape((1,) * (ndim - data.ndim) + data.shape)
        elif data.ndim > ndim:
            raise ValueError("constant %r has %d dimensions, more than ndim=%d"
                             % (x, data.ndim, ndim))
    bcast = tuple(s == 1 for s in data.shape)
    return TensorConstant(TensorType(data.dtype, bcast), data, name=name)


def as_tensor_variable(x, name=None, ndim=None):
    """Returns ``x`` as a TensorVariable: variables pass through, values become constants."""
    if isinstance(x, Variable):
        if not isinstance(x.type, TensorType):
            raise TypeError("Cannot convert %s of type %s to a tensor" % (x, x.type))
        if ndim is not None and x.ndim != ndim:
            if x.ndim > ndim and all(x.broadcastable[:x.ndim - ndim]):
                return x.dimshuffle(list(range(x.ndim - ndim, x.ndim)))
            raise ValueError("TensorType could not be cast to have %d dimensions: %s has %d"
                             % (ndim, x, x.ndim))
        return x
    if isinstance(x, bool):
        raise AsTensorError(
            "Cannot cast True or False as a tensor variable. Please use np.array(True) or "
            "np.array(False) if you need these constants. This error might be caused by "
            "using the == operator on Variables: v == w does not do what you think it "
            "does, use theanox.tensor.eq(v, w) instead.")
    if hasattr(x, "outputs") and hasattr(x, "op"):
        return as_tensor_variable(x.outputs[0] if len(x.outputs) == 1 else x.default_output())
    if isinstance(x, (list, tuple)) and any(isinstance(i, Variable) for i in _flatten(x)):
        return stack([as_tensor_variable(i) for i in x])
    try:
        return constant(x, name=name, ndim=ndim)
    except TypeError as e:
        raise TypeError("Cannot convert %r to a tensor variable: %s" % (x, e)) from None


_as = as_tensor_variable
as_tensor = as_tensor_variable


def _flatten(x):
    for i in x:
        if isinstance(i, (list, tuple)):
            yield from _flatten(i)
        else:
            yield i


def get_scalar_constant_value(v, elemwise=True, only_process_constants=False,
                              max_recur=10):
    """Returns the number a variable is known to hold, or raises NotScalarConstantError."""
    if isinstance(v, (int, float, np.number, np.ndarray)):
        a = np.asarray(v)
        if a.size == 1:
            return a.reshape(())
    if isinstance(v, Constant):
        a = np.asarray(v.data)
        if a.size == 1 or getattr(v.tag, "unique_value", None) is not None:
            return a.ravel()[0].reshape(()) if a.size else a
    if isinstance(v, Variable) and v.owner is not None and max_recur > 0:
        op = v.owner.op
        if isinstance(op, (E.DimShuffle, Rebroadcast)) or (
                isinstance(op, E.Elemwise) and isinstance(op.scalar_op, E.Cast)):
            val = get_scalar_constant_value(v.owner.inputs[0], max_recur=max_recur - 1)
            return np.asarray(val, dtype=v.dtype)
        if isinstance(op, E.Elemwise) and elemwise and not only_process_constants:
            vals = [get_scalar_constant_value(i, max_recur=max_recur - 1) for i in v.owner.inputs]
            import jax
            with jax.ensure_compile_time_eval():
                return np.asarray(op.scalar_op.fn(*vals), dtype=v.dtype)
    raise NotScalarConstantError(v)


# ---------------------------------------------------------- elementwise API

def _elemwise_fn(name, doc_name=None):
    op = E.ELEMWISE[name]

    def fn(*args):
        return op(*args)
    fn.__name__ = doc_name or name
    fn.__doc__ = "Returns %s applied elementwise (broadcasting like NumPy)." % name
    return fn


for _name in E.SCALAR_OPS:
    globals()[_name] = _elemwise_fn(_name)

abs_ = globals()["abs_"]
floor_div = int_div = globals()["int_div"]
bitwise_and, bitwise_or, bitwise_xor, bitwise_not = and_, or_, xor, invert  # noqa: F821
where = switch  # noqa: F821
round_half_to_even = globals()["round_half_to_even"]
round_half_away_from_zero = globals()["round_half_away_from_zero"]
fill = second  # noqa: F821


def div_proxy(x, y):
    """Returns x / y: integer division for two ints when config.int_division == 'int'."""
    x, y = _as(x), _as(y)
    if x.dtype in discrete_dtypes and y.dtype in discrete_dtypes:
        if config.int_division == "raise":
            raise TypeError("Integer division of %s and %s: use // for integer division or "
                            "cast to float" % (x.dtype, y.dtype))
        if config.int_division == "int":
            return int_div(x, y)  # noqa: F821
    return true_div(x, y)  # noqa: F821


def cast(x, dtype):
    """Returns ``x`` converted to ``dtype``; ``x`` itself when it already has it."""
    if dtype == "floatX":
        dtype = config.floatX
    dtype = str(np.dtype(dtype))
    x = _as(x)
    if x.dtype == dtype:
        return x
    if x.dtype.startswith("complex") and not dtype.startswith("complex"):
        raise TypeError("Casting from complex to real is ambiguous: use T.real, T.imag, "
                        "T.abs_ or T.angle")
    return E.cast_elemwise(dtype)(x)


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
        return round_half_away_from_zero(a)
    if mode == "half_to_even":
        return round_half_to_even(a)
    raise ValueError("round mode must be 'half_to_even' or 'half_away_from_zero', got %r"
                     % (mode,))


def iround(a, mode=None):
    """Returns round(a) as int64."""
    return cast(round(a, mode), "int64")


def isclose(a, b, rtol=1.0e-5, atol=1.0e-8, equal_nan=False):
    """Returns a bool tensor: |a - b| <= atol + rtol * |b| (NumPy's rule)."""
    a, b = _as(a), _as(b)
    diff = abs_(sub(a, b))  # noqa: F821
    close = le(diff, add(atol, mul(rtol, abs_(b))))  # noqa: F821
    both_inf = and_(and_(isinf(a), isinf(b)), eq(a, b))  # noqa: F821
    close = or_(and_(close, invert(isinf(a))), both_inf)  # noqa: F821
    if equal_nan:
        close = or_(close, and_(isnan(a), isnan(b)))  # noqa: F821
    return close


def allclose(a, b, rtol=1.0e-5, atol=1.0e-8, equal_nan=False):
    """Returns a bool scalar: whether every element of a and b is close."""
    from theanox.tensor.reduction import all as all_
    return all_(isclose(a, b, rtol, atol, equal_nan))


def sqr_(x):
    return sqr(x)  # noqa: F821


def tensor_copy(x):
    """Returns a copy of ``x``."""
    return identity(x)  # noqa: F821


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
    n = shape.type.broadcastable
    try:
        length = get_vector_length(shape)
    except ValueError:
        raise ValueError("the shape %s has unknown length; give a list or tuple" % shape)
    return [shape[i] for i in range(length)] if n is not None else []


def get_vector_length(v):
    """Returns the length of a symbolic vector when it is known at build time."""
    v = _as(v)
    if v.ndim != 1:
        raise TypeError("argument must be a vector, got %s" % v.type)
    if v.type.broadcastable[0]:
        return 1
    if isinstance(v, Constant):
        return len(v.data)
    if v.owner is not None:
        op = v.owner.op
        if isinstance(op, Shape):
            return v.owner.inputs[0].ndim
        if isinstance(op, MakeVector):
            return len(v.owner.inputs)
        if isinstance(op, E.Elemwise) and isinstance(op.scalar_op, E.Cast):
            return get_vector_length(v.owner.inputs[0])
        if type(op).__name__ == "Subtensor":
            start = op.idx_list[0] if op.idx_list else None
            if isinstance(start, slice) and v.owner.inputs[0].owner is not None \
                    and isinstance(v.owner.inputs[0].owner.op, Shape):
                n = v.owner.inputs[0].owner.inputs[0].ndim
                if all(isinstance(s, (int, type(None))) for s in (start.start, start.stop, start.step)):
                    return len(range(n)[start])
    raise ValueError("length not known: %s" % v)


# ---------------------------------------------------------------- shapes

class Shape(Op):
    """Returns the shape of a tensor as an int64 vector (known while tracing)."""

    shape_only = True

    def make_node(self, x):
        x = _as(x)
        return Apply(self, [x], [TensorType("int64", (x.ndim == 0 and False,) if False
                                            else (False,))()])

    def jax(self, x, node=None):
        return np.asarray(np.shape(x), dtype="int64")


_shape = Shape()


def shape(x):
    """Returns the symbolic shape of ``x``."""
    return _shape(x)


class Shape_i(Op):
    """Returns one dimension of a tensor's shape as an int64 scalar."""

    __props__ = ("i",)
    shape_only = True

    def __init__(self, i):
        self.i = i

    def make_node(self, x):
        return Apply(self, [_as(x)], [TensorType("int64", ())()])

    def jax(self, x, node=None):
        return np.asarray(np.shape(x)[self.i], dtype="int64")


class MakeVector(Op):
    """Returns a vector made of scalars (``T.stack`` of scalars)."""

    __props__ = ("dtype",)

    def __init__(self, dtype="int64"):
        self.dtype = dtype

    def make_node(self, *inputs):
        inputs = [cast(_as(i), self.dtype) for i in inputs]
        return Apply(self, inputs, [TensorType(self.dtype, (len(inputs) == 1,))()])

    def jax(self, *values, node=None):
        import jax.numpy as jnp
        return jnp.stack([jnp.asarray(v, dtype=self.dtype) for v in values]) if values \
            else jnp.zeros((0,), self.dtype)


def shape_padleft(t, n_ones=1):
    """Returns ``t`` with ``n_ones`` broadcastable dimensions added on the left."""
    t = _as(t)
    return t.dimshuffle(["x"] * n_ones + list(range(t.ndim)))


def shape_padright(t, n_ones=1):
    """Returns ``t`` with ``n_ones`` broadcastable dimensions added on the right."""
    t = _as(t)
    return t.dimshuffle(list(range(t.ndim)) + ["x"] * n_ones)


def shape_padaxis(t, axis):
    """Returns ``t`` with one broadcastable dimension inserted at ``axis``."""
    t = _as(t)
    ndim = t.ndim + 1
    if not -ndim <= axis < ndim:
        raise IndexError("axis %d is out of bounds [-%d, %d)" % (axis, ndim, ndim))
    if axis < 0:
        axis += ndim
    pattern = list(range(t.ndim))
    pattern.insert(axis, "x")
    return t.dimshuffle(pattern)


class Rebroadcast(Op):
    """Returns its input with some dimensions' broadcastable flags changed."""

    __props__ = ("axis",)

    def __init__(self, *axis):
        self.axis = tuple(sorted(dict(axis).items()))

    def __str__(self):
        return "Rebroadcast{%s}" % ",".join("%s" % a for a, b in self.axis if b) \
            if all(b for _, b in self.axis) else "Rebroadcast{%s}" % (self.axis,)

    def make_node(self, x):
        x = _as(x)
        bcast = list(x.broadcastable)
        for a, b in self.axis:
            if a >= x.ndim:
                raise ValueError("Rebroadcast axis %d out of range for %s" % (a, x.type))
            bcast[a] = b
        return Apply(self, [x], [TensorType(x.dtype, bcast)()])

    def jax(self, x, node=None):
        for a, b in self.axis:
            if b and np.shape(x)[a] != 1:
                raise ValueError("Rebroadcast: dimension %d of an input of shape %s must "
                                 "have length 1" % (a, np.shape(x)))
        return x


def addbroadcast(x, *axes):
    """Returns ``x`` with ``axes`` marked broadcastable (length 1)."""
    x = _as(x)
    return Rebroadcast(*[(a, True) for a in axes])(x) if axes else x


def unbroadcast(x, *axes):
    """Returns ``x`` with ``axes`` no longer broadcastable."""
    x = _as(x)
    axes = [a for a in axes if x.broadcastable[a]]
    return Rebroadcast(*[(a, False) for a in axes])(x) if axes else x


def patternbroadcast(x, broadcastable):
    """Returns ``x`` with exactly the given broadcastable pattern."""
    x = _as(x)
    changes = [(i, bool(b)) for i, b in enumerate(broadcastable) if x.broadcastable[i] != bool(b)]
    return Rebroadcast(*changes)(x) if changes else x


def _static_dims(values):
    """Returns the broadcastable flags for dims given as (possibly symbolic) sizes."""
    out = []
    for v in values:
        try:
            out.append(int(get_scalar_constant_value(v)) == 1)
        except (NotScalarConstantError, TypeError, ValueError):
            out.append(False)
    return out


class Reshape(Op):
    """Returns ``x`` with a new shape (computed on the host when symbolic)."""

    __props__ = ("ndim",)
    static_inputs = (1,)

    def __init__(self, ndim, name=None):
        self.ndim = ndim

    def __str__(self):
        return "Reshape{%d}" % self.ndim

    def make_node(self, x, shp):
        x = _as(x)
        shp = cast(_as(shp, ndim=1), "int64")
        bcast = [False] * self.ndim
        if isinstance(shp, Constant):
            bcast = [int(s) == 1 for s in shp.data]
        elif shp.owner is not None and isinstance(shp.owner.op, MakeVector):
            bcast = _static_dims(shp.owner.inputs)
        return Apply(self, [x, shp], [TensorType(x.dtype, bcast)()])

    def jax(self, x, shp, node=None):
        import jax.numpy as jnp
        shp = tuple(int(s) for s in np.asarray(shp))
        try:
            return jnp.reshape(x, shp)
        except TypeError as e:
            raise ValueError("cannot reshape array of shape %s into shape %s (%s)"
                             % (np.shape(x), shp, e)) from None


def reshape(x, newshape, ndim=None):
    """Returns ``x`` reshaped to ``newshape`` (a list of ints/scalars or a vector)."""
    x = _as(x)
    if ndim is None:
        if isinstance(newshape, (list, tuple)):
            ndim = len(newshape)
        else:
            try:
                ndim = get_vector_length(newshape)
            except (ValueError, TypeError):
                raise ValueError(
                    "The length of the provided shape (%s) cannot be automatically determined, "
                    "so Theano is not able to know what the number of dimensions of the "
                    "reshaped variable will be. You can provide the 'ndim' keyword argument "
                    "to 'reshape' to avoid this problem." % (newshape,))
    if isinstance(newshape, (list, tuple)):
        if any(isinstance(s, Variable) for s in newshape):
            newshape = MakeVector("int64")(*newshape) if newshape else constant(
                np.zeros(0, "int64"))
        else:
            newshape = constant(np.asarray(newshape, dtype="int64"))
    return Reshape(ndim)(x, newshape)


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


class Flatten(Op):
    """Returns ``x`` with its trailing dimensions collapsed into ``outdim`` dimensions."""

    __props__ = ("outdim",)

    def __init__(self, outdim=1):
        self.outdim = outdim

    def __str__(self):
        return "Flatten{%d}" % self.outdim

    def make_node(self, x):
        x = _as(x)
        if not 1 <= self.outdim <= max(x.ndim, 1):
            raise ValueError("flatten: outdim=%d is invalid for an input of ndim %d"
                             % (self.outdim, x.ndim))
        bcast = x.broadcastable[:self.outdim - 1] + (all(x.broadcastable[self.outdim - 1:]),)
        return Apply(self, [x], [TensorType(x.dtype, bcast)()])

    def jax(self, x, node=None):
        shp = np.shape(x)
        return x.reshape(tuple(shp[:self.outdim - 1]) + (-1,))


def flatten(x, ndim=None, outdim=None):
    """Returns ``x`` reshaped to ``ndim`` dimensions (the last one collecting the rest)."""
    ndim = ndim or outdim or 1
    return Flatten(ndim)(x)


class Alloc(Op):
    """Returns a tensor of the given shape filled with ``value`` (broadcast)."""

    def __init__(self):
        pass

    @property
    def static_inputs(self):
        return tuple(range(1, 64))

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


def alloc_(value, *shape):
    return alloc(value, *shape)


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


def stacklists(arg):
    """Returns a tensor built from nested lists of tensors (shape from the nesting)."""
    if isinstance(arg, (tuple, list)):
        return stack([stacklists(a) for a in arg])
    return arg


def horizontal_stack(*args):
    return concatenate(args, axis=1)


def vertical_stack(*args):
    return concatenate(args, axis=0)


def transpose(x, axes=None):
    """Returns ``x`` with its axes reversed (or permuted by ``axes``)."""
    x = _as(x)
    if axes is None:
        axes = list(range(x.ndim))[::-1]
    out = x.dimshuffle(list(axes))
    return out


def squeeze(t):
    """Returns ``t`` without its broadcastable dimensions."""
    t = _as(t)
    return t.dimshuffle([i for i, b in enumerate(t.broadcastable) if not b])


def swapaxes(y, axis1, axis2):
    """Returns ``y`` with two axes exchanged."""
    y = _as(y)
    order = list(range(y.ndim))
    order[axis1], order[axis2] = order[axis2], order[axis1]
    return y.dimshuffle(order)


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
        return jnp.choose(a, choices, mode="clip" if self.mode == "raise" else self.mode)


def choose(a, choices, out=None, mode="raise"):
    """Returns the elements of ``choices`` picked by the index array ``a``."""
    return Choose(mode)(a, choices)


def ptp(a, axis=None):
    """Returns max - min along ``axis``."""
    from theanox.tensor.reduction import max as max_, min as min_
    return sub(max_(a, axis), min_(a, axis))  # noqa: F821


def sgn_(x):
    return sgn(x)  # noqa: F821


def wrap_warning():
    warnings.warn("deprecated", DeprecationWarning)
