"""Theano's ``theano.scan_module``: ``scan``, ``until`` and the helpers legacy code imports."""
from theanox.scan import (scan, map, reduce, foldl, foldr, until,  # noqa: F401
                          Scan, get_updates_and_outputs, OrderedUpdates)
from theanox.scan_module import scan_utils  # noqa: F401

__all__ = ["scan", "map", "reduce", "foldl", "foldr", "until", "scan_utils"]
