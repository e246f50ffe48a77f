"""Theano 1.0.5's op classes that theanox computes with its own ops: each name builds
the same computation when called, and ``isinstance`` recognises theanox's op for it.

theanox has one ``Reduce`` op for sum/max/argmax..., one ``AdvancedSubtensor`` for
integer and boolean (lowered to nonzero) indices, one ``IncSubtensor`` for set and
inc.  Legacy code names Theano's classes: ``T.Sum(axis=0)(x)``,
``isinstance(node.op, T.Argmax)``, ``T.AdvancedSubtensor1()(x, idx)``.  Each class
here is such a view: calling it gives theanox's op (or result), and
``isinstance(op, T.Sum)`` asks whether a theanox op computes what Theano's Sum did.
"""
import numpy as np

from theanox.graph.basic import Apply, Op
from theanox.tensor import basic as B, basic_extra as BX
from theanox.tensor.reduction import Reduce, _make_reduce
from theanox.tensor.subtensor import AdvancedSubtensor, IncSubtensor, inc_subtensor, set_subtensor
from theanox.tensor.type import TensorType


class _OpView(type):
    """Metaclass: ``isinstance(op, View)`` is ``View._matches(op)``."""

    def __instancecheck__(cls, obj):
        return cls._matches(obj)


# ------------------------------------------------------------------ reductions
_SCALAR_TO_KIND = {"add": "sum", "mul": "prod", "maximum": "max", "minimum": "min",
                   "and_": "all", "and": "all", "or_": "any", "or": "any"}


def _axis(axis):
    if axis is None:
        return None
    if isinstance(axis, (int, np.integer)):
        return (int(axis),)
    return tuple(int(a) for a in axis)


class CAReduce(metaclass=_OpView):
    """Theano's reduction by a scalar op: CAReduce(scalar.add, axis)(x) sums x."""

    def __new__(cls, scalar_op, axis=None):
        name = getattr(scalar_op, "name", None) or type(scalar_op).__name__.lower()
        kind = _SCALAR_TO_KIND.get(name)
        if kind is None:
            raise NotImplementedError("CAReduce(%s): theanox reduces by add, mul, maximum, "
                                      "minimum, and_ and or_" % (scalar_op,))
        return Reduce(kind, _axis(axis))

    @staticmethod
    def _matches(op):
        return isinstance(op, Reduce) and op.kind not in ("argmax", "argmin")


class Sum(metaclass=_OpView):
    """Theano's Sum op: Sum(axis, dtype, acc_dtype)(x)."""

    def __new__(cls, axis=None, dtype=None, acc_dtype=None):
        return _make_reduce("sum", _axis(axis), dtype, acc_dtype, acc_dtype is not None)

    @staticmethod
    def _matches(op):
        return isinstance(op, Reduce) and op.kind == "sum"


class Argmax(metaclass=_OpView):
    """Theano's Argmax op: Argmax(axis)(x) gives int64 indices of the maxima."""

    def __new__(cls, axis=None):
        return Reduce("argmax", _axis(axis))

    @staticmethod
    def _matches(op):
        return isinstance(op, Reduce) and op.kind == "argmax"


class MaxAndArgmax(Op):
    """Returns [max, argmax] of x over ``axis`` (one op with two outputs, as Theano)."""

    __props__ = ("axis",)

    def __init__(self, axis=None):
        self.axis = _axis(axis)

    def make_node(self, x):
        x = B.as_tensor_variable(x)
        axis = tuple(range(x.ndim)) if self.axis is None else self.axis
        bcast = [b for i, b in enumerate(x.broadcastable) if i not in axis]
        return Apply(self, [x], [TensorType(x.dtype, bcast)(), TensorType("int64", bcast)()])

    def jax(self, x, node=None):
        import jax.numpy as jnp
        axis = tuple(range(np.ndim(x))) if self.axis is None else self.axis
        keep = [i for i in range(np.ndim(x)) if i not in axis]
        xt = jnp.transpose(x, keep + list(axis))
        xt = xt.reshape(xt.shape[:len(keep)] + (-1,))
        return jnp.max(xt, axis=-1), jnp.argmax(xt, axis=-1).astype("int64")


class Mean(Op):
    """Returns the mean of x over ``axis`` (Theano's Mean op; float inputs)."""

    __props__ = ("axis",)

    def __init__(self, axis=None):
        self.axis = _axis(axis)

    def make_node(self, x):
        x = B.as_tensor_variable(x)
        if not x.dtype.startswith("float"):
            raise TypeError("Mean: expected a float tensor, got %s; cast it first" % x.type)
        axis = tuple(range(x.ndim)) if self.axis is None else self.axis
        bcast = [b for i, b in enumerate(x.broadcastable) if i not in axis]
        return Apply(self, [x], [TensorType(x.dtype, bcast)()])

    def jax(self, x, node=None):
        import jax.numpy as jnp
        return jnp.mean(x, axis=self.axis).astype(x.dtype)


class Nonzero:
    """Theano's Nonzero op: Nonzero()(a) is the (ndim, nnz) int64 matrix of the indices of
    a's nonzero elements."""

    def __call__(self, a):
        # The count sizes the result: theanox's nonzero stages it (subtensor.NonZero).
        from theanox.tensor.subtensor import nonzero
        return nonzero(a, return_matrix=True)


# ------------------------------------------------------------------ shapes and allocation
class Split:
    """Theano's Split op: Split(n)(x, axis, splits) returns the n pieces of x."""

    def __init__(self, len_splits):
        self.len_splits = int(len_splits)

    def __call__(self, x, axis, splits):
        return BX.split(x, splits, self.len_splits, axis)


class AllocEmpty:
    """Theano's AllocEmpty(dtype)(*shape): an array of that shape (zeros here: XLA gives
    no uninitialised memory, and zeros are a valid content)."""

    def __init__(self, dtype):
        self.dtype = str(dtype)

    def __call__(self, *shape):
        return B.zeros(shape, dtype=self.dtype)


class Default:
    """Theano's Default op: default(x, d) is x unless x is None at run time.  Tensor
    values are never None, so it returns x (after checking both have one type)."""

    def __call__(self, x, default):
        x, default = B.as_tensor_variable(x), B.as_tensor_variable(default)
        if x.type != default.type:
            raise TypeError("Both default() arguments must have same type", x, default)
        return x


default = setdefault = Default()


# ------------------------------------------------------------------ advanced indexing
class BaseAdvancedSubtensor(metaclass=_OpView):
    """Theano's advanced-indexing ops: x[int arrays] (and boolean masks)."""

    def __new__(cls):
        return _Indexer(cls.__name__)

    @staticmethod
    def _matches(op):
        return isinstance(op, AdvancedSubtensor)


class AdvancedSubtensor1(BaseAdvancedSubtensor):
    """x[ilist] for an integer vector ``ilist`` on the first axis."""

    @staticmethod
    def _matches(op):
        return isinstance(op, AdvancedSubtensor) and str(op) == "AdvancedSubtensor1"


class AdvancedBooleanSubtensor(BaseAdvancedSubtensor):
    """x[mask] for a boolean mask (theanox lowers the mask to nonzero indices, so the node
    is an AdvancedSubtensor)."""


class BaseAdvancedIncSubtensor(metaclass=_OpView):
    """Theano's advanced inc/set ops; ``set_instead_of_inc`` chooses set."""

    def __new__(cls, inplace=False, set_instead_of_inc=False):
        if inplace:
            raise ValueError("%s(inplace=True): JAX arrays are immutable; use inplace=False"
                             % cls.__name__)
        return _IncIndexer(cls.__name__, set_instead_of_inc)

    @staticmethod
    def _matches(op):
        return isinstance(op, IncSubtensor) and op.advanced


class AdvancedIncSubtensor(BaseAdvancedIncSubtensor):
    """inc/set x[int arrays]."""


class AdvancedIncSubtensor1(BaseAdvancedIncSubtensor):
    """inc/set x[ilist] for an integer vector on the first axis."""


class AdvancedBooleanIncSubtensor(BaseAdvancedIncSubtensor):
    """inc/set x[mask] for a boolean mask."""


class _Indexer:
    """Returns x[indices] (what calling one of Theano's advanced-subtensor ops gave)."""

    def __init__(self, name):
        self.name = name

    def __call__(self, x, *indices):
        return B.as_tensor_variable(x)[tuple(indices)]

    def __str__(self):
        return self.name


class _IncIndexer:
    """Returns x with x[indices] incremented by (or set to) y."""

    def __init__(self, name, set_instead_of_inc):
        self.name, self.set_instead_of_inc = name, set_instead_of_inc

    def __call__(self, x, y, *indices):
        target = B.as_tensor_variable(x)[tuple(indices)]
        return set_subtensor(target, y) if self.set_instead_of_inc else inc_subtensor(target, y)

    def __str__(self):
        return "%s{%s}" % (self.name, "set" if self.set_instead_of_inc else "inc")


advanced_boolean_subtensor = AdvancedBooleanSubtensor()
advanced_boolean_inc_subtensor = AdvancedBooleanIncSubtensor()
advanced_boolean_set_subtensor = AdvancedBooleanIncSubtensor(set_instead_of_inc=True)


class AdvancedIndexingError(TypeError):
    """Raised when advanced indexing is used where it is not supported."""


class AdvancedBooleanIndexingError(TypeError):
    """Raised when boolean indexing is used where it is not supported."""


def check_and_reject_bool(args_el):
    """Raises TypeError for a boolean index (where Theano's integer-only ops refuse it)."""
    if isinstance(args_el, (np.bool_, bool)) or getattr(args_el, "dtype", None) == "bool":
        raise TypeError("TensorType.bool cannot be used to index a tensor: use a boolean "
                        "array/mask (x[mask]) or nonzero(mask)")


def check_advanced_indexing_dimensions(input, idx_list):
    """Raises IndexError when a boolean mask's shape does not match the dimensions it indexes."""
    dim_seen = 0
    for index in idx_list:
        if index is np.newaxis:
            continue
        index = np.asarray(index) if not isinstance(index, slice) else index
        if isinstance(index, np.ndarray) and index.dtype == bool:
            for i in range(index.ndim):
                if index.shape[i] != input.shape[dim_seen + i]:
                    raise IndexError("boolean index did not match indexed array along "
                                     "dimension %d; dimension is %d but corresponding boolean "
                                     "dimension is %d" % (dim_seen + i, input.shape[dim_seen + i],
                                                          index.shape[i]))
            dim_seen += index.ndim
        else:
            dim_seen += 1


def adv_index_broadcastable_pattern(a, idx):
    """Returns the broadcastable pattern of a[idx] (found by indexing dummy NumPy arrays)."""
    def dummy(v):
        if isinstance(v, slice):
            return v
        if v is None:
            return None
        v = B.as_tensor_variable(v)
        return np.zeros([1 if b else 2 for b in v.broadcastable], dtype=v.dtype)
    a = B.as_tensor_variable(a)
    shaped = np.zeros([1 if b else 2 for b in a.broadcastable])
    out = shaped[tuple(dummy(i) for i in idx)]
    return tuple(n == 1 for n in out.shape)


def sparse_grad(var):
    """Returns ``x[ilist]`` (``var``, an AdvancedSubtensor1 result) rebuilt as a new node.

    Theano gave it a sparse gradient; theanox's gradient of the indexing is the same
    values as a dense scatter-add (XLA updates only the indexed rows).
    """
    if var.owner is None or not isinstance(var.owner.op, AdvancedSubtensor1):
        raise TypeError("sparse_grad expects the result of x[ilist] (AdvancedSubtensor1), got "
                        "%s" % (var,))
    return var.owner.op.make_node(*var.owner.inputs).outputs[0]
