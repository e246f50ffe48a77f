"""Making tensors from Python values: ``constant`` and ``as_tensor_variable``.

``as_tensor_variable`` dispatches on the type of its argument (``functools.
singledispatch``): variables pass through, values become constants, and the
module that defines ``stack`` (``theanox.tensor.basic``) registers the rule for
lists and tuples holding variables.
"""
import functools

import numpy as np

from theanox import config
from theanox.graph.basic import Variable
from theanox.tensor.dtypes import autocast_python_scalar
from theanox.tensor.type import TensorType


class NotScalarConstantError(Exception):
    """Raised when a variable is not a constant scalar."""


EmptyConstantError = NotScalarConstantError


class AsTensorError(TypeError):
    """Raised when a value cannot be converted to a tensor variable."""


def constant(x, name=None, ndim=None, dtype=None):
    """Returns a TensorConstant for ``x`` (Python numbers follow Theano's autocasting)."""
    if isinstance(x, (bool, int, float, complex, np.bool_)) and dtype is None \
            and (not isinstance(x, np.generic) or isinstance(x, np.bool_)):
        data = autocast_python_scalar(x)
    else:
        data = np.asarray(x, dtype=dtype)
        if dtype is None and data.size == 0 and not hasattr(x, "dtype"):
            data = data.astype(config.floatX)  # Theano: an empty list is floatX
    if data.dtype == object:
        raise TypeError("Cannot make a constant of %r: give numbers or a numeric array" % (x,))
    if ndim is not None:
        if data.ndim < ndim:
            data = data.reshape((1,) * (ndim - data.ndim) + data.shape)
        elif data.ndim > ndim:
            raise ValueError("constant %r has %d dimensions, more than ndim=%d"
                             % (x, data.ndim, ndim))
    bcast = tuple(s == 1 for s in data.shape)
    return TensorType(data.dtype, bcast).make_constant(data, name=name)


@functools.singledispatch
def as_tensor_variable(x, name=None, ndim=None):
    """Returns ``x`` as a TensorVariable: variables pass through, values become constants."""
    if isinstance(x, bool):
        raise AsTensorError(
            "Cannot cast True or False as a tensor variable. Please use np.array(True) or "
            "np.array(False) if you need these constants. This error might be caused by "
            "using the == operator on Variables: v == w does not do what you think it "
            "does, use theanox.tensor.eq(v, w) instead.")
    if hasattr(x, "outputs") and hasattr(x, "op"):
        return as_tensor_variable(x.outputs[0] if len(x.outputs) == 1 else x.default_output())
    try:
        return constant(x, name=name, ndim=ndim)
    except TypeError as e:
        raise TypeError("Cannot convert %r to a tensor variable: %s" % (x, e)) from None


@as_tensor_variable.register(Variable)
def _variable_as_tensor(x, name=None, ndim=None):
    if not isinstance(x.type, TensorType):
        raise TypeError("Cannot convert %s of type %s to a tensor" % (x, x.type))
    if ndim is not None and x.ndim != ndim:
        if x.ndim > ndim and all(x.broadcastable[:x.ndim - ndim]):
            return x.dimshuffle(list(range(x.ndim - ndim, x.ndim)))
        raise ValueError("TensorType could not be cast to have %d dimensions: %s has %d"
                         % (ndim, x, x.ndim))
    return x


as_tensor = as_tensor_variable


def flatten_nested(x):
    """Returns an iterator over the leaves of nested lists and tuples."""
    for i in x:
        if isinstance(i, (list, tuple)):
            yield from flatten_nested(i)
        else:
            yield i
