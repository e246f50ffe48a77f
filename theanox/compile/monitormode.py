"""MonitorMode: run op by op and call user hooks before and after each node."""
import numpy as np

from theanox.compile.lower import evaluate
from theanox.compile.mode import Mode, op_by_op_runner, register_mode
from theanox.graph.lowering import as_host


class MonitorMode(Mode):
    """Returns a mode calling ``pre_func(i, node, fn)`` / ``post_func(i, node, fn)`` per node.

    As in Theano, ``fn.inputs`` and ``fn.outputs`` are lists of one-element lists
    holding the node's input and output values (NumPy arrays).
    """

    def __init__(self, pre_func=None, post_func=None, optimizer="default", linker=None):
        super().__init__(linker or "monitor", optimizer)
        self.pre_func = pre_func
        self.post_func = post_func

    runner = op_by_op_runner

    def run(self, function, program, values):
        counter = [0]

        def on_node(node, outputs):
            env = on_node.env
            fn = _Thunk([[np.asarray(env[i]) if i in env else getattr(i, "data", None)]
                         for i in node.inputs], [[np.asarray(o)] for o in outputs])
            if self.pre_func is not None:
                self.pre_func(counter[0], node, fn)
            if self.post_func is not None:
                self.post_func(counter[0], node, fn)
            counter[0] += 1

        env = {}
        on_node.env = env
        env.update(zip(program.inputs, [as_host(v) for v in values]))
        return tuple(evaluate(program.outputs, env, on_node=on_node))

    def __str__(self):
        return "MonitorMode(optimizer=%s)" % (self.optimizer,)


class _Thunk:
    def __init__(self, inputs, outputs):
        self.inputs = inputs
        self.outputs = outputs


register_mode("MonitorMode", MonitorMode())
