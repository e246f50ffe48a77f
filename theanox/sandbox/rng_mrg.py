"""``MRG_RandomStreams`` (Theano's ``sandbox.rng_mrg``): Theano's MRG31k3p draws.

Each draw owns a shared (n_streams, 6) int32 state of sub-streams 2^72 steps apart,
taken from the stream's ``rstate`` (which then jumps 2^134 steps), as in Theano; the
compiled program steps it with ``mrg_uniform`` and the draw is its default update.
uniform, normal (Box-Muller), binomial, multinomial and choice build Theano's graphs on
top, so a seed gives Theano 1.0.5's numbers (normal's to the rounding of log/sin/cos).
"""
import warnings

import numpy as np

from theanox import config
from theanox.gradient import undefined_grad
from theanox.graph.basic import Variable
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
from theanox.sandbox.multinomial import ChoiceFromUniform, MultinomialFromUniform
from theanox.tensor import basic as B
from theanox.tensor.basic import as_tensor_variable, cast
from theanox.tensor.dtypes import upcast
from theanox.tensor.raw_random import RandomStreamsBase
from theanox.tensor.reduction import prod
from theanox.tensor.sharedvar import shared


class MRG_RandomStreams(RandomStreamsBase):
    """Returns a stream of random draws seeded with ``seed`` (an int)."""

    def __init__(self, seed=12345, use_cuda=None):
        super().__init__(seed)
        self.set_rstate(seed)

    # Theano's MRG31k3p state (``rstate``) and its sub-streams (theanox.sandbox.mrg31k3p).
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
        rstate = np.asarray(self.rstate, dtype="int64")
        rval = np.concatenate([_jumps(rstate[:3], A1p72, int(M1), n_streams),
                               _jumps(rstate[3:], A2p72, int(M2), n_streams)], axis=1)
        rval = rval.astype("int32")
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

    def seed(self, seed=None):
        """Re-seeds: ``rstate`` from ``seed`` (default: the constructor's), then every draw
        made so far gets its sub-streams again, in the order the draws were made."""
        if seed is None:
            seed = self.default_instance_seed
        self.set_rstate(seed)
        for old_r, new_r, size, nstreams in self.state_updates:
            if nstreams is None:
                nstreams = self.n_streams(size)
            old_r.set_value(self.get_substream_rstates(nstreams, new_r.owner.outputs[1].dtype),
                            borrow=True)

    def updates(self):
        """Returns the (state, new state) pair of every draw, usable as ``updates=``.
        (Theano's returned its 4-tuples of ``state_updates``, which ``function`` refused.)"""
        return [(old, new) for old, new, _, _ in self.state_updates]

    def uniform(self, size, low=0.0, high=1.0, ndim=None, dtype=None, nstreams=None,
                **kwargs):
        """Returns draws uniform in [low, high) of shape ``size`` (a tuple of ints and
        scalars, or an int vector such as ``x.shape``): Theano's MRG31k3p numbers, from
        its own shared state of ``nstreams`` sub-streams (Theano's guess by default)."""
        low, high = as_tensor_variable(low), as_tensor_variable(high)
        if dtype is None:
            dtype = upcast(config.floatX, low.dtype, high.dtype)
        _check_float(dtype, "uniform")
        low = undefined_grad(cast(low, dtype))
        high = undefined_grad(cast(high, dtype))
        if isinstance(size, (tuple, list)):
            if not all(isinstance(i, (np.integer, int, Variable)) for i in size):
                raise TypeError("size must be a tuple of int or a Theano variable, got %r"
                                % (size,))
            if any(isinstance(i, (np.integer, int)) and i <= 0 for i in size):
                raise ValueError("The specified size contains a dimension with value <= 0",
                                 size)
            size = tuple(size)
        elif not (isinstance(size, Variable) and size.ndim == 1):
            raise TypeError("size must be a tuple of int or a Theano Variable with 1 "
                            "dimension, got " + str(size) + " of type " + str(type(size)))
        if kwargs:
            raise TypeError("uniform() got unexpected keyword arguments %s" % sorted(kwargs))
        rstates = self.get_substream_rstates(
            nstreams if nstreams is not None else self.n_streams(size), dtype)
        node_rstate = shared(rstates)
        new_rstate, u = mrg_uniform.new(node_rstate, ndim, dtype, size)
        u = self.pretty_return(node_rstate, new_rstate, u, size=size, nstreams=nstreams)
        node_rstate.tag.is_rng = True
        r = u * (high - low) + low
        if u.type.broadcastable != r.type.broadcastable:
            raise NotImplementedError("Increase the size to match the broadcasting pattern "
                                      "of `low` and `high` arguments")
        return r

    def binomial(self, size=None, n=1, p=0.5, ndim=None, dtype="int64", nstreams=None,
                 prob=None, **kwargs):
        """Returns 0/1 draws, 1 with probability ``p`` (``uniform(size) < p``, as Theano)."""
        if prob is not None:
            p = prob
        if not (isinstance(n, (int, np.integer)) and n == 1):
            raise NotImplementedError("MRG_RandomStreams.binomial with n > 1")
        p = undefined_grad(as_tensor_variable(p))
        x = self.uniform(size=size, nstreams=nstreams, ndim=ndim, **kwargs)
        return cast(x < p, dtype)

    def normal(self, size, avg=0.0, std=1.0, ndim=None, dtype=None, nstreams=None,
               truncate=False, **kwargs):
        """Returns N(avg, std**2) draws by Box-Muller on one uniform draw of even length
        (first half radius, second half angle), as Theano; ``truncate`` redraws the
        values outside 2 std (the radius from a uniform in [e**-2, 1))."""
        size = _check_size(size)
        avg = undefined_grad(as_tensor_variable(avg))
        std = undefined_grad(as_tensor_variable(std))
        if dtype is None:
            dtype = upcast(config.floatX, avg.dtype, std.dtype)
        _check_float(dtype, "normal")
        avg, std = cast(avg, dtype), cast(std, dtype)
        n_odd = prod(size, dtype="int64")
        n_even = n_odd + n_odd % 2
        uniform = self.uniform((n_even,), low=0.0, high=1.0, ndim=1, dtype=dtype,
                               nstreams=nstreams, **kwargs)
        u1, u2 = uniform[:n_even // 2], uniform[n_even // 2:]
        r = B.sqrt(-2.0 * B.log(u1))
        theta = np.array(2.0 * np.pi, dtype=dtype) * u2
        cos_theta, sin_theta = B.cos(theta), B.sin(theta)
        z0, z1 = r * cos_theta, r * sin_theta
        if truncate:
            samples = self._redraw_outside_2std(z0, z1, cos_theta, sin_theta, dtype,
                                                nstreams, kwargs)
        else:
            samples = B.join(0, z0, z1)
        samples = B.reshape(samples[:n_odd], size, ndim=ndim)
        return samples * std + avg

    def _redraw_outside_2std(self, z0, z1, cos_theta, sin_theta, dtype, nstreams, kwargs):
        from theanox.tensor.subtensor import nonzero
        bad0 = (z0 < -2.0) | (z0 > 2.0)
        bad1 = (z1 < -2.0) | (z1 > 2.0)
        keep0, keep1 = z0[nonzero(~bad0)], z1[nonzero(~bad1)]
        fix0, fix1 = nonzero(bad0)[0], nonzero(bad1)[0]
        u_fix = self.uniform((fix0.size + fix1.size,), low=B.constant(1.0 / np.e ** 2,
                                                                         dtype=dtype),
                             high=1.0, ndim=1, dtype=dtype, nstreams=nstreams, **kwargs)
        r_fix = B.sqrt(-2.0 * B.log(u_fix))
        return B.join(0, keep0, r_fix[:fix0.size] * cos_theta[fix0],
                      keep1, r_fix[fix0.size:] * sin_theta[fix1])

    def truncated_normal(self, size, avg=0.0, std=1.0, ndim=None, dtype=None, nstreams=None,
                         **kwargs):
        """Returns normal draws truncated to [avg - 2 std, avg + 2 std] whose standard
        deviation is ``std`` (Theano rescales by 0.8796..., the truncated one's)."""
        std = std / B.constant(.87962566103423978)
        return self.normal(size, avg, std, ndim, dtype, nstreams, truncate=True, **kwargs)

    def multinomial(self, size=None, n=1, pvals=None, ndim=None, dtype="int64", nstreams=None,
                    **kwargs):
        """Returns, for each row of matrix ``pvals``, the counts of ``n`` categorical draws
        (one uniform per row and draw, as Theano)."""
        if pvals is None:
            raise TypeError("You have to specify pvals")
        pvals = undefined_grad(as_tensor_variable(pvals))
        if size is not None:
            raise ValueError("Provided a size argument to MRG_RandomStreams.multinomial, "
                             "which does not use the size argument; give pvals of the "
                             "wanted shape")
        if ndim is not None:
            raise ValueError("Provided an ndim argument to MRG_RandomStreams.multinomial, "
                             "which does not use the ndim argument.")
        if pvals.ndim != 2:
            raise NotImplementedError("MRG_RandomStreams.multinomial only implemented for "
                                      "pvals.ndim = 2, got %s" % (pvals.type,))
        unis = self.uniform(size=pvals[:, 0].shape * n, ndim=1, nstreams=nstreams, **kwargs)
        return MultinomialFromUniform(dtype)(pvals, unis, as_tensor_variable(n))

    def choice(self, size=1, a=None, replace=True, p=None, ndim=None, dtype="int64",
               nstreams=None, **kwargs):
        """Returns ``size`` indices per row of matrix ``p``, drawn without replacement."""
        if replace:
            raise NotImplementedError("MRG_RandomStreams.choice only works without replacement "
                                      "for now; pass replace=False")
        if a is not None:
            raise TypeError("For now, a has to be None in MRG_RandomStreams.choice. Sampled "
                            "values are between 0 and p.shape[1]-1")
        if p is None:
            raise TypeError("For now, p has to be specified in MRG_RandomStreams.choice.")
        p = undefined_grad(as_tensor_variable(p))
        if ndim is not None:
            raise ValueError("ndim argument to MRG_RandomStreams.choice is not used.")
        if p.ndim != 2:
            raise NotImplementedError("MRG_RandomStreams.choice is only implemented for "
                                      "p.ndim = 2")
        unis = self.uniform(size=p[:, 0].shape * size, ndim=1, nstreams=nstreams, **kwargs)
        return ChoiceFromUniform(odtype=dtype)(p, unis, as_tensor_variable(size))

    def multinomial_wo_replacement(self, size=None, n=1, pvals=None, ndim=None,
                                   dtype="int64", nstreams=None, **kwargs):
        """Returns ``n`` indices per row of ``pvals`` without replacement (old name of
        choice; Theano warns that it is deprecated)."""
        warnings.warn("MRG_RandomStreams.multinomial_wo_replacement() is deprecated and will "
                      "be removed in the next release of Theano. Please use "
                      "MRG_RandomStreams.choice() instead.", stacklevel=2)
        if size is not None:
            raise ValueError("multinomial_wo_replacement does not use size; give n")
        return self.choice(size=n, a=None, replace=False, p=pvals, dtype=dtype,
                           nstreams=nstreams, ndim=ndim, **kwargs)


def _jumps(state, jump, m, n):
    """Returns the n states state, J state, J^2 state, ... (mod m) of one recurrence, as
    Theano's loop of ff_2p72 but by doubling: rows [k, 2k) are J^k times rows [0, k), so
    15360 sub-streams take 14 vectorised steps instead of 15360 matrix products."""
    out = np.empty((n, 3), dtype="int64")
    out[0] = state
    power = [[int(v) for v in row] for row in jump]       # J^k, exact Python ints
    k = 1
    while k < n:
        count = min(k, n - k)
        # Each product is below 2^62 (entries < 2^31): reduced before summing, as matVecModM.
        block = (np.asarray(power, dtype="int64")[None] * out[:count, None, :]) % m
        out[k:k + count] = block.sum(axis=2) % m
        power = [[sum(power[i][t] * power[t][j] for t in range(3)) % m for j in range(3)]
                 for i in range(3)]
        k += count
    return out


def _check_size(size):
    """Returns ``size`` as an int vector variable (Theano's normal accepts an int, a
    tuple, a scalar or a vector)."""
    if isinstance(size, Variable):
        if size.ndim == 1:
            return size
        if size.ndim == 0:
            return B.stack([size])
        raise ValueError("Theano variable must have 1 dimension to be a valid size.", size)
    if isinstance(size, (np.integer, int)):
        return B.constant([size], ndim=1)
    if not isinstance(size, (tuple, list)):
        raise ValueError("Size must be a int, tuple, list or Theano variable.", size)
    for i in size:
        if isinstance(i, Variable):
            if i.ndim != 0:
                raise ValueError("Non-scalar Theano variable in size", size, i)
        elif not isinstance(i, (np.integer, int)):
            raise ValueError("Only Theano variables and integers are allowed in a size-tuple.",
                             size, i)
    return as_tensor_variable(size, ndim=1)


def _check_float(dtype, what):
    if not str(dtype).startswith("float"):
        raise ValueError("MRG_RandomStreams.%s only draws floats, got dtype=%r" % (what, dtype))


__all__ = ["MRG_RandomStreams"]
