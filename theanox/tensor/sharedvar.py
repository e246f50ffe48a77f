"""theanox.tensor.sharedvar: Theano's module path for tensor shared variables."""
from theanox.shared import (SharedVariable, TensorSharedVariable, shared,  # noqa: F401
                            ScalarSharedVariable)


def tensor_constructor(value, name=None, strict=False, allow_downcast=None, borrow=False,
                       broadcastable=None, target="cpu"):
    """Returns a TensorSharedVariable for an ndarray ``value`` (Theano's constructor)."""
    return shared(value, name, strict, allow_downcast, borrow, broadcastable)


scalar_constructor = tensor_constructor
