"""Lowering: walk a graph and compute each node with its Op's JAX rule.

``evaluate(outputs, env)`` is the one interpreter used everywhere: by the
jitted program, by gradient regions, by scan bodies and ifelse branches, and by
the op-by-op modes (DebugMode, NanGuardMode, profiling) through ``on_node``.

Values in ``env`` are either NumPy arrays (known while tracing: constants, shapes,
anything computed only from them) or JAX arrays/tracers.  A node whose inputs are
all NumPy is folded eagerly, which is how shapes stay static for XLA.  An op input
listed in ``op.static_inputs`` must be known while tracing; when it is not,
``NeedsHostValue`` tells the caller to compute it on the host first (a staged
program, see ``Program``).
"""
import numpy as np

from theanox import config, customop
from theanox.graph import hooks, testvalue
from theanox.graph.basic import Constant, io_toposort
from theanox.graph.lowering import NeedsHostValue, is_concrete, set_current_node  # noqa: F401  (used by ops)


class LoweringError(Exception):
    """Raised when the graph needs a value that no input or constant provides."""


def schedule(outputs, known):
    """Returns the Apply nodes needed for ``outputs`` given ``known`` values, in order.

    Inputs an op lists in ``lazy_inputs`` are not scheduled: the op evaluates
    them itself (an ifelse branch runs inside ``lax.cond``).
    """
    return io_toposort(known, outputs, skip=_is_lazy)


def _is_lazy(node, pos):
    return pos in getattr(node.op, "lazy_inputs", ())


def _is_tracer(v):
    import jax
    return isinstance(v, jax.core.Tracer)


def hoist(order):
    """Returns ``order`` with each node whose op ``computes_inputs`` moved as early as it can go.

    Such an op (``Grad``) computes those inputs itself and stores them in the
    environment (value and gradient from one linearised forward pass), so it runs
    before the nodes that would otherwise compute them a second time.  Op-by-op
    modes (``on_node``) keep the plain order so that every node is checked.
    """
    if not any(getattr(n.op, "computes_inputs", ()) for n in order):
        return order
    order = list(order)
    for node in [n for n in order if getattr(n.op, "computes_inputs", ())]:
        order.remove(node)
        skip = set(node.op.computes_inputs)
        owners = {id(v.owner) for pos, v in enumerate(node.inputs)
                  if pos not in skip and v.owner is not None}
        at = 0
        for i, other in enumerate(order):
            if id(other) in owners:
                at = i + 1
        order.insert(at, node)
    return order


def evaluate(outputs, env, on_node=None):
    """Returns the values of ``outputs``, computing missing ones into ``env``."""
    if config.compute_test_value != "off" and testvalue.current_mode() != "off":
        with testvalue.suspended():   # nodes built while lowering get no test values
            return _evaluate(outputs, env, on_node)
    return _evaluate(outputs, env, on_node)


def _evaluate(outputs, env, on_node):
    order = schedule(outputs, env)
    if on_node is None:
        order = hoist(order)
    for node in order:
        if all(o in env for o in node.outputs):
            continue
        run_node(node, env, on_node)
    return [value_of(o, env) for o in outputs]


def _test_values(node, values, context):
    """Returns the values of ``node``'s outputs (NumPy) given its inputs' ``values``;
    ``context`` holds values of variables further up (for ops that evaluate a region)."""
    import jax
    env = dict(context)
    env.update((i, _program_value(i.type, v)) for i, v in zip(node.inputs, values))
    with jax.ensure_compile_time_eval():
        run_node(node, env)
    return [_test_value_of(o.type, env[o]) for o in node.outputs]


# Values that are not arrays (sparse matrices, typed lists) have a host form (the test
# value a user gives and sees) and a program form (what the ops compute with).
def _program_value(type_, value):
    if getattr(type_, "ndim", 0) != 0 and hasattr(type_, "to_program"):
        return type_.to_program(value)
    return value


def _test_value_of(type_, value):
    if getattr(type_, "ndim", 0) != 0 and hasattr(type_, "to_host"):
        return type_.to_host(value)
    return np.asarray(value) if not is_concrete(value) else value


hooks.evaluate_node.register(_test_values)


def value_of(v, env):
    if v in env:
        return env[v]
    if isinstance(v, Constant):
        env[v] = v.data
        return v.data
    raise LoweringError(
        "The graph needs the value of %s (type %s), which is neither an input of the "
        "function nor computable from them. Add it to the inputs, or give it with givens."
        % (v, v.type))


def run_node(node, env, on_node=None):
    op = node.op
    set_current_node(node)
    if callable(getattr(op, "lower", None)):
        outs = op.lower(node, env, evaluate)
    elif customop.is_custom(op):   # a user's op: perform in NumPy, grad/L_op
        try:
            outs = customop.lower(node, env, evaluate)
        except (NeedsHostValue, customop.CustomOpError):
            raise
        except Exception as e:
            raise_node_error(node, [env.get(i) for i in node.inputs], e)
    else:
        vals = [value_of(i, env) for i in node.inputs]
        for pos in op.static_inputs:
            if pos < len(vals) and not is_concrete(vals[pos]):
                if _is_tracer(vals[pos]):
                    raise NeedsHostValue(node.inputs[pos], node)
                vals[pos] = np.asarray(vals[pos])  # eager modes: a concrete jax Array
        outs = _apply_rule(op, node, vals)
    if len(node.outputs) == 1 and not isinstance(outs, (tuple, list)):
        outs = (outs,)
    for o, val in zip(node.outputs, outs):
        env[o] = val
    if on_node is not None:
        on_node(node, [env[o] for o in node.outputs])


def _apply_rule(op, node, vals):
    import jax
    try:
        if getattr(op, "shape_only", False):
            return op.jax(*vals, node=node)
        if vals and all(is_concrete(v) for v in vals) and getattr(op, "foldable", True):
            with jax.ensure_compile_time_eval():
                outs = op.jax(*vals, node=node)
            return _to_numpy(outs)
        return op.jax(*vals, node=node)
    except NeedsHostValue:
        raise
    except Exception as e:
        raise_node_error(node, vals, e)


def _to_numpy(outs):
    if isinstance(outs, (tuple, list)):
        return tuple(np.asarray(o) for o in outs)
    return np.asarray(outs)


def describe_node(node, vals=None):
    """Returns a short description of an Apply node and its input shapes/dtypes."""
    lines = ["Apply node that caused the error: %s" % (node,)]
    if vals is not None:
        shapes = [tuple(np.shape(v)) for v in vals]
        dtypes = [str(getattr(v, "dtype", type(v).__name__)) for v in vals]
        lines.append("Inputs types: %s" % ([str(i.type) for i in node.inputs],))
        lines.append("Inputs shapes: %s" % (shapes,))
        lines.append("Inputs dtypes: %s" % (dtypes,))
    user = getattr(node.tag, "user_op", None)
    if user:
        lines.append("User-level operation: %s" % user)
    if config.exception_verbosity == "high":
        try:
            lines.append(hooks.debugprint(node.outputs[0], file="str"))
        except Exception:
            pass
    else:
        lines.append("HINT: Use config.exception_verbosity='high' for a debugprint "
                     "of this apply node.")
    return "\n".join(lines)


def raise_node_error(node, vals, exc):
    msg = "%s\n%s" % (exc, describe_node(node, vals))
    kind = type(exc) if type(exc) in (TypeError, ValueError, IndexError, AssertionError,
                                      ZeroDivisionError) else ValueError
    raise kind(msg) from exc
