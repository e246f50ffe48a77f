"""``theano.tensor.nnet.conv3d2d.conv3d``: 3-D convolution in the (batch, time, channel, row, col) layout.

Theano built it from 2-D convolutions summed along time diagonals; theanox gives
the same numbers with one XLA 3-D convolution (abstract_conv.conv3d on the
axes reordered to (batch, channel, time, row, col)).  The filters are flipped
in all three dimensions: a true convolution, as Theano's.
"""
from theanox.tensor import basic as B
from theanox.tensor.nnet.abstract_conv import conv3d as _conv3d
from theanox.tensor.shapes import NotScalarConstantError, get_scalar_constant_value

_MODES = ("valid", "full", "half")


def conv3d(signals, filters, signals_shape=None, filters_shape=None, border_mode="valid"):
    """Returns the convolution of ``signals`` [Ns, Ts, C, Hs, Ws] with ``filters`` [Nf, Tf, C, Hf, Wf].

    The result is [Ns, Ts_out, Nf, Hs_out, Ws_out].  ``border_mode`` is 'valid',
    'full' or 'half', or a (time, height, width) triple of them whose height and
    width modes match (Theano's rule).  ``signals_shape``/``filters_shape`` are
    shape hints: checked against the tensors' ranks (5).
    """
    signals, filters = B.as_tensor_variable(signals), B.as_tensor_variable(filters)
    if isinstance(border_mode, str):
        border_mode = (border_mode,) * 3
    border_mode = tuple(border_mode)
    if len(border_mode) != 3 or any(m not in _MODES + ("same",) for m in border_mode):
        raise ValueError("invalid border mode %r: expected 'valid', 'full', 'half' or a "
                         "(time, height, width) triple of them" % (border_mode,))
    if border_mode[1] != border_mode[2]:
        raise NotImplementedError("height and width bordermodes must match, got %r"
                                  % (border_mode,))
    if "same" in border_mode:
        raise NotImplementedError("border_mode 'same' is not supported by conv3d2d (as in "
                                  "Theano); use 'half' for odd filter sizes")
    for name, v, hint in (("signals", signals, signals_shape),
                          ("filters", filters, filters_shape)):
        if v.ndim != 5:
            raise TypeError("conv3d2d.conv3d: %s must be 5-D, got %s with %d dimensions"
                            % (name, v, v.ndim))
        if hint is not None and len(hint) != 5:
            raise ValueError("conv3d2d.conv3d: %s_shape must have 5 entries, got %r"
                             % (name, hint))
    if len(set(border_mode)) == 1:
        mode = border_mode[0]
    else:
        mode = tuple(_padding(m, filters, filters_shape, axis)
                     for m, axis in zip(border_mode, (1, 3, 4)))
    out = _conv3d(signals.dimshuffle(0, 2, 1, 3, 4), filters.dimshuffle(0, 2, 1, 3, 4),
                  border_mode=mode)
    return out.dimshuffle(0, 2, 1, 3, 4)


def _padding(mode, filters, filters_shape, axis):
    """Returns the zero padding of ``mode`` along filter ``axis`` (its size must be known)."""
    if mode == "valid":
        return 0
    size = filters_shape[axis] if filters_shape is not None else filters.shape[axis]
    try:
        k = int(get_scalar_constant_value(size))
    except NotScalarConstantError:
        raise NotImplementedError(
            "conv3d2d.conv3d with different time and space border modes %r needs the filter "
            "size: pass filters_shape=(Nf, Tf, C, Hf, Wf)" % (mode,)) from None
    return k - 1 if mode == "full" else k // 2
