"""Theano's ``theano.scan_module``: ``scan``, ``until`` and the helpers legacy code imports.

The names load on first use: ``theanox.scan`` imports this package's ``scan_op``
(the Scan op), so the package must not import ``theanox.scan`` while it loads.
"""
import importlib

__all__ = ["scan", "map", "reduce", "foldl", "foldr", "until", "scan_utils"]

_FROM_SCAN = ("scan", "map", "reduce", "foldl", "foldr", "until", "Scan",
              "get_updates_and_outputs", "OrderedUpdates")


def __getattr__(name):
    if name in _FROM_SCAN:
        return getattr(importlib.import_module("theanox.scan"), name)
    if name in ("scan_op", "scan_utils", "scan_views", "checkpoints"):
        return importlib.import_module("theanox.scan_module." + name)
    if name == "scan_checkpoints":
        return importlib.import_module("theanox.scan_module.checkpoints").scan_checkpoints
    if name == "clone":
        return importlib.import_module("theanox.graph.basic").clone
    raise AttributeError("module 'theanox.scan_module' has no attribute %r" % name)


def __dir__():
    return sorted(set(globals()) | set(_FROM_SCAN) | {"scan_op", "scan_utils", "scan_views",
                                                      "checkpoints", "scan_checkpoints", "clone"})
