"""The legacy ``theano.tensor.nnet.conv.conv2d`` (ConvOp interface, ``image_shape`` keyword).

It is a true 2-D convolution (the kernel is flipped) with 'valid' or 'full' borders,
computed by the same lowering as ``theanox.tensor.nnet.conv2d``.
"""
from theanox.tensor.nnet.abstract_conv import conv2d as _abstract_conv2d


def conv2d(input, filters, image_shape=None, filter_shape=None, border_mode="valid",
           subsample=(1, 1), **kargs):
    """Returns the convolution of 4-D ``input`` (batch, channels, rows, cols) with 4-D ``filters``.

    ``border_mode`` is 'valid' or 'full'; ``image_shape``/``filter_shape`` are hints.
    Extra ConvOp tuning keywords (``unroll_batch``, ``openmp``, ...) are accepted and ignored.
    """
    if border_mode not in ("valid", "full"):
        raise ValueError("conv.conv2d: border_mode must be 'valid' or 'full', got %r (use "
                         "theanox.tensor.nnet.conv2d for 'half' or explicit padding)"
                         % (border_mode,))
    return _abstract_conv2d(input, filters, input_shape=image_shape, filter_shape=filter_shape,
                            border_mode=border_mode, subsample=subsample, filter_flip=True)


class ConvOp:
    """Theano's legacy convolution op: ConvOp(imshp, kshp, nkern, bsize, dx, dy,
    output_mode)(inputs, kerns) is conv.conv2d(inputs, kerns, output_mode, (dx, dy)); the
    shape hints and tuning arguments (unroll_*, openmp, verbose) choose no kernel on XLA."""

    def __init__(self, imshp=None, kshp=None, nkern=None, bsize=None, dx=1, dy=1,
                 output_mode="valid", **tuning):
        self.imshp, self.kshp, self.nkern, self.bsize = imshp, kshp, nkern, bsize
        self.dx, self.dy, self.out_mode = dx, dy, output_mode
        self.tuning = tuning

    def __call__(self, inputs, kerns):
        return conv2d(inputs, kerns, border_mode=self.out_mode,
                      subsample=(self.dx, self.dy))
