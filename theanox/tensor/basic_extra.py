"""More of Theano's ``theano.tensor`` names: small functions built on the others.

Theano defines these in ``tensor/basic.py`` (``roll``, ``largest``, ``ceil_intdiv``,
``tri``, ``mgrid``, ``split``, ``cov``...) and ``tensor/subtensor.py`` (the
``advanced_*subtensor*`` functions); here they sit above subtensor, linalg and sort,
which they use.  ``theanox.tensor`` re-exports them.
"""
import builtins

import numpy as np

from theanox import config
from theanox.graph.basic import Apply, Op
from theanox.tensor import basic as B
from theanox.tensor.conversion import NotScalarConstantError, as_tensor_variable as _as
from theanox.tensor.extra_ops import cumsum
from theanox.tensor.linalg import dot
from theanox.tensor.reduction import max as _max, min as _min
from theanox.tensor.shapes import get_scalar_constant_value
from theanox.tensor.sort import argsort
from theanox.tensor.subtensor import inc_subtensor, set_subtensor
from theanox.tensor.type import TensorType

python_all = builtins.all
python_any = builtins.any
python_complex = builtins.complex

# Tolerances of Theano's tensor._allclose, by dtype.
float16_atol = 1e-3
float16_rtol = 1e-3
float32_atol = 1e-5
float32_rtol = 1e-5
float64_atol = 1e-8
float64_rtol = 1e-5

integer_dtypes = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
all_dtypes = ["bool"] + integer_dtypes + ["float16", "float32", "float64",
                                          "complex64", "complex128"]


def _types(dtypes, ndim):
    return tuple(TensorType(d, (False,) * ndim) for d in dtypes)


_INT, _FLOAT, _COMPLEX = ("int8", "int16", "int32", "int64"), ("float32", "float64"), \
    ("complex64", "complex128")
int_types = int_scalar_types = _types(_INT, 0)
float_types = float_scalar_types = _types(_FLOAT, 0)
complex_types = complex_scalar_types = _types(_COMPLEX, 0)
int_vector_types, float_vector_types, complex_vector_types = (_types(d, 1) for d in
                                                              (_INT, _FLOAT, _COMPLEX))
int_matrix_types, float_matrix_types, complex_matrix_types = (_types(d, 2) for d in
                                                              (_INT, _FLOAT, _COMPLEX))

# numpy.diagonal returns a read-only view (NumPy >= 1.9).
numpy_diagonal_return_view = True

square = B.sqr
isinf_ = B.isinf
isnan_ = B.isnan


def power(x, y):
    """Returns x ** y (NumPy's name)."""
    return _as(x) ** y


def mod_check(x, y):
    """Returns x % y; raises for complex inputs, where % has no meaning."""
    x, y = _as(x), _as(y)
    if x.dtype.startswith("complex") or y.dtype.startswith("complex"):
        raise TypeError("Theano does not support the mod operator (%) on complex numbers, "
                        "since numpy deprecated it.")
    return B.mod(x, y)


def divmod(x, y):  # noqa: A001 - Theano's name
    """Returns (x // y, x % y), like Python's divmod."""
    return B.floor_div(x, y), mod_check(x, y)


def ceil_intdiv(a, b):
    """Returns ceil(a / b) computed exactly for integers: a // b, plus 1 where a % b != 0."""
    div = B.int_div(a, b)
    return B.cast(B.neq(a % b, 0), div.dtype) + div


def largest(*args):
    """Returns the elementwise largest of the inputs (all of the same shape, or broadcast)."""
    if len(args) == 2:
        a, b = args
        return B.switch(a > b, a, b)
    return _max(B.stack(args), axis=0)


def smallest(*args):
    """Returns the elementwise smallest of the inputs."""
    if len(args) == 2:
        a, b = args
        return B.switch(a < b, a, b)
    return _min(B.stack(args), axis=0)


class Roll(Op):
    """Returns ``x`` rolled by ``shift`` along ``axis`` (``numpy.roll``); the shift is a
    run-time value (changing it does not recompile)."""

    __props__ = ("axis",)

    def __init__(self, axis):
        self.axis = axis

    def __str__(self):
        return "Roll{%s}" % (self.axis,)

    def make_node(self, x, shift):
        x, shift = _as(x), _as(shift)
        if shift.ndim != 0 or shift.dtype[0] not in "iu":
            raise TypeError("roll: shift must be an integer scalar, got %s" % shift.type)
        return Apply(self, [x, shift], [x.type()])

    def jax(self, x, shift, node=None):
        import jax.numpy as jnp
        return jnp.roll(jnp.asarray(x), shift, axis=self.axis)


def roll(x, shift, axis=None):
    """Returns ``x`` with its elements shifted by ``shift`` along ``axis`` (numpy.roll;
    with axis=None the flattened array is rolled, then reshaped back)."""
    x = _as(x)
    if axis is not None:
        if axis < 0:
            axis += x.ndim
        if not 0 <= axis < x.ndim:
            raise ValueError("roll: axis %d is out of range for %s" % (axis, x.type))
    return Roll(axis)(x, shift)


def tri(N, M=None, k=0, dtype=None):
    """Returns an N x M array with ones at and below the k-th diagonal (numpy.tri)."""
    if dtype is None:
        dtype = config.floatX
    if M is None:
        M = N
    rows = B.arange(N).dimshuffle(0, "x")
    cols = B.arange(M).dimshuffle("x", 0)
    return B.cast(B.ge(rows + k, cols), dtype)


class _nd_grid:
    """``mgrid[0:3, 0:4]`` (dense grids) and ``ogrid[...]`` (open grids), like NumPy's."""

    def __init__(self, sparse=False):
        self.sparse = sparse

    def __getitem__(self, key):
        if isinstance(key, slice):
            key = (key,)
        ndim = len(key)
        for sl in key:
            if isinstance(sl.step, python_complex):
                raise NotImplementedError("Not implemented for slices whose step is complex")
        ranges = [B.arange(sl.start or 0, sl.stop, sl.step or 1) for sl in key]
        ranges = [r.reshape(tuple([1] * j + [r.shape[0]] + [1] * (ndim - 1 - j)))
                  for j, r in enumerate(ranges)]
        if self.sparse:
            return ranges
        grids = []
        ones = [B.ones_like(r) for r in ranges]
        for i in range(ndim):
            grid = 1
            for j in range(ndim):
                grid = grid * (ranges[j] if j == i else ones[j])
            grids.append(grid)
        return grids


mgrid = _nd_grid()
ogrid = _nd_grid(sparse=True)


def split(x, splits_size, n_splits, axis=0):
    """Returns ``n_splits`` pieces of ``x`` along ``axis``, of the sizes ``splits_size``."""
    x = _as(x)
    sizes = _as(splits_size)
    if sizes.ndim != 1:
        raise TypeError("split: splits_size must be a vector, got %s" % sizes.type)
    if axis < 0:
        axis += x.ndim
    ends = cumsum(sizes)
    outs = []
    for i in range(n_splits):
        start = 0 if i == 0 else ends[i - 1]
        index = (slice(None),) * axis + (slice(start, ends[i]),)
        outs.append(x[index])
    return outs


def inverse_permutation(perm):
    """Returns the inverse of the permutation(s) ``perm`` (along its last axis)."""
    perm = _as(perm)
    return B.cast(argsort(perm, axis=-1), perm.dtype)


class PermuteRowElements(Op):
    """Returns out[..., i] = x[..., y[..., i]] (or the inverse permutation), broadcasting
    the leading dimensions of ``x`` and ``y``."""

    __props__ = ()

    def make_node(self, x, y, inverse):
        x, y, inverse = _as(x), _as(y), _as(inverse)
        if y.dtype[0] not in "iu":
            raise TypeError("permute_row_elements: y must be integers, got %s" % y.type)
        ndim = builtins.max(x.ndim, y.ndim)
        xb = (True,) * (ndim - x.ndim) + x.broadcastable
        yb = (True,) * (ndim - y.ndim) + y.broadcastable
        bcast = tuple(a and b for a, b in zip(xb, yb))
        return Apply(self, [x, y, inverse], [TensorType(x.dtype, bcast)()])

    def jax(self, x, y, inverse, node=None):
        import jax.numpy as jnp
        x, y = jnp.asarray(x), jnp.asarray(y)
        ndim = node.outputs[0].ndim
        x = x.reshape((1,) * (ndim - x.ndim) + x.shape)
        y = y.reshape((1,) * (ndim - y.ndim) + y.shape)
        lead = np.broadcast_shapes(x.shape[:-1], y.shape[:-1])
        n = builtins.max(x.shape[-1], y.shape[-1])
        x = jnp.broadcast_to(x, lead + (n,))
        y = jnp.broadcast_to(y, lead + (n,))
        y = jnp.where(jnp.asarray(inverse) != 0, jnp.argsort(y, axis=-1), y)
        return jnp.take_along_axis(x, y, axis=-1)


def permute_row_elements(x, y, inverse=0):
    """Returns x permuted along its last axis by y (by y's inverse when inverse is true)."""
    return PermuteRowElements()(x, y, inverse)


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None):
    """Returns the covariance matrix of the variables in ``m`` (numpy.cov; no weights)."""
    if fweights is not None:
        raise NotImplementedError("fweights are not implemented")
    if aweights is not None:
        raise NotImplementedError("aweights are not implemented")
    m = _as(m)
    if not rowvar:
        m = m.T
    if y is not None:
        y = _as(y)
        if not rowvar:
            y = y.T
        m = B.concatenate((m, y), axis=0)
    if ddof is None:
        ddof = 0 if bias else 1
    fact = m.shape[1] - ddof
    m = m - m.mean(axis=1, keepdims=True)
    c = dot(m, m.T) * (B.constant(1) / fact)
    return c.squeeze()


# Theano's functional forms of advanced indexing (tensor/subtensor.py).

def advanced_subtensor1(x, ilist):
    """Returns x[ilist] for an integer vector ilist."""
    return _as(x)[ilist]


def advanced_inc_subtensor1(x, y, ilist):
    """Returns x with y added at x[ilist] (repeated indices add up)."""
    return inc_subtensor(_as(x)[ilist], y)


def advanced_set_subtensor1(x, y, ilist):
    """Returns x with x[ilist] set to y."""
    return set_subtensor(_as(x)[ilist], y)


def advanced_subtensor(x, *args):
    """Returns x[args] with advanced (integer array) indices."""
    return _as(x)[tuple(args)]


def advanced_inc_subtensor(x, y, *args):
    """Returns x with y added at x[args]."""
    return inc_subtensor(_as(x)[tuple(args)], y)


def advanced_set_subtensor(x, y, *args):
    """Returns x with x[args] set to y."""
    return set_subtensor(_as(x)[tuple(args)], y)


def extract_constant(x, elemwise=True, only_process_constants=False):
    """Returns the number ``x`` is known to hold (get_scalar_constant_value), else ``x``."""
    try:
        return get_scalar_constant_value(x, elemwise, only_process_constants)
    except NotScalarConstantError:
        return x


def is_flat(var, ndim=None, outdim=None):
    """Returns whether ``var`` has ``ndim`` dimensions (1 by default)."""
    if outdim is None and ndim is None:
        ndim = 1
    elif outdim is not None and ndim is not None:
        raise ValueError("You should only specify ndim")
    elif outdim is not None:
        ndim = outdim
    return var.ndim == ndim


def check_equal_numpy(x, y):
    """Returns whether two values are equal: arrays of one dtype and shape within 1e-10,
    RandomStates with the same state, anything else with ==."""
    if isinstance(x, np.ndarray) and isinstance(y, np.ndarray):
        return bool(x.dtype == y.dtype and x.shape == y.shape and
                    np.all(abs(x - y) < 1e-10))
    if isinstance(x, np.random.RandomState) and isinstance(y, np.random.RandomState):
        return python_all(np.all(a == b) for a, b in zip(x.get_state(), y.get_state()))
    return x == y
