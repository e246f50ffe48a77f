"""SparseType: CSR/CSC matrices of one dtype, and SparseValue, their value inside a program.

A sparse matrix enters a compiled function as a SciPy matrix and leaves it as one
of the format its type names (csr in, csr out, as Theano).  Inside the jitted
program it is a ``SparseValue``: a JAX pytree holding the ``data``, ``indices``
and ``indptr`` arrays as leaves and the format and shape as static metadata, so a
new shape or a new number of stored entries compiles a new executable, like a new
input shape of a dense array.
"""
import numpy as np

from theanox.tensor.type import ALL_DTYPES

FORMATS = ("csr", "csc", "bsr")
# Theano's SparseType has no bool and no float16 matrices.
SPARSE_DTYPES = tuple(d for d in ALL_DTYPES if d not in ("bool", "float16"))


def _scipy():
    import scipy.sparse
    return scipy.sparse


class SparseValue:
    """Returns a CSR or CSC matrix as three arrays (NumPy or JAX) plus its static shape.

    For ``csr``, ``indptr`` runs over rows and ``indices`` are column numbers; for
    ``csc`` the other way round (the CSC matrix is the CSR matrix of its transpose).
    """

    def __init__(self, format, shape, data, indices, indptr):
        self.format = format
        self.shape = tuple(int(s) for s in shape)
        self.data, self.indices, self.indptr = data, indices, indptr

    ndim = 2
    dtype = property(lambda self: self.data.dtype)
    nnz = property(lambda self: int(self.data.shape[0]))

    @classmethod
    def from_scipy(cls, m):
        """Returns the SparseValue of a SciPy csr/csc matrix (arrays shared, not copied)."""
        return cls(m.format, m.shape, m.data, m.indices, m.indptr)

    def to_scipy(self):
        """Returns a SciPy matrix of this value's format holding copies of its arrays."""
        cls = {"csr": _scipy().csr_matrix, "csc": _scipy().csc_matrix}[self.format]
        return cls((np.array(self.data), np.array(self.indices), np.array(self.indptr)),
                   shape=self.shape)

    def major_minor(self):
        """Returns (major index, minor index) of every stored entry (rows, cols for csr)."""
        import jax.numpy as jnp
        n_major = self.shape[0] if self.format == "csr" else self.shape[1]
        counts = jnp.diff(self.indptr)
        major = jnp.repeat(jnp.arange(n_major, dtype=self.indices.dtype), counts,
                           total_repeat_length=self.nnz)
        return major, self.indices

    def rows_cols(self):
        """Returns (row, column) of every stored entry."""
        major, minor = self.major_minor()
        return (major, minor) if self.format == "csr" else (minor, major)

    def with_data(self, data):
        """Returns the matrix with the same structure and new ``data``."""
        return SparseValue(self.format, self.shape, data, self.indices, self.indptr)

    # The gradient ops differentiate a sparse value through its data only: the
    # gradient of a sparse input has the input's structure (Theano's rule).
    def grad_leaf(self):
        return self.data

    def with_grad_leaf(self, data):
        return self.with_data(data)

    def block_until_ready(self):
        self.data.block_until_ready()
        return self

    def __repr__(self):
        return "SparseValue(%s, shape=%s, nnz=%d)" % (self.format, self.shape, self.nnz)


def _register_pytree():
    import jax
    jax.tree_util.register_pytree_node(
        SparseValue,
        lambda v: ((v.data, v.indices, v.indptr), (v.format, v.shape)),
        lambda aux, ch: SparseValue(aux[0], aux[1], *ch))


_register_pytree()


class SparseType:
    """Returns the type of sparse matrices of one format ('csr', 'csc') and one dtype."""

    ndim = 2
    broadcastable = (False, False)

    def __init__(self, format, dtype):
        dtype = str(np.dtype(dtype))
        if dtype not in SPARSE_DTYPES:
            raise NotImplementedError('unsupported dtype "%s" for a sparse matrix; expected '
                                      'one of %s' % (dtype, ", ".join(SPARSE_DTYPES)))
        if format not in FORMATS:
            raise NotImplementedError('unsupported sparse format "%s"; expected one of %s'
                                      % (format, ", ".join(FORMATS)))
        self.format = format
        self.dtype = dtype

    numpy_dtype = property(lambda self: np.dtype(self.dtype))

    def __call__(self, name=None):
        return _variable_class("variable")(self, name=name)

    make_variable = __call__

    def make_constant(self, data, name=None):
        return _variable_class("constant")(self, data, name=name)

    def clone(self, format=None, dtype=None):
        return SparseType(format or self.format, dtype or self.dtype)

    def __eq__(self, other):
        return (type(other) is type(self) and other.format == self.format
                and other.dtype == self.dtype)

    def __hash__(self):
        return hash((SparseType, self.format, self.dtype))

    def __str__(self):
        return "Sparse[%s, %s]" % (self.dtype, self.format)

    __repr__ = __str__

    def filter(self, value, strict=False, allow_downcast=None):
        """Returns ``value`` as a SciPy matrix of this format and dtype (Theano's rules).

        Another format or a dense array is converted unless ``strict``; another dtype
        is cast only with ``allow_downcast``.
        """
        sp = _scipy()
        if isinstance(value, SparseValue):
            value = value.to_scipy()
        cls = {"csr": sp.csr_matrix, "csc": sp.csc_matrix, "bsr": sp.bsr_matrix}[self.format]
        if sp.issparse(value) and value.format == self.format and value.dtype == self.dtype:
            return value
        if strict:
            raise TypeError("%s expected a scipy.sparse %s_matrix of dtype %s, got %s"
                            % (self, self.format, self.dtype, _describe(value)))
        if allow_downcast:
            out = cls(value, dtype=self.dtype)
        else:
            try:
                out = cls(value)
            except (TypeError, ValueError) as e:
                raise TypeError("%s cannot hold %s: %s" % (self, _describe(value), e)) from None
            if str(out.dtype) != self.dtype:
                raise NotImplementedError(
                    "Expected %s dtype but got %s: %s holds %s values; cast the matrix "
                    "(m.astype(%r)) or pass allow_input_downcast=True"
                    % (self.dtype, out.dtype, self, self.dtype, self.dtype))
        return out

    def to_program(self, value, strict=False, allow_downcast=None):
        """Returns the SparseValue a compiled function is called with for ``value``."""
        if self.format == "bsr":
            raise NotImplementedError("bsr matrices cannot be computed with; convert them to "
                                      "csr or csc (Theano has no bsr operations either)")
        m = self.filter(value, strict, allow_downcast)
        return SparseValue.from_scipy(m)

    def to_host(self, value):
        """Returns the SciPy matrix for a SparseValue a program returned."""
        return value.to_scipy()

    def is_valid_value(self, value):
        sp = _scipy()
        return sp.issparse(value) and value.format == self.format \
            and str(value.dtype) == self.dtype

    def values_eq_approx(self, a, b, eps=1e-6):
        sp = _scipy()
        if not (sp.issparse(a) and sp.issparse(b)) or a.shape != b.shape:
            return False
        diff = abs(a - b)
        return diff.nnz == 0 or float(diff.max()) < eps

    def value_zeros(self, shape):
        return {"csr": _scipy().csr_matrix, "csc": _scipy().csc_matrix}[self.format](
            shape, dtype=self.dtype)


def _describe(value):
    if hasattr(value, "format") and hasattr(value, "dtype"):
        return "a %s matrix of dtype %s" % (value.format, value.dtype)
    if isinstance(value, np.ndarray):
        return "an ndarray of dtype %s and shape %s" % (value.dtype, value.shape)
    return "a %s" % type(value).__name__


# SparseVariable and SparseConstant have operators that call the sparse ops, so
# they live above them (theanox/sparse/var.py) and register themselves here.
_CLASSES = {}


def register_variable_classes(variable, constant):
    _CLASSES.update(variable=variable, constant=constant)


def _variable_class(kind):
    try:
        return _CLASSES[kind]
    except KeyError:
        raise RuntimeError("the sparse variable classes are not registered: import "
                           "theanox.sparse") from None
