"""Products: dot, outer, tensordot, batched_dot."""
import contextlib
import threading

import numpy as np

from theanox.graph.basic import Apply, Op
from theanox.tensor import basic as B
from theanox.tensor.dtypes import upcast
from theanox.tensor.elemwise import _as_dtype
from theanox.tensor.type import TensorType


class Dot(Op):
    """Returns the matrix/vector product of two tensors of ndim <= 2 (printed ``dot``)."""

    def __str__(self):
        return "dot"

    def make_node(self, x, y):
        x, y = B.as_tensor_variable(x), B.as_tensor_variable(y)
        if x.ndim > 2 or y.ndim > 2:
            raise TypeError("Dot takes tensors of ndim <= 2; use T.dot (tensordot) for %s, %s"
                            % (x.type, y.type))
        if x.ndim == 0 or y.ndim == 0:
            bcast = x.broadcastable if y.ndim == 0 else y.broadcastable
        else:
            bcast = x.broadcastable[:-1] + y.broadcastable[1:] if y.ndim == 2 \
                else x.broadcastable[:-1]
        return Apply(self, [x, y], [TensorType(upcast(x.dtype, y.dtype), bcast)()])

    def jax(self, x, y, node=None):
        import jax.numpy as jnp
        dtype = node.outputs[0].dtype
        x, y = _as_dtype(x, dtype), _as_dtype(y, dtype)
        if np.ndim(x) >= 1 and np.ndim(y) >= 1:
            kx, ky = np.shape(x)[-1], np.shape(y)[0]
            if kx != ky:
                raise ValueError("shapes %s and %s not aligned: %d (dim %d) != %d (dim 0)"
                                 % (_np_shape(x), _np_shape(y), kx, np.ndim(x) - 1, ky))
        if _narrow_weight_gradient(x, y):
            return _narrow_dot()(x, y)
        return jnp.dot(x, y)


@contextlib.contextmanager
def autodiff(kind):
    """Marks lowering inside the block as traced by JAX's differentiation ``kind``:
    'reverse' (a Grad's ``jax.vjp``) or 'forward' (``jax.jvp``, ``jax.hessian``)."""
    before = (getattr(_AD, "reverse", False), getattr(_AD, "forward", 0))
    _AD.reverse = before[0] or kind == "reverse"
    _AD.forward = before[1] + (kind == "forward")
    try:
        yield
    finally:
        _AD.reverse, _AD.forward = before


# The weight gradient of ``x @ W`` when W has few columns (a classifier's 10 classes):
# JAX's transpose rule gives ``x.T @ g`` (x contracted along its rows), which XLA's CPU
# backend runs 1.5-5x slower than ``g.T @ x`` transposed afterwards, for up to ~16
# columns; from 32 on it is the other way (benchmarks/ANALYSIS.md, "Narrow products").
# Under a Grad's jax.vjp such a product carries that backward rule (a custom_vjp,
# which forward-mode differentiation cannot go through: not under jvp or hessian).
_NARROW_COLUMNS = 16
_AD = threading.local()
_NARROW = []


def _narrow_weight_gradient(x, y):
    if not getattr(_AD, "reverse", False) or getattr(_AD, "forward", 0):
        return False
    if np.ndim(x) != 2 or np.ndim(y) != 2 or np.shape(y)[1] > _NARROW_COLUMNS:
        return False
    import jax
    return np.dtype(y.dtype).kind == "f" and isinstance(y, jax.core.Tracer)


def _narrow_dot():
    if _NARROW:
        return _NARROW[0]
    import jax
    import jax.numpy as jnp
    from jax import lax

    @jax.custom_vjp
    def dot(x, y):
        return jnp.dot(x, y)

    def forward(x, y):
        return jnp.dot(x, y), (x, y)

    def backward(residuals, g):
        x, y = residuals
        # (g.T @ x).T; the barrier keeps XLA from folding the transpose back into the dot
        gy = lax.optimization_barrier(lax.dot_general(g, x, (((0,), (0,)), ((), ())))).T
        return jnp.dot(g, y.T), gy

    dot.defvjp(forward, backward)
    _NARROW.append(dot)
    return dot


def _np_shape(a):
    """Returns a shape as NumPy's error messages print it: (3,4), (5,)."""
    shape = tuple(int(n) for n in np.shape(a))
    return "(%d,)" % shape if len(shape) == 1 else "(%s)" % ",".join(map(str, shape))


_dot = Dot()


def dot(a, b):
    """Returns the dot product of a and b (matrix product for matrices; tensordot beyond)."""
    # A sparse operand (theanox.sparse) computes the product itself, as in Theano.
    if hasattr(a, "__dot__"):
        return a.__dot__(b)
    if hasattr(b, "__rdot__"):
        return b.__rdot__(a)
    return tensor_dot(a, b)


def tensor_dot(a, b):
    """Returns the dot product of two tensors (what a TensorVariable's ``__dot__`` computes)."""
    a, b = B.as_tensor_variable(a), B.as_tensor_variable(b)
    if a.ndim == 0 or b.ndim == 0:
        return B.mul(a, b)
    if a.ndim > 2 or b.ndim > 2:
        return tensordot(a, b, [[a.ndim - 1], [np.maximum(0, b.ndim - 2)]])
    return _dot(a, b)


class TensorDot(Op):
    """Returns numpy.tensordot(a, b, axes)."""

    __props__ = ("axes",)

    def __init__(self, axes):
        self.axes = (tuple(axes[0]), tuple(axes[1]))

    def make_node(self, a, b):
        a, b = B.as_tensor_variable(a), B.as_tensor_variable(b)
        ax_a, ax_b = self.axes
        if len(ax_a) != len(ax_b):
            raise ValueError("tensordot: axes lists must have the same length, got %s"
                             % (self.axes,))
        bcast = [x for i, x in enumerate(a.broadcastable) if i not in ax_a] + \
                [x for i, x in enumerate(b.broadcastable) if i not in ax_b]
        return Apply(self, [a, b], [TensorType(upcast(a.dtype, b.dtype), bcast)()])

    def jax(self, a, b, node=None):
        import jax.numpy as jnp
        dtype = node.outputs[0].dtype
        return jnp.tensordot(jnp.asarray(a, dtype), jnp.asarray(b, dtype), axes=self.axes)


def tensordot(a, b, axes=2):
    """Returns the tensor product of a and b summed over ``axes`` (numpy.tensordot)."""
    a, b = B.as_tensor_variable(a), B.as_tensor_variable(b)
    if np.isscalar(axes) or (hasattr(axes, "ndim") and np.ndim(axes) == 0):
        n = int(axes)
        axes = [list(range(a.ndim - n, a.ndim)), list(range(n))]
    axes = [[int(i) % a.ndim for i in np.atleast_1d(axes[0])],
            [int(i) % b.ndim for i in np.atleast_1d(axes[1])]]
    return TensorDot(axes)(a, b)


def outer(x, y):
    """Returns the outer product of two vectors."""
    x, y = B.as_tensor_variable(x), B.as_tensor_variable(y)
    if x.ndim != 1:
        x = B.flatten(x)
    if y.ndim != 1:
        y = B.flatten(y)
    return dot(x.dimshuffle(0, "x"), y.dimshuffle("x", 0))


class BatchedDot(Op):
    """Returns the per-batch product of two stacks of matrices/vectors."""

    def make_node(self, x, y):
        x, y = B.as_tensor_variable(x), B.as_tensor_variable(y)
        if x.ndim not in (2, 3) or y.ndim not in (2, 3):
            raise TypeError("batched_dot takes 2-d or 3-d inputs, got %s and %s"
                            % (x.type, y.type))
        bcast = x.broadcastable[:1] + x.broadcastable[1:-1] + y.broadcastable[2:]
        return Apply(self, [x, y], [TensorType(upcast(x.dtype, y.dtype), bcast)()])

    def jax(self, x, y, node=None):
        import jax.numpy as jnp
        dtype = node.outputs[0].dtype
        x, y = jnp.asarray(x, dtype), jnp.asarray(y, dtype)
        if x.ndim == 2 and y.ndim == 2:
            return jnp.einsum("bi,bi->b", x, y)
        if x.ndim == 2:
            return jnp.einsum("bi,bij->bj", x, y)
        if y.ndim == 2:
            return jnp.einsum("bij,bj->bi", x, y)
        return jnp.matmul(x, y)


def batched_dot(a, b):
    """Returns the dot product of each pair a[i], b[i]."""
    a, b = B.as_tensor_variable(a), B.as_tensor_variable(b)
    if a.ndim <= 3 and b.ndim <= 3:
        return BatchedDot()(a, b)
    return batched_tensordot(a, b, [[a.ndim - 1], [b.ndim - 2]])


def batched_tensordot(x, y, axes=2):
    """Returns tensordot of each pair x[i], y[i] (batch on axis 0)."""
    x, y = B.as_tensor_variable(x), B.as_tensor_variable(y)
    if np.isscalar(axes):
        axes = [list(range(x.ndim - axes, x.ndim)), list(range(1, axes + 1))]
    letters = "abcdefghijklmnopqrstuvwxyz"
    xs = ["z"] + [letters[i] for i in range(x.ndim - 1)]
    ys = ["z"] + [letters[i + x.ndim] for i in range(y.ndim - 1)]
    for ax, ay in zip(axes[0], axes[1]):
        ys[ay] = xs[ax]
    out = [c for i, c in enumerate(xs) if i not in axes[0]] + \
          [c for i, c in enumerate(ys) if i not in axes[1] and i != 0]
    return Einsum("%s,%s->%s" % ("".join(xs), "".join(ys), "".join(out)))(x, y)


class Einsum(Op):
    """Returns jnp.einsum(subscripts, *operands)."""

    __props__ = ("subscripts",)

    def __init__(self, subscripts):
        self.subscripts = subscripts

    def make_node(self, *xs):
        xs = [B.as_tensor_variable(x) for x in xs]
        n_out = len(self.subscripts.split("->")[1])
        return Apply(self, xs, [TensorType(upcast(*[x.dtype for x in xs]), (False,) * n_out)()])

    def jax(self, *xs, node=None):
        import jax.numpy as jnp
        return jnp.einsum(self.subscripts, *xs).astype(node.outputs[0].dtype)
