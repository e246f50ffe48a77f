"""Convolutions: ``conv2d``, ``conv3d``, ``conv2d_transpose`` (Theano's abstract conv API).

One op, ``AbstractConv``, covers 2-D and 3-D; it lowers to
``jax.lax.conv_general_dilated``.  Theano's layout is kept at the API (input
``(batch, channels, rows, cols)``, filters ``(out_channels, in_channels, rows,
cols)``) while the lowering runs XLA's convolution channels-last on CPU (measured
faster than NCHW there for the seed's CNN, benchmarks workload 5) and NCHW on GPU.
On CPU the padding is applied explicitly so that XLA runs its multi-threaded
(YNNPACK) convolution kernels; custom derivative rules pick those kernels for the
input gradient and, when the patch matrix is small, one matmul for the weight
gradient (see ``_conv_jvp_rule``).
``filter_flip=True`` (the default) is a true convolution: the kernel is flipped.
"""
import threading

import numpy as np

from theanox import config
from theanox.graph.basic import Apply, Op
from theanox.tensor import basic as B
from theanox.tensor.dtypes import upcast
from theanox.tensor.type import TensorType


def conv2d(input, filters, input_shape=None, filter_shape=None, border_mode="valid",
           subsample=(1, 1), filter_flip=True, image_shape=None, filter_dilation=(1, 1),
           num_groups=1, unshared=False, **kwargs):
    """Returns the 2-D convolution of a 4-D ``input`` with 4-D ``filters``.

    border_mode: 'valid', 'full', 'half', an int or a pair of ints (symmetric zero
    padding).  ``input_shape``/``filter_shape``/``image_shape`` are shape hints,
    checked against the tensors' ranks only.
    """
    if unshared:
        raise NotImplementedError("conv2d(unshared=True) is not supported; use unshared=False")
    if kwargs:
        raise TypeError("conv2d() got unexpected keyword arguments %s" % sorted(kwargs))
    if image_shape is not None and input_shape is None:
        input_shape = image_shape
    return _conv(2, input, filters, input_shape, filter_shape, border_mode, subsample,
                 filter_flip, filter_dilation, num_groups)


def conv3d(input, filters, input_shape=None, filter_shape=None, border_mode="valid",
           subsample=(1, 1, 1), filter_flip=True, filter_dilation=(1, 1, 1), num_groups=1):
    """Returns the 3-D convolution of a 5-D ``input`` with 5-D ``filters`` (border modes as conv2d)."""
    return _conv(3, input, filters, input_shape, filter_shape, border_mode, subsample,
                 filter_flip, filter_dilation, num_groups)


def conv2d_transpose(input, filters, output_shape, filter_shape=None, border_mode="valid",
                     input_dilation=(1, 1), filter_flip=True, filter_dilation=(1, 1),
                     num_groups=1):
    """Returns the transpose of conv2d (the gradient w.r.t. its input), of shape ``output_shape``.

    ``input_dilation`` is the stride of the forward convolution being transposed.
    """
    return _conv_transpose(2, input, filters, output_shape, border_mode, input_dilation,
                           filter_flip, filter_dilation, num_groups)


def conv3d_transpose(input, filters, output_shape, filter_shape=None, border_mode="valid",
                     input_dilation=(1, 1, 1), filter_flip=True, filter_dilation=(1, 1, 1),
                     num_groups=1):
    """Returns the transpose of conv3d (the gradient w.r.t. its input), of shape ``output_shape``."""
    return _conv_transpose(3, input, filters, output_shape, border_mode, input_dilation,
                           filter_flip, filter_dilation, num_groups)


def get_conv_output_shape(image_shape, kernel_shape, border_mode, subsample,
                          filter_dilation=None):
    """Returns the output shape of a convolution (None where an input dim is unknown)."""
    nd = len(image_shape) - 2
    filter_dilation = filter_dilation or (1,) * nd
    pads = _pads(border_mode, kernel_shape[2:], filter_dilation, nd)
    out = [image_shape[0], kernel_shape[0]]
    for i in range(nd):
        out.append(_out_len(image_shape[2 + i], kernel_shape[2 + i], pads[i], subsample[i],
                            filter_dilation[i]))
    return tuple(out)


# --------------------------------------------------------------- the ops

class AbstractConv(Op):
    """Returns the N-d convolution (cross-correlation if not ``filter_flip``) of input and filters."""

    __props__ = ("convdim", "border_mode", "subsample", "filter_flip", "filter_dilation",
                 "num_groups")

    def __init__(self, convdim, border_mode="valid", subsample=None, filter_flip=True,
                 filter_dilation=None, num_groups=1):
        self.convdim = convdim
        self.border_mode = _check_border_mode(border_mode, convdim)
        self.subsample = _tuple(subsample, convdim, "subsample")
        self.filter_flip = bool(filter_flip)
        self.filter_dilation = _tuple(filter_dilation, convdim, "filter_dilation")
        if num_groups < 1:
            raise ValueError("num_groups must be a positive integer, got %r" % (num_groups,))
        self.num_groups = int(num_groups)

    def __str__(self):
        # Theano 1.0.5's form; the shape hints are not kept (they print as unknown).
        unknown = (None,) * (self.convdim + 2)
        return ("AbstractConv%dd{convdim=%d, border_mode=%r, subsample=%s, filter_flip=%s, "
                "imshp=%s, kshp=%s, filter_dilation=%s, num_groups=%d, unshared=False}"
                % (self.convdim, self.convdim, self.border_mode, self.subsample,
                   self.filter_flip, unknown, unknown, self.filter_dilation, self.num_groups))

    def make_node(self, img, kern):
        img, kern = B.as_tensor_variable(img), B.as_tensor_variable(kern)
        nd = self.convdim + 2
        if img.ndim != nd:
            raise TypeError("conv%dd: the input must be a %d-D tensor (batch, channels, %s), "
                            "got %s" % (self.convdim, nd, _spatial_names(self.convdim),
                                        img.type))
        if kern.ndim != nd:
            raise TypeError("conv%dd: the filters must be a %d-D tensor (out channels, in "
                            "channels, %s), got %s" % (self.convdim, nd,
                                                       _spatial_names(self.convdim), kern.type))
        dtype = _out_dtype(img, kern)
        bcast = (img.broadcastable[0], kern.broadcastable[0]) + (False,) * self.convdim
        return Apply(self, [img, kern], [TensorType(dtype, bcast)()])

    def jax(self, img, kern, node=None):
        img, kern = _cast_pair(img, kern, node.outputs[0].dtype)
        _check_channels(np.shape(img), np.shape(kern), self.num_groups)
        return conv_nd(img, kern, self.border_mode, self.subsample, self.filter_flip,
                       self.filter_dilation, self.num_groups)


class AbstractConvTranspose(Op):
    """Returns the gradient of a convolution w.r.t. its input (transposed convolution)."""

    __props__ = AbstractConv.__props__
    static_inputs = (2,)

    def __init__(self, convdim, border_mode="valid", subsample=None, filter_flip=True,
                 filter_dilation=None, num_groups=1):
        self.fwd = AbstractConv(convdim, border_mode, subsample, filter_flip, filter_dilation,
                                num_groups)
        for p in self.__props__:
            setattr(self, p, getattr(self.fwd, p))

    def __str__(self):
        return str(self.fwd).replace("AbstractConv%dd" % self.convdim,
                                     "AbstractConv%dd_gradInputs" % self.convdim)

    def make_node(self, topgrad, kern, shape):
        topgrad, kern = B.as_tensor_variable(topgrad), B.as_tensor_variable(kern)
        shape = B.as_tensor_variable(shape)
        nd = self.convdim + 2
        if topgrad.ndim != nd or kern.ndim != nd:
            raise TypeError("conv%dd_transpose expects %d-D input and filters, got %s and %s"
                            % (self.convdim, nd, topgrad.type, kern.type))
        dtype = _out_dtype(topgrad, kern)
        bcast = (topgrad.broadcastable[0], kern.broadcastable[1]) + (False,) * self.convdim
        return Apply(self, [topgrad, kern, shape], [TensorType(dtype, bcast)()])

    def jax(self, topgrad, kern, shape, node=None):
        import jax
        import jax.numpy as jnp
        topgrad, kern = _cast_pair(topgrad, kern, node.outputs[0].dtype)
        shape = tuple(int(s) for s in np.asarray(shape).ravel())
        if len(shape) == self.convdim:
            shape = (np.shape(topgrad)[0], np.shape(kern)[1] * self.num_groups) + shape
        fwd = self.fwd

        def forward(x):
            return conv_nd(x, kern, fwd.border_mode, fwd.subsample, fwd.filter_flip,
                           fwd.filter_dilation, fwd.num_groups)
        expected = jax.eval_shape(forward, jax.ShapeDtypeStruct(shape, topgrad.dtype)).shape
        if tuple(expected) != tuple(np.shape(topgrad)):
            raise ValueError("conv%dd_transpose: an output of shape %s convolved gives %s, but "
                             "the input has shape %s; fix output_shape"
                             % (self.convdim, shape, tuple(expected), np.shape(topgrad)))
        _, vjp = jax.vjp(forward, jnp.zeros(shape, topgrad.dtype))
        return vjp(jnp.asarray(topgrad))[0]


# ----------------------------------------------------------- the lowering

def conv_nd(img, kern, border_mode, subsample, filter_flip, filter_dilation, num_groups):
    """Returns the convolution of NC... ``img`` with OI... ``kern`` with Theano's semantics."""
    import jax.numpy as jnp
    nd = len(subsample)
    if filter_flip:
        kern = kern[(slice(None), slice(None)) + (slice(None, None, -1),) * nd]
    pads = _pads(border_mode, np.shape(kern)[2:], filter_dilation, nd)
    if _platform() == "cpu":        # channels-last: see the module docstring
        img_t = jnp.moveaxis(img, 1, -1)
        kern_t = jnp.transpose(kern, tuple(range(2, 2 + nd)) + (1, 0))
        if num_groups == 1:
            out = _conv_channels_last(img_t, kern_t, tuple(subsample), tuple(pads),
                                      tuple(filter_dilation))
        else:
            out = _lax_conv(img_t, kern_t, subsample, pads, filter_dilation, num_groups, True)
        return jnp.moveaxis(out, -1, 1)
    return _lax_conv(img, kern, subsample, pads, filter_dilation, num_groups, False)


def _lax_conv(x, w, strides, pads, dil, groups=1, channels_last=True):
    import jax
    sp = "DHW"[-len(strides):]
    dims = (("N%sC" % sp, "%sIO" % sp, "N%sC" % sp) if channels_last
            else ("NC" + sp, "OI" + sp, "NC" + sp))
    return jax.lax.conv_general_dilated(
        x, w, window_strides=tuple(strides), padding=[(p, p) for p in pads],
        rhs_dilation=tuple(dil), feature_group_count=groups, dimension_numbers=dims,
        precision=jax.lax.Precision.HIGHEST)


def _patches(x, kshape, strides, dil, oshape):
    """Returns the (prod(kshape), ci, n, *out) transposed patches of a padded
    channels-first ``x`` (ci, n, *spatial)."""
    import jax.numpy as jnp
    cols = []
    for idx in np.ndindex(*kshape):
        sl = [slice(None), slice(None)]
        for i, s, d, o in zip(idx, strides, dil, oshape):
            sl.append(slice(i * d, i * d + (o - 1) * s + 1, s))
        cols.append(x[tuple(sl)])
    return jnp.stack(cols)


SMALL_PATCHES = 2 ** 23      # bytes: see _small_patches


def _small_patches(x, w, strides, pads, dil):
    # The transposed patch matrix (taps * channels, positions) of a layer is cheap to
    # build when small (the first layer, the last small-image layers); then one matmul
    # patches^T @ g is the weight gradient.  Measured on the seed's CNN (min of 25, a
    # loaded machine): layer 3 (7.4 MB of patches) 15-39 ms against 55-60 ms for XLA's
    # convolution over the batch; layer 2 (25 MB) 199-223 ms against 120-150 ms.
    taps = int(np.prod(w.shape[:-2]))
    positions = x.shape[0] * int(np.prod([_out_len(i + 2 * p, k, 0, s, d) for i, k, p, s, d
                                          in zip(x.shape[1:-1], w.shape[:-2], pads,
                                                 strides, dil)]))
    return taps * x.shape[-1] * positions * x.dtype.itemsize <= SMALL_PATCHES


def _padded_conv(x, w, strides, pads, dil):
    # Unpadded channels-last convolutions run in XLA's multi-threaded YNNPACK kernels
    # on CPU; padded ones fall back to a slower single-threaded path, so pad first.
    if any(pads):
        import jax.numpy as jnp
        x = jnp.pad(x, [(0, 0)] + [(p, p) for p in pads] + [(0, 0)])
    return _lax_conv(x, w, strides, (0,) * len(pads), dil)


def _conv_fwd_rule(x, w, strides, pads, dil):
    # Also the tangent of the input: the input gradient is then XLA's transpose of
    # this convolution (measured on the seed's CNN step: 1.6-2x faster than patches
    # and their col2im transpose).  The 1-channel first layer too: 2-4 ms against
    # 6-24 ms as patches @ weights (min of 25, loaded machine).
    return _padded_conv(x, w, strides, pads, dil)


def _weight_tangent(x, dw, strides, pads, dil):
    # Its transpose is the weight gradient.  Small patches: transposed patches
    # (taps * channels, positions) times dw, whose transpose is one plain matmul
    # patches^T @ g (no transpose of the big output gradient).  Otherwise the
    # convolution, whose transpose XLA runs as a YNNPACK convolution over the batch.
    if not _small_patches(x, dw, strides, pads, dil):
        return _padded_conv(x, dw, strides, pads, dil)
    import jax
    import jax.numpy as jnp
    kshape, co = dw.shape[:-2], dw.shape[-1]
    xp = jnp.pad(x, [(0, 0)] + [(p, p) for p in pads] + [(0, 0)])
    oshape = tuple(_out_len(i, k, 0, s, d)
                   for i, k, s, d in zip(xp.shape[1:-1], kshape, strides, dil))
    cols = _patches(jnp.moveaxis(xp, -1, 0), kshape, strides, dil, oshape)
    PT = cols.reshape(-1, xp.shape[0] * int(np.prod(oshape)))
    out = jax.lax.dot_general(PT, dw.reshape(-1, co), (((0,), (0,)), ((), ())),
                              precision=jax.lax.Precision.HIGHEST)
    return out.reshape((xp.shape[0],) + oshape + (co,))


def _conv_jvp_rule(strides, pads, dil, primals, tangents):
    from jax.custom_derivatives import SymbolicZero
    x, w = primals
    dx, dw = tangents
    out = _conv_fwd_rule(x, w, strides, pads, dil)
    terms = []
    if not isinstance(dx, SymbolicZero):
        terms.append(_conv_fwd_rule(dx, w, strides, pads, dil))
    if not isinstance(dw, SymbolicZero):
        terms.append(_weight_tangent(x, dw, strides, pads, dil))
    tangent = terms[0] if len(terms) == 1 else terms[0] + terms[1]
    return out, tangent


_CONV = {}                  # "fn": the custom-jvp convolution, built once
_CONV_LOCK = threading.Lock()


def _conv_channels_last(x, w, strides, pads, dil):
    """Returns the channels-last convolution, with derivative rules tuned for XLA on CPU."""
    fn = _CONV.get("fn")
    if fn is None:
        import jax
        with _CONV_LOCK:
            fn = _CONV.get("fn")
            if fn is None:
                fn = jax.custom_jvp(lambda x, w, s, p, d: _conv_fwd_rule(x, w, s, p, d),
                                    nondiff_argnums=(2, 3, 4))
                fn.defjvp(_conv_jvp_rule, symbolic_zeros=True)
                _CONV["fn"] = fn
    return fn(x, w, strides, pads, dil)


def _platform():
    import jax
    try:
        dev = config.jax_device()
        if dev is not None:
            return dev.platform
    except Exception:
        pass
    return jax.default_backend()


def _pads(border_mode, kshape, dilation, nd):
    if isinstance(border_mode, tuple):
        return tuple(int(p) for p in border_mode)
    dil = [(int(k) - 1) * d + 1 if k is not None else None for k, d in zip(kshape, dilation)]
    if border_mode == "valid":
        return (0,) * nd
    if border_mode == "full":
        return tuple(None if k is None else k - 1 for k in dil)
    if border_mode == "half":
        return tuple(None if k is None else k // 2 for k in dil)
    raise ValueError("unknown border_mode %r" % (border_mode,))


def _out_len(i, k, pad, stride, dil):
    if i is None or k is None or pad is None:
        return None
    dk = (k - 1) * dil + 1
    return (i + 2 * pad - dk) // stride + 1


def _check_border_mode(mode, nd):
    if isinstance(mode, (int, np.integer)):
        if mode < 0:
            raise ValueError("border_mode must be >= 0, got %d" % mode)
        return (int(mode),) * nd
    if isinstance(mode, (tuple, list)):
        if len(mode) != nd or not all(isinstance(m, (int, np.integer)) and m >= 0
                                      for m in mode):
            raise ValueError("border_mode as a tuple must hold %d non-negative ints, got %r"
                             % (nd, mode))
        return tuple(int(m) for m in mode)
    if mode not in ("valid", "full", "half"):
        raise ValueError("invalid border_mode %r: expected 'valid', 'full', 'half', an int "
                         "or a tuple of %d ints" % (mode, nd))
    return mode


def _tuple(v, nd, what):
    if v is None:
        return (1,) * nd
    v = tuple(int(x) for x in v)
    if len(v) != nd or any(x < 1 for x in v):
        raise ValueError("%s must be a tuple of %d positive ints, got %r" % (what, nd, v))
    return v


def _spatial_names(nd):
    return "rows, cols" if nd == 2 else "depth, rows, cols"


def _out_dtype(a, b):
    return upcast(a.dtype, b.dtype)


def _cast_pair(a, b, dtype):
    import jax.numpy as jnp
    return jnp.asarray(a, dtype), jnp.asarray(b, dtype)


def _check_channels(ishape, kshape, groups):
    if ishape[1] != kshape[1] * groups:
        raise ValueError("conv: the input has %d channels but the filters expect %d (filters "
                         "shape %s, num_groups=%d); the filters' second dim times num_groups "
                         "must equal the input's channels" % (ishape[1], kshape[1] * groups,
                                                             tuple(kshape), groups))
    if kshape[0] % groups:
        raise ValueError("conv: %d output channels cannot be split into num_groups=%d groups"
                         % (kshape[0], groups))


def _check_hint(var, shape, what):
    if shape is not None and len(shape) != var.ndim:
        raise ValueError("%s %r has %d dims but the tensor has %d" % (what, tuple(shape),
                                                                     len(shape), var.ndim))


def _conv(nd, input, filters, input_shape, filter_shape, border_mode, subsample, filter_flip,
          filter_dilation, num_groups):
    input, filters = B.as_tensor_variable(input), B.as_tensor_variable(filters)
    _check_hint(input, input_shape, "input_shape")
    _check_hint(filters, filter_shape, "filter_shape")
    op = AbstractConv(nd, border_mode, subsample, filter_flip, filter_dilation, num_groups)
    return op(input, filters)


def _conv_transpose(nd, input, filters, output_shape, border_mode, input_dilation, filter_flip,
                    filter_dilation, num_groups):
    op = AbstractConvTranspose(nd, border_mode, input_dilation, filter_flip, filter_dilation,
                               num_groups)
    if isinstance(output_shape, (tuple, list)):
        output_shape = B.stack([B.cast(B.as_tensor_variable(s), "int64") for s in output_shape])
    return op(input, filters, output_shape)
