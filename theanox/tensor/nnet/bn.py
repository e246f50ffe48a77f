"""Batch normalization (Theano's ``tensor.nnet.bn``), built from tensor ops.

``batch_normalization`` applies given statistics; ``batch_normalization_train``
computes them over ``axes`` (and can update running averages);
``batch_normalization_test`` uses stored mean and variance.
"""
from theanox.tensor import basic as B
from theanox.tensor.reduction import mean as _mean, var as _var


def batch_normalization(inputs, gamma, beta, mean, std, mode="low_mem"):
    """Returns (inputs - mean) * (gamma / std) + beta (all broadcast elementwise)."""
    if mode not in ("low_mem", "high_mem"):
        raise ValueError('mode must be "low_mem" or "high_mem", got %r' % (mode,))
    inputs = B.as_tensor_variable(inputs)
    return (inputs - mean) * (gamma / std) + beta


def batch_normalization_train(inputs, gamma, beta, axes="per-activation", epsilon=1e-4,
                              running_average_factor=0.1, running_mean=None, running_var=None):
    """Returns (out, mean, invstd) or, with running_mean/running_var, also their new values.

    axes: 'per-activation' (axis 0), 'spatial' (all but axis 1) or a tuple of axes.
    The running variance uses the unbiased estimate, as Theano.
    """
    inputs = B.as_tensor_variable(inputs)
    axes = _axes(axes, inputs.ndim)
    if (running_mean is None) != (running_var is None):
        raise ValueError("running_mean and running_var must be given together")
    mean = _mean(inputs, axis=axes, keepdims=True)
    var = _var(inputs, axis=axes, keepdims=True)
    invstd = B.inv(B.sqrt(var + epsilon))
    gamma, beta = _bcast(gamma, inputs.ndim, axes), _bcast(beta, inputs.ndim, axes)
    out = (inputs - mean) * (gamma * invstd) + beta
    if running_mean is None:
        return out, mean, invstd
    running_mean = B.as_tensor_variable(running_mean)
    running_var = B.as_tensor_variable(running_var)
    m = 1
    for a in axes:
        m = m * B.cast(inputs.shape[a], "float64")
    m = B.cast(m, inputs.dtype)
    f = running_average_factor
    new_mean = running_mean * (1.0 - f) + _like(mean, running_mean) * f
    new_var = running_var * (1.0 - f) + _like(var * (m / (m - 1)), running_var) * f
    return out, mean, invstd, new_mean, new_var


def batch_normalization_test(inputs, gamma, beta, mean, var, axes="per-activation",
                             epsilon=1e-4):
    """Returns (inputs - mean) * gamma / sqrt(var + epsilon) + beta with stored statistics."""
    inputs = B.as_tensor_variable(inputs)
    axes = _axes(axes, inputs.ndim)
    gamma, beta = _bcast(gamma, inputs.ndim, axes), _bcast(beta, inputs.ndim, axes)
    mean, var = _bcast(mean, inputs.ndim, axes), _bcast(var, inputs.ndim, axes)
    return (inputs - mean) * (gamma / B.sqrt(var + epsilon)) + beta


def _axes(axes, ndim):
    if axes == "per-activation":
        return (0,)
    if axes == "spatial":
        return (0,) + tuple(range(2, ndim))
    if isinstance(axes, (tuple, list)) and all(isinstance(a, int) for a in axes):
        return tuple(sorted(a % ndim for a in axes))
    raise ValueError("axes should be 'per-activation', 'spatial' or a tuple of ints, got %r"
                     % (axes,))


def _bcast(v, ndim, axes):
    """Returns ``v`` with the reduced ``axes`` re-inserted as broadcastable dims if it lacks them."""
    v = B.as_tensor_variable(v)
    if v.ndim == ndim:
        return v
    kept = [d for d in range(ndim) if d not in axes]
    if v.ndim != len(kept):
        raise ValueError("a parameter of ndim %d cannot be broadcast against inputs of ndim %d "
                         "normalised over axes %s; give it ndim %d or %d"
                         % (v.ndim, ndim, axes, ndim, len(kept)))
    order, it = [], iter(range(v.ndim))
    for d in range(ndim):
        order.append("x" if d in axes else next(it))
    return v.dimshuffle(*order)


def _like(stat, running):
    """Returns ``stat`` (keepdims form) reshaped to the running average's ndim."""
    if running.ndim == stat.ndim:
        return stat
    return B.squeeze(stat) if running.ndim < stat.ndim else stat
