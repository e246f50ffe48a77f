"""Theano's sparse operations on CSR/CSC matrices (``theano.sparse.basic``'s names).

Every op lowers to JAX on ``SparseValue``s (theanox/sparse/type.py) inside the one
jitted program.  Three kinds of results:

* same structure, new data (structured ops: ``structured_*``, ``sin``, ``neg``,
  ``row_scale``, sparse * dense, transpose, cast): computed on ``data`` alone, so
  gradients through them are structured, as Theano's;
* dense (``dense_from_sparse``, ``sp_sum``, ``structured_dot``, sparse + dense);
* a new structure (``csr_from_dense``, sparse + sparse, sparse * sparse, the
  sparse result of ``dot``): the number of stored entries decides a shape, so it
  is an extra input of the node computed on the host before the program runs
  (see docs/STAGING.md), and the result is built from a dense intermediate.
"""
import numpy as np

from theanox import config
from theanox.graph.basic import Apply, Op, Variable
from theanox.sparse.type import SparseType, SparseValue
from theanox.tensor import basic as B, reduction as R
from theanox.tensor.type import TensorType

sparse_formats = ["csc", "csr"]


# ------------------------------------------------------------------ conversions

def _is_sparse_variable(x):
    return isinstance(x, Variable) and isinstance(x.type, SparseType)


def _is_dense_variable(x):
    return isinstance(x, Variable) and isinstance(x.type, TensorType)


def _is_sparse(x):
    """Returns True for a SciPy sparse matrix."""
    import scipy.sparse
    return scipy.sparse.issparse(x)


def as_sparse_variable(x, name=None):
    """Returns ``x`` as a sparse variable: sparse variables pass, SciPy matrices become constants."""
    if isinstance(x, Apply):
        x = x.outputs[0]
    if isinstance(x, Variable):
        if not isinstance(x.type, SparseType):
            raise TypeError("Variable type field must be a SparseType: %s has type %s. Convert "
                            "a dense matrix with csr_from_dense/csc_from_dense." % (x, x.type))
        return x
    if _is_sparse(x):
        if x.format not in ("csr", "csc"):
            raise TypeError("Cannot convert a scipy %s matrix to a sparse variable: Theano "
                            "supports csr and csc; convert it with .tocsr()" % x.format)
        return constant(x, name=name)
    raise TypeError("Cannot convert %r to a sparse variable; expected a sparse variable or a "
                    "scipy.sparse csr/csc matrix" % (type(x).__name__,))


as_sparse = as_sparse_variable


def as_sparse_or_tensor_variable(x, name=None):
    """Returns ``x`` as a sparse variable if it is sparse, else as a tensor variable."""
    try:
        return as_sparse_variable(x, name)
    except TypeError:
        return B.as_tensor_variable(x, name)


def constant(x, name=None):
    """Returns a SparseConstant holding the SciPy matrix ``x``."""
    if not _is_sparse(x) or x.format not in ("csr", "csc"):
        raise TypeError("sparse.constant expects a scipy.sparse csr or csc matrix, got %r"
                        % (type(x).__name__,))
    return SparseType(x.format, str(x.dtype)).make_constant(x, name=name)


def matrix(format, name=None, dtype=None):
    """Returns a symbolic sparse matrix of ``format`` ('csr' or 'csc') and dtype (floatX)."""
    return SparseType(format, dtype or config.floatX)(name)


def csc_matrix(name=None, dtype=None):
    """Returns a symbolic CSC matrix (dtype floatX unless given)."""
    return matrix("csc", name, dtype)


def csr_matrix(name=None, dtype=None):
    """Returns a symbolic CSR matrix (dtype floatX unless given)."""
    return matrix("csr", name, dtype)


def bsr_matrix(name=None, dtype=None):
    """Returns a symbolic BSR matrix (a type only: no operation computes with bsr)."""
    return matrix("bsr", name, dtype)


csc_dmatrix = SparseType("csc", "float64")
csr_dmatrix = SparseType("csr", "float64")
bsr_dmatrix = SparseType("bsr", "float64")
csc_fmatrix = SparseType("csc", "float32")
csr_fmatrix = SparseType("csr", "float32")
bsr_fmatrix = SparseType("bsr", "float32")

all_dtypes = set(SparseType.__init__.__globals__["SPARSE_DTYPES"])
complex_dtypes = [t for t in all_dtypes if t.startswith("complex")]
float_dtypes = [t for t in all_dtypes if t.startswith("float")]
int_dtypes = [t for t in all_dtypes if t.startswith("int")]
uint_dtypes = [t for t in all_dtypes if t.startswith("uint")]
integer_dtypes = int_dtypes + uint_dtypes
continuous_dtypes = complex_dtypes + float_dtypes
discrete_dtypes = int_dtypes + uint_dtypes


def _check_format(x, where):
    if x.type.format not in ("csr", "csc"):
        raise NotImplementedError("%s: %s is a %s matrix; only csr and csc are supported"
                                  % (where, x, x.type.format))


def dtype_of(fn, *dtypes):
    """Returns the dtype of ``fn`` applied to scalars of ``dtypes`` (Theano's elementwise rules).

    The scalars are placeholders: no test value is computed for them.
    """
    with config.change_flags(compute_test_value="off"):
        return fn(*[TensorType(d, ())() for d in dtypes]).dtype


def _sv(x):
    """Returns a rule's sparse argument as a SparseValue (a constant holds a SciPy matrix)."""
    return x if isinstance(x, SparseValue) else SparseValue.from_scipy(x)


# ------------------------------------------------------------------ properties and CSM

class CSMProperties(Op):
    """Returns (data, indices, indptr, shape) of a sparse matrix; indices, indptr and shape are int32."""

    __props__ = ()

    def __str__(self):
        return "CSMProperties"

    def make_node(self, csm):
        csm = as_sparse_variable(csm)
        _check_format(csm, "csm_properties")
        outs = [TensorType(csm.type.dtype, (False,))(), TensorType("int32", (False,))(),
                TensorType("int32", (False,))(), TensorType("int32", (False,))()]
        return Apply(self, [csm], outs)

    def jax(self, x, node=None):
        x = _sv(x)
        import jax.numpy as jnp
        return (x.data, jnp.asarray(x.indices, "int32"), jnp.asarray(x.indptr, "int32"),
                np.asarray(x.shape, "int32"))


csm_properties = CSMProperties()


def csm_data(csm):
    """Returns the data vector of a sparse matrix."""
    return csm_properties(csm)[0]


def csm_indices(csm):
    """Returns the indices vector (int32) of a sparse matrix."""
    return csm_properties(csm)[1]


def csm_indptr(csm):
    """Returns the indptr vector (int32) of a sparse matrix."""
    return csm_properties(csm)[2]


def csm_shape(csm):
    """Returns the shape (an int32 vector of 2) of a sparse matrix."""
    return csm_properties(csm)[3]


class CSM(Op):
    """Returns the sparse matrix of ``format`` built from (data, indices, indptr, shape).

    The shape decides the result's static shape, so it is computed on the host.
    """

    __props__ = ("format",)
    static_inputs = (3,)

    def __init__(self, format, kmap=None):
        if format not in ("csr", "csc"):
            raise ValueError("CSM format must be 'csr' or 'csc', got %r" % (format,))
        if kmap is not None:
            raise NotImplementedError("CSM(kmap=...) is not supported: build the data vector "
                                      "in the order of the indices instead")
        self.format = format

    def __str__(self):
        return "CSM{%s}" % self.format

    def make_node(self, data, indices, indptr, shape):
        data = B.as_tensor_variable(data)
        parts = [B.as_tensor_variable(v) for v in (indices, indptr, shape)]
        if data.ndim != 1:
            raise TypeError("CSM: data must be a vector, got %s" % data.type)
        for what, v in zip(("indices", "indptr", "shape"), parts):
            if v.ndim != 1 or v.dtype not in ("int32", "int64"):
                raise TypeError("CSM: %s must be an int32 or int64 vector, got %s (%s); cast "
                                "it with T.cast(%s, 'int32')" % (what, v, v.type, what))
        return Apply(self, [data] + parts, [SparseType(self.format, data.dtype)()])

    def jax(self, data, indices, indptr, shape, node=None):
        import jax.numpy as jnp
        shape = tuple(int(s) for s in np.asarray(shape))
        if len(shape) != 2:
            raise ValueError("CSM: shape must have 2 entries, got %s" % (shape,))
        return SparseValue(self.format, shape, data, jnp.asarray(indices, "int32"),
                           jnp.asarray(indptr, "int32"))


CSC = CSM("csc")
CSR = CSM("csr")


# ------------------------------------------------------------------ dense <-> sparse

class DenseFromSparse(Op):
    """Returns the dense matrix of a sparse one (duplicate entries are summed)."""

    __props__ = ()

    def __str__(self):
        return "DenseFromSparse"

    def make_node(self, x):
        x = as_sparse_variable(x)
        _check_format(x, "dense_from_sparse")
        return Apply(self, [x], [TensorType(x.type.dtype, (False, False))()])

    def jax(self, x, node=None):
        x = _sv(x)
        return todense(x)


def todense(x):
    """Returns the dense jnp matrix of a SparseValue."""
    import jax.numpy as jnp
    rows, cols = x.rows_cols()
    return jnp.zeros(x.shape, x.data.dtype).at[rows, cols].add(x.data)


dense_from_sparse = DenseFromSparse()


class SparseFromDense(Op):
    """Returns the ``format`` matrix of a dense one; its number of entries is an input.

    The count (``nnz``, the nonzeros of the dense matrix) decides the result's
    shape, so the compiler computes it on the host before the program runs.
    """

    __props__ = ("format",)
    static_inputs = (1,)

    def __init__(self, format):
        self.format = format

    def __str__(self):
        return "SparseFromDense{%s}" % self.format

    def __call__(self, x):
        x = B.as_tensor_variable(x)
        return Op.__call__(self, x, nonzero_count(x))

    def make_node(self, x, nnz):
        x = B.as_tensor_variable(x)
        if x.ndim != 2:
            raise TypeError("%s expects a matrix, got %s with %d dimensions"
                            % (self, x, x.ndim))
        return Apply(self, [x, B.as_tensor_variable(nnz)], [SparseType(self.format, x.dtype)()])

    def jax(self, x, nnz, node=None):
        return fromdense(x, int(nnz), self.format)


def nonzero_count(x):
    """Returns the symbolic number of nonzero entries of a dense matrix (int64)."""
    return R.sum(B.neq(x, 0), dtype="int64")


def fromdense(x, nnz, format):
    """Returns the SparseValue of dense jnp ``x`` holding its ``nnz`` nonzeros in canonical order."""
    import jax.numpy as jnp
    m = x if format == "csr" else x.T
    flat = jnp.reshape(m, (-1,))
    pos = jnp.nonzero(flat != 0, size=nnz, fill_value=0)[0]
    n_minor = m.shape[1]
    major, minor = pos // n_minor, pos % n_minor
    counts = jnp.zeros(m.shape[0], "int32").at[major].add(1)
    indptr = jnp.concatenate([jnp.zeros(1, "int32"), jnp.cumsum(counts, dtype="int32")])
    return SparseValue(format, x.shape, flat[pos], minor.astype("int32"), indptr)


csr_from_dense = SparseFromDense("csr")
csc_from_dense = SparseFromDense("csc")


def _sparse_result(dense, format):
    """Returns the sparse variable of ``format`` holding the nonzeros of dense ``dense``."""
    return SparseFromDense(format)(dense)


# ------------------------------------------------------------------ structure-preserving ops

class Transpose(Op):
    """Returns the transpose: a csr matrix becomes csc (same arrays) and back."""

    __props__ = ()
    format_map = {"csr": "csc", "csc": "csr"}

    def __str__(self):
        return "Transpose"

    def make_node(self, x):
        x = as_sparse_variable(x)
        _check_format(x, "transpose")
        return Apply(self, [x], [SparseType(self.format_map[x.type.format], x.dtype)()])

    def jax(self, x, node=None):
        x = _sv(x)
        return SparseValue(self.format_map[x.format], x.shape[::-1], x.data, x.indices,
                           x.indptr)


transpose = Transpose()


class DataMap(Op):
    """Returns a sparse matrix with x's structure and data ``fn(x.data, *args)``.

    ``fn`` is a tensor function (``T.exp``, ``T.pow`` ...), applied symbolically to
    the data vector, so the result's dtype follows Theano's elementwise rules.
    Scalar ``args`` broadcast; ``name`` is Theano's printed name.
    """

    __props__ = ("name",)

    def __init__(self, name, fn):
        self.name, self.fn = name, fn

    def __str__(self):
        return self.name

    def make_node(self, x, *args):
        x = as_sparse_variable(x)
        _check_format(x, self.name)
        args = [B.as_tensor_variable(a) for a in args]
        for a in args:
            if a.ndim != 0:
                raise TypeError("%s: extra arguments must be scalars, got %s of type %s"
                                % (self.name, a, a.type))
        data = TensorType(x.dtype, (False,))("data")
        holders = [a.type() for a in args]
        with config.change_flags(compute_test_value="off"):    # placeholders only
            out = self.fn(data, *holders)
        node = Apply(self, [x] + args, [SparseType(x.type.format, out.dtype)()])
        node.tag.inner = ([data] + holders, out)
        return node

    def lower(self, node, env, evaluate):
        holders, out = node.tag.inner
        x = _sv(env[node.inputs[0]] if node.inputs[0] in env else node.inputs[0].data)
        child = {holders[0]: x.data}
        child.update(zip(holders[1:], [env[a] if a in env else a.data for a in node.inputs[1:]]))
        import jax.numpy as jnp
        return x.with_data(jnp.asarray(evaluate([out], child)[0]))


_DATA_OPS = {}


def _data_op(name, fn):
    op = _DATA_OPS.get(name)
    if op is None:
        op = _DATA_OPS[name] = DataMap(name, fn)
    return op


def structured_monoid(tensor_op):
    """Returns a function applying ``tensor_op(data, *args)`` to a sparse matrix's stored data."""
    name = getattr(tensor_op, "__name__", str(tensor_op))

    def decorator(f):
        def wrapper(x, *args):
            return _data_op("Structured%s" % name.capitalize(), tensor_op)(x, *args)
        wrapper.__name__ = f.__name__
        wrapper.__doc__ = f.__doc__
        return wrapper
    return decorator


def _structured(name, fn, doc):
    def f(x, *args):
        return _data_op(name, fn)(x, *args)
    f.__name__ = name
    f.__doc__ = doc
    return f


# (function name, printed op name, tensor function): structured ops apply to the
# stored entries only; the zero-preserving ones (sin(0) = 0 ...) are Theano's too.
_STRUCTURED = [
    ("structured_sigmoid", "StructuredSigmoid", lambda d: B.sigmoid(d)),
    ("structured_exp", "StructuredExp", lambda d: B.exp(d)),
    ("structured_log", "StructuredLog", lambda d: B.log(d)),
    ("structured_pow", "StructuredPow", lambda d, y: B.pow(d, y)),
    ("structured_minimum", "StructuredMinimum", lambda d, y: B.minimum(d, y)),
    ("structured_maximum", "StructuredMaximum", lambda d, y: B.maximum(d, y)),
    ("structured_add", "StructuredAdd", lambda d, y: B.add(d, y)),
]
_ZERO_PRESERVING = ["sin", "tan", "arcsin", "arctan", "sinh", "arcsinh", "tanh", "arctanh",
                    "sgn", "ceil", "floor", "log1p", "expm1", "deg2rad", "rad2deg", "trunc",
                    "sqr", "sqrt", "conj"]

for _fname, _opname, _fn in _STRUCTURED:
    globals()[_fname] = _structured(_opname, _fn, "Returns %s applied to the stored entries "
                                    "of a sparse matrix (same structure)." % _fname[11:])
for _fname in _ZERO_PRESERVING:
    globals()[_fname] = _structured(
        _fname, (lambda n: lambda d: getattr(B, n)(d))(_fname),
        "Returns %s of a sparse matrix (applied to its stored entries)." % _fname)
rint = _structured("rint", lambda d: B.round_half_to_even(d),
                   "Returns the stored entries rounded half to even (same structure).")
neg = _structured("Neg", lambda d: B.neg(d), "Returns -x for a sparse x (same structure).")


def cast(variable, dtype):
    """Returns the sparse matrix with its data cast to ``dtype``."""
    dtype = str(np.dtype(dtype))
    return _structured("Cast{%s}" % dtype, lambda d: B.cast(d, dtype), "")(variable)


bcast, wcast, icast, lcast = [(lambda d: lambda x: cast(x, d))(d)
                              for d in ("int8", "int16", "int32", "int64")]
fcast, dcast, ccast, zcast = [(lambda d: lambda x: cast(x, d))(d)
                              for d in ("float32", "float64", "complex64", "complex128")]


class _Scale(Op):
    """Returns x with each stored entry multiplied by s[row] (row_scale) or s[col] (col_scale)."""

    __props__ = ("axis",)

    def __init__(self, axis):
        self.axis = axis

    def __str__(self):
        return "RowScale" if self.axis == 0 else "ColScale"

    def make_node(self, x, s):
        x, s = as_sparse_variable(x), B.as_tensor_variable(s)
        _check_format(x, str(self))
        if s.ndim != 1:
            raise TypeError("%s: the scale must be a vector, got %s" % (self, s.type))
        dtype = dtype_of(B.mul, x.dtype, s.dtype)
        return Apply(self, [x, s], [SparseType(x.type.format, dtype)()])

    def jax(self, x, s, node=None):
        x = _sv(x)
        import jax.numpy as jnp
        rows, cols = x.rows_cols()
        factor = s[rows] if self.axis == 0 else s[cols]
        return x.with_data(jnp.asarray(x.data * factor, node.outputs[0].dtype))


def row_scale(x, s):
    """Returns x with row i multiplied by s[i] (same structure)."""
    return _Scale(0)(x, s)


def col_scale(x, s):
    """Returns x with column j multiplied by s[j] (same structure)."""
    return _Scale(1)(x, s)


class MulSD(Op):
    """Returns sparse x times dense y (a matrix or a scalar), with x's structure."""

    __props__ = ()

    def __str__(self):
        return "MulSD"

    def make_node(self, x, y):
        x, y = as_sparse_variable(x), B.as_tensor_variable(y)
        if y.ndim not in (0, 2):
            raise NotImplementedError("sparse * dense needs a dense matrix or scalar, got %s; "
                                      "use row_scale/col_scale for a vector" % y.type)
        dtype = dtype_of(B.mul, x.dtype, y.dtype)
        return Apply(self, [x, y], [SparseType(x.type.format, dtype)()])

    def jax(self, x, y, node=None):
        x = _sv(x)
        import jax.numpy as jnp
        dtype = node.outputs[0].dtype
        if np.ndim(y) == 0:
            return x.with_data(jnp.asarray(x.data * y, dtype))
        rows, cols = x.rows_cols()
        return x.with_data(jnp.asarray(x.data * y[rows, cols], dtype))


mul_s_d = MulSD()


# ------------------------------------------------------------------ dense results

class SpSum(Op):
    """Returns the sum of a sparse matrix: all of it (axis None), per column (0) or per row (1)."""

    __props__ = ("axis", "sparse_grad")

    def __init__(self, axis=None, sparse_grad=True):
        if axis not in (None, 0, 1):
            raise ValueError("sp_sum: axis must be None, 0 or 1, got %r" % (axis,))
        self.axis, self.sparse_grad = axis, sparse_grad

    def __str__(self):
        return "SpSum{axis=%s}" % self.axis

    def make_node(self, x):
        x = as_sparse_variable(x)
        _check_format(x, "sp_sum")
        b = () if self.axis is None else (False,)
        return Apply(self, [x], [TensorType(x.dtype, b)()])

    def jax(self, x, node=None):
        x = _sv(x)
        import jax
        import jax.numpy as jnp
        if self.axis is None:
            return jnp.sum(x.data)
        rows, cols = x.rows_cols()
        seg, n = (cols, x.shape[1]) if self.axis == 0 else (rows, x.shape[0])
        return jax.ops.segment_sum(x.data, seg, num_segments=n)


def sp_sum(x, axis=None, sparse_grad=False):
    """Returns the sum of a sparse matrix along ``axis`` (None: a scalar) as a dense tensor.

    theanox differentiates a sparse input through its stored entries only, so the
    gradient is the structured one whatever ``sparse_grad`` says (Theano's
    ``sparse_grad=False`` also has a value at the unstored entries; take
    ``T.sum(dense_from_sparse(x))`` and differentiate wrt the dense matrix for it).
    """
    return SpSum(axis, bool(sparse_grad))(x)


class StructuredDot(Op):
    """Returns the dense product sparse x . dense y (gradient wrt x: x's structure)."""

    __props__ = ()

    def __str__(self):
        return "StructuredDot"

    def make_node(self, a, b):
        a, b = as_sparse_variable(a), B.as_tensor_variable(b)
        _check_format(a, "structured_dot")
        if b.ndim != 2:
            raise NotImplementedError("non-matrix b: structured_dot needs a dense matrix, got "
                                      "%s of type %s; use b.dimshuffle(0, 'x') for a vector"
                                      % (b, b.type))
        dtype = dtype_of(B.mul, a.dtype, b.dtype)
        return Apply(self, [a, b], [TensorType(dtype, (False, b.broadcastable[1]))()])

    def jax(self, a, b, node=None):
        a = _sv(a)
        return sparse_dense_dot(a, b, node.outputs[0].dtype)


def sparse_dense_dot(a, b, dtype):
    """Returns the jnp product of SparseValue ``a`` and dense ``b`` (BCSR for csr)."""
    import jax
    import jax.numpy as jnp
    from jax.experimental import sparse as jsparse
    if a.shape[1] != np.shape(b)[0]:
        raise ValueError("dimension mismatch: sparse %s times dense %s (SciPy's error)"
                         % (a.shape, np.shape(b)))
    data = jnp.asarray(a.data, dtype)
    b = jnp.asarray(b, dtype)
    if a.format == "csr":
        return jsparse.BCSR((data, a.indices, a.indptr), shape=a.shape) @ b
    rows, cols = a.rows_cols()
    contrib = data.reshape((-1,) + (1,) * (b.ndim - 1)) * b[cols]
    return jax.ops.segment_sum(contrib, rows, num_segments=a.shape[0])


_structured_dot = StructuredDot()


def structured_dot(x, y):
    """Returns x . y where x or y is sparse: a dense result; the sparse operand's gradient is structured."""
    if _is_sparse_variable(x) or _is_sparse(x):
        if _is_sparse_variable(y) or _is_sparse(y):
            raise NotImplementedError("structured_dot of two sparse matrices is not supported: "
                                      "use sparse.dot(x, y)")
        return _structured_dot(x, y)
    if _is_sparse_variable(y) or _is_sparse(y):
        y = as_sparse_variable(y)
        return B.transpose(_structured_dot(transpose(y), B.transpose(x)))
    raise TypeError("structured_dot needs a sparse operand, got %s and %s" % (x, y))


class AddSD(Op):
    """Returns sparse x + dense y as a dense matrix."""

    __props__ = ()

    def __str__(self):
        return "AddSD"

    def make_node(self, x, y):
        x, y = as_sparse_variable(x), B.as_tensor_variable(y)
        if y.ndim != 2:
            raise TypeError("sparse + dense needs a dense matrix, got %s" % y.type)
        dtype = dtype_of(B.add, x.dtype, y.dtype)
        return Apply(self, [x, y], [TensorType(dtype, y.broadcastable)()])

    def jax(self, x, y, node=None):
        x = _sv(x)
        import jax.numpy as jnp
        rows, cols = x.rows_cols()
        dtype = node.outputs[0].dtype
        return jnp.asarray(y, dtype).at[rows, cols].add(jnp.asarray(x.data, dtype))


add_s_d = AddSD()


def add(x, y):
    """Returns x + y: sparse + sparse is sparse (x's format), sparse + dense is dense."""
    x, y = as_sparse_or_tensor_variable(x), as_sparse_or_tensor_variable(y)
    xs, ys = _is_sparse_variable(x), _is_sparse_variable(y)
    if xs and ys:
        return _sparse_result(B.add(dense_from_sparse(x), dense_from_sparse(y)),
                              x.type.format)
    if xs:
        return add_s_d(x, y)
    if ys:
        return add_s_d(y, x)
    raise NotImplementedError("sparse.add needs at least one sparse operand")


def sub(x, y):
    """Returns x - y (see ``add``)."""
    y = as_sparse_or_tensor_variable(y)
    return add(x, neg(y) if _is_sparse_variable(y) else B.neg(y))


def mul(x, y):
    """Returns the elementwise x * y: sparse * sparse and sparse * dense are sparse."""
    x, y = as_sparse_or_tensor_variable(x), as_sparse_or_tensor_variable(y)
    xs, ys = _is_sparse_variable(x), _is_sparse_variable(y)
    if xs and ys:
        return _sparse_result(B.mul(dense_from_sparse(x), dense_from_sparse(y)),
                              x.type.format)
    if xs:
        return mul_s_d(x, y)
    if ys:
        return mul_s_d(y, x)
    raise NotImplementedError("sparse.mul needs at least one sparse operand")


class Dot(Op):
    """Returns the dense product x . y where x, y or both are sparse (a vector operand is allowed).

    Its gradient wrt a sparse operand is differentiated through the stored entries
    (structured); Theano's is dense there.
    """

    __props__ = ()

    def __str__(self):
        return "Dot"

    def make_node(self, x, y):
        x, y = as_sparse_or_tensor_variable(x), as_sparse_or_tensor_variable(y)
        xs, ys = _is_sparse_variable(x), _is_sparse_variable(y)
        if not (xs or ys):
            raise TypeError("Sparse dot product should have at least one sparse variable as "
                            "inputs, but the inputs are %s (%s) and %s (%s). Use T.dot."
                            % (x, x.type, y, y.type))
        for pos, v in enumerate((x, y)):
            if not _is_sparse_variable(v) and v.ndim not in (1, 2):
                raise TypeError("theano.sparse.Dot: input %d (0-indexed) must have ndim of 1 "
                                "or 2, %d given." % (pos, v.ndim))
        bx = (False,) * x.ndim if xs else x.broadcastable
        by = (False,) * y.ndim if ys else y.broadcastable
        out = bx[:-1] + (by[1:] if len(by) == 2 else ())
        dtype = dtype_of(B.mul, x.dtype, y.dtype)
        return Apply(self, [x, y], [TensorType(dtype, out)()])

    def jax(self, x, y, node=None):
        import jax.numpy as jnp
        dtype = node.outputs[0].dtype
        x = _sv(x) if hasattr(x, "format") else x
        y = _sv(y) if hasattr(y, "format") else y
        if isinstance(x, SparseValue):
            if isinstance(y, SparseValue):
                y = todense(y)
            return sparse_dense_dot(x, y, dtype)
        t = SparseValue(Transpose.format_map[y.format], y.shape[::-1], y.data, y.indices,
                        y.indptr)
        return jnp.transpose(sparse_dense_dot(t, jnp.transpose(x), dtype))


_dot = Dot()


def dot(x, y):
    """Returns the true product x . y with x or y sparse, as a dense tensor (Theano's sparse.dot)."""
    return _dot(x, y)


true_dot = dot


def sp_ones_like(x):
    """Returns a sparse matrix with x's structure and every stored entry 1."""
    return _structured("SpOnesLike", lambda d: B.ones_like(d), "")(x)


def sp_zeros_like(x):
    """Returns an all-zero sparse matrix with x's shape and no stored entries."""
    x = as_sparse_variable(x)
    return _sparse_result(B.zeros_like(dense_from_sparse(x)), x.type.format)


def clean(x):
    """Returns x without explicit zeros, in canonical order."""
    x = as_sparse_variable(x)
    return _sparse_result(dense_from_sparse(x), x.type.format)


remove0 = clean
