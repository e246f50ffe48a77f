"""theanox.tensor.signal: pooling (``pool``) and the legacy ``downsample`` module."""
from theanox.tensor.signal import pool, downsample  # noqa: F401
