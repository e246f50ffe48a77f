"""Theano's ``sandbox.multinomial`` ops: categorical draws from uniform draws.

``MRG_RandomStreams.multinomial``/``choice`` draw one uniform per row and sample and
turn them into outcomes here, with Theano's C arithmetic: cumulative sums in double
precision, added column after column (a scan, not a parallel prefix sum, so the
rounding is Theano's), the first outcome whose cumulative sum exceeds the uniform.
"""
import numpy as np

from theanox.graph.basic import Apply, Op
from theanox.tensor import basic as B
from theanox.tensor.type import TensorType


def _running_sums(cols, init, step):
    """Scans ``step(total, column, k)`` over the columns of a (rows, K) array; returns
    the totals after each column as (K, rows)."""
    import jax
    import jax.numpy as jnp

    def body(total, kc):
        k, c = kc
        total = step(total, c, k)
        return total, total
    return jax.lax.scan(body, init, (jnp.arange(cols.shape[1]), cols.T))[1]


def _first_above(pvals, u):
    """Index of the first outcome whose double cumulative sum exceeds ``u`` (per row),
    K when none does."""
    import jax.numpy as jnp
    p64 = pvals.astype("float64")
    cum = _running_sums(p64, jnp.zeros(p64.shape[0], "float64"), lambda t, c, k: t + c)
    return jnp.sum(cum <= u.astype("float64")[None, :], axis=0), cum.T


class MultinomialFromUniform(Op):
    """(pvals, unis, n) -> counts of n categorical draws per row of pvals; draw c of row r
    uses unis[c * rows + r]."""

    __props__ = ("odtype",)
    static_inputs = (2,)

    def __init__(self, odtype):
        self.odtype = odtype

    def __str__(self):
        return "%s{%s}" % (type(self).__name__, self.odtype)

    def _out_dtype(self, pvals):
        return pvals.dtype if self.odtype == "auto" else self.odtype

    def make_node(self, pvals, unis, n=1):
        pvals, unis, n = _checked_inputs(pvals, unis, n)
        return Apply(self, [pvals, unis, n],
                     [TensorType(self._out_dtype(pvals), pvals.broadcastable)()])

    def _check(self, pvals, unis, n):
        if unis.shape[0] != pvals.shape[0] * n:
            raise ValueError("unis.shape[0] != pvals.shape[0] * n_samples",
                             unis.shape[0], pvals.shape[0], n)

    def jax(self, pvals, unis, n, node=None):
        import jax.numpy as jnp
        n = int(np.asarray(n))
        self._check(pvals, unis, n)
        rows, k = pvals.shape
        counts = jnp.zeros((rows, k + 1), node.outputs[0].dtype)
        for c in range(n):
            idx, _ = _first_above(pvals, unis[c * rows:(c + 1) * rows])
            counts = counts.at[jnp.arange(rows), idx].add(1)
        return counts[:, :k]


class ChoiceFromUniform(MultinomialFromUniform):
    """(pvals, unis, n) -> n outcomes per row of pvals, without replacement: after each
    draw the chosen probability is zeroed and the row renormalised (Theano's C code)."""

    __props__ = ("odtype", "replace")

    def __init__(self, odtype, replace=False):
        self.odtype = odtype
        self.replace = replace

    def __str__(self):
        return "%s{%s}" % (type(self).__name__, "replace" if self.replace else "no_replace")

    def make_node(self, pvals, unis, n=1):
        pvals, unis, n = _checked_inputs(pvals, unis, n)
        odtype = "int64" if self.odtype == "auto" else self.odtype
        return Apply(self, [pvals, unis, n], [TensorType(odtype, (False, False))()])

    def jax(self, pvals, unis, n, node=None):
        import jax.numpy as jnp
        n = int(np.asarray(n))
        if n > pvals.shape[1]:
            raise ValueError("Cannot sample without replacement n samples bigger than the "
                             "size of the distribution.")
        self._check(pvals, unis, n)
        rows, k = pvals.shape
        p = jnp.asarray(pvals)
        cols = jnp.arange(k)
        out = []
        for c in range(n):
            idx, cum = _first_above(p, unis[c * rows:(c + 1) * rows])
            found = idx < k
            out.append(jnp.where(found, idx, -1))
            if c == n - 1 or self.replace:
                continue
            m = jnp.minimum(idx, k - 1)
            # The new total: the double sum before m (rounded to pvals' dtype), then the
            # entries from m on, m itself now 0, added one by one in pvals' dtype.
            before = (jnp.take_along_axis(cum, m[:, None], 1)[:, 0] -
                      jnp.take_along_axis(p, m[:, None], 1)[:, 0]).astype(p.dtype)
            p0 = jnp.where(found[:, None] & (cols[None, :] == m[:, None]), 0, p).astype(p.dtype)
            total = _running_sums(p0, before, lambda t, col, j: jnp.where(j >= m, t + col, t))[-1]
            p = jnp.where(found[:, None], p0 / total[:, None], p).astype(p.dtype)
        return jnp.stack(out, axis=1).astype(node.outputs[0].dtype)


def _checked_inputs(pvals, unis, n):
    """Returns the inputs as variables: a matrix of probabilities and a vector of uniforms."""
    pvals, unis, n = (B.as_tensor_variable(v) for v in (pvals, unis, n))
    if pvals.ndim != 2:
        raise NotImplementedError("pvals ndim should be 2", pvals.ndim)
    if unis.ndim != 1:
        raise NotImplementedError("unis ndim should be 1", unis.ndim)
    return pvals, unis, n
