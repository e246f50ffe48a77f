"""Theano's ``theano.compile.sharedvalue``: shared variables and their constructors."""
from theanox.tensor.sharedvar import SharedVariable, shared, shared_constructor  # noqa: F401
