"""SparseVariable, SparseConstant and SparseSharedVariable: operators on sparse symbols.

Registered with ``SparseType`` when imported (the operators call the ops of
theanox/sparse/basic.py, which the type module sits below).
"""
import numpy as np

from theanox.graph.basic import Constant, Variable
from theanox.sparse import basic as S, extra as X
from theanox.sparse.type import SparseType, SparseValue, register_variable_classes
from theanox.tensor.sharedvar import SharedVariable, register_shared_constructor


class _sparse_py_operators:
    """Returns symbolic results for Python operators on sparse matrices (Theano's set)."""

    _sparse_operand = True       # tensor operators defer to these (see tensor/var.py)
    T = property(lambda self: S.transpose(self))
    shape = property(lambda self: S.csm_shape(self))
    ndim = property(lambda self: self.type.ndim)
    dtype = property(lambda self: self.type.dtype)
    format = property(lambda self: self.type.format)
    broadcastable = property(lambda self: self.type.broadcastable)

    def __neg__(self): return S.neg(self)
    def __add__(self, o): return S.add(self, o)
    def __radd__(self, o): return S.add(o, self)
    def __sub__(self, o): return S.sub(self, o)
    def __rsub__(self, o): return S.sub(o, self)
    def __mul__(self, o): return S.mul(self, o)
    def __rmul__(self, o): return S.mul(o, self)
    def __lt__(self, o): return X.lt(self, o)
    def __le__(self, o): return X.le(self, o)
    def __gt__(self, o): return X.gt(self, o)
    def __ge__(self, o): return X.ge(self, o)
    def __getitem__(self, index): return X.getitem(self, index)
    def __dot__(self, o): return S.dot(self, o)
    def __rdot__(self, o): return S.dot(o, self)
    def __matmul__(self, o): return S.dot(self, o)
    def __rmatmul__(self, o): return S.dot(o, self)

    def toarray(self):
        """Returns the dense matrix (``dense_from_sparse``)."""
        return S.dense_from_sparse(self)

    def sum(self, axis=None, sparse_grad=False):
        return S.sp_sum(self, axis, sparse_grad)

    def zeros_like(self):
        return S.sp_zeros_like(self)

    __hash__ = Variable.__hash__


class SparseVariable(_sparse_py_operators, Variable):
    """Returns a symbolic sparse matrix (csr or csc)."""

    def __str__(self):
        if self.name is not None:
            return self.name
        return Variable.__str__(self)

    __repr__ = __str__
    __hash__ = Variable.__hash__


class SparseConstant(_sparse_py_operators, Constant):
    """Returns a constant sparse matrix; ``data`` is its SciPy matrix."""

    def signature(self):
        d = self.data
        return (self.type, d.shape, np.asarray(d.data).tobytes(), d.indices.tobytes(),
                d.indptr.tobytes())

    def __str__(self):
        if self.name is not None:
            return self.name
        return "SparseConstant{%s,%s,shape=%s,nnz=%d}" % (
            self.type.format, self.type.dtype, self.data.shape, self.data.nnz)

    __repr__ = __str__
    __hash__ = Constant.__hash__


register_variable_classes(SparseVariable, SparseConstant)


class SparseTensorSharedVariable(_sparse_py_operators, SharedVariable):
    """Returns a shared sparse matrix: ``get_value()`` gives a SciPy matrix of its format."""

    def get_value(self, borrow=False, return_internal_type=False):
        with self._lock:
            if return_internal_type:
                return self._value
            return self._value.to_scipy()

    def set_value(self, new_value, borrow=False):
        import jax
        try:
            m = self.type.filter(new_value, strict=self.strict,
                                 allow_downcast=self.allow_downcast)
        except TypeError as e:
            raise TypeError("Cannot set the value of shared variable %s: %s" % (self, e)) from None
        v = SparseValue.from_scipy(m)
        v = jax.tree_util.tree_map(lambda a: jax.device_put(np.array(a, copy=True)), v)
        with self._lock:
            self._value = v

    def zero(self, borrow=False):
        self.set_value(self.type.value_zeros(self.get_value().shape))

    def __setstate__(self, state):
        value = state.pop("_value")
        self.__dict__.update(state)
        import threading
        self._lock = threading.RLock()
        self.set_value(value)

    __hash__ = SharedVariable.__hash__


def sparse_constructor(value, name=None, strict=False, allow_downcast=None, borrow=False,
                       format=None):
    """Returns a SparseSharedVariable for a SciPy csr/csc matrix (TypeError for anything else)."""
    if not S._is_sparse(value):
        raise TypeError("Expected a sparse matrix in the sparse shared variable constructor. "
                        "Received: %s" % (type(value).__name__,))
    if format is None:
        format = value.format
    return SparseTensorSharedVariable(name, SparseType(format, str(value.dtype)), value, strict,
                                allow_downcast)


register_shared_constructor(S._is_sparse, sparse_constructor)
shared = sparse_constructor

SparseSharedVariable = SparseTensorSharedVariable
