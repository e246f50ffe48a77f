"""``theano.tests.breakpoint.PdbBreakpoint``: a conditional breakpoint inside a compiled function."""
import importlib
import importlib.util

import numpy as np

from theanox.gradient import DisconnectedType
from theanox.graph.basic import Apply, Op, Variable
from theanox.tensor.conversion import as_tensor_variable


class PdbBreakpoint(Op):
    """Returns its monitored inputs unchanged; opens a debugger when ``condition`` is true.

    ``PdbBreakpoint(name)(condition, *monitored)`` returns one output per monitored
    variable; use them (an unused output drops the breakpoint, as in Theano).  In
    the debugger the monitored values are in the list ``monitored`` as NumPy
    arrays; changed entries are used when execution resumes.  The debugger is
    ``pudb``, else ``ipdb``, else ``pdb``, whichever is installed first.  The op runs
    on the host through a callback (theanox/customop.py) while the rest of the
    function stays jitted.
    """

    __props__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __str__(self):
        return "PdbBreakpoint{%s}" % self.name

    def make_node(self, condition, *monitored_vars):
        if not isinstance(condition, Variable):
            condition = as_tensor_variable(condition)
        if condition.ndim != 0:
            raise TypeError("PdbBreakpoint %r: the condition must be a scalar, got %s of type "
                            "%s" % (self.name, condition, condition.type))
        monitored = [as_tensor_variable(v) for v in monitored_vars]
        return Apply(self, [condition] + monitored, [v.type() for v in monitored])

    def perform(self, node, inputs, output_storage):
        condition = inputs[0]
        if not condition:
            for storage, value in zip(output_storage, inputs[1:]):
                storage[0] = value
            return
        monitored = [np.array(v) for v in inputs[1:]]
        print("\n")
        print("-------------------------------------------------")
        print("Conditional breakpoint '%s' activated\n" % self.name)
        print("The monitored variables are stored, in order,")
        print("in the list variable 'monitored' as NumPy arrays.\n")
        print("Their contents can be altered and, when execution")
        print("resumes, the updated values will be used.")
        print("-------------------------------------------------")
        _debugger().set_trace()
        for storage, value, out in zip(output_storage, monitored, node.outputs):
            storage[0] = out.type.filter(value, allow_downcast=True)

    def grad(self, inputs, output_gradients):
        return [DisconnectedType()()] + list(output_gradients)

    def infer_shape(self, node, input_shapes):
        return list(input_shapes[1:])

    def connection_pattern(self, node):
        n_out = len(node.inputs) - 1
        return [[False] * n_out] + [[i == j for j in range(n_out)] for i in range(n_out)]


def _debugger():
    """Returns the first installed of pudb, ipdb, pdb (Theano's order)."""
    for name in ("pudb", "ipdb"):
        if importlib.util.find_spec(name) is not None:
            return importlib.import_module(name)
    return importlib.import_module("pdb")
