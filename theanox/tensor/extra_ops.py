"""theanox.tensor.extra_ops: NumPy-like helpers (Theano's ``theano.tensor.extra_ops``).

cumsum/cumprod, diff, bincount, repeat, squeeze, compress, fill_diagonal(_offset),
to_one_hot, unravel_index, ravel_multi_index, searchsorted, Unique, bartlett.
Ops whose output length depends on values (bincount, repeat with a vector,
Unique) take that length as an input the compiler computes on the host.
"""
import numpy as np

from theanox import config
from theanox.graph.basic import Apply, Op, with_test_values
from theanox.tensor import basic as B, subtensor
from theanox.tensor.dtypes import upcast
from theanox.tensor.reduction import max as max_, sum as sum_
from theanox.tensor.sort import sort
from theanox.tensor.subtensor import flatnonzero, take
from theanox.tensor.type import TensorType, discrete_dtypes

_as = B.as_tensor_variable


# ----------------------------------------------------------- public API

def cumsum(x, axis=None):
    """Returns the cumulative sum of ``x`` along ``axis`` (flattened when None)."""
    return CumOp(axis, "add")(x)


def cumprod(x, axis=None):
    """Returns the cumulative product of ``x`` along ``axis`` (flattened when None)."""
    return CumOp(axis, "mul")(x)


def diff(x, n=1, axis=-1):
    """Returns the ``n``-th discrete difference of ``x`` along ``axis`` (numpy.diff)."""
    return DiffOp(n, axis)(x)


def bincount(x, weights=None, minlength=None, assert_nonneg=False):
    """Returns the count (or summed ``weights``) of each value of the int vector ``x``."""
    x = _as(x)
    if x.ndim != 1:
        raise TypeError("bincount: x must be a vector, got %s" % x.type)
    if x.dtype not in discrete_dtypes:
        raise TypeError("bincount: x must hold integers, got %s; cast it with T.cast(x, "
                        "'int64')" % x.dtype)
    length = B.cast(max_(x) + 1, "int64")
    if minlength is not None:
        length = B.maximum(length, minlength)
    if weights is None:
        out = B.zeros([length], dtype=x.dtype)
        return subtensor.inc_subtensor(out[x], 1)
    weights = _as(weights)
    out = B.zeros([length], dtype=weights.dtype)
    return subtensor.inc_subtensor(out[x], weights)


def repeat(x, repeats, axis=None):
    """Returns ``x`` with each element repeated ``repeats`` times (numpy.repeat)."""
    return RepeatOp(axis)(x, repeats)


def squeeze(x, axis=None):
    """Returns ``x`` without its broadcastable (length-1) dimensions, or only ``axis``."""
    x = _as(x)
    if axis is None:
        drop = [i for i, b in enumerate(x.broadcastable) if b]
    else:
        drop = [a % x.ndim for a in np.atleast_1d(axis)]
        for a in drop:
            if not x.broadcastable[a]:
                raise ValueError("squeeze: dimension %d of %s is not broadcastable (length 1); "
                                 "use T.addbroadcast(x, %d) first if it has length 1"
                                 % (a, x.type, a))
    return x.dimshuffle([i for i in range(x.ndim) if i not in drop])


def compress(condition, x, axis=None):
    """Returns the slices of ``x`` along ``axis`` where ``condition`` is true."""
    return take(_as(x), flatnonzero(_as(condition)), axis=axis)


def fill_diagonal(a, val):
    """Returns a copy of ``a`` with its main diagonal set to the scalar ``val``."""
    return FillDiagonal()(a, val)


def fill_diagonal_offset(a, val, offset):
    """Returns a copy of the matrix ``a`` with diagonal ``offset`` set to ``val``."""
    return FillDiagonalOffset()(a, val, offset)


def to_one_hot(y, nb_class, dtype=None):
    """Returns a (len(y), nb_class) matrix with a one at column y[i] of row i."""
    return OneHot(dtype or config.floatX)(y, nb_class)


def unravel_index(indices, dims, order="C"):
    """Returns a tuple of int64 index arrays, one per dimension of ``dims``."""
    if order not in ("C", "F"):
        raise ValueError("Order must be either 'C' or 'F', got %r" % (order,))
    indices = _as(indices)
    dims = B.cast(_as(dims), "int64")
    if dims.ndim != 1:
        raise TypeError("unravel_index: dims must be a vector, got %s" % dims.type)
    n = B.get_vector_length(dims)
    out = UnravelIndex(n, order)(indices, dims)
    return tuple(out) if isinstance(out, list) else (out,)


def ravel_multi_index(multi_index, dims, mode="raise", order="C"):
    """Returns the flat int64 indices of the index arrays ``multi_index`` in ``dims``."""
    if mode not in ("raise", "wrap", "clip"):
        raise ValueError("mode must be 'raise', 'wrap' or 'clip', got %r" % (mode,))
    if order not in ("C", "F"):
        raise ValueError("Order must be either 'C' or 'F', got %r" % (order,))
    if not isinstance(multi_index, (tuple, list)):
        raise TypeError("multi_index must be a tuple or a list of index arrays")
    return RavelMultiIndex(mode, order)(B.cast(_as(dims), "int64"), *multi_index)


def searchsorted(x, v, side="left", sorter=None):
    """Returns the int64 positions where ``v`` would be inserted in the sorted ``x``."""
    if side not in ("left", "right"):
        raise ValueError("side must be 'left' or 'right', got %r" % (side,))
    x = _as(x)
    if sorter is not None:
        x = x[_as(sorter)]
    return SearchsortedOp(side)(x, v)


def unique(x, return_index=False, return_inverse=False, return_counts=False, axis=None):
    """Returns the sorted unique values of ``x`` (and index/inverse/counts if asked)."""
    return Unique(return_index, return_inverse, return_counts, axis)(x)


def bartlett(M):
    """Returns the Bartlett window of ``M`` points (numpy.bartlett)."""
    return Bartlett()(M)


# -------------------------------------------------------------- the ops

class CumOp(Op):
    """Returns cumsum/cumprod along ``axis`` (printed ``CumOp{axis, add}``)."""

    __props__ = ("axis", "mode")

    def __init__(self, axis=None, mode="add"):
        if mode not in ("add", "mul"):
            raise ValueError("CumOp: mode must be 'add' or 'mul', got %r" % (mode,))
        self.axis = axis
        self.mode = mode

    def __str__(self):
        return "CumOp{%s, %s}" % (self.axis, self.mode)

    def make_node(self, x):
        x = _as(x)
        if self.axis is None:
            return Apply(self, [x], [TensorType(x.dtype, (False,))()])
        if not -x.ndim <= self.axis < x.ndim:
            raise ValueError("CumOp: axis %d is out of range for %s" % (self.axis, x.type))
        return Apply(self, [x], [x.type()])

    def jax(self, x, node=None):
        import jax.numpy as jnp
        dtype = node.outputs[0].dtype
        x = jnp.asarray(x)
        if self.axis is None:
            x, axis = jnp.reshape(x, (-1,)), 0
        else:
            axis = self.axis
        acc = "int64" if dtype == "bool" else dtype
        fn = jnp.cumsum if self.mode == "add" else jnp.cumprod
        return fn(x, axis=axis, dtype=acc).astype(dtype)


CumsumOp = CumOp
CumprodOp = CumOp


class DiffOp(Op):
    """Returns the ``n``-th discrete difference along ``axis``."""

    __props__ = ("n", "axis")

    def __init__(self, n=1, axis=-1):
        self.n = n
        self.axis = axis

    def __str__(self):
        return "DiffOp{n=%d, axis=%d}" % (self.n, self.axis)

    def make_node(self, x):
        x = _as(x)
        if not -x.ndim <= self.axis < x.ndim:
            raise ValueError("diff: axis %d is out of range for %s" % (self.axis, x.type))
        return Apply(self, [x], [TensorType(x.dtype, (False,) * x.ndim)()])

    def jax(self, x, node=None):
        import jax.numpy as jnp
        return jnp.diff(x, n=self.n, axis=self.axis).astype(node.outputs[0].dtype)


class RepeatOp(Op):
    """Returns numpy.repeat(x, repeats, axis); ``repeats`` is computed on the host."""

    __props__ = ("axis",)
    static_inputs = (1,)

    def __init__(self, axis=None):
        self.axis = axis

    def __str__(self):
        return "RepeatOp{axis=%s}" % (self.axis,)

    def make_node(self, x, repeats):
        x, repeats = _as(x), _as(repeats)
        if repeats.dtype not in discrete_dtypes:
            raise TypeError("repeats.dtype must be an integer, got %s" % repeats.dtype)
        if repeats.ndim > 1:
            raise ValueError("repeats must be a scalar or a vector, got %s" % repeats.type)
        if self.axis is None:
            bcast = (False,)
        else:
            if not -x.ndim <= self.axis < x.ndim:
                raise ValueError("repeat: axis %d is out of range for %s" % (self.axis, x.type))
            bcast = list(x.broadcastable)
            bcast[self.axis] = False
        return Apply(self, [x, repeats], [TensorType(x.dtype, bcast)()])

    def jax(self, x, repeats, node=None):
        import jax.numpy as jnp
        repeats = np.asarray(repeats)
        if (repeats < 0).any():
            raise ValueError("repeat: repeats may not contain negative values, got %s" % repeats)
        total = int(repeats.sum()) if repeats.ndim else None
        return jnp.repeat(x, repeats if repeats.ndim else int(repeats), axis=self.axis,
                          total_repeat_length=total)


class FillDiagonal(Op):
    """Returns ``a`` with its main diagonal set to a scalar."""

    def make_node(self, a, val):
        a, val = _as(a), _as(val)
        if a.ndim < 2:
            raise TypeError("fill_diagonal: %s has fewer than 2 dimensions" % a.type)
        if val.ndim != 0:
            raise TypeError("fill_diagonal: the value must be a scalar, got %s" % val.type)
        if upcast(a.dtype, val.dtype) != a.dtype:
            raise TypeError("FillDiagonal: type of second parameter must be the same as the "
                            "first's (%s), got %s; cast it" % (a.dtype, val.dtype))
        return Apply(self, [a, val], [a.type()])

    def jax(self, a, val, node=None):
        import jax.numpy as jnp
        shape = np.shape(a)
        if len(shape) > 2 and len(set(shape)) != 1:
            raise ValueError("fill_diagonal: all dimensions of an input with more than 2 "
                             "dimensions must be equal, got shape %s" % (shape,))
        idx = np.arange(min(shape))
        return jnp.asarray(a).at[(idx,) * len(shape)].set(jnp.asarray(val, a.dtype))


class FillDiagonalOffset(Op):
    """Returns the matrix ``a`` with diagonal ``offset`` set to a scalar."""

    static_inputs = (2,)

    def make_node(self, a, val, offset):
        a, val, offset = _as(a), _as(val), _as(offset)
        if a.ndim != 2:
            raise TypeError("fill_diagonal_offset: %s is not a matrix" % a.type)
        if val.ndim != 0 or offset.ndim != 0 or offset.dtype not in discrete_dtypes:
            raise TypeError("fill_diagonal_offset: val must be a scalar and offset an integer "
                            "scalar, got %s and %s" % (val.type, offset.type))
        return Apply(self, [a, B.cast(val, a.dtype), offset], [a.type()])

    def jax(self, a, val, offset, node=None):
        import jax.numpy as jnp
        n, m = np.shape(a)
        k = int(offset)
        rows = np.arange(n)
        cols = rows + k
        keep = (cols >= 0) & (cols < m)
        return jnp.asarray(a).at[rows[keep], cols[keep]].set(val)


class OneHot(Op):
    """Returns the one-hot matrix of the int vector ``y`` with ``nb_class`` columns."""

    __props__ = ("dtype",)
    static_inputs = (1,)

    def __init__(self, dtype):
        self.dtype = dtype

    def make_node(self, y, nb_class):
        y, nb_class = _as(y), _as(nb_class)
        if y.ndim != 1 or y.dtype not in discrete_dtypes:
            raise TypeError("to_one_hot: y must be an integer vector, got %s" % y.type)
        return Apply(self, [y, nb_class], [TensorType(self.dtype, (False, False))()])

    def jax(self, y, nb_class, node=None):
        import jax.numpy as jnp
        return (jnp.asarray(y)[:, None] == jnp.arange(int(nb_class))).astype(self.dtype)


class UnravelIndex(Op):
    """Returns the coordinate arrays of flat ``indices`` in an array of shape ``dims``."""

    __props__ = ("ndim", "order")
    static_inputs = (1,)

    def __init__(self, ndim, order="C"):
        self.ndim = ndim
        self.order = order

    def __str__(self):
        return "UnravelIndex{ndim=%d, order='%s'}" % (self.ndim, self.order)

    def make_node(self, indices, dims):
        if indices.dtype not in discrete_dtypes:
            raise TypeError("unravel_index: indices must be integers, got %s" % indices.type)
        return Apply(self, [indices, dims],
                     [TensorType("int64", indices.broadcastable)() for _ in range(self.ndim)])

    def jax(self, indices, dims, node=None):
        import jax.numpy as jnp
        dims = tuple(int(d) for d in dims)
        size = int(np.prod(dims))
        if isinstance(indices, np.ndarray) and ((indices < 0) | (indices >= size)).any():
            raise ValueError("unravel_index: an index is out of bounds for an array of "
                             "size %d (dims %s)" % (size, dims))
        if self.order == "F":
            outs = jnp.unravel_index(indices, dims[::-1])[::-1]
        else:
            outs = jnp.unravel_index(indices, dims)
        return tuple(jnp.asarray(o).astype("int64") for o in outs)


class RavelMultiIndex(Op):
    """Returns flat int64 indices from one index array per dimension of ``dims``."""

    __props__ = ("mode", "order")
    static_inputs = (0,)

    def __init__(self, mode="raise", order="C"):
        self.mode = mode
        self.order = order

    def __str__(self):
        return "RavelMultiIndex{mode='%s', order='%s'}" % (self.mode, self.order)

    def make_node(self, dims, *indices):
        indices = [_as(i) for i in indices]
        if any(i.dtype not in discrete_dtypes for i in indices):
            raise TypeError("ravel_multi_index: the index arrays must be integers, got %s"
                            % [str(i.type) for i in indices])
        bcast = indices[0].broadcastable if indices else ()
        return Apply(self, [dims] + indices, [TensorType("int64", bcast)()])

    def jax(self, dims, *indices, node=None):
        import jax.numpy as jnp
        dims = tuple(int(d) for d in dims)
        if len(dims) != len(indices):
            raise ValueError("ravel_multi_index: %d index arrays given for %d dims"
                             % (len(indices), len(dims)))
        if self.mode == "raise":
            if all(isinstance(i, np.ndarray) for i in indices):
                return np.ravel_multi_index(indices, dims, order=self.order).astype("int64")
            mode = "clip"
        else:
            mode = self.mode
        return jnp.ravel_multi_index(tuple(indices), dims, mode=mode,
                                     order=self.order).astype("int64")


class SearchsortedOp(Op):
    """Returns the int64 insertion points of ``v`` in the sorted vector ``x``."""

    __props__ = ("side",)

    def __init__(self, side="left"):
        self.side = side

    def __str__(self):
        return "SearchsortedOp{side='%s'}" % self.side

    def make_node(self, x, v):
        x, v = _as(x), _as(v)
        if x.ndim != 1:
            raise TypeError("searchsorted: x must be a vector, got %s" % x.type)
        return Apply(self, [x, v], [TensorType("int64", v.broadcastable)()])

    def jax(self, x, v, node=None):
        import jax.numpy as jnp
        return jnp.searchsorted(x, v, side=self.side).astype("int64")


class Unique(Op):
    """Returns numpy.unique(x, ...) outputs; the number of unique values is computed first."""

    __props__ = ("return_index", "return_inverse", "return_counts", "axis")

    def __init__(self, return_index=False, return_inverse=False, return_counts=False,
                 axis=None):
        if axis is not None:
            raise NotImplementedError("Unique with axis is not supported; flatten first")
        self.return_index = return_index
        self.return_inverse = return_inverse
        self.return_counts = return_counts
        self.axis = axis

    def __str__(self):
        return ("Unique{return_index=%s, return_inverse=%s, return_counts=%s, axis=%s}"
                % (self.return_index, self.return_inverse, self.return_counts, self.axis))

    def __call__(self, x):
        x = _as(x)
        node = with_test_values(self.make_node(x, _n_unique(x)))
        return node.outputs[0] if len(node.outputs) == 1 else node.outputs

    static_inputs = (1,)

    def make_node(self, x, count):
        x = _as(x)
        outs = [TensorType(x.dtype, (False,))()]
        for flag in (self.return_index, self.return_inverse, self.return_counts):
            if flag:
                outs.append(TensorType("int64", (False,))())
        return Apply(self, [x, count], outs)

    def jax(self, x, count, node=None):
        import jax.numpy as jnp
        res = jnp.unique(jnp.reshape(x, (-1,)), return_index=self.return_index,
                         return_inverse=self.return_inverse,
                         return_counts=self.return_counts, size=int(count))
        if not isinstance(res, tuple):
            return res
        return (res[0],) + tuple(jnp.reshape(r, (-1,)).astype("int64") for r in res[1:])


def _n_unique(x):
    s = sort(B.flatten(x))
    steps = sum_(B.neq(s[1:], s[:-1]), dtype="int64")
    return B.switch(B.gt(s.shape[0], 0), steps + 1, 0)


class Bartlett(Op):
    """Returns the Bartlett window of M points (M computed on the host)."""

    static_inputs = (0,)

    def make_node(self, M):
        M = _as(M)
        if M.ndim != 0 or M.dtype not in discrete_dtypes:
            raise TypeError("bartlett: M must be an integer scalar, got %s" % M.type)
        return Apply(self, [M], [TensorType("float64", (False,))()])

    def jax(self, M, node=None):
        return np.bartlett(int(M))

