"""``ifelse``: a lazy condition whose branches run inside ``jax.lax.cond``.

Unlike ``T.switch`` (elementwise, both sides computed), ``ifelse(cond, a, b)``
computes only the branch the condition selects: the branch inputs are
``lazy_inputs`` of the IfElse node, evaluated by its ``lower`` inside the
branch functions of ``lax.cond`` (only the taken branch runs at run time).
When the two branches produce arrays of different shapes, one XLA program cannot
return either, so the condition is computed on the host first (a staged
program) and only the taken branch is compiled.
"""
import numpy as np

from theanox.graph.basic import Apply, Op, Variable, with_test_values
from theanox.graph.lowering import NeedsHostValue, collect_checks, is_concrete, runtime_check, trace_of
from theanox.tensor.basic import as_tensor_variable
from theanox.tensor.type import TensorType

__docformat__ = "restructuredtext en"


def ifelse(condition, then_branch, else_branch, name=None):
    """Returns ``then_branch`` if scalar ``condition`` is non-zero, else ``else_branch``.

    Branches are variables or lists/tuples of variables with pairwise identical
    types; the result has the structure of ``then_branch``.
    """
    rval_type = type(then_branch) if type(then_branch) in (list, tuple) else None
    thens = list(then_branch) if type(then_branch) in (list, tuple) else [then_branch]
    elses = list(else_branch) if type(else_branch) in (list, tuple) else [else_branch]
    new_then, new_else = [], []
    for t, e in zip(thens, elses):
        t = t if isinstance(t, Variable) else as_tensor_variable(t)
        e = e if isinstance(e, Variable) else as_tensor_variable(e)
        if t.type != e.type:
            if isinstance(t.type, TensorType) and not isinstance(e.type, TensorType):
                e = as_tensor_variable(e)
            elif isinstance(e.type, TensorType) and not isinstance(t.type, TensorType):
                t = as_tensor_variable(t)
            if t.type != e.type:
                raise TypeError(
                    "The two branches should have identical types, but they are %s and %s "
                    "respectively. This error could be raised if for example you provided a "
                    "one element list on the `then` branch but a tensor on the `else` branch."
                    % (t.type, e.type))
        new_then.append(t)
        new_else.append(e)
    if len(thens) != len(elses):
        raise ValueError("The number of values on the `then` branch should have the same "
                         "number of variables as the `else` branch : (variables on `then` "
                         "%d, variables on `else` %d)" % (len(thens), len(elses)))
    node = with_test_values(IfElse(n_outs=len(new_then), name=name).make_node(
        condition, *(new_then + new_else)))
    if rval_type is None:
        return node.outputs[0]
    return rval_type(node.outputs)


class IfElse(Op):
    """Returns the outputs of one of two branches, chosen by a scalar condition.

    Inputs: ``[condition] + then_outputs + else_outputs``; the branches are lazy.
    Printed ``if{}`` (``if{name}`` when named), as Theano's.
    """

    __props__ = ("as_view", "gpu", "n_outs", "name")

    def __init__(self, n_outs, as_view=False, gpu=False, name=None):
        self.n_outs, self.as_view, self.gpu, self.name = n_outs, as_view, gpu, name

    @property
    def lazy_inputs(self):
        return tuple(range(1, 1 + 2 * self.n_outs))

    def __str__(self):
        args = [a for a, on in ((self.name, self.name is not None), ("inplace", self.as_view),
                                ("gpu", self.gpu)) if on]
        return "if{%s}" % ",".join(args)

    def make_node(self, c, *args):
        c = as_tensor_variable(c)
        if c.ndim > 0:
            raise TypeError("Condition given to the op has to be a scalar with 0 standing "
                            "for False, anything else for True")
        if len(args) != 2 * self.n_outs:
            raise ValueError("IfElse with n_outs=%d expects %d branch inputs, got %d"
                             % (self.n_outs, 2 * self.n_outs, len(args)))
        args = [a if isinstance(a, Variable) else as_tensor_variable(a) for a in args]
        thens, elses = args[:self.n_outs], args[self.n_outs:]
        for t, e in zip(thens, elses):
            if t.type != e.type:
                raise TypeError("IfElse: then branch %s has type %s but else branch %s has "
                                "type %s; the types must be identical" % (t, t.type, e, e.type))
        return Apply(self, [c] + args, [t.type() for t in thens])

    def lower(self, node, env, evaluate):
        import jax
        import jax.numpy as jnp
        cond = node.inputs[0]
        c = evaluate([cond], env)[0]
        thens, elses = node.inputs[1:1 + self.n_outs], node.inputs[1 + self.n_outs:]
        outs = node.outputs
        if is_concrete(c) or not isinstance(c, jax.core.Tracer):
            taken = thens if np.asarray(c) != 0 else elses
            return tuple(_cast(v, o) for v, o in zip(evaluate(list(taken), env), outs))

        # The run-time checks (integer division by zero, indices out of range) of a
        # branch are made only when it is taken, as Theano's lazy ifelse runs only that
        # branch: each branch returns its checks' flags, padded with True for the other
        # branch's, and the flags are checked again outside the cond.
        found = {}

        def branch(variables, side, pad=None):
            def run(_):
                child = dict(env)       # a copy: the branch's values never leak out
                with collect_checks(trace_of([_]), lazy=True) as checks:
                    vals = tuple(_cast(v, o) for v, o in
                                 zip(evaluate(list(variables), child), outs))
                found[side] = [(c.error, c.message, c.node) for c in checks]
                if pad is None:
                    return vals
                flags = [jnp.all(c.ok) for c in checks]
                true = [jnp.asarray(True)]
                flags = flags + true * pad[1] if side == 0 else true * pad[0] + flags
                return vals, tuple(flags)
            return run

        pred = jnp.asarray(c) != 0
        try:
            jax.eval_shape(branch(thens, 0), 0)
            jax.eval_shape(branch(elses, 1), 0)
            if not found[0] and not found[1]:
                return jax.lax.cond(pred, branch(thens, 0), branch(elses, 1), 0)
            pad = (len(found[0]), len(found[1]))
            vals, flags = jax.lax.cond(pred, branch(thens, 0, pad), branch(elses, 1, pad), 0)
        except TypeError:
            t_shapes = jax.eval_shape(branch(thens, 0), 0)
            e_shapes = jax.eval_shape(branch(elses, 1), 0)
            if [s.shape for s in t_shapes] != [s.shape for s in e_shapes]:
                raise NeedsHostValue(cond, node)   # shapes differ: decide on the host
            raise
        for flag, (error, message, at) in zip(flags, found[0] + found[1]):
            runtime_check(flag, error, message, at)
        return vals


def _cast(value, out):
    import jax.numpy as jnp
    if isinstance(value, (np.ndarray, np.generic)):
        return np.asarray(value, out.dtype)
    return jnp.asarray(value, out.dtype)


__all__ = ["ifelse", "IfElse"]
