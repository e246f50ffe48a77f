"""The legacy ``theano.tensor.signal.downsample`` module (pre-1.0 name of ``pool``)."""
from theanox.tensor.signal.pool import Pool, max_pool_2d_same_size, pool_2d  # noqa: F401

DownsampleFactorMax = Pool


def max_pool_2d(input, ds, ignore_border=None, st=None, padding=(0, 0), mode="max"):
    """Returns ``input`` pooled over its last two dims with windows ``ds`` (stride ``st``)."""
    return pool_2d(input, ws=ds, ignore_border=ignore_border, stride=st, pad=padding, mode=mode)
