"""Theano's ``theano.gof.fg``: FunctionGraph (theanox's ``theanox.graph.fg``)."""
from theanox.graph.fg import FunctionGraph, InconsistencyError, MissingInputError  # noqa: F401

__all__ = ["FunctionGraph", "MissingInputError", "InconsistencyError"]
