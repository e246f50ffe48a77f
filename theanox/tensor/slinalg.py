"""theanox.tensor.slinalg: scipy.linalg-style ops (Theano's ``theano.tensor.slinalg``):
cholesky, solve (general / triangular / symmetric), eigvalsh, expm, kron."""
from theanox.graph.basic import Apply, Op
from theanox.tensor import basic as B
from theanox.tensor.dtypes import upcast
from theanox.tensor.nlinalg import _float, _matrix
from theanox.tensor.type import TensorType


def cholesky(x, lower=True):
    """Returns the lower (or upper) Cholesky factor of a positive-definite matrix.

    A matrix that is not positive definite gives NaNs (JAX does not raise).
    """
    return Cholesky(lower)(x)


def solve(a, b, A_structure="general", lower=False):
    """Returns x with dot(a, x) == b (``b`` a vector or a matrix)."""
    return Solve(A_structure, lower)(a, b)


def solve_lower_triangular(a, b):
    """Returns x with dot(a, x) == b for a lower-triangular ``a``."""
    return Solve("lower_triangular", True)(a, b)


def solve_upper_triangular(a, b):
    """Returns x with dot(a, x) == b for an upper-triangular ``a``."""
    return Solve("upper_triangular", False)(a, b)


def solve_symmetric(a, b):
    """Returns x with dot(a, x) == b for a symmetric ``a``."""
    return Solve("symmetric", False)(a, b)


def eigvalsh(a, b, lower=True):
    """Returns the eigenvalues of the symmetric ``a`` (generalized with ``b`` if given)."""
    return Eigvalsh(lower)(a, b)


def expm(A):
    """Returns the matrix exponential of the square matrix ``A``."""
    return Expm()(A)


def kron(a, b):
    """Returns the Kronecker product of ``a`` and ``b`` (numpy.kron)."""
    return Kron()(a, b)


class Cholesky(Op):
    """Returns the Cholesky factor of a symmetric positive-definite matrix."""

    __props__ = ("lower",)

    def __init__(self, lower=True, on_error="raise"):
        self.lower = lower
        self.on_error = on_error

    def __str__(self):
        return "Cholesky{lower=%s, destructive=False, on_error='%s'}" % (self.lower,
                                                                         self.on_error)

    def make_node(self, x):
        x = _matrix(x, "cholesky")
        return Apply(self, [x], [x.type()])

    def jax(self, x, node=None):
        import jax.numpy as jnp
        L = jnp.linalg.cholesky(x)
        return L if self.lower else jnp.conj(L.T)


_STRUCTURES = ("general", "lower_triangular", "upper_triangular", "symmetric")


class Solve(Op):
    """Returns the solution x of a x = b for the given structure of ``a``."""

    __props__ = ("A_structure", "lower")

    def __init__(self, A_structure="general", lower=False):
        if A_structure not in _STRUCTURES:
            raise ValueError("Solve: A_structure must be one of %s, got %r"
                             % (_STRUCTURES, A_structure))
        self.A_structure = A_structure
        self.lower = lower

    def __str__(self):
        return ("Solve{A_structure='%s', lower=%s, overwrite_A=False, overwrite_b=False}"
                % (self.A_structure, self.lower))

    def make_node(self, A, b):
        A = _matrix(A, "solve")
        b = _float(B.as_tensor_variable(b))
        if b.ndim not in (1, 2):
            raise TypeError("solve: b must be a vector or a matrix, got %s" % b.type)
        return Apply(self, [A, b], [TensorType(upcast(A.dtype, b.dtype), b.broadcastable)()])

    def jax(self, A, b, node=None):
        import jax.scipy.linalg as sl
        if self.A_structure == "general":
            return sl.solve(A, b)
        if self.A_structure == "symmetric":
            return sl.solve(A, b, assume_a="sym")
        return sl.solve_triangular(A, b, lower=self.A_structure == "lower_triangular")


class Eigvalsh(Op):
    """Returns the eigenvalues of a symmetric matrix (generalized problem with b)."""

    __props__ = ("lower",)

    def __init__(self, lower=True):
        self.lower = lower

    def __str__(self):
        return "Eigvalsh{lower=%s}" % self.lower

    def make_node(self, a, b=None):
        a = _matrix(a, "eigvalsh")
        inputs = [a] if b is None else [a, _matrix(b, "eigvalsh")]
        return Apply(self, inputs, [TensorType(a.dtype, (False,))()])

    def jax(self, a, b=None, node=None):
        import jax.numpy as jnp
        import jax.scipy.linalg as sl
        if b is None:
            return jnp.linalg.eigvalsh(a, UPLO="L" if self.lower else "U")
        # Generalized problem a v = w b v via the Cholesky factor of b.
        L = jnp.linalg.cholesky(b)
        Li = sl.solve_triangular(L, jnp.eye(L.shape[0], dtype=L.dtype), lower=True)
        return jnp.linalg.eigvalsh(Li @ a @ Li.T)


class Expm(Op):
    """Returns the matrix exponential."""

    def make_node(self, A):
        A = _matrix(A, "expm")
        return Apply(self, [A], [A.type()])

    def jax(self, A, node=None):
        import jax.scipy.linalg as sl
        return sl.expm(A)


class Kron(Op):
    """Returns numpy.kron(a, b)."""

    def make_node(self, a, b):
        a, b = B.as_tensor_variable(a), B.as_tensor_variable(b)
        ndim = max(a.ndim, b.ndim)
        return Apply(self, [a, b], [TensorType(upcast(a.dtype, b.dtype), (False,) * ndim)()])

    def jax(self, a, b, node=None):
        import jax.numpy as jnp
        return jnp.kron(a, b).astype(_out_dtype(node))


def _out_dtype(node):
    return node.outputs[0].dtype
