"""Theano's ``theano.scan_module.scan_views``: map, reduce, foldl, foldr over scan."""
from theanox.scan import foldl, foldr, map, reduce  # noqa: F401
