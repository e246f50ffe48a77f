"""Pooling over the last 2 (or 3) dimensions: ``pool_2d``, ``pool_3d``, ``max_pool_2d_same_size``.

Theano's semantics: windows of ``ws`` moved by ``stride``; with ``ignore_border=False``
partial windows at the bottom/right edge are kept (5 -> 3 for a 2x2 window), with
``True`` they are dropped (5 -> 2).  ``pad`` adds symmetric zero padding (needs
``ignore_border=True``); 'max' and 'sum' and 'average_exc_pad' ignore the padding,
'average_inc_pad' counts it.  Average windows that are cut by the border are divided
by the number of elements they cover, as Theano did.
"""
import threading
import warnings

import numpy as np

from theanox.graph.basic import Apply, Op
from theanox.tensor import basic as B
from theanox.tensor.type import TensorType

MODES = ("max", "sum", "average_inc_pad", "average_exc_pad")


def pool_2d(input, ws=None, ignore_border=None, stride=None, pad=(0, 0), mode="max",
            ds=None, st=None, padding=None):
    """Returns ``input`` pooled over its last two dimensions (windows ``ws``, moved by ``stride``).

    ``ds``/``st``/``padding`` are the old names of ``ws``/``stride``/``pad``.
    ``ignore_border=None`` warns and means False, as in Theano 1.0.
    """
    return _pool(2, input, ws, ignore_border, stride, pad, mode, ds, st, padding, "pool_2d")


def pool_3d(input, ws=None, ignore_border=None, stride=None, pad=(0, 0, 0), mode="max",
            ds=None, st=None, padding=None):
    """Returns ``input`` pooled over its last three dimensions (see pool_2d)."""
    return _pool(3, input, ws, ignore_border, stride, pad, mode, ds, st, padding, "pool_3d")


def max_pool_2d_same_size(input, patch_size):
    """Returns ``input`` with every element that is not the max of its patch set to zero.

    Patches do not overlap (stride = patch_size); a border that does not fill a patch is zeroed.
    """
    return MaxPoolSameSize(tuple(int(p) for p in patch_size))(input)


class Pool(Op):
    """Returns the pooling of the last ``ndim`` dimensions of a tensor."""

    __props__ = ("ignore_border", "mode", "ndim", "ws", "stride", "pad")

    def __init__(self, ignore_border=False, mode="max", ndim=2, ws=None, stride=None, pad=None):
        if mode == "average":
            mode = "average_inc_pad"
        if mode not in MODES:
            raise ValueError("Pool mode parameter only support 'max', 'sum', "
                             "'average_inc_pad' and 'average_exc_pad'. Got %s" % (mode,))
        self.ignore_border, self.mode, self.ndim = bool(ignore_border), mode, ndim
        self.ws = tuple(int(w) for w in ws)
        self.stride = tuple(int(s) for s in stride) if stride is not None else self.ws
        self.pad = tuple(int(p) for p in pad) if pad is not None else (0,) * ndim
        for name, v in (("ws", self.ws), ("stride", self.stride), ("pad", self.pad)):
            if len(v) != ndim:
                raise ValueError("%s must have %d elements, got %r" % (name, ndim, v))
        if any(w < 1 for w in self.ws) or any(s < 1 for s in self.stride):
            raise ValueError("ws and stride must be positive, got ws=%r stride=%r"
                             % (self.ws, self.stride))
        if any(self.pad) and not self.ignore_border:
            raise NotImplementedError("padding works only with ignore_border=True")
        if any(p >= w for p, w in zip(self.pad, self.ws)):
            raise NotImplementedError("padding must be smaller than strides: pad=%r ws=%r"
                                      % (self.pad, self.ws))

    def __str__(self):
        return "Pool{ignore_border=%s, mode='%s', ndim=%d}" % (self.ignore_border, self.mode,
                                                              self.ndim)

    def make_node(self, x):
        x = B.as_tensor_variable(x)
        if x.ndim < self.ndim:
            raise TypeError("Pool: the input must have at least %d dimensions, got %s"
                            % (self.ndim, x.type))
        bcast = x.broadcastable[:-self.ndim] + (False,) * self.ndim
        return Apply(self, [x], [TensorType(x.dtype, bcast)()])

    def jax(self, x, node=None):
        return pool_nd(x, self.ws, self.stride, self.pad, self.ignore_border, self.mode)


def out_shape(imgshape, ws, ignore_border, stride, pad):
    """Returns the pooled lengths of the last len(ws) dims of ``imgshape`` (Theano's formula)."""
    out = []
    for r, w, s, p in zip(imgshape[-len(ws):], ws, stride, pad):
        r = r + 2 * p
        if ignore_border:
            n = (r - w) // s + 1 if r >= w else 0
        elif s >= w:
            n = (r - 1) // s + 1
        else:
            n = max(0, (r - 1 - w + s) // s) + 1
        out.append(n)
    return tuple(out)


def pool_nd(x, ws, stride, pad, ignore_border, mode):
    """Returns the pooled jnp array (the lowering of Pool)."""
    import jax.numpy as jnp
    from jax import lax
    nd = len(ws)
    shape = np.shape(x)
    outs = out_shape(shape, ws, ignore_border, stride, pad)
    lead = len(shape) - nd
    # Each dim: explicit pad on both sides, plus the extra tail partial windows read.
    tails = [max(0, (o - 1) * s + w - (r + 2 * p))
             for o, s, w, r, p in zip(outs, stride, ws, shape[lead:], pad)]
    cfg = [(0, 0)] * lead + [(p, p + t) for p, t in zip(pad, tails)]
    win = (1,) * lead + tuple(ws)
    strides = (1,) * lead + tuple(stride)
    if mode == "max":
        lo = _lowest(x.dtype)
        if _blockwise(shape[lead:], ws, stride, pad, outs):
            return _block_max(jnp.pad(x, cfg, constant_values=lo), lead, ws, outs)
        return lax.reduce_window(x, lo, lax.max, win, strides, cfg)
    acc = jnp.asarray(x)
    total = lax.reduce_window(acc, np.zeros((), acc.dtype), lax.add, win, strides, cfg)
    if mode == "sum":
        return total
    # Count the covered elements per window (padding counts only for average_inc_pad).
    counts = []
    for d, (r, p, t) in enumerate(zip(shape[lead:], pad, tails)):
        inside = np.zeros(r + 2 * p + t)
        inside[p:p + r] = 1
        if mode == "average_inc_pad":
            inside[:r + 2 * p] = 1
        cs = np.concatenate([[0], np.cumsum(inside)])
        starts = np.arange(outs[d]) * stride[d]
        counts.append(cs[starts + ws[d]] - cs[starts])
    count = counts[0]
    for c in counts[1:]:
        count = np.multiply.outer(count, c)
    return (total / count.astype(total.dtype)).astype(x.dtype)


def _lowest(dtype):
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return np.array(-np.inf, dtype)
    if dtype.kind == "b":
        return np.array(False)
    return np.array(np.iinfo(dtype).min, dtype)


def _blockwise(shape, ws, stride, pad, outs):
    """Returns True when windows tile the (padded) input exactly (stride == ws, no pad)."""
    return tuple(ws) == tuple(stride) and not any(pad)


def _block_max(xp, lead, ws, outs):
    """Returns the max over non-overlapping windows by reshaping (faster than reduce_window on CPU).

    Its gradient goes to every element equal to its window's max, as Theano's MaxPoolGrad.
    """
    fn = _BLOCK.get("fn")
    if fn is None:
        import jax
        with _BLOCK_LOCK:
            fn = _BLOCK.get("fn")
            if fn is None:
                fn = jax.custom_vjp(_block_max_fwd, nondiff_argnums=(1, 2, 3))
                fn.defvjp(lambda x, lead, ws, outs: (_block_max_fwd(x, lead, ws, outs),
                                                     (x, _block_max_fwd(x, lead, ws, outs))),
                          _block_max_bwd)
                _BLOCK["fn"] = fn
    return fn(xp, lead, tuple(ws), tuple(outs))


_BLOCK = {}                 # "fn": the custom-vjp block max, built once
_BLOCK_LOCK = threading.Lock()


def _blocks(x, lead, ws, outs):
    shape = np.shape(x)
    idx = tuple(slice(None) for _ in range(lead)) + tuple(slice(0, o * w)
                                                         for o, w in zip(outs, ws))
    new = list(shape[:lead])
    for o, w in zip(outs, ws):
        new += [o, w]
    return x[idx].reshape(new), tuple(lead + 2 * i + 1 for i in range(len(ws)))


def _block_max_fwd(x, lead, ws, outs):
    xb, axes = _blocks(x, lead, ws, outs)
    return xb.max(axis=axes)


def _block_max_bwd(lead, ws, outs, res, g):
    import jax.numpy as jnp
    x, y = res
    xb, axes = _blocks(x, lead, ws, outs)
    yb, gb = jnp.expand_dims(y, axes), jnp.expand_dims(g, axes)
    dxb = jnp.where(xb == yb, gb, jnp.zeros((), g.dtype))
    used = tuple(o * w for o, w in zip(outs, ws))
    dx = dxb.reshape(np.shape(x)[:lead] + used)
    pads = [(0, 0)] * lead + [(0, n - u) for n, u in zip(np.shape(x)[lead:], used)]
    return (jnp.pad(dx, pads),)


class MaxPoolSameSize(Op):
    """Returns the input with non-maximal elements of each patch set to zero."""

    __props__ = ("patch_size",)

    def __init__(self, patch_size):
        self.patch_size = patch_size

    def make_node(self, x):
        x = B.as_tensor_variable(x)
        if x.ndim < 2:
            raise TypeError("max_pool_2d_same_size needs at least 2 dims, got %s" % (x.type,))
        return Apply(self, [x], [x.type()])

    def jax(self, x, node=None):
        import jax.numpy as jnp
        ws = self.patch_size
        pooled = pool_nd(x, ws, ws, (0, 0), True, "max")
        up = jnp.repeat(jnp.repeat(pooled, ws[0], axis=-2), ws[1], axis=-1)
        h, w = np.shape(up)[-2:]
        keep = jnp.zeros(np.shape(x), bool).at[..., :h, :w].set(x[..., :h, :w] == up)
        return jnp.where(keep, x, jnp.zeros((), x.dtype))


def _pool(nd, input, ws, ignore_border, stride, pad, mode, ds, st, padding, fname):
    if ds is not None:
        if ws is not None:
            raise ValueError("%s: give ws or its old name ds, not both" % fname)
        warnings.warn("DEPRECATION: the 'ds' parameter is not going to exist anymore as it "
                      "is going to be replaced by the parameter 'ws'.", stacklevel=3)
        ws = ds
    if ws is None:
        raise ValueError("%s() needs the window size ws (e.g. ws=(2, 2))" % fname)
    if st is not None:
        if stride is not None:
            raise ValueError("%s: give stride or its old name st, not both" % fname)
        warnings.warn("DEPRECATION: the 'st' parameter is not going to exist anymore as it "
                      "is going to be replaced by the parameter 'stride'.", stacklevel=3)
        stride = st
    if padding is not None:
        if any(pad):
            raise ValueError("%s: give pad or its old name padding, not both" % fname)
        warnings.warn("DEPRECATION: the 'padding' parameter is not going to exist anymore as "
                      "it is going to be replaced by the parameter 'pad'.", stacklevel=3)
        pad = padding
    if ignore_border is None:
        warnings.warn(
            "%s() will have the parameter ignore_border default value changed to True "
            "(currently False). To have consistent behavior with all Theano version, "
            "explicitly add the parameter ignore_border=True." % fname, stacklevel=3)
        ignore_border = False
    input = B.as_tensor_variable(input)
    if input.ndim < nd:
        raise NotImplementedError("%s requires a dimension >= %d, got %s"
                                  % (fname, nd, input.type))
    return Pool(ignore_border, mode, nd, ws, stride, pad)(input)


# =============================================================== Theano's pooling gradient ops
# T.grad differentiates Pool itself; these are Theano's explicit gradient ops, which legacy
# code and Theano's tests call: the vjp (MaxPoolGrad, AveragePoolGrad) and jvp
# (DownsampleFactorMaxGradGrad, MaxPoolRop) of the same pooling.
def _static_ints(v, what):
    if v is None:
        return None
    if hasattr(v, "owner"):
        try:
            v = B.get_scalar_constant_value(v) if v.ndim == 0 else v.data
        except Exception:
            raise TypeError("%s must be known when the graph is built (a constant), got %s"
                            % (what, v)) from None
    return tuple(int(i) for i in np.atleast_1d(v))


class PoolGrad(Op):
    """Base of the pooling gradient ops: the window, stride and padding of the pooling."""

    __props__ = ("ignore_border", "mode", "ndim", "ws", "stride", "pad")
    n_tensors = 3          # tensor inputs before ws, stride, pad

    def __init__(self, ignore_border, mode="max", ndim=2, ws=None, stride=None, pad=None):
        if mode == "average":
            mode = "average_inc_pad"
        if mode not in MODES:
            raise ValueError("Pool mode parameter only support 'max', 'sum', "
                             "'average_inc_pad' and 'average_exc_pad'. Got %s" % (mode,))
        self.ignore_border, self.mode, self.ndim = bool(ignore_border), mode, ndim
        self.ws = None if ws is None else tuple(ws)
        self.stride = self.ws if stride is None else tuple(stride)
        self.pad = (0,) * ndim if pad is None else tuple(pad)

    def make_node(self, *args):
        tensors, rest = args[:self.n_tensors], list(args[self.n_tensors:]) + [None] * 3
        if rest[0] is not None:     # Theano passes ws, stride, pad as inputs
            ws = _static_ints(rest[0], "ws")
            op = type(self)(self.ignore_border, mode=self.mode, ndim=self.ndim, ws=ws,
                            stride=_static_ints(rest[1], "stride"),
                            pad=_static_ints(rest[2], "pad"))
            return op.make_node(*tensors)
        if self.ws is None:
            raise TypeError("%s needs the window size ws" % type(self).__name__)
        tensors = [B.as_tensor_variable(t) for t in tensors]
        return Apply(self, tensors, [self._out_like(tensors).type()])

    def _pool(self, x):
        return pool_nd(x, self.ws, self.stride, self.pad, self.ignore_border, self.mode)

    def _vjp(self, x, g):
        import jax
        _, back = jax.vjp(self._pool, x)
        return back(g.astype(x.dtype))[0]

    def _jvp(self, x, t):
        # The max pooling has a custom vjp (Theano's tie rule), so forward mode is the
        # transpose of that (linear) vjp.
        import jax
        out, back = jax.vjp(self._pool, x)
        forward = jax.linear_transpose(lambda g: back(g)[0], out)
        return forward(t.astype(x.dtype))[0]


class MaxPoolGrad(PoolGrad):
    """MaxPoolGrad(ignore_border)(x, maxout, gz, ws, stride, pad): the gradient of max
    pooling wrt x for the output gradient gz."""

    def __init__(self, ignore_border, ndim=2, ws=None, stride=None, pad=None, mode="max"):
        if mode != "max":
            raise ValueError("MaxPoolGrad is the gradient of max pooling; for mode=%r use "
                             "AveragePoolGrad" % (mode,))
        PoolGrad.__init__(self, ignore_border, "max", ndim, ws, stride, pad)

    def _out_like(self, tensors):
        return tensors[0]

    def jax(self, x, maxout, gz, node=None):
        return self._vjp(x, gz)


class AveragePoolGrad(PoolGrad):
    """AveragePoolGrad(ignore_border, mode)(x, gz, ws, stride, pad): the gradient of
    average/sum pooling wrt x."""

    n_tensors = 2

    def __init__(self, ignore_border, mode="average_inc_pad", ndim=2, ws=None, stride=None,
                 pad=None):
        PoolGrad.__init__(self, ignore_border, mode, ndim, ws, stride, pad)

    def _out_like(self, tensors):
        return tensors[0]

    def jax(self, x, gz, node=None):
        return self._vjp(x, gz)


class DownsampleFactorMaxGradGrad(PoolGrad):
    """(x, maxout, ggx, ws, stride, pad): the gradient of MaxPoolGrad wrt its gz, i.e. ggx
    taken at each window's maximum (shaped like maxout)."""

    def _out_like(self, tensors):
        return tensors[1]

    def jax(self, x, maxout, ggx, node=None):
        return self._jvp(x, ggx)


class MaxPoolRop(PoolGrad):
    """(x, eval_point, ws, stride, pad): the R-op of max pooling (eval_point taken at each
    window's maximum)."""

    n_tensors = 2

    def _out_like(self, tensors):
        return B.as_tensor_variable(self._pool_type(tensors[0]))

    def _pool_type(self, x):
        return Pool(self.ignore_border, "max", self.ndim, self.ws, self.stride, self.pad)(x)

    def jax(self, x, eval_point, node=None):
        return self._jvp(x, eval_point)
