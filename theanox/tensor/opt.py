"""``theano.tensor.opt`` names legacy code uses: ``Assert`` and ``assert_op``, and
``register_canonicalize``/``register_specialize``/``register_stabilize`` for users'
local rewrites (tensor/user_rewrites.py).

Theano's own graph optimizers are not here: theanox rewrites graphs in
theanox/tensor/rewrites.py and XLA does the rest.
"""
import numpy as np

from theanox.graph.basic import Apply, Op, Variable
from theanox.graph.lowering import is_concrete, runtime_check
from theanox.tensor.conversion import as_tensor_variable
from theanox.tensor.user_rewrites import (  # noqa: F401
    register_canonicalize,
    register_specialize,
    register_specialize_device,
    register_stabilize,
    register_uncanonicalize,
)


class Assert(Op):
    """Returns its first input unchanged; raises AssertionError(msg) when a condition is false.

    The conditions are run-time checks of the compiled program
    (graph/lowering.runtime_check): a failed assertion raises after the call and
    the call changes no shared variable.  The output must be used, as in Theano,
    for the check to run.  Inside a scan step or a differentiated region the
    conditions are not checked (the program has no way to report them there).
    """

    __props__ = ("msg",)

    def __init__(self, msg="Theano Assert failed!"):
        self.msg = msg

    def __str__(self):
        return "Assert{msg='%s'}" % self.msg

    def make_node(self, value, *conds):
        if not isinstance(value, Variable):
            value = as_tensor_variable(value)
        conds = [as_tensor_variable(c) for c in conds]
        for c in conds:
            if c.ndim != 0:
                raise TypeError("Assert conditions must be scalars, got %s of type %s; reduce "
                                "it first (e.g. T.all(c))" % (c, c.type))
        return Apply(self, [value] + conds, [value.type()])

    def jax(self, value, *conds, node=None):
        for c in conds:
            runtime_check(c if not is_concrete(c) else bool(np.all(c)), AssertionError,
                          self.msg, node)
        return value

    # No grad method: the lowering is the identity on ``value``, which JAX
    # differentiates (a grad method would route it through custom_vjp, see customop).

    def infer_shape(self, node, input_shapes):
        return [input_shapes[0]]


assert_op = Assert()
