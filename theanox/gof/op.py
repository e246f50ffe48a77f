"""Theano's ``theano.gof.op``: the Op base class users subclass.

``Op`` is theanox's own (``theanox.graph.basic.Op``).  A subclass gives
``make_node`` and either ``perform(node, inputs, output_storage)`` (NumPy, run
through ``jax.pure_callback``) or ``jax(*values, node=None)`` (jax.numpy); optional
``grad``/``L_op`` and ``infer_shape`` are honoured (``theanox.customop``).
C-linker methods (``c_code``, ``c_support_code``, ``make_thunk``) are ignored.
"""
from theanox.graph.basic import Op  # noqa: F401
from theanox.graph.testvalue import get_debug_values, get_test_value, missing_test_message  # noqa: F401

PureOp = Op
OpenMPOp = Op
COp = Op

__all__ = ["Op", "PureOp", "OpenMPOp", "COp", "get_test_value", "get_debug_values",
           "missing_test_message"]
