"""Theano 1.0.5's small tensor helpers (``theano.tensor.*``) that legacy code imports.

Each computes what Theano's did: argument normalisation for indices, axes and
shapes, constants' scalar values, keep-dims reshaping, transfer hooks.
"""
import numpy as np

from theanox.graph.basic import Constant, Variable
from theanox.tensor import basic as B
from theanox.tensor.reduction import restore_reduced_axes
from theanox.tensor.shapes import NotScalarConstantError
from theanox.tensor.type import discrete_dtypes

izip = zip


class ShapeError(Exception):
    """Raised when the shape cannot be computed."""


class EmptyConstantError(NotScalarConstantError):
    """Raised by numpy_scalar for an empty array."""


def numpy_scalar(data):
    """Returns ``data`` (a 0-d NumPy value); raises NotScalarConstantError otherwise."""
    data = np.asarray(data)
    if data.ndim > 0 and (len(data.shape) == 0 or max(data.shape) == 0):
        raise EmptyConstantError()
    try:
        complex(data)
        return data
    except Exception:
        raise NotScalarConstantError("v.data is non-numeric, non-scalar, or has more than "
                                     "one unique value", data) from None


def makeKeepDims(x, y, axis):
    """Returns ``y`` (x reduced over ``axis``) with the reduced axes put back, broadcastable."""
    x, y = B.as_tensor_variable(x), B.as_tensor_variable(y)
    if axis is None:
        axis = list(range(x.ndim))
    elif isinstance(axis, (int, np.integer)):
        axis = [axis]
    axis = sorted(int(a) + x.ndim if a < 0 else int(a) for a in axis)
    return restore_reduced_axes(y, x.ndim, axis)


def check_and_normalize_axes(x, axis):
    """Returns ``axis`` as a list of non-negative ints (raises ValueError when out of range)."""
    x = B.as_tensor_variable(x)
    if axis is None:
        return []
    if isinstance(axis, (int, np.integer)) or (isinstance(axis, np.ndarray) and axis.ndim == 0):
        axis = [int(axis)]
    elif isinstance(axis, (tuple, list, np.ndarray)):
        axis = [int(a) for a in axis]
    elif isinstance(axis, Variable):
        axis = [int(a) for a in np.atleast_1d(B.get_scalar_constant_value(axis)
                                              if axis.ndim == 0 else axis.data)]
    else:
        raise TypeError("Axis must be an integer, tuple, list of integers or a TensorVariable. "
                        "Got %s" % (axis,))
    out = []
    for a in axis:
        if a < -x.ndim or a >= x.ndim:
            raise ValueError("Computing reduction over %d axis where array has only %d "
                             "dimensions" % (a, x.ndim))
        out.append(a + x.ndim if a < 0 else a)
    return out


def make_constant(args):
    """Returns ``args`` with Python ints (also inside slices) made int64 scalar constants."""
    from theanox.scalar.basic import ScalarConstant, int64

    def conv(a):
        if a is None:
            return a
        if isinstance(a, slice):
            return slice(conv(a.start), conv(a.stop), conv(a.step))
        if isinstance(a, (int, np.integer)):
            return ScalarConstant(int64, a)
        return a
    return tuple(map(conv, args))


def as_index_variable(idx):
    """Returns ``idx`` ready for indexing: None and slices as they are, else an integer tensor."""
    if idx is None or isinstance(idx, slice):
        return idx
    idx = B.as_tensor_variable(idx)
    if idx.type.dtype not in discrete_dtypes:
        raise TypeError("index must be integers")
    return idx


def as_int_none_variable(x):
    """Returns None for None, else ``x`` as an integer scalar tensor."""
    if x is None:
        return None
    x = B.as_tensor_variable(x, ndim=0)
    if x.type.dtype not in discrete_dtypes:
        raise TypeError("index must be integers")
    return x


def alloc_validate_shape(shape):
    """Returns (shape as int64 scalars, static broadcastable pattern) for T.alloc & co."""
    sh = [B.as_tensor_variable(s) for s in shape]
    bcast = []
    for i, s in enumerate(sh):
        if s.type.dtype not in discrete_dtypes:
            raise TypeError("Shape arguments to Alloc must be integers, but argument %s is not "
                            "for apply node: %s" % (i, s))
        if s.ndim != 0:
            raise TypeError("Each shape dimension to Alloc must be a scalar, but dimension %s "
                            "has %d dimensions for apply node: %s" % (i, s.ndim, s))
        if isinstance(s, Constant) and s.dtype != "int64":
            s = B.cast(s, "int64")
        sh[i] = s
        try:
            bcast.append(int(B.get_scalar_constant_value(s)) == 1)
        except NotScalarConstantError:
            bcast.append(False)
    return sh, bcast


def values_eq_approx_always_true(a, b):
    """Returns True (the comparison Theano used for values that need not match)."""
    return True


class TensorConstantSignature(tuple):
    """(type, data) of a constant; two are equal when the types and the values are."""

    def __eq__(self, other):
        if type(self) is not type(other):
            return False
        (t0, d0), (t1, d1) = self, other
        if t0 != t1 or np.shape(d0) != np.shape(d1):
            return False
        d0, d1 = np.asarray(d0), np.asarray(d1)
        return bool(np.array_equal(d0, d1, equal_nan=d0.dtype.kind in "fc"))

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        t, d = self
        return hash((type(self), t, np.shape(d), float(np.sum(np.asarray(d, dtype=float)))))


# Functions decorated with @constructor: Theano collected them (its graph constructors).
constructors = []


def constructor(f):
    """Returns ``f`` after recording it in ``constructors`` (Theano's graph-constructor list)."""
    constructors.append(f)
    return f


transfer_fn = []


def register_transfer(fn):
    """Adds ``fn(var, target)`` to the transfer functions tried (last added first)."""
    transfer_fn.append(fn)


def transfer(var, target):
    """Returns ``var`` moved to ``target``: a registered function's result, else
    ``var.transfer(target)``."""
    for fn in reversed(transfer_fn):
        res = fn(var, target)
        if res is not None:
            return res
    return var.transfer(target)


class MakeSlice:
    """Theano's MakeSlice op: make_slice(start, stop, step) gives the slice (theanox indexes
    with Python slices holding symbolic bounds)."""

    def __call__(self, start, stop=None, step=None):
        if isinstance(start, slice):
            start, stop, step = start.start, start.stop, start.step
        return slice(*[as_int_none_variable(p) if p is not None and not isinstance(p, int)
                       else p for p in (start, stop, step)])


make_slice = MakeSlice()
