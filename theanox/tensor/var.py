"""TensorVariable and TensorConstant: operators and NumPy-like methods on symbols.

The operators call the tensor functions, so this module sits above them in the
tensor layer, and registers its classes with ``TensorType`` (which makes the
variables) when it is imported.
"""
import numpy as np

from theanox.graph import hooks
from theanox.graph.basic import Constant, Variable
from theanox.tensor import (
    basic as B,
    extra_ops as X,
    linalg as LA,
    nlinalg as NL,
    reduction as R,
    sort as S,
    subtensor as ST,
)
from theanox.tensor.elemwise import DimShuffle
from theanox.tensor.type import register_variable_classes


def _refuse_truth(var):
    """Returns ``var`` marked so that ``bool(var)`` raises (a comparison result)."""
    var._is_nonzero = False
    return var


class _tensor_py_operators:
    """Returns symbolic results for Python operators and NumPy-style methods."""

    # Python operators ------------------------------------------------
    # A sparse operand (``_sparse_operand``) computes the result itself: Python then
    # calls its reflected operator, as Theano's operators return NotImplemented.
    def __add__(self, o):
        return NotImplemented if getattr(o, "_sparse_operand", False) else B.add(self, o)
    def __radd__(self, o): return B.add(o, self)
    def __sub__(self, o):
        return NotImplemented if getattr(o, "_sparse_operand", False) else B.sub(self, o)
    def __rsub__(self, o): return B.sub(o, self)
    def __mul__(self, o):
        return NotImplemented if getattr(o, "_sparse_operand", False) else B.mul(self, o)
    def __rmul__(self, o): return B.mul(o, self)
    def __truediv__(self, o): return B.true_div(self, o)
    def __rtruediv__(self, o): return B.true_div(o, self)
    def __floordiv__(self, o): return B.int_div(self, o)
    def __rfloordiv__(self, o): return B.int_div(o, self)
    def __mod__(self, o):
        if self.dtype.startswith("complex") or B.as_tensor_variable(o).dtype.startswith(
                "complex"):
            raise NotImplementedError("Theano does not support the mod operator (%) on "
                                      "complex numbers, since numpy deprecated it.")
        return B.mod(self, o)
    def __rmod__(self, o): return B.mod(o, self)
    def __pow__(self, o): return B.pow(self, o)
    def __rpow__(self, o): return B.pow(o, self)
    def __divmod__(self, o): return B.int_div(self, o), B.mod(self, o)
    def __neg__(self): return B.neg(self)
    def __pos__(self): return self
    def __abs__(self): return B.abs_(self)
    def __invert__(self): return B.invert(self)
    def __and__(self, o): return B.and_(self, o)
    def __rand__(self, o): return B.and_(o, self)
    def __or__(self, o): return B.or_(self, o)
    def __ror__(self, o): return B.or_(o, self)
    def __xor__(self, o): return B.xor(self, o)
    def __rxor__(self, o): return B.xor(o, self)
    # Comparisons.  As in Theano 1.0, the result of a Python comparison operator is
    # the one variable whose truth value is refused (see __bool__).
    _is_nonzero = True

    def __lt__(self, o): return _refuse_truth(B.lt(self, o))
    def __le__(self, o): return _refuse_truth(B.le(self, o))
    def __gt__(self, o): return _refuse_truth(B.gt(self, o))
    def __ge__(self, o): return _refuse_truth(B.ge(self, o))
    def __matmul__(self, o): return LA.dot(self, o)
    def __rmatmul__(self, o): return LA.dot(o, self)
    __hash__ = Variable.__hash__

    def __bool__(self):
        # Theano 1.0's rule: every variable is truthy (legacy code tests an optional
        # argument with ``if not W:``), except the result of ``<``, ``<=``, ``>``,
        # ``>=``, so that a chained comparison ``a < b < c`` (which Python evaluates
        # as ``(a < b) and (b < c)``) fails instead of silently dropping a term.
        # Defining __bool__ also keeps Python from falling back on __len__.
        if self._is_nonzero:
            return True
        raise TypeError("Variables do not support boolean operations.")

    def __iter__(self):
        # Theano: a vector of known length unpacks (``rows, cols = x.shape``); an
        # unknown length is get_vector_length's ValueError; other ranks a TypeError.
        try:
            n = B.get_vector_length(self)
        except TypeError:
            raise TypeError("TensorType does not support iteration. Maybe you are using "
                            "builtins.sum instead of theanox.tensor.sum?") from None
        return (self[i] for i in range(n))

    def __len__(self):
        raise TypeError("len() of a symbolic variable is unknown; use x.shape[0]")

    def __getitem__(self, args):
        return ST.getitem(self, args)

    # Attributes -------------------------------------------------------
    ndim = property(lambda self: self.type.ndim)
    dtype = property(lambda self: self.type.dtype)
    broadcastable = property(lambda self: self.type.broadcastable)
    shape = property(lambda self: B.shape(self))
    size = property(lambda self: R.prod(self.shape) if self.ndim else B.constant(1))
    T = property(lambda self: B.transpose(self))
    real = property(lambda self: B.real(self))
    imag = property(lambda self: B.imag(self))

    # NumPy values on the left (``np.float32(0.1) * grad``, ``np.ones(3) + x``): NumPy
    # defers to our reflected operators instead of trying to convert the variable.
    __array_ufunc__ = None
    __array_priority__ = 1000

    def __array__(self, *a, **k):
        raise TypeError("A symbolic variable cannot be converted to a NumPy array; "
                        "compile it with theanox.function or call .eval()")

    # Methods -----------------------------------------------------------
    def astype(self, dtype): return B.cast(self, dtype)
    def transpose(self, *axes):
        if len(axes) == 1 and isinstance(axes[0], (list, tuple)):
            axes = axes[0]
        return B.transpose(self, axes or None)

    def dimshuffle(self, *pattern):
        if len(pattern) == 1 and isinstance(pattern[0], (list, tuple)):
            pattern = pattern[0]
        return DimShuffle(self.broadcastable, pattern)(self)

    def reshape(self, shape, ndim=None): return B.reshape(self, shape, ndim=ndim)
    def flatten(self, ndim=1, outdim=None): return B.flatten(self, outdim or ndim)
    ravel = flatten
    def squeeze(self): return X.squeeze(self)
    def swapaxes(self, a, b): return B.swapaxes(self, a, b)
    def sum(self, axis=None, dtype=None, keepdims=False, acc_dtype=None):
        return R.sum(self, axis=axis, dtype=dtype, keepdims=keepdims, acc_dtype=acc_dtype)

    def prod(self, axis=None, dtype=None, keepdims=False, acc_dtype=None):
        return R.prod(self, axis=axis, dtype=dtype, keepdims=keepdims, acc_dtype=acc_dtype)

    def mean(self, axis=None, dtype=None, keepdims=False, acc_dtype=None):
        return R.mean(self, axis=axis, dtype=dtype, keepdims=keepdims, acc_dtype=acc_dtype)

    def var(self, axis=None, ddof=0, keepdims=False, corrected=False):
        return R.var(self, axis=axis, ddof=ddof, keepdims=keepdims, corrected=corrected)

    def std(self, axis=None, ddof=0, keepdims=False, corrected=False):
        return R.std(self, axis=axis, ddof=ddof, keepdims=keepdims, corrected=corrected)

    def max(self, axis=None, keepdims=False): return R.max(self, axis, keepdims=keepdims)
    def min(self, axis=None, keepdims=False): return R.min(self, axis, keepdims=keepdims)
    def argmax(self, axis=None, keepdims=False): return R.argmax(self, axis, keepdims=keepdims)
    def argmin(self, axis=None, keepdims=False): return R.argmin(self, axis, keepdims=keepdims)
    def all(self, axis=None, keepdims=False): return R.all(self, axis, keepdims=keepdims)
    def any(self, axis=None, keepdims=False): return R.any(self, axis, keepdims=keepdims)
    def ptp(self, axis=None): return B.ptp(self, axis)
    def norm(self, L, axis=None, keepdims=False):
        return R.norm(self, L, axis=axis, keepdims=keepdims)

    def dot(self, o): return LA.dot(self, o)
    def nonzero(self, return_matrix=False): return ST.nonzero(self, return_matrix)
    def nonzero_values(self): return ST.nonzero_values(self)
    def sort(self, axis=-1, kind="quicksort", order=None): return S.sort(self, axis, kind, order)
    def argsort(self, axis=-1, kind="quicksort", order=None):
        return S.argsort(self, axis, kind, order)

    def clip(self, a_min, a_max): return B.clip(self, a_min, a_max)
    def searchsorted(self, v, side="left", sorter=None):
        return X.searchsorted(self, v, side, sorter)

    def transfer(self, target):
        """Returns this variable: theanox keeps values on config.device already."""
        if target not in ("cpu", "gpu", "dev0") and not str(target).startswith(("cuda", "gpu")):
            raise ValueError("transfer: unknown target %r (expected 'cpu' or a device name "
                             "like 'cuda0')" % (target,))
        return self
    def conj(self): return B.conj(self)
    conjugate = conj
    def repeat(self, repeats, axis=None): return X.repeat(self, repeats, axis)
    def round(self, mode=None): return B.round(self, mode)
    def trace(self): return NL.trace(self)
    def cumsum(self, axis=None): return X.cumsum(self, axis)
    def cumprod(self, axis=None): return X.cumprod(self, axis)
    def diagonal(self, offset=0, axis1=0, axis2=1): return NL.diagonal(self, offset, axis1, axis2)
    def take(self, indices, axis=None, mode="raise"): return ST.take(self, indices, axis, mode)
    def compress(self, a, axis=None): return X.compress(a, self, axis)
    def choose(self, choices, out=None, mode="raise"): return B.choose(self, choices, out, mode)
    def fill(self, value): return B.fill(self, value)
    def copy(self, name=None):
        out = B.tensor_copy(self)
        out.name = name
        return out

    def zeros_like(self, dtype=None): return B.zeros_like(self, dtype)
    def ones_like(self, dtype=None): return B.ones_like(self, dtype)
    def exp(self): return B.exp(self)
    def log(self): return B.log(self)
    def sqrt(self): return B.sqrt(self)
    def floor(self): return B.floor(self)
    def ceil(self): return B.ceil(self)
    def trunc(self): return B.trunc(self)
    def cos(self): return B.cos(self)
    def sin(self): return B.sin(self)
    def tan(self): return B.tan(self)
    def cosh(self): return B.cosh(self)
    def sinh(self): return B.sinh(self)
    def tanh(self): return B.tanh(self)
    def arccos(self): return B.arccos(self)
    def arcsin(self): return B.arcsin(self)
    def arctan(self): return B.arctan(self)
    def arccosh(self): return B.arccosh(self)
    def arcsinh(self): return B.arcsinh(self)
    def arctanh(self): return B.arctanh(self)

    def log1p(self): return B.log1p(self)
    def expm1(self): return B.expm1(self)
    def log2(self): return B.log2(self)
    def log10(self): return B.log10(self)
    def exp2(self): return B.exp2(self)
    def deg2rad(self): return B.deg2rad(self)
    def rad2deg(self): return B.rad2deg(self)

    # Python 2 spellings Theano 1.0.5 defines, kept for code that calls them by name;
    # math.ceil/floor/trunc(x) call the dunders and give symbolic results, as in Theano.
    def __div__(self, o): return B.div_proxy(self, o)
    def __rdiv__(self, o): return B.div_proxy(o, self)
    def __rdivmod__(self, o): return B.int_div(o, self), B.mod(o, self)
    def __nonzero__(self): return self.__bool__()
    def __ceil__(self): return B.ceil(self)
    def __floor__(self): return B.floor(self)
    def __trunc__(self): return B.trunc(self)
    def __dot__(self, o): return LA.tensor_dot(self, o)
    def __rdot__(self, o): return LA.tensor_dot(o, self)

    def get_scalar_constant_value(self):
        return B.get_scalar_constant_value(self)


class TensorVariable(_tensor_py_operators, Variable):
    """Returns a symbolic tensor (what T.matrix('x') and every tensor op give)."""

    __hash__ = Variable.__hash__

    # Jupyter shows a variable as its graph picture (text when Graphviz is missing).
    def _repr_svg_(self):
        return hooks.repr_svg(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return hooks.repr_mimebundle(self, include, exclude)


class TensorConstant(_tensor_py_operators, Constant):
    """Returns a constant tensor; prints as ``TensorConstant{2}``."""

    __hash__ = Variable.__hash__

    def __init__(self, type, data, name=None):
        Constant.__init__(self, type, data, name)
        self.tag.unique_value = None
        flat = np.asarray(self.data).ravel()
        if self.data.ndim > 0 and flat.size and (flat == flat[0]).all():
            self.tag.unique_value = flat[0]

    def __str__(self):
        if self.name is not None:
            return self.name
        if self.tag.unique_value is not None:
            text = "%s of %s" % (self.data.shape, self.tag.unique_value)
        else:
            text = "%s" % (self.data,)
        if len(text) > 20:
            text = text[:10] + ".." + text[-10:]
        return "TensorConstant{%s}" % text

    __repr__ = __str__

    def clone(self):
        return TensorConstant(self.type, self.data, self.name)



register_variable_classes(TensorVariable, TensorConstant)
