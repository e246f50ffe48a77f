"""theanox.sharding: run a function over several devices (``theano.function(..., sharding=)``).

``DataParallel`` lives in ``theanox.compile.sharding``; docs/DEVICES.md is the guide.
"""
from theanox.compile.sharding import DataParallel, ShardingConstraint  # noqa: F401
