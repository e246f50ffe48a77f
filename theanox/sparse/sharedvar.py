"""``theano.sparse.sharedvar``: the shared sparse matrix class and its constructor (see var.py)."""
from theanox.sparse.var import SparseTensorSharedVariable, sparse_constructor  # noqa: F401
