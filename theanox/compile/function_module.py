"""Theano's ``theano.compile.function_module`` names, re-exported."""
from theanox.function import Function, Maker as FunctionMaker, UnusedInputError, function  # noqa: F401
from theanox.graph.fg import MissingInputError  # noqa: F401
