"""More of ``theano.sparse.basic``: comparisons, hstack/vstack, indexing, sampling_dot, diagonals.

Results with a new structure are built from a dense intermediate whose nonzeros
are counted on the host (``basic._sparse_result``); results that keep an
operand's structure are computed on its stored entries.
"""

from theanox.graph.basic import Apply, Op
from theanox.sparse import basic as S
from theanox.sparse.type import SparseType, SparseValue
from theanox.tensor import basic as B, nlinalg as NL

# ------------------------------------------------------------------ comparisons

def _comparison(name, tensor_fn):
    def compare(x, y):
        x, y = S.as_sparse_or_tensor_variable(x), S.as_sparse_or_tensor_variable(y)
        xs, ys = S._is_sparse_variable(x), S._is_sparse_variable(y)
        if not (xs or ys):
            raise NotImplementedError("sparse.%s needs a sparse operand, got %s and %s"
                                      % (name, x.type, y.type))
        dx = S.dense_from_sparse(x) if xs else x
        dy = S.dense_from_sparse(y) if ys else y
        if (dx.ndim, dy.ndim) != (2, 2):
            raise TypeError("sparse.%s compares matrices, got %s and %s" % (name, x.type,
                                                                            y.type))
        out = B.cast(tensor_fn(dx, dy), "uint8")
        # sparse with sparse is sparse (x's format), with a dense matrix dense: Theano's
        return S._sparse_result(out, x.type.format) if xs and ys else out
    compare.__name__ = name
    compare.__doc__ = ("Returns x %s y as uint8: sparse if both are sparse, else dense."
                       % name)
    return compare


eq = _comparison("eq", B.eq)
neq = _comparison("neq", B.neq)
lt = _comparison("lt", B.lt)
gt = _comparison("gt", B.gt)
le = _comparison("le", B.le)
ge = _comparison("ge", B.ge)


# ------------------------------------------------------------------ stacking

def _stack(blocks, format, dtype, axis, name):
    blocks = [S.as_sparse_variable(b) for b in blocks]
    if not blocks:
        raise ValueError("%s needs at least one block" % name)
    dtype = dtype or (S.dtype_of(B.add, *[b.dtype for b in blocks]) if len(blocks) > 1
                      else blocks[0].dtype)
    dense = B.concatenate([B.cast(S.dense_from_sparse(b), dtype) for b in blocks], axis=axis)
    return S._sparse_result(dense, format or "csc")


def hstack(blocks, format=None, dtype=None):
    """Returns the sparse matrices side by side (format csc unless given)."""
    return _stack(blocks, format, dtype, 1, "hstack")


def vstack(blocks, format=None, dtype=None):
    """Returns the sparse matrices stacked vertically (format csc unless given)."""
    return _stack(blocks, format, dtype, 0, "vstack")


# ------------------------------------------------------------------ indexing

def get_item_scalar(x, i, j):
    """Returns x[i, j] as a dense scalar."""
    return S.dense_from_sparse(x)[i, j]


def get_item_2d(x, rows, cols):
    """Returns x[rows, cols] for two slices, sparse of x's format."""
    x = S.as_sparse_variable(x)
    return S._sparse_result(S.dense_from_sparse(x)[rows, cols], x.type.format)


def get_item_list(x, index):
    """Returns the rows of x listed in ``index`` (sparse, x's format)."""
    x = S.as_sparse_variable(x)
    return S._sparse_result(S.dense_from_sparse(x)[B.as_tensor_variable(index)],
                            x.type.format)


def get_item_2lists(x, rows, cols):
    """Returns the dense vector [x[rows[k], cols[k]] for k]."""
    return S.dense_from_sparse(x)[rows, cols]


def getitem(x, index):
    """Returns x[index] with Theano's sparse indexing rules.

    ``x[a:b]`` and ``x[a:b, c:d]`` are sparse, ``x[i, j]`` is a dense scalar;
    index vectors go through ``get_item_list``/``get_item_2lists`` (as in Theano,
    ``x[v]`` itself is refused).
    """
    if not isinstance(index, tuple):
        if isinstance(index, slice):
            return get_item_2d(x, index, slice(None))
        raise ValueError("Advanced indexing is not implemented for sparse matrices. Argument "
                         "not supported: %s. Use sparse.get_item_list(x, index) for rows"
                         % (index,))
    if len(index) != 2:
        raise IndexError("a sparse matrix takes 2 indices, got %d" % len(index))
    a, b = index
    if isinstance(a, slice) and isinstance(b, slice):
        return get_item_2d(x, a, b)
    if isinstance(a, slice) or isinstance(b, slice):
        raise NotImplementedError("Theano has no sparse vector. Use X[a:b, c:d], "
                                  "X[a:b, c:c+1] or X[a:b] instead.")
    a, b = B.as_tensor_variable(a), B.as_tensor_variable(b)
    if a.ndim == 0 and b.ndim == 0:
        return get_item_scalar(x, a, b)
    raise ValueError("Advanced indexing is not implemented for sparse matrices. Argument not "
                     "supported: %s. Use sparse.get_item_2lists(x, rows, cols)" % (index,))


# ------------------------------------------------------------------ same structure

class _RowVector(Op):
    """Returns x with y[col] multiplied into (mul_s_v) or added to (structured_add_s_v) its entries."""

    __props__ = ("kind",)

    def __init__(self, kind):
        self.kind = kind

    def __str__(self):
        return {"mul": "MulSV", "add": "StructuredAddSV"}[self.kind]

    def make_node(self, x, y):
        x, y = S.as_sparse_variable(x), B.as_tensor_variable(y)
        if y.ndim != 1:
            raise TypeError("%s needs a vector, got %s" % (self, y.type))
        fn = B.mul if self.kind == "mul" else B.add
        dtype = S.dtype_of(fn, x.dtype, y.dtype)
        return Apply(self, [x, y], [SparseType(x.type.format, dtype)()])

    def jax(self, x, y, node=None):
        import jax.numpy as jnp
        x = S._sv(x)
        _, cols = x.rows_cols()
        dtype = node.outputs[0].dtype
        data = x.data * y[cols] if self.kind == "mul" else x.data + y[cols]
        return x.with_data(jnp.asarray(data, dtype))


mul_s_v = _RowVector("mul")
structured_add_s_v = _RowVector("add")


class SamplingDot(Op):
    """Returns p * (x . y^T) computed only at p's stored entries (sparse, p's structure)."""

    __props__ = ()

    def __str__(self):
        return "SamplingDot"

    def make_node(self, x, y, p):
        x, y, p = B.as_tensor_variable(x), B.as_tensor_variable(y), S.as_sparse_variable(p)
        if x.ndim != 2 or y.ndim != 2:
            raise TypeError("sampling_dot needs dense matrices x and y, got %s and %s"
                            % (x.type, y.type))
        dtype = S.dtype_of(B.mul, x.dtype, y.dtype, p.dtype)
        return Apply(self, [x, y, p], [SparseType(p.type.format, dtype)()])

    def jax(self, x, y, p, node=None):
        import jax.numpy as jnp
        p = S._sv(p)
        rows, cols = p.rows_cols()
        dtype = node.outputs[0].dtype
        dots = jnp.sum(jnp.asarray(x, dtype)[rows] * jnp.asarray(y, dtype)[cols], axis=1)
        return p.with_data(jnp.asarray(p.data, dtype) * dots)


sampling_dot = SamplingDot()


class EnsureSortedIndices(Op):
    """Returns x with the indices of each row (csr) or column (csc) sorted."""

    __props__ = ()

    def __str__(self):
        return "EnsureSortedIndices"

    def make_node(self, x):
        x = S.as_sparse_variable(x)
        return Apply(self, [x], [x.type()])

    def jax(self, x, node=None):
        import jax.numpy as jnp
        x = S._sv(x)
        major, minor = x.major_minor()
        order = jnp.lexsort((minor, major))
        return SparseValue(x.format, x.shape, x.data[order], minor[order], x.indptr)


ensure_sorted_indices = EnsureSortedIndices()


def square_diagonal(diag):
    """Returns the square csc matrix with ``diag`` on its diagonal."""
    diag = B.as_tensor_variable(diag)
    if diag.ndim != 1:
        raise TypeError("square_diagonal needs a vector, got %s" % diag.type)
    return S._sparse_result(NL.diag(diag), "csc")


def diag(x):
    """Returns the diagonal of a square sparse matrix as a dense vector."""
    x = S.as_sparse_variable(x)
    d = S.dense_from_sparse(x)
    return d[B.arange(d.shape[0]), B.arange(d.shape[0])]
