"""TensorVariable and TensorConstant: operators and NumPy-like methods on symbols."""
import numpy as np

from theanox.graph.basic import Constant, Variable


def _T():
    import theanox.tensor as T
    return T


def _refuse_truth(var):
    """Returns ``var`` marked so that ``bool(var)`` raises (a comparison result)."""
    var._is_nonzero = False
    return var


class _tensor_py_operators:
    """Returns symbolic results for Python operators and NumPy-style methods."""

    # Python operators ------------------------------------------------
    def __add__(self, o): return _T().add(self, o)
    def __radd__(self, o): return _T().add(o, self)
    def __sub__(self, o): return _T().sub(self, o)
    def __rsub__(self, o): return _T().sub(o, self)
    def __mul__(self, o): return _T().mul(self, o)
    def __rmul__(self, o): return _T().mul(o, self)
    def __truediv__(self, o): return _T().true_div(self, o)
    def __rtruediv__(self, o): return _T().true_div(o, self)
    def __floordiv__(self, o): return _T().int_div(self, o)
    def __rfloordiv__(self, o): return _T().int_div(o, self)
    def __mod__(self, o):
        if self.dtype.startswith("complex") or _T().as_tensor_variable(o).dtype.startswith(
                "complex"):
            raise NotImplementedError("Theano does not support the mod operator (%) on "
                                      "complex numbers, since numpy deprecated it.")
        return _T().mod(self, o)
    def __rmod__(self, o): return _T().mod(o, self)
    def __pow__(self, o): return _T().pow(self, o)
    def __rpow__(self, o): return _T().pow(o, self)
    def __divmod__(self, o): return _T().int_div(self, o), _T().mod(self, o)
    def __neg__(self): return _T().neg(self)
    def __pos__(self): return self
    def __abs__(self): return _T().abs_(self)
    def __invert__(self): return _T().invert(self)
    def __and__(self, o): return _T().and_(self, o)
    def __rand__(self, o): return _T().and_(o, self)
    def __or__(self, o): return _T().or_(self, o)
    def __ror__(self, o): return _T().or_(o, self)
    def __xor__(self, o): return _T().xor(self, o)
    def __rxor__(self, o): return _T().xor(o, self)
    # Comparisons.  As in Theano 1.0, the result of a Python comparison operator is
    # the one variable whose truth value is refused (see __bool__).
    _is_nonzero = True

    def __lt__(self, o): return _refuse_truth(_T().lt(self, o))
    def __le__(self, o): return _refuse_truth(_T().le(self, o))
    def __gt__(self, o): return _refuse_truth(_T().gt(self, o))
    def __ge__(self, o): return _refuse_truth(_T().ge(self, o))
    def __matmul__(self, o): return _T().dot(self, o)
    def __rmatmul__(self, o): return _T().dot(o, self)
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
            n = _T().get_vector_length(self)
        except TypeError:
            raise TypeError("TensorType does not support iteration. Maybe you are using "
                            "builtins.sum instead of theanox.tensor.sum?") from None
        return (self[i] for i in range(n))

    def __len__(self):
        raise TypeError("len() of a symbolic variable is unknown; use x.shape[0]")

    def __getitem__(self, args):
        from theanox.tensor.subtensor import getitem
        return getitem(self, args)

    # Attributes -------------------------------------------------------
    ndim = property(lambda self: self.type.ndim)
    dtype = property(lambda self: self.type.dtype)
    broadcastable = property(lambda self: self.type.broadcastable)
    shape = property(lambda self: _T().shape(self))
    size = property(lambda self: _T().prod(self.shape) if self.ndim else _T().constant(1))
    T = property(lambda self: _T().transpose(self))
    real = property(lambda self: _T().real(self))
    imag = property(lambda self: _T().imag(self))

    # NumPy values on the left (``np.float32(0.1) * grad``, ``np.ones(3) + x``): NumPy
    # defers to our reflected operators instead of trying to convert the variable.
    __array_ufunc__ = None
    __array_priority__ = 1000

    def __array__(self, *a, **k):
        raise TypeError("A symbolic variable cannot be converted to a NumPy array; "
                        "compile it with theanox.function or call .eval()")

    # Methods -----------------------------------------------------------
    def astype(self, dtype): return _T().cast(self, dtype)
    def transpose(self, *axes):
        if len(axes) == 1 and isinstance(axes[0], (list, tuple)):
            axes = axes[0]
        return _T().transpose(self, axes or None)

    def dimshuffle(self, *pattern):
        if len(pattern) == 1 and isinstance(pattern[0], (list, tuple)):
            pattern = pattern[0]
        from theanox.tensor.elemwise import DimShuffle
        return DimShuffle(self.broadcastable, pattern)(self)

    def reshape(self, shape, ndim=None): return _T().reshape(self, shape, ndim=ndim)
    def flatten(self, ndim=1, outdim=None): return _T().flatten(self, outdim or ndim)
    ravel = flatten
    def squeeze(self): return _T().squeeze(self)
    def swapaxes(self, a, b): return _T().swapaxes(self, a, b)
    def sum(self, axis=None, dtype=None, keepdims=False, acc_dtype=None):
        return _T().sum(self, axis=axis, dtype=dtype, keepdims=keepdims, acc_dtype=acc_dtype)

    def prod(self, axis=None, dtype=None, keepdims=False, acc_dtype=None):
        return _T().prod(self, axis=axis, dtype=dtype, keepdims=keepdims, acc_dtype=acc_dtype)

    def mean(self, axis=None, dtype=None, keepdims=False, acc_dtype=None):
        return _T().mean(self, axis=axis, dtype=dtype, keepdims=keepdims, acc_dtype=acc_dtype)

    def var(self, axis=None, ddof=0, keepdims=False, corrected=False):
        return _T().var(self, axis=axis, ddof=ddof, keepdims=keepdims, corrected=corrected)

    def std(self, axis=None, ddof=0, keepdims=False, corrected=False):
        return _T().std(self, axis=axis, ddof=ddof, keepdims=keepdims, corrected=corrected)

    def max(self, axis=None, keepdims=False): return _T().max(self, axis, keepdims=keepdims)
    def min(self, axis=None, keepdims=False): return _T().min(self, axis, keepdims=keepdims)
    def argmax(self, axis=None, keepdims=False): return _T().argmax(self, axis, keepdims=keepdims)
    def argmin(self, axis=None, keepdims=False): return _T().argmin(self, axis, keepdims=keepdims)
    def all(self, axis=None, keepdims=False): return _T().all(self, axis, keepdims=keepdims)
    def any(self, axis=None, keepdims=False): return _T().any(self, axis, keepdims=keepdims)
    def ptp(self, axis=None): return _T().ptp(self, axis)
    def norm(self, L, axis=None, keepdims=False):
        return _T().norm(self, L, axis=axis, keepdims=keepdims)

    def dot(self, o): return _T().dot(self, o)
    def nonzero(self, return_matrix=False): return _T().nonzero(self, return_matrix)
    def nonzero_values(self): return _T().nonzero_values(self)
    def sort(self, axis=-1, kind="quicksort", order=None): return _T().sort(self, axis, kind, order)
    def argsort(self, axis=-1, kind="quicksort", order=None):
        return _T().argsort(self, axis, kind, order)

    def clip(self, a_min, a_max): return _T().clip(self, a_min, a_max)
    def searchsorted(self, v, side="left", sorter=None):
        return _T().searchsorted(self, v, side, sorter)

    def transfer(self, target):
        """Returns this variable: theanox keeps values on config.device already."""
        if target not in ("cpu", "gpu", "dev0") and not str(target).startswith(("cuda", "gpu")):
            raise ValueError("transfer: unknown target %r (expected 'cpu' or a device name "
                             "like 'cuda0')" % (target,))
        return self
    def conj(self): return _T().conj(self)
    conjugate = conj
    def repeat(self, repeats, axis=None): return _T().repeat(self, repeats, axis)
    def round(self, mode=None): return _T().round(self, mode)
    def trace(self): return _T().trace(self)
    def cumsum(self, axis=None): return _T().cumsum(self, axis)
    def cumprod(self, axis=None): return _T().cumprod(self, axis)
    def diagonal(self, offset=0, axis1=0, axis2=1): return _T().diagonal(self, offset, axis1, axis2)
    def take(self, indices, axis=None, mode="raise"): return _T().take(self, indices, axis, mode)
    def compress(self, a, axis=None): return _T().compress(a, self, axis)
    def choose(self, choices, out=None, mode="raise"): return _T().choose(self, choices, out, mode)
    def fill(self, value): return _T().fill(self, value)
    def copy(self, name=None):
        out = _T().tensor_copy(self)
        out.name = name
        return out

    def zeros_like(self, dtype=None): return _T().zeros_like(self, dtype)
    def ones_like(self, dtype=None): return _T().ones_like(self, dtype)
    def exp(self): return _T().exp(self)
    def log(self): return _T().log(self)
    def sqrt(self): return _T().sqrt(self)
    def floor(self): return _T().floor(self)
    def ceil(self): return _T().ceil(self)
    def trunc(self): return _T().trunc(self)
    def cos(self): return _T().cos(self)
    def sin(self): return _T().sin(self)
    def tan(self): return _T().tan(self)
    def cosh(self): return _T().cosh(self)
    def sinh(self): return _T().sinh(self)
    def tanh(self): return _T().tanh(self)
    def arccos(self): return _T().arccos(self)
    def arcsin(self): return _T().arcsin(self)
    def arctan(self): return _T().arctan(self)
    def arccosh(self): return _T().arccosh(self)
    def arcsinh(self): return _T().arcsinh(self)
    def arctanh(self): return _T().arctanh(self)

    def get_scalar_constant_value(self):
        return _T().get_scalar_constant_value(self)


class TensorVariable(_tensor_py_operators, Variable):
    """Returns a symbolic tensor (what T.matrix('x') and every tensor op give)."""

    __hash__ = Variable.__hash__

    # Jupyter shows a variable as its graph picture (text when Graphviz is missing).
    def _repr_svg_(self):
        from theanox.printing import repr_svg
        return repr_svg(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        from theanox.printing import repr_mimebundle
        return repr_mimebundle(self, include, exclude)


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


class TensorSharedVariable(_tensor_py_operators, Variable):
    """Placeholder base; the real shared variable lives in theanox.shared."""

    __hash__ = Variable.__hash__
