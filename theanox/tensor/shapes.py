"""Shapes and broadcast patterns: Shape, Reshape, Flatten, Rebroadcast, MakeVector.

``get_scalar_constant_value`` and ``get_vector_length`` read what a graph
already knows at build time; the ops use them to decide broadcastable flags.
"""
import numpy as np

from theanox.graph.basic import Apply, Constant, Op, Variable
from theanox.tensor import elemwise as E
from theanox.tensor.conversion import NotScalarConstantError, as_tensor_variable, constant
from theanox.tensor.elemwise import cast
from theanox.tensor.type import TensorType

_as = as_tensor_variable


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
    raise ValueError("length not known: %s" % v)


def _static_dims(values):
    """Returns the broadcastable flags for dims given as (possibly symbolic) sizes."""
    out = []
    for v in values:
        try:
            out.append(int(get_scalar_constant_value(v)) == 1)
        except (NotScalarConstantError, TypeError, ValueError):
            out.append(False)
    return out


# ---------------------------------------------------------------- shape ops

class Shape(Op):
    """Returns the shape of a tensor as an int64 vector (known while tracing)."""

    shape_only = True

    def make_node(self, x):
        x = _as(x)
        return Apply(self, [x], [TensorType("int64", (False,))()])

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


def transpose(x, axes=None):
    """Returns ``x`` with its axes reversed (or permuted by ``axes``)."""
    x = _as(x)
    if axes is None:
        axes = list(range(x.ndim))[::-1]
    out = x.dimshuffle(list(axes))
    if x.name and axes == list(range(x.ndim))[::-1]:
        out.name = x.name + ".T"          # Theano names a transpose (debugprint shows it)
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

