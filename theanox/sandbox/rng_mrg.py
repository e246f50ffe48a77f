"""``MRG_RandomStreams`` (Theano's ``sandbox.rng_mrg``), drawing with JAX's PRNG.

The API is Theano's; the numbers come from JAX's counter-based generator, not
from MRG31k3p (bit-for-bit equality with Theano is not a goal).  ``nstreams`` is
accepted and ignored.
"""
import numpy as np

from theanox import config
from theanox.sandbox.mrg31k3p import (  # noqa: F401  (Theano's names in rng_mrg)
    M1,
    M2,
    MASK2,
    MASK12,
    MASK13,
    MULT2,
    NORM,
    A1p72,
    A1p134,
    A2p72,
    A2p134,
    DotModulo,
    ff_2p72,
    ff_2p134,
    guess_n_streams,
    matVecModM,
    mrg_next_value,
    mrg_uniform,
    mrg_uniform_base,
    multMatVect,
    np_int32_vals,
)
from theanox.tensor.dtypes import upcast
from theanox.tensor.raw_random import RandomStreamsBase, as_param


class MRG_RandomStreams(RandomStreamsBase):
    """Returns a stream of random draws seeded with ``seed`` (an int)."""

    def __init__(self, seed=12345, use_cuda=None):
        super().__init__(seed)
        self.set_rstate(seed)

    # Theano's MRG31k3p state (``rstate``) and its sub-streams, computed exactly as
    # Theano did (theanox.sandbox.mrg31k3p); the draws themselves come from JAX.
    def set_rstate(self, seed):
        """Sets ``rstate`` from an int (repeated 6 times) or 6 ints, checked as Theano."""
        if isinstance(seed, (int, np.integer)):
            if seed == 0:
                raise ValueError("seed should not be 0", seed)
            if seed >= M2:
                raise ValueError("seed should be less than %i" % M2, seed)
            self.rstate = np.asarray([seed] * 6, dtype="int32")
        elif len(seed) == 6:
            if seed[0] == 0 and seed[1] == 0 and seed[2] == 0:
                raise ValueError("The first 3 values of seed should not be all 0", seed)
            if seed[3] == 0 and seed[4] == 0 and seed[5] == 0:
                raise ValueError("The last 3 values of seed should not be all 0", seed)
            if max(seed[:3]) >= M1:
                raise ValueError("The first 3 values of seed should be less than %i" % M1, seed)
            if max(seed[3:]) >= M2:
                raise ValueError("The last 3 values of seed should be less than %i" % M2, seed)
            self.rstate = np.asarray(seed, dtype="int32")
        else:
            raise TypeError("seed should be 1 integer or 6 integers")

    def inc_rstate(self):
        """Moves ``rstate`` 2^134 steps ahead (the start of the next stream)."""
        self.rstate = ff_2p134(self.rstate)

    def get_substream_rstates(self, n_streams, dtype, inc_rstate=True):
        """Returns an (n_streams, 6) int32 matrix of states 2^72 steps apart, starting at
        ``rstate``; then moves ``rstate`` to the next stream (``inc_rstate``)."""
        if not isinstance(dtype, str):
            raise TypeError("get_substream_rstates: dtype must be a string, got %r" % (dtype,))
        if not 0 < n_streams < 2 ** 72:
            raise ValueError("get_substream_rstates: n_streams must be in (0, 2**72)")
        rval = np.zeros((n_streams, 6), dtype="int32")
        rval[0] = self.rstate
        for i in range(1, n_streams):
            rval[i] = ff_2p72(rval[i - 1])
        if inc_rstate:
            self.inc_rstate()
        return rval

    def n_streams(self, size):
        """Returns Theano's number of streams for a draw of shape ``size``."""
        return guess_n_streams(size)

    def pretty_return(self, node_rstate, new_rstate, sample, size, nstreams):
        """Returns ``sample`` with its state update recorded (Theano's bookkeeping of a draw:
        sample.rstate, sample.update, state_updates, the default update)."""
        sample.rstate = node_rstate
        sample.update = (node_rstate, new_rstate)
        self.state_updates.append((node_rstate, new_rstate, size, nstreams))
        node_rstate.default_update = new_rstate
        return sample

    def uniform(self, size, low=0.0, high=1.0, ndim=None, dtype=None, nstreams=None):
        """Returns draws uniform in [low, high) of shape ``size``."""
        low, high = as_param(low), as_param(high)
        dtype = dtype or upcast(config.floatX, low.dtype, high.dtype)
        _check_float(dtype, "uniform")
        return self.gen("uniform", size, [low, high], dtype, ndim)

    def normal(self, size, avg=0.0, std=1.0, ndim=None, dtype=None, nstreams=None,
               truncate=False):
        """Returns normal draws N(avg, std**2) (``truncate``: resampled within 2 std)."""
        avg, std = as_param(avg), as_param(std)
        dtype = dtype or upcast(config.floatX, avg.dtype, std.dtype)
        _check_float(dtype, "normal")
        return self.gen("truncated_normal" if truncate else "normal", size, [avg, std], dtype,
                        ndim)

    def truncated_normal(self, size, avg=0.0, std=1.0, ndim=None, dtype=None, nstreams=None):
        """Returns normal draws truncated to [avg - 2 std, avg + 2 std]."""
        return self.normal(size, avg, std, ndim, dtype, nstreams, truncate=True)

    def binomial(self, size=None, n=1, p=0.5, ndim=None, dtype="int64", nstreams=None,
                 prob=None):
        """Returns draws of Binomial(n, p) (0/1 for n=1) of shape ``size``."""
        if prob is not None:
            p = prob
        p = as_param(p)
        if size is None:
            size = p.shape
        return self.gen("binomial", size, [as_param(n), p], dtype, ndim)

    def multinomial(self, size=None, n=1, pvals=None, ndim=None, dtype="int64", nstreams=None):
        """Returns, for each row of matrix ``pvals``, the counts of ``n`` categorical trials."""
        if pvals is None:
            raise TypeError("You have to specify pvals")
        pvals = as_param(pvals)
        if size is not None and not (isinstance(size, (tuple, list)) and
                                     len(size) == pvals.ndim - 1):
            raise ValueError("Provided a size argument to MRG_RandomStreams.multinomial, which "
                             "does not use the size argument; give pvals of the wanted shape")
        if pvals.ndim != 2:
            raise NotImplementedError("MRG_RandomStreams.multinomial only handles a matrix of "
                                      "pvals (one distribution per row), got %s" % (pvals.type,))
        out = self.gen("multinomial", None, [as_param(n), pvals], dtype, None)
        return out

    def choice(self, size=1, a=None, replace=True, p=None, ndim=None, dtype="int64",
               nstreams=None):
        """Returns ``size`` indices per row of matrix ``p``, drawn without replacement."""
        if replace:
            raise NotImplementedError("MRG_RandomStreams.choice only works without replacement "
                                      "for now; pass replace=False")
        if a is not None:
            raise TypeError("For now, a has to be None in MRG_RandomStreams.choice. Sampled "
                            "values are between 0 and p.shape[1]-1")
        if p is None:
            raise TypeError("For now, p has to be specified in MRG_RandomStreams.choice.")
        p = as_param(p)
        if p.ndim != 2:
            raise NotImplementedError("MRG_RandomStreams.choice only handles a matrix p")
        return self.gen("choice_rows", None, [as_param(size), p], dtype, None,
                        bcast=(False, False))

    def multinomial_wo_replacement(self, size=None, n=0, pvals=None, ndim=None,
                                   dtype="int64", nstreams=None):
        """Returns ``n`` indices per row of ``pvals`` without replacement (old name of choice)."""
        return self.choice(size=n, a=None, replace=False, p=pvals, dtype=dtype)


def _check_float(dtype, what):
    if not str(dtype).startswith("float"):
        raise ValueError("MRG_RandomStreams.%s only draws floats, got dtype=%r" % (what, dtype))


__all__ = ["MRG_RandomStreams"]
