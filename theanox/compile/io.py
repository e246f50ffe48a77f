"""Theano's ``theano.compile.io``: SymbolicInput and SymbolicOutput, the bases of In and Out.

They are defined with ``function`` in theanox/function.py (``In`` and ``Out`` subclass
them); ``function``, ``pfunc`` and ``orig_function`` accept either, as Theano does.
"""
from theanox.function import In, Out, SymbolicInput, SymbolicOutput  # noqa: F401
