"""theanox.tensor.nlinalg: linear algebra built on numpy.linalg semantics
(Theano's ``theano.tensor.nlinalg``): inverse, det, eig/eigh, svd, qr, pinv,
diagonals and trace, norm, matrix_dot/matrix_power, tensorinv/tensorsolve, lstsq."""
from functools import reduce

import numpy as np

from theanox.graph.basic import Apply, Op
from theanox.tensor import basic as B
from theanox.tensor.dtypes import upcast
from theanox.tensor.linalg import dot
from theanox.tensor.reduction import max as max_, min as min_, sum as sum_
from theanox.tensor.type import TensorType, discrete_dtypes

_as = B.as_tensor_variable


def _float(x):
    """Returns ``x`` cast to float64 when it holds integers (numpy.linalg's rule)."""
    return B.cast(x, "float64") if x.dtype in discrete_dtypes else x


def _matrix(x, who):
    x = _float(_as(x))
    if x.ndim != 2:
        raise TypeError("%s expects a matrix, got %s; reshape or use dimshuffle first"
                        % (who, x.type))
    return x


# ---------------------------------------------------------- public API

def matrix_inverse(x):
    """Returns the inverse of the square matrix ``x``."""
    return MatrixInverse()(x)


def det(x):
    """Returns the determinant of the square matrix ``x`` (a scalar)."""
    return Det()(x)


def eig(x):
    """Returns [w, v]: eigenvalues and right eigenvectors (real parts, as Theano)."""
    return Eig()(x)


def eigh(a, UPLO="L"):
    """Returns [w, v] of the symmetric matrix ``a`` using its ``UPLO`` triangle."""
    return Eigh(UPLO)(a)


def svd(a, full_matrices=1, compute_uv=1):
    """Returns [U, s, V] (V as numpy's ``vh``), or only s when ``compute_uv`` is false."""
    return SVD(full_matrices, compute_uv)(a)


def qr(a, mode="reduced"):
    """Returns [Q, R] of ``a`` (modes 'reduced', 'complete'), or R for mode 'r'."""
    if mode not in ("reduced", "complete", "r", "raw"):
        raise ValueError("qr: mode must be 'reduced', 'complete', 'r' or 'raw', got %r"
                         % (mode,))
    return QR(mode)(a)


def pinv(x):
    """Returns the Moore-Penrose pseudo-inverse of the matrix ``x``."""
    return MatrixPinv()(x)


def diagonal(a, offset=0, axis1=0, axis2=1):
    """Returns the diagonal ``offset`` of ``a`` taken over ``axis1`` and ``axis2``."""
    return ExtractDiag(offset, axis1, axis2)(a)


def extract_diag(x):
    """Returns the main diagonal of the matrix ``x`` as a vector."""
    return ExtractDiag()(x)


def alloc_diag(x, offset=0):
    """Returns a square matrix with the vector ``x`` on diagonal ``offset``."""
    return AllocDiag(offset)(x)


def diag(v, k=0):
    """Returns the diagonal matrix of a vector, or the diagonal vector of a matrix."""
    v = _as(v)
    if v.ndim == 1:
        return AllocDiag(k)(v)
    if v.ndim >= 2:
        return ExtractDiag(k)(v)
    raise ValueError("diag: input must be a vector or a matrix, got %s" % v.type)


def tril(m, k=0):
    """Returns ``m`` with the elements above diagonal ``k`` zeroed (numpy.tril)."""
    return Tri("tril", k)(m)


def triu(m, k=0):
    """Returns ``m`` with the elements below diagonal ``k`` zeroed (numpy.triu)."""
    return Tri("triu", k)(m)


def trace(X):
    """Returns the sum of the main diagonal of the matrix ``X``."""
    return sum_(extract_diag(X))


def matrix_dot(*args):
    """Returns the product of the matrices ``args`` from left to right."""
    if not args:
        raise TypeError("matrix_dot needs at least one matrix")
    return reduce(dot, args[1:], _as(args[0]))


def matrix_power(M, n):
    """Returns the square matrix ``M`` to the integer power ``n`` >= 0."""
    n = int(n)
    if n < 0:
        raise ValueError("matrix_power: n must be >= 0, got %d (invert the matrix first)" % n)
    M = _as(M)
    if n == 0:
        return B.identity_like(M)
    result, base = None, M
    while n:
        if n & 1:
            result = base if result is None else dot(result, base)
        n >>= 1
        if n:
            base = dot(base, base)
    return result


def norm(x, ord):
    """Returns the vector or matrix norm of ``x`` (numpy.linalg.norm's orders)."""
    x = _as(x)
    if x.ndim == 0:
        raise ValueError("'axis' entry is out of bounds.")
    if x.ndim == 1:
        if ord is None:
            return sum_(x ** 2) ** 0.5
        if ord == "inf":
            return max_(abs(x))
        if ord == "-inf":
            return min_(abs(x))
        if ord == 0:
            return B.cast(sum_(B.neq(x, 0)), x.dtype)
        if isinstance(ord, str):
            raise ValueError("Invalid norm order for vectors: %r" % (ord,))
        return sum_(abs(x ** ord)) ** (1.0 / ord)
    if x.ndim == 2:
        if ord is None or ord == "fro":
            return sum_(abs(x ** 2)) ** 0.5
        if ord == "inf":
            return max_(sum_(abs(x), 1))
        if ord == "-inf":
            return min_(sum_(abs(x), 1))
        if ord == 1:
            return max_(sum_(abs(x), 0))
        if ord == -1:
            return min_(sum_(abs(x), 0))
        raise ValueError("Invalid norm order for matrices: %r (use None, 'fro', 'inf', "
                         "'-inf', 1 or -1)" % (ord,))
    raise NotImplementedError("norm is not supported for tensors of ndim > 2 (got %s)"
                              % x.type)


def tensorinv(a, ind=2):
    """Returns the inverse of ``a`` with respect to tensordot over ``ind`` axes."""
    return TensorInv(ind)(a)


def tensorsolve(a, b, axes=None):
    """Returns x such that tensordot(a, x, b.ndim) == b."""
    return TensorSolve(axes)(a, b)


class lstsq(Op):  # noqa: N801  (Theano's name)
    """Returns [x, residuals, rank, s] of numpy.linalg.lstsq(a, b, rcond)."""

    def __str__(self):
        return "lstsq"

    def make_node(self, x, y, rcond):
        x, y, rcond = _float(_as(x)), _float(_as(y)), _as(rcond)
        dtype = upcast(x.dtype, y.dtype)
        return Apply(self, [x, y, rcond],
                     [TensorType(dtype, (False,) * y.ndim)(), TensorType(dtype, (False,))(),
                      TensorType("int64", ())(), TensorType(dtype, (False,))()])

    def jax(self, x, y, rcond, node=None):
        import jax.numpy as jnp
        rc = None if float(np.asarray(rcond)) == -1 else rcond
        sol, res, rank, s = jnp.linalg.lstsq(x, y, rcond=rc)
        return sol, res, jnp.asarray(rank, "int64"), s


# -------------------------------------------------------------- the ops

class _MatrixOp(Op):
    """Base: one matrix in, outputs of the input's dtype (ints become float64)."""

    who = "matrix op"

    def make_node(self, x):
        x = _matrix(x, self.who)
        return Apply(self, [x], [TensorType(x.dtype, b)() for b in self.out_bcast(x)])

    def out_bcast(self, x):
        return [(False, False)]


class MatrixInverse(_MatrixOp):
    """Returns the inverse of a square matrix."""

    who = "matrix_inverse"

    def jax(self, x, node=None):
        import jax.numpy as jnp
        _check_square(x, self.who)
        return jnp.linalg.inv(x)


class Det(_MatrixOp):
    """Returns the determinant of a square matrix."""

    who = "det"

    def out_bcast(self, x):
        return [()]

    def jax(self, x, node=None):
        import jax.numpy as jnp
        _check_square(x, self.who)
        return jnp.linalg.det(x)


class Eig(_MatrixOp):
    """Returns [w, v] of a square matrix (real parts, cast to the input dtype)."""

    who = "eig"

    def out_bcast(self, x):
        return [(False,), (False, False)]

    def jax(self, x, node=None):
        import jax.numpy as jnp
        _check_square(x, self.who)
        w, v = jnp.linalg.eig(x)
        dtype = node.outputs[0].dtype
        return jnp.real(w).astype(dtype), jnp.real(v).astype(dtype)


class Eigh(_MatrixOp):
    """Returns [w, v] of a symmetric matrix (ascending eigenvalues)."""

    __props__ = ("UPLO",)
    who = "eigh"

    def __init__(self, UPLO="L"):
        if UPLO not in ("L", "U"):
            raise ValueError("eigh: UPLO must be 'L' or 'U', got %r" % (UPLO,))
        self.UPLO = UPLO

    def __str__(self):
        return "Eigh{UPLO='%s'}" % self.UPLO

    def out_bcast(self, x):
        return [(False,), (False, False)]

    def jax(self, x, node=None):
        import jax.numpy as jnp
        _check_square(x, self.who)
        w, v = jnp.linalg.eigh(x, UPLO=self.UPLO, symmetrize_input=False)
        return w, v


class SVD(_MatrixOp):
    """Returns [U, s, V] (or s) of numpy.linalg.svd."""

    __props__ = ("full_matrices", "compute_uv")
    who = "svd"

    def __init__(self, full_matrices=True, compute_uv=True):
        self.full_matrices = full_matrices
        self.compute_uv = compute_uv

    def __str__(self):
        return "SVD{full_matrices=%s, compute_uv=%s}" % (self.full_matrices, self.compute_uv)

    def out_bcast(self, x):
        if self.compute_uv:
            return [(False, False), (False,), (False, False)]
        return [(False,)]

    def jax(self, x, node=None):
        import jax.numpy as jnp
        return jnp.linalg.svd(x, full_matrices=bool(self.full_matrices),
                              compute_uv=bool(self.compute_uv))


class QR(_MatrixOp):
    """Returns numpy.linalg.qr(x, mode) ([Q, R], or R for mode 'r')."""

    __props__ = ("mode",)
    who = "qr"

    def __init__(self, mode="reduced"):
        self.mode = mode

    def __str__(self):
        cls = "QRIncomplete" if self.mode == "r" else "QRFull"
        return "%s{mode='%s'}" % (cls, self.mode)

    def out_bcast(self, x):
        return [(False, False)] if self.mode == "r" else [(False, False), (False, False)]

    def make_node(self, x):
        node = super().make_node(x)
        if self.mode == "raw":
            node.outputs[1] = TensorType(node.outputs[1].dtype, (False,))()
            node.outputs[1].owner, node.outputs[1].index = node, 1
        return node

    def jax(self, x, node=None):
        import jax.numpy as jnp
        out = jnp.linalg.qr(x, mode=self.mode)
        if self.mode == "raw":
            return jnp.transpose(out[0]), out[1]
        return tuple(out) if isinstance(out, tuple) else out


class MatrixPinv(_MatrixOp):
    """Returns the pseudo-inverse (numpy's default cutoff rcond=1e-15)."""

    who = "pinv"

    def jax(self, x, node=None):
        import jax.numpy as jnp
        return jnp.linalg.pinv(x, rtol=1e-15)


class ExtractDiag(Op):
    """Returns the diagonal ``offset`` over ``axis1``/``axis2`` (as the last axis)."""

    __props__ = ("offset", "axis1", "axis2", "view")

    def __init__(self, offset=0, axis1=0, axis2=1, view=False):
        self.offset = offset
        self.axis1 = axis1
        self.axis2 = axis2
        self.view = view

    def __str__(self):
        return "ExtractDiag{offset=%d, axis1=%d, axis2=%d, view=%s}" % (
            self.offset, self.axis1, self.axis2, self.view)

    def make_node(self, x):
        x = _as(x)
        if x.ndim < 2:
            raise ValueError("ExtractDiag needs an input with 2 or more dimensions, got %s"
                             % x.type)
        a1, a2 = self.axis1 % x.ndim, self.axis2 % x.ndim
        if a1 == a2:
            raise ValueError("ExtractDiag: axis1 and axis2 cannot be the same (%d)" % a1)
        bcast = [b for i, b in enumerate(x.broadcastable) if i not in (a1, a2)]
        return Apply(self, [x], [TensorType(x.dtype, bcast + [False])()])

    def jax(self, x, node=None):
        import jax.numpy as jnp
        return jnp.diagonal(x, self.offset, self.axis1, self.axis2)


class AllocDiag(Op):
    """Returns a square matrix with a vector on diagonal ``offset``."""

    __props__ = ("offset",)

    def __init__(self, offset=0):
        self.offset = offset

    def __str__(self):
        return "AllocDiag{offset=%d, axis1=0, axis2=1}" % self.offset

    def make_node(self, x):
        x = _as(x)
        if x.ndim != 1:
            raise TypeError("AllocDiag expects a vector, got %s" % x.type)
        return Apply(self, [x], [TensorType(x.dtype, (False, False))()])

    def jax(self, x, node=None):
        import jax.numpy as jnp
        return jnp.diag(x, self.offset)


class Tri(Op):
    """Returns numpy.tril/triu(m, k) of the last two axes."""

    __props__ = ("kind", "k")

    def __init__(self, kind, k=0):
        self.kind = kind
        self.k = int(k)

    def make_node(self, m):
        m = _as(m)
        if m.ndim < 2:
            raise TypeError("%s expects a matrix, got %s" % (self.kind, m.type))
        return Apply(self, [m], [m.type()])

    def jax(self, m, node=None):
        import jax.numpy as jnp
        return getattr(jnp, self.kind)(m, self.k)


class TensorInv(Op):
    """Returns numpy.linalg.tensorinv(a, ind)."""

    __props__ = ("ind",)

    def __init__(self, ind=2):
        self.ind = int(ind)

    def __str__(self):
        return "TensorInv{ind=%d}" % self.ind

    def make_node(self, a):
        a = _float(_as(a))
        out_ndim = a.ndim
        return Apply(self, [a], [TensorType(a.dtype, (False,) * out_ndim)()])

    def jax(self, a, node=None):
        import jax.numpy as jnp
        return jnp.linalg.tensorinv(a, self.ind)


class TensorSolve(Op):
    """Returns numpy.linalg.tensorsolve(a, b, axes)."""

    __props__ = ("axes",)

    def __init__(self, axes=None):
        self.axes = None if axes is None else tuple(axes)

    def make_node(self, a, b):
        a, b = _float(_as(a)), _float(_as(b))
        ndim = a.ndim - b.ndim
        return Apply(self, [a, b], [TensorType(upcast(a.dtype, b.dtype), (False,) * ndim)()])

    def jax(self, a, b, node=None):
        import jax.numpy as jnp
        return jnp.linalg.tensorsolve(a, b, self.axes)


def _check_square(x, who):
    shape = np.shape(x)
    if shape[0] != shape[1]:
        raise ValueError("%s: the matrix must be square, got shape %s" % (who, shape))
