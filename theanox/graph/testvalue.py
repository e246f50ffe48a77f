"""Test values (``config.compute_test_value``): each new node is run while the graph is built.

With ``compute_test_value`` other than 'off', every Apply node made through
``Op.__call__`` (and the graph builders that call ``make_node`` themselves: grad,
scan, ifelse, random draws) is computed at once from its inputs' test values, with
the same lowering rules the compiled program uses (``hooks.evaluate_node``, from
``theanox.compile.lower``).  A shape error therefore raises on the line that
built the node, as in Theano.  An input's test value is a Constant's data, a
shared variable's value, or ``var.tag.test_value`` (filtered to the input's type).
An input without one: 'ignore' skips the node, 'warn' warns and skips it, 'raise'
raises ValueError, 'pdb' opens the post-mortem debugger and skips it.

When the option is 'off' the only cost is one comparison per node
(``Op.__call__`` reads ``config.compute_test_value``).  Graphs that theanox builds
for itself (rewrites and lowering while a function compiles) are built
``suspended()``: Theano runs its optimizer with ``compute_test_value_opt``, 'off'
by default, and so does theanox.
"""
import contextlib
import threading
import warnings

from theanox import config
from theanox.graph import hooks
from theanox.graph.basic import Constant, ancestors

_state = threading.local()


@contextlib.contextmanager
def suspended(mode=None):
    """Builds graphs inside the block with ``compute_test_value`` as ``mode``
    (default ``config.compute_test_value_opt``), in this thread only."""
    previous = getattr(_state, "mode", None)
    _state.mode = config.compute_test_value_opt if mode is None else mode
    try:
        yield
    finally:
        _state.mode = previous


def current_mode():
    """Returns the compute_test_value mode in force in this thread."""
    mode = getattr(_state, "mode", None)
    return config.compute_test_value if mode is None else mode


class _Missing(Exception):
    pass


def get_test_value(v):
    """Returns the test value of ``v`` (Constant data, a shared value or tag.test_value),
    filtered to its type; raises AttributeError when it has none (Theano's
    ``theano.gof.op.get_test_value``)."""
    if isinstance(v, Constant):
        return v.data
    if v.owner is None and callable(getattr(v, "get_value", None)):
        return v.get_value(borrow=True)
    if not hasattr(v.tag, "test_value"):
        raise AttributeError(
            "%s has no test value. Give it one (%s.tag.test_value = <array of type %s>) or "
            "set theano.config.compute_test_value = 'off'." % (v, v.name or "var", v.type))
    filter = getattr(v.type, "filter", None)
    if filter is None:
        return v.tag.test_value
    try:
        return filter(v.tag.test_value)
    except (TypeError, ValueError) as e:
        raise TypeError(
            "For compute_test_value, one input test value does not have the requested "
            "type.\nThe variable: %s (type %s)\nThe error when converting the test value "
            "to that variable type:\n%s" % (v, v.type, e)) from e


def _input_values(node, mode):
    """Returns the test values of ``node``'s inputs, or None when one is missing."""
    values = []
    for i, var in enumerate(node.inputs):
        try:
            values.append(get_test_value(var))
        except AttributeError:
            what = "input %i (%s) of Op %s missing default value" % (i, var, node)
            if mode == "raise":
                raise ValueError(
                    "Cannot compute test value: %s. Give the input a test value "
                    "(%s.tag.test_value = <array of type %s>), or set "
                    "theano.config.compute_test_value to 'warn' or 'ignore' to skip nodes "
                    "with such inputs." % (what, var.name or "var", var.type)) from None
            if mode == "warn":
                warnings.warn("Warning, Cannot compute test value: %s" % what, stacklevel=4)
            elif mode == "pdb":
                import pdb
                import sys
                try:
                    raise _Missing(what)
                except _Missing:
                    pdb.post_mortem(sys.exc_info()[2])
            return None
    return values


def compute(node):
    """Stores test values on ``node``'s outputs, computed from its inputs' test values.

    Does nothing when the mode in force is 'off' or an input has no test value
    (after warning under 'warn'); errors of the computation itself propagate.
    """
    mode = current_mode()
    if mode == "off":
        return node
    values = _input_values(node, mode)
    if values is None:
        return node
    context = _context(node)
    with suspended("off"):
        outs = hooks.evaluate_node(node, values, context)
    for out, value in zip(node.outputs, outs):
        out.tag.test_value = value
    return node


def _context(node):
    """Returns the test values of the variables above ``node``'s inputs, for ops that
    evaluate a region of the graph themselves (Grad, Rop: ``op.lower``)."""
    if not callable(getattr(node.op, "lower", None)):
        return {}
    context = {}
    for v in ancestors(node.inputs):
        if v in node.inputs:
            continue
        try:
            context[v] = get_test_value(v)
        except (AttributeError, TypeError):
            pass
    return context


def get_debug_values(*args):
    """Returns ``[tuple of the args' test values]``, or [] when test values are off or
    one is missing (Theano's ``theano.gof.op.get_debug_values``: a missing one raises
    AttributeError under 'raise', warns under 'warn')."""
    mode = current_mode()
    if mode == "off":
        return []
    values = []
    for i, v in enumerate(args):
        try:
            values.append(get_test_value(v))
        except AttributeError:
            missing_test_message("Argument %d%s has no test value"
                                 % (i, "('%s')" % v.name if v.name is not None else ""))
            return []
    return [tuple(values)] if values else []


def missing_test_message(msg):
    """Raises AttributeError(msg) under 'raise', warns under 'warn', else does nothing."""
    mode = current_mode()
    if mode == "raise":
        raise AttributeError(msg)
    if mode == "warn":
        warnings.warn(msg, stacklevel=3)


hooks.compute_test_value.register(compute)
hooks.get_test_value.register(get_test_value)
