"""The legacy ``theano.tensor.signal.downsample`` module (pre-1.0 name of ``pool``)."""
from theanox.tensor.signal.pool import (  # noqa: F401
    AveragePoolGrad,
    DownsampleFactorMaxGradGrad,
    MaxPoolGrad,
    Pool,
    PoolGrad,
    max_pool_2d_same_size,
    pool_2d,
)

DownsampleFactorMax = Pool
DownsampleFactorMaxGrad = MaxPoolGrad      # the gradient op's pre-1.0 name


def max_pool_2d(input, ds, ignore_border=None, st=None, padding=(0, 0), mode="max"):
    """Returns ``input`` pooled over its last two dims with windows ``ds`` (stride ``st``)."""
    return pool_2d(input, ws=ds, ignore_border=ignore_border, stride=st, pad=padding, mode=mode)
