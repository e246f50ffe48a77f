"""``RandomStreams`` (Theano's ``tensor.shared_randomstreams``): NumPy-style random draws.

Each method returns a symbolic draw whose state (a JAX PRNG key) is a shared
variable updated by every compiled function that uses it.
"""
import numpy as np

from theanox import config
from theanox.graph.basic import Apply, Op
from theanox.tensor import basic as B
from theanox.tensor.dtypes import upcast
from theanox.tensor.raw_random import (  # noqa: F401  (Theano's name here)
    RandomStateSharedVariable,
    RandomStreamsBase,
    as_param,
)


class RandomStreams(RandomStreamsBase):
    """Returns a stream of random draws seeded with ``seed`` (None: Theano's default seed)."""

    def __init__(self, seed=None):
        super().__init__(seed if seed is not None else 12345)

    # Theano: rs[state_var] is the draw's RandomState; here a draw's state is its JAX key
    # (the value of the shared variable ``draw.rng``).  Reading it and writing it back
    # replays the draws that followed, as with Theano's RandomState.
    def __getitem__(self, item):
        """Returns the current state of the draw whose state variable is ``item``."""
        self._check_state_variable(item)
        return item.get_value()

    def __setitem__(self, item, val):
        """Sets the state of the draw whose state variable is ``item`` (a value rs[item] gave)."""
        self._check_state_variable(item)
        item.set_value(val)

    def _check_state_variable(self, item):
        if not any(item is key for key, _ in self.state_updates):
            raise KeyError("%s is not the state variable of a draw of this RandomStreams "
                           "(use draw.rng, or a key of rs.updates())" % (item,))

    def poisson(self, size=None, lam=None, ndim=None, dtype="int64"):
        """Returns Poisson draws with mean ``lam``."""
        if lam is None:
            raise TypeError("RandomStreams.poisson needs lam (the mean), e.g. lam=3.0")
        return self.gen("poisson", size, [as_param(lam)], dtype, ndim)

    def uniform(self, size=None, low=0.0, high=1.0, ndim=None, dtype=None):
        """Returns draws uniform in [low, high) of shape ``size``."""
        low, high = as_param(low), as_param(high)
        dtype = dtype or upcast(config.floatX, low.dtype, high.dtype)
        return self.gen("uniform", size, [low, high], dtype, ndim)

    def normal(self, size=None, avg=0.0, std=1.0, ndim=None, dtype=None):
        """Returns normal draws with mean ``avg`` and standard deviation ``std``."""
        avg, std = as_param(avg), as_param(std)
        dtype = dtype or upcast(config.floatX, avg.dtype, std.dtype)
        return self.gen("normal", size, [avg, std], dtype, ndim)

    def binomial(self, size=None, n=1, p=0.5, ndim=None, dtype="int64", prob=None):
        """Returns the number of successes in ``n`` trials of probability ``p``."""
        if prob is not None:
            p = prob
        return self.gen("binomial", size, [as_param(n), as_param(p)], dtype, ndim)

    def random_integers(self, size=None, low=0, high=1, ndim=None, dtype="int64"):
        """Returns integers drawn uniformly from [low, high] (both ends included)."""
        return self.gen("random_integers", size, [as_param(low), as_param(high)], dtype, ndim)

    def permutation(self, size=None, n=1, ndim=None, dtype="int64"):
        """Returns permutations of range(n): shape ``size + (n,)``."""
        return self.gen("permutation", size, [as_param(n)], dtype, ndim)

    def multinomial(self, size=None, n=1, pvals=(0.5, 0.5), ndim=None, dtype="int64"):
        """Returns counts of ``n`` trials over len(pvals) categories: shape ``size + (k,)``."""
        return self.gen("multinomial", size, [as_param(n), as_param(list(pvals)
                        if isinstance(pvals, tuple) else pvals)], dtype, ndim)

    def choice(self, size=None, a=2, replace=True, p=None, ndim=None, dtype="int64"):
        """Returns elements of ``a`` (or of range(a) for an int) drawn with probabilities ``p``."""
        p = as_param(p) if p is not None else as_param(np.zeros((0,), "float64"))
        return self.gen("choice", size, [as_param(a), as_param(np.asarray(bool(replace))), p], dtype, ndim)

    def shuffle_row_elements(self, input):
        """Returns ``input`` with the elements of each row permuted independently."""
        input = B.as_tensor_variable(input)
        size = tuple(input.shape[i] for i in range(input.ndim - 1))
        perm = self.permutation(size=size, n=input.shape[-1])
        return _take_rows(input, perm)


class TakeRows(Op):
    """Returns x with each row's elements reordered by the matching row of ``perm``."""

    def make_node(self, x, perm):
        return Apply(self, [x, perm], [x.type()])

    def jax(self, x, perm, node=None):
        import jax.numpy as jnp
        return jnp.take_along_axis(x, perm, axis=-1)


def _take_rows(x, perm):
    return TakeRows()(x, perm)
