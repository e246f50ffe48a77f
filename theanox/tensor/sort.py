"""theanox.tensor.sort: sort, argsort and top-k (Theano's ``theano.tensor.sort``)."""
from theanox.graph.basic import Apply, Op
from theanox.tensor import basic as B
from theanox.tensor.type import TensorType, discrete_dtypes


def sort(a, axis=-1, kind="quicksort", order=None):
    """Returns a sorted copy of ``a`` along ``axis`` (the flattened array when None)."""
    a = B.as_tensor_variable(a)
    if axis is None:
        a, axis = B.flatten(a), 0
    return SortOp(kind, order)(a, axis)


def argsort(a, axis=-1, kind="quicksort", order=None):
    """Returns the int64 indices that sort ``a`` along ``axis`` (flattened when None)."""
    a = B.as_tensor_variable(a)
    if axis is None:
        a, axis = B.flatten(a), 0
    return ArgSortOp(kind, order)(a, axis)


def topk(x, kth, axis=-1, sorted=True, idx_dtype="int64"):
    """Returns the ``kth`` largest values along ``axis`` (smallest when ``kth`` < 0)."""
    return TopKOp(axis, sorted, idx_dtype, return_values=True, return_indices=False)(x, kth)


def argtopk(x, kth, axis=-1, sorted=True, idx_dtype="int64"):
    """Returns the indices of the ``kth`` largest values along ``axis``."""
    return TopKOp(axis, sorted, idx_dtype, return_values=False, return_indices=True)(x, kth)


def topk_and_argtopk(x, kth, axis=-1, sorted=True, idx_dtype="int64"):
    """Returns [values, indices] of the ``kth`` largest values along ``axis``."""
    return TopKOp(axis, sorted, idx_dtype)(x, kth)


class SortOp(Op):
    """Returns ``a`` sorted along the axis given as second input."""

    __props__ = ("kind", "order")
    static_inputs = (1,)

    def __init__(self, kind="quicksort", order=None):
        self.kind = kind
        self.order = order

    def __str__(self):
        return "%s{%s, %s}" % (type(self).__name__, self.kind, self.order)

    def make_node(self, a, axis):
        a, axis = B.as_tensor_variable(a), B.as_tensor_variable(axis)
        if axis.ndim != 0 or axis.dtype not in discrete_dtypes:
            raise TypeError("sort: axis must be an integer scalar or None, got %s" % axis.type)
        if a.ndim == 0:
            raise ValueError("sort: cannot sort a 0-d tensor (%s)" % a)
        return Apply(self, [a, axis], [self._out_type(a)()])

    def _out_type(self, a):
        return a.type

    def _axis(self, a, axis):
        axis = int(axis)
        if not -a.ndim <= axis < a.ndim:
            raise ValueError("sort: axis %d is out of range for a %d-d input" % (axis, a.ndim))
        return axis

    def jax(self, a, axis, node=None):
        import jax.numpy as jnp
        return jnp.sort(a, axis=self._axis(a, axis))


class ArgSortOp(SortOp):
    """Returns the int64 indices sorting ``a`` along the axis given as second input."""

    def _out_type(self, a):
        return TensorType("int64", a.broadcastable)

    def jax(self, a, axis, node=None):
        import jax.numpy as jnp
        return jnp.argsort(a, axis=self._axis(a, axis), stable=True).astype("int64")


class TopKOp(Op):
    """Returns the top-k values and/or indices along ``axis`` (largest first)."""

    __props__ = ("axis", "sorted", "return_values", "return_indices", "idx_dtype")
    static_inputs = (1,)

    def __init__(self, axis=-1, sorted=True, idx_dtype="int64", return_values=True,
                 return_indices=True):
        if sorted:
            raise NotImplementedError(
                "The sorted parameter is not yet implemented. Use sorted=False for now.")
        if idx_dtype not in discrete_dtypes or idx_dtype == "bool":
            raise ValueError("idx_dtype must be an integer dtype, got %r" % (idx_dtype,))
        self.axis = axis
        self.sorted = sorted
        self.idx_dtype = idx_dtype
        self.return_values = return_values
        self.return_indices = return_indices

    def __str__(self):
        return "TopKOp{axis=%d, sorted=%s}" % (self.axis, self.sorted)

    def make_node(self, x, kth):
        x, kth = B.as_tensor_variable(x), B.as_tensor_variable(kth)
        if not -x.ndim <= self.axis < x.ndim:
            raise IndexError("topk: axis %d is out of range for %s" % (self.axis, x.type))
        if kth.ndim != 0 or kth.dtype not in discrete_dtypes:
            raise TypeError("topk: kth must be an integer scalar, got %s" % kth.type)
        bcast = list(x.broadcastable)
        bcast[self.axis] = False
        outs = []
        if self.return_values:
            outs.append(TensorType(x.dtype, bcast)())
        if self.return_indices:
            outs.append(TensorType(self.idx_dtype, bcast)())
        return Apply(self, [x, kth], outs)

    def jax(self, x, kth, node=None):
        import jax.numpy as jnp
        k = int(kth)
        n = x.shape[self.axis]
        if k == 0 or abs(k) > n:
            raise ValueError("topk: kth=%d must be non-zero and at most %d (the length of "
                             "axis %d)" % (k, n, self.axis))
        key = -x if k > 0 else x
        order = jnp.argsort(key, axis=self.axis, stable=True)
        idx = jnp.take(order, jnp.arange(abs(k)), axis=self.axis)
        outs = []
        if self.return_values:
            outs.append(jnp.take_along_axis(x, idx, axis=self.axis))
        if self.return_indices:
            outs.append(idx.astype(self.idx_dtype))
        return tuple(outs) if len(outs) > 1 else outs[0]
