"""Theano's ``theano.gof.fg``: FunctionGraph (theanox's ``theanox.graph.fg``)."""
from theanox.graph.fg import FunctionGraph, MissingInputError  # noqa: F401


class InconsistencyError(Exception):
    """Raised by Theano's graph features when a replacement breaks an invariant."""


__all__ = ["FunctionGraph", "MissingInputError", "InconsistencyError"]
