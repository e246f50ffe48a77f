"""Helpers of Theano's ``scan_module.scan_utils`` that user code reaches for."""
import numpy as np

from theanox.graph.basic import clone_replace, is_same_graph
from theanox.scan import get_updates_and_outputs, until  # noqa: F401
from theanox.tensor.basic import get_scalar_constant_value
from theanox.tensor.type import TensorType


def safe_new(x, tag="", dtype=None):
    """Returns a new variable of ``x``'s type (or ``dtype``), named after ``x`` + ``tag``."""
    t = x.type if dtype is None else TensorType(dtype, x.broadcastable)
    return t(None if x.name is None else x.name + tag)


def clone(output, replace=None, strict=True, share_inputs=True):
    """Returns a copy of the graph of ``output`` with ``replace`` applied."""
    return clone_replace(output, replace, share_inputs)


def isNaN_or_Inf_or_None(x):
    """Returns True when ``x`` is None, NaN or infinite (a number or a constant)."""
    if x is None:
        return True
    try:
        v = np.asarray(get_scalar_constant_value(x) if hasattr(x, "type") else x)
        return bool(np.isnan(v) or np.isinf(v))
    except Exception:
        return False


def equal_computations(xs, ys, in_xs=None, in_ys=None):
    """Returns True when each x computes the same thing as the matching y (structurally)."""
    if len(xs) != len(ys):
        return False
    if in_xs:
        xs = clone_replace(list(xs), list(zip(in_xs, in_ys)))
    return all(x is y or is_same_graph(x, y) for x, y in zip(xs, ys))
