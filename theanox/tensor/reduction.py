"""Reductions (sum, prod, max, min, all, any, argmax...) as rows of one table, plus mean/var/std."""
import builtins

import numpy as np

from theanox.graph.basic import Apply, Op
from theanox.tensor import elemwise as E
from theanox.tensor.conversion import as_tensor_variable, constant
from theanox.tensor.elemwise import cast
from theanox.tensor.kinks import theano_kink
from theanox.tensor.shapes import get_scalar_constant_value, shape
from theanox.tensor.type import TensorType, discrete_dtypes


def _sum_dtype(d):
    if d == "bool" or d.startswith("int"):
        return "int64"
    if d.startswith("uint"):
        return "uint64"
    return d


def _acc_dtype(d):
    if d in ("float16", "float32"):
        return "float64"
    if d == "complex64":
        return "complex128"
    return _sum_dtype(d)


def _same(d):
    return d


def _bool(d):
    return "bool"


# name, printed class name, jnp function, output dtype rule, accumulates?
_TABLE = {
    "sum": ("Sum", "sum", _sum_dtype, True),
    "prod": ("Prod", "prod", _sum_dtype, True),
    "max": ("Max", "max", _same, False),
    "min": ("Min", "min", _same, False),
    "all": ("All", "all", _bool, False),
    "any": ("Any", "any", _bool, False),
    "argmax": ("Argmax", "argmax", lambda d: "int64", False),
    "argmin": ("Argmin", "argmin", lambda d: "int64", False),
}


class Reduce(Op):
    """Returns a reduction of ``x`` over ``axis`` (None: all axes) - one table row."""

    __props__ = ("kind", "axis", "dtype", "acc_dtype")

    def __init__(self, kind, axis=None, dtype=None, acc_dtype=None):
        self.kind = kind
        self.axis = None if axis is None else tuple(axis)
        self.dtype = dtype
        self.acc_dtype = acc_dtype
        self.name_, self.fn_name, self.out_rule, self.accumulates = _TABLE[kind]

    def __str__(self):
        parts = []
        if self.axis is not None:
            parts.append("axis=%s" % list(self.axis))
        if self.accumulates:
            parts.append("acc_dtype=%s" % self.acc_dtype)
        elif self.kind in ("max", "min"):
            parts = ["maximum" if self.kind == "max" else "minimum"] + parts
        elif self.kind in ("argmax", "argmin") and self.axis is not None:
            parts = ["axis=%s" % (self.axis,)]
        return "%s{%s}" % (self.name_, ", ".join(parts)) if parts else self.name_

    def make_node(self, x):
        x = as_tensor_variable(x)
        axis = tuple(range(x.ndim)) if self.axis is None else self.axis
        for a in axis:
            if not 0 <= a < x.ndim:
                raise ValueError("reduction axis %d is out of range for %s" % (a, x.type))
        dtype = self.dtype or self.out_rule(x.dtype)
        bcast = [b for i, b in enumerate(x.broadcastable) if i not in axis]
        return Apply(self, [x], [TensorType(dtype, bcast)()])

    def jax(self, x, node=None):
        import jax.numpy as jnp
        axis = self.axis
        out_dtype = node.outputs[0].dtype
        if self.kind in ("argmax", "argmin"):
            fn = getattr(jnp, self.fn_name)
            if self.kind == "argmin" and np.dtype(x.dtype).kind == "i":
                # Theano's argmin of a signed int is argmax(-x): -INT_MIN wraps to
                # INT_MIN, so INT_MIN is never the argmin (unless every value is).
                x, fn = -x, jnp.argmax
            if axis is None or len(axis) == np.ndim(x):
                return fn(jnp.reshape(x, (-1,))).astype(out_dtype) if np.ndim(x) else \
                    jnp.zeros((), out_dtype)
            if len(axis) == 1:
                return fn(x, axis=axis[0]).astype(out_dtype)
            keep = [i for i in range(np.ndim(x)) if i not in axis]
            xt = jnp.transpose(x, keep + list(axis))
            xt = xt.reshape(xt.shape[:len(keep)] + (-1,))
            return fn(xt, axis=-1).astype(out_dtype)
        fn = getattr(jnp, self.fn_name)
        if self.accumulates:
            # A user-given acc_dtype is honoured; the default accumulates floats in
            # their own dtype (XLA's tree reductions keep float32 accurate enough).
            acc = self.acc_dtype if self.acc_dtype_given else None
            if acc is None and out_dtype != str(x.dtype):
                acc = out_dtype
            if self.kind == "prod" and jnp.issubdtype(x.dtype, jnp.floating) \
                    and out_dtype == str(x.dtype):
                # A product overflows where a sum does not: float32 products accumulate
                # in Theano's float64 (cheap, prods are rare); Theano's gradient rule.
                return theano_kink("prod")(x, axis=axis, dtype=self.acc_dtype or acc)
            return fn(x, axis=axis, dtype=acc).astype(out_dtype)
        if self.kind in ("max", "min") and jnp.issubdtype(x.dtype, jnp.floating):
            fn = theano_kink(self.kind)      # ties share Theano's gradient
        return fn(x, axis=axis).astype(out_dtype)

    acc_dtype_given = False

    def __reduce__(self):
        # The table row holds lambdas: rebuild the op from its properties.
        return _make_reduce, (self.kind, self.axis, self.dtype, self.acc_dtype,
                              self.acc_dtype_given)


def _make_reduce(kind, axis, dtype, acc_dtype, acc_dtype_given):
    """Returns a Reduce op (used when unpickling)."""
    op = Reduce(kind, axis, dtype, acc_dtype)
    op.acc_dtype_given = acc_dtype_given
    return op


def _reduce(kind, x, axis, keepdims, dtype=None, acc_dtype=None):
    x = as_tensor_variable(x)
    axes = _normalize_axis(x, axis)
    given = acc_dtype is not None
    if _TABLE[kind][3] and acc_dtype is None:
        acc_dtype = _acc_dtype(x.dtype)
        if dtype is not None and np.dtype(dtype).itemsize > np.dtype(acc_dtype).itemsize:
            acc_dtype = dtype
    op = Reduce(kind, None if axes is None else axes, dtype, acc_dtype)
    op.acc_dtype_given = given
    out = op(x)
    if keepdims:
        out = _keep_dims(x, out, axes)
    return out


def _normalize_axis(x, axis):
    if axis is None:
        return None
    if isinstance(axis, (int, np.integer)):
        axis = [axis]
    elif not isinstance(axis, (list, tuple)):
        axis = [int(get_scalar_constant_value(axis))]
    out = []
    for a in axis:
        a = int(a)
        if not -x.ndim <= a < builtins.max(x.ndim, 1):
            raise ValueError("axis %d is out of range for a %d-d tensor" % (a, x.ndim))
        out.append(a + x.ndim if a < 0 else a)
    return tuple(sorted(set(out)))


def _keep_dims(x, out, axes):
    return restore_reduced_axes(out, x.ndim, axes)


def restore_reduced_axes(y, ndim, axes):
    """``y``, an ``ndim``-d tensor reduced over ``axes`` (non-negative; None: all), with
    those axes put back as broadcastable dimensions of length 1 (NumPy's keepdims)."""
    axes = range(ndim) if axes is None else axes
    pattern, k = [], 0
    for i in range(ndim):
        if i in axes:
            pattern.append("x")
        else:
            pattern.append(k)
            k += 1
    return y.dimshuffle(pattern)


def sum(input, axis=None, dtype=None, keepdims=False, acc_dtype=None):  # noqa: A001
    """Returns the sum over ``axis`` (ints accumulate in int64, as Theano)."""
    return _reduce("sum", input, axis, keepdims, dtype, acc_dtype)


def prod(input, axis=None, dtype=None, keepdims=False, acc_dtype=None, no_zeros_in_input=False):
    """Returns the product over ``axis``."""
    return _reduce("prod", input, axis, keepdims, dtype, acc_dtype)


def max(x, axis=None, keepdims=False):  # noqa: A001
    """Returns the maximum over ``axis``."""
    return _reduce("max", x, axis, keepdims)


def min(x, axis=None, keepdims=False):  # noqa: A001
    """Returns the minimum over ``axis``."""
    if as_tensor_variable(x).dtype.startswith("complex"):
        raise NotImplementedError("min is not defined for complex inputs; take T.abs_(x) "
                                  "or T.real(x) first")
    return _reduce("min", x, axis, keepdims)


def argmax(x, axis=None, keepdims=False):
    """Returns the int64 index of the maximum over ``axis`` (flattened when None)."""
    _refuse_0d("argmax", x)
    return _reduce("argmax", x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    """Returns the int64 index of the minimum over ``axis``."""
    _refuse_0d("argmin", x)
    return _reduce("argmin", x, axis, keepdims)


def _refuse_0d(name, x):
    # Theano's Argmax raises "bad axis argument" on a 0-d input (when it runs).
    x = as_tensor_variable(x)
    if x.ndim == 0:
        raise ValueError("%s, bad axis argument: %s is 0-d (%s), it has no axis to take the "
                         "%s over. Apply %s to a tensor of at least one dimension (e.g. "
                         "T.stack([...]) the scalars)." % (name.capitalize(), x, x.type, name,
                                                           name))


def max_and_argmax(a, axis=None, keepdims=False):
    """Returns [max, argmax] over ``axis``."""
    return [max(a, axis, keepdims), argmax(a, axis, keepdims)]


def all(x, axis=None, keepdims=False):  # noqa: A001
    """Returns whether all elements are nonzero (bool)."""
    return _reduce("all", x, axis, keepdims)


def any(x, axis=None, keepdims=False):  # noqa: A001
    """Returns whether any element is nonzero (bool)."""
    return _reduce("any", x, axis, keepdims)


def mean(input, axis=None, dtype=None, op=False, keepdims=False, acc_dtype=None):
    """Returns the mean over ``axis`` (float64 for integer inputs)."""
    input = as_tensor_variable(input)
    sum_dtype = dtype
    if dtype is None and input.dtype == "float16":
        sum_dtype = "float32"
    s = sum(input, axis=axis, dtype=sum_dtype, keepdims=keepdims, acc_dtype=acc_dtype)
    shp = shape(input)
    shp = cast(shp, "float32" if s.dtype in ("float16", "float32", "complex64") else "float64")
    axes = _normalize_axis(input, axis)
    axes = range(input.ndim) if axes is None else axes
    for i in axes:
        s = E.true_div(s, shp[i])
    if s.dtype != shp.dtype and s.dtype in discrete_dtypes:
        s = cast(s, shp.dtype)   # no axis to divide by (0-d input): still a float, as Theano
    if dtype is not None and s.dtype != dtype:
        s = cast(s, dtype)
    if s.dtype == "float32" and input.dtype == "float16":
        s = cast(s, "float16")
    s.name = "mean"        # as Theano (debugprint shows it; T.grad names (dmean/dw))
    return s


def var(input, axis=None, ddof=0, keepdims=False, corrected=False):
    """Returns the variance over ``axis`` (``ddof`` as numpy)."""
    input = as_tensor_variable(input)
    centered = E.sub(input, mean(input, axis, keepdims=True))
    two = constant(2, dtype=centered.dtype)
    if ddof == 0:
        return mean(E.pow(centered, two), axis, keepdims=keepdims)
    # Theano 1.0.5 divides by (shape[i] - ddof) once per reduced axis (so over
    # several axes this is not numpy's ddof); its numbers are kept.
    axes = _normalize_axis(input, axis)
    axes = range(input.ndim) if axes is None else axes
    shp = E.sub(shape(input), ddof)
    v = sum(E.pow(centered, two), axis, keepdims=keepdims)
    for i in axes:
        v = E.true_div(v, shp[i])
    return v


def std(input, axis=None, ddof=0, keepdims=False, corrected=False):
    """Returns the standard deviation over ``axis``."""
    return E.sqrt(var(input, axis, ddof=ddof, keepdims=keepdims, corrected=corrected))


def norm(x, ord, axis=None, keepdims=False):
    """Returns the L-``ord`` norm over ``axis`` (all elements when None)."""
    x = as_tensor_variable(x)
    if ord == 0:
        raise NotImplementedError("norm with L=0 is not supported (as in Theano)")
    if ord in (np.inf, "inf"):
        return max(E.abs_(x), axis, keepdims=keepdims)
    # Theano's formula: (|x| ** L).sum(axis) ** (1 / L), so dtypes follow its rules.
    return E.pow(sum(E.pow(E.abs_(x), ord), axis, keepdims=keepdims), 1.0 / ord)
