"""theanox.shared: ``shared()`` and the shared variable classes (``theanox.tensor.sharedvar``).

A shared variable is a tensor variable that holds a value on the device; random
streams make them too, so the classes live in the tensor layer.  Compiled
functions read them implicitly and update them under their locks (see
theanox/tensor/sharedvar.py and theanox/function.py).
"""
from theanox.tensor.sharedvar import ScalarSharedVariable, SharedVariable, TensorSharedVariable, shared  # noqa: F401
