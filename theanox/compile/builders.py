"""Theano's ``theano.compile.builders``: ``OpFromGraph``, an op defined by a graph.

The op's lowering evaluates its inner graph with the interpreter, so in a jitted
function the inner computation is traced into the one program and XLA fuses it
with its neighbours; its gradient comes from JAX like any other op's.
``inline=True`` puts a copy of the inner graph in the caller's graph instead of a
node (the same program either way).  ``grad_overrides`` (a function
``(inputs, output_grads) -> grads`` or an OpFromGraph taking ``inputs +
output_grads``) replaces the gradient, through ``jax.custom_vjp``.  The other
forms Theano accepts (per-input lists, ``rop_overrides``, ``connection_pattern``)
are refused with an error rather than ignored.
"""
from theanox import customop
from theanox.graph.basic import Apply, Constant, Op, Variable, clone_replace, graph_inputs
from theanox.tensor.conversion import as_tensor_variable


class OpFromGraph(Op):
    """Returns an Op computing ``outputs`` from ``inputs`` (a reusable subgraph)."""

    def __init__(self, inputs, outputs, inline=False, grad_overrides="default",
                 rop_overrides="default", connection_pattern=None, name=None, **kwargs):
        if not isinstance(outputs, (list, tuple)):
            outputs = [outputs]
        for v in list(inputs) + list(outputs):
            if not isinstance(v, Variable):
                raise TypeError("OpFromGraph: inputs and outputs must be Variables, got %r"
                                % (v,))
        for v in inputs:
            if isinstance(v, Constant):
                raise TypeError("OpFromGraph: a Constant (%s) cannot be an input" % v)
        if rop_overrides != "default":
            raise NotImplementedError("OpFromGraph(rop_overrides=...) is not supported by "
                                      "theanox: T.Rop differentiates the inner graph with "
                                      "jax.jvp; drop the argument")
        if connection_pattern is not None:
            raise NotImplementedError("OpFromGraph(connection_pattern=...) is not supported "
                                      "by theanox; drop the argument")
        if kwargs:
            raise TypeError("OpFromGraph: unsupported argument(s) %s (theanox compiles the "
                            "inner graph into the caller's program; no mode or function "
                            "options apply)" % ", ".join(sorted(kwargs)))
        if grad_overrides != "default" and not callable(grad_overrides):
            raise NotImplementedError(
                "OpFromGraph(grad_overrides=%r): theanox supports a function (inputs, "
                "output_grads) -> list of gradients, or an OpFromGraph taking inputs + "
                "output_grads; per-input lists are not supported" % (grad_overrides,))
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        known = set(self.inputs)
        self.shared_inputs = []
        for v in graph_inputs(self.outputs):
            if v in known or isinstance(v, Constant):
                continue
            if hasattr(v, "get_value"):     # a shared variable: an implicit input
                self.shared_inputs.append(v)
                known.add(v)
            else:
                raise ValueError("OpFromGraph: the outputs depend on %s, which is not in "
                                 "inputs (and is neither a constant nor a shared variable)"
                                 % (v,))
        self.inline = bool(inline)
        self.grad_overrides = grad_overrides
        self.name = name
        if grad_overrides == "default":
            self._theanox_no_user_grad = True

    def __eq__(self, other):
        return self is other

    def __hash__(self):
        return id(self)

    def __str__(self):
        return self.name or "OpFromGraph{inline=%s}" % self.inline

    def __call__(self, *inputs):
        if self.inline:
            args = [as_tensor_variable(i) for i in inputs]
            self._check(args)
            outs = clone_replace(self.outputs, dict(zip(self.inputs, args)))
            return outs[0] if len(outs) == 1 else outs
        return super().__call__(*inputs)

    def _check(self, inputs):
        if len(inputs) != len(self.inputs):
            raise TypeError("%s takes %d inputs, got %d" % (self, len(self.inputs),
                                                            len(inputs)))
        for k, (i, inner) in enumerate(zip(inputs, self.inputs)):
            if i.type != inner.type:
                raise TypeError("%s: input %d has type %s, expected %s"
                                % (self, k, i.type, inner.type))

    def make_node(self, *inputs):
        inputs = [as_tensor_variable(i) for i in inputs]
        if len(inputs) == len(self.inputs) + len(self.shared_inputs):
            inputs = inputs[:len(self.inputs)]    # a rebuild passes the shared ones too
        self._check(inputs)
        return Apply(self, inputs + list(self.shared_inputs),
                     [o.type() for o in self.outputs])

    def L_op(self, inputs, outputs, output_grads):
        n = len(self.inputs)
        if isinstance(self.grad_overrides, Op):
            got = self.grad_overrides(*(list(inputs[:n]) + list(output_grads)))
        else:
            got = self.grad_overrides(list(inputs[:n]), list(output_grads))
        if isinstance(got, Variable):
            got = [got]
        got = list(got)
        if len(got) != n:
            raise ValueError("%s: grad_overrides returned %d gradients for %d inputs"
                             % (self, len(got), n))
        return got + [None] * len(self.shared_inputs)

    def lower(self, node, env, evaluate):
        vals = evaluate(list(node.inputs), env)
        return customop.lower_values(node, vals, evaluate,
                                     lambda v: self._inner(v, evaluate))

    def _inner(self, vals, evaluate):
        env = dict(zip(self.inputs + self.shared_inputs, vals))
        return tuple(evaluate(self.outputs, env))


__all__ = ["OpFromGraph"]
