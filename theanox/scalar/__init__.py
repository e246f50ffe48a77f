"""theanox.scalar: Theano's ``theano.scalar`` (0-d scalar types and scalar ops)."""
from theanox.scalar.basic import *  # noqa: F401,F403
from theanox.scalar import basic  # noqa: F401
from theanox.scalar.basic import (_scalar_py_operators, bool, abs_, pow,  # noqa: F401
                                  get_scalar_type)
