"""Image patches as rows: ``images2neibs`` and its inverse ``neibs2images`` (Theano's neighbours)."""
import numpy as np

from theanox.graph.basic import Apply, Op
from theanox.tensor import basic as B
from theanox.tensor.type import TensorType

MODES = ("valid", "ignore_borders", "half", "full", "wrap_centered")


def images2neibs(ten4, neib_shape, neib_step=None, mode="valid"):
    """Returns a matrix whose rows are the (flattened) patches of each image of ``ten4``.

    Rows run over batch, channel, patch row, patch column; each row holds
    neib_shape[0] * neib_shape[1] pixels in row-major order.
    """
    return Images2Neibs(neib_shape, neib_step, mode)(ten4)


def neibs2images(neibs, neib_shape, original_shape, mode="valid"):
    """Returns the 4-D images rebuilt from the rows of ``neibs`` (inverse of images2neibs, valid mode).

    Overlapping patches are summed (the transpose of images2neibs).
    """
    if mode not in ("valid", "ignore_borders"):
        raise NotImplementedError("neibs2images supports mode 'valid' or 'ignore_borders', "
                                  "got %r" % (mode,))
    op = Neibs2Images(neib_shape, mode)
    if isinstance(original_shape, (tuple, list)):
        original_shape = B.stack([B.cast(B.as_tensor_variable(s), "int64")
                                  for s in original_shape])
    return op(neibs, original_shape)


class Images2Neibs(Op):
    """Returns the patches of a 4-D tensor as rows of a matrix."""

    __props__ = ("neib_shape", "neib_step", "mode")

    def __init__(self, neib_shape, neib_step=None, mode="valid"):
        if mode not in MODES:
            raise ValueError("Images2Neibs: mode must be one of %s, got %r" % (MODES, mode))
        self.neib_shape = tuple(int(n) for n in neib_shape)
        self.neib_step = tuple(int(n) for n in neib_step) if neib_step is not None \
            else self.neib_shape
        self.mode = mode

    def make_node(self, ten4):
        ten4 = B.as_tensor_variable(ten4)
        if ten4.ndim != 4:
            raise TypeError("images2neibs expects a 4-D tensor (batch, channels, rows, cols), "
                            "got %s" % (ten4.type,))
        return Apply(self, [ten4], [TensorType(ten4.dtype, (False, False))()])

    def jax(self, x, node=None):
        rows, cols = patch_index(np.shape(x)[2:], self.neib_shape, self.neib_step, self.mode)
        n, c = np.shape(x)[:2]
        if self.mode in ("half", "full"):
            import jax.numpy as jnp
            pr, pc = _pad(self.neib_shape, self.mode)
            x = jnp.pad(x, ((0, 0), (0, 0), (pr, pr), (pc, pc)))
        patches = x[:, :, rows, cols]          # (n, c, n_patches, patch_size)
        return patches.reshape(n * c * rows.shape[0], rows.shape[1])


class Neibs2Images(Op):
    """Returns 4-D images rebuilt from patch rows (summing overlaps)."""

    __props__ = ("neib_shape", "mode")
    static_inputs = (1,)

    def __init__(self, neib_shape, mode="valid"):
        self.neib_shape = tuple(int(n) for n in neib_shape)
        self.mode = mode

    def make_node(self, neibs, shape):
        neibs, shape = B.as_tensor_variable(neibs), B.as_tensor_variable(shape)
        return Apply(self, [neibs, shape], [TensorType(neibs.dtype, (False,) * 4)()])

    def jax(self, neibs, shape, node=None):
        import jax.numpy as jnp
        shape = tuple(int(s) for s in np.asarray(shape))
        rows, cols = patch_index(shape[2:], self.neib_shape, self.neib_shape, self.mode)
        n, c = shape[:2]
        expected = (n * c * rows.shape[0], rows.shape[1])
        if tuple(np.shape(neibs)) != expected:
            raise ValueError("neibs2images: neibs of shape %s do not fit original_shape %s "
                             "with neib_shape %s (expected %s)" % (np.shape(neibs), shape,
                                                                  self.neib_shape, expected))
        vals = jnp.reshape(neibs, (n, c) + rows.shape)
        out = jnp.zeros(shape, neibs.dtype)
        return out.at[:, :, rows, cols].add(vals)


def patch_index(img_shape, neib_shape, step, mode):
    """Returns (rows, cols) index arrays of shape (n_patches, patch_size) for the patch gather."""
    (h, w), (nh, nw), (sh, sw) = img_shape, neib_shape, step
    if mode in ("half", "full"):
        pr, pc = _pad(neib_shape, mode)
        h, w = h + 2 * pr, w + 2 * pc
    for d, (n, k, s) in enumerate(zip((h, w), neib_shape, step)):
        if mode == "valid" and ((n - k) % s or n < k):
            raise TypeError("neib_shape[%d]=%d, neib_step[%d]=%d and ten4.shape[%d]=%d not "
                            "consistent: in mode 'valid' the patches must tile the image. Use "
                            "mode='ignore_borders' to drop the remainder." % (d, k, d, s, d + 2, n))
    if mode == "wrap_centered":
        if nh % 2 == 0 or nw % 2 == 0:
            raise TypeError("images2neibs: mode 'wrap_centered' needs an odd neib_shape, got %s"
                            % (tuple(neib_shape),))
        r0 = np.arange(0, h, sh)[:, None] + np.arange(nh)[None, :] - nh // 2
        c0 = np.arange(0, w, sw)[:, None] + np.arange(nw)[None, :] - nw // 2
        r0, c0 = r0 % h, c0 % w
    else:
        r0 = np.arange(0, h - nh + 1, sh)[:, None] + np.arange(nh)[None, :]
        c0 = np.arange(0, w - nw + 1, sw)[:, None] + np.arange(nw)[None, :]
    rows = np.broadcast_to(r0[:, None, :, None], (len(r0), len(c0), nh, nw))
    cols = np.broadcast_to(c0[None, :, None, :], (len(r0), len(c0), nh, nw))
    return rows.reshape(len(r0) * len(c0), nh * nw), cols.reshape(len(r0) * len(c0), nh * nw)


def _pad(neib_shape, mode):
    if mode == "half":
        return neib_shape[0] // 2, neib_shape[1] // 2
    return neib_shape[0] - 1, neib_shape[1] - 1
