"""What an Op's lowering rule may use from the interpreter (``theanox.compile.lower``).

Values in the interpreter's environment are NumPy values (known while tracing:
constants, shapes and what follows from them) or JAX arrays and tracers.  An op
asks ``is_concrete`` to tell them apart, and raises ``NeedsHostValue`` when a
value that decides a shape is only known at run time: the compiler then
computes it on the host before dispatch (a staged program).
"""
import threading

import numpy as np


class NeedsHostValue(Exception):
    """Raised while tracing when a shape-deciding input is only known at run time."""

    def __init__(self, variable, node):
        super().__init__(variable)
        self.variable = variable
        self.node = node


def as_host(v):
    """Returns ``v`` as a NumPy value if it is an array or a number, else ``v`` itself.

    Values of other types (a sparse matrix's SparseValue, a typed list's ListValue)
    stay as they are: the op-by-op modes hand them to the ops unchanged.
    """
    if hasattr(v, "__array__") or isinstance(v, (bool, int, float, complex, np.generic)):
        return np.asarray(v)
    return v


def is_concrete(v):
    """Returns True when ``v`` is a NumPy value (known on the host while tracing)."""
    return isinstance(v, (np.ndarray, np.generic))


# ---------------------------------------------------------------- run-time checks
# Theano raises on integer division by zero and on an index out of range; XLA
# returns garbage or clamps.  An op's rule calls ``runtime_check(ok, ...)``:
# a value known while tracing (or in an op-by-op mode) is checked at once; a
# traced one becomes a boolean output of the compiled program, which the caller
# reads after the call (``collect_checks``), raising the error and keeping the
# old shared state (the program selects it in place of the new one).

class RuntimeCheck:
    """One check of a traced program: ``ok`` (a traced bool) and the error to raise."""

    __slots__ = ("ok", "error", "message", "node")

    def __init__(self, ok, error, message, node):
        self.ok, self.error, self.message, self.node = ok, error, message, node

    def exception(self):
        """Returns the exception to raise when ``ok`` came out False."""
        where = "\nApply node that caused the error: %s" % (self.node,) if self.node else ""
        return self.error(self.message + where)


class CheckFailed(Exception):
    """Raised by a Program whose run-time check failed after a call that donated state.

    ``error`` is the exception for the user (Theano's class); ``outputs`` are the
    call's results, in which every updated state holds its old value again (the
    donated buffers are gone; the program selected old over new).
    """

    def __init__(self, error, outputs):
        super().__init__(error)
        self.error = error
        self.outputs = outputs


class PendingChecks:
    """The run-time check flags of one call, read after its outputs (``raise_failed``).

    A Function reads them once its outputs are on the host: the call has finished,
    so reading costs a few microseconds instead of a wait of its own.  ``sentinel``
    is the position of an output that the program made NaN when a check failed (or
    None): while that output holds no NaN the flags need not be read at all.
    """

    __slots__ = ("checks", "flags", "sentinel")

    def __init__(self, checks, flags, sentinel=None):
        self.checks, self.flags, self.sentinel = checks, flags, sentinel

    def raise_failed(self):
        """Raises the error of the first check that failed, if any."""
        flags = np.asarray(self.flags)
        if not flags.all():
            raise self.checks[int(np.argmin(flags))].exception()


_frames = threading.local()


class collect_checks:
    """Context that gathers the checks of values traced in ``trace`` (a list on enter).

    Checks of values from other traces are not gathered here.  A function traced
    by a JAX transform (a scan body, an ifelse branch, a differentiated region)
    opens its own frame, returns the flags it gathered as extra outputs and
    registers them again (``runtime_check``) in the enclosing trace.
    """

    def __init__(self, trace, lazy=False):
        self.trace = trace
        self.checks = []
        # lazy: a branch that may not run (ifelse); a check that fails while tracing
        # is recorded as a False flag instead of raising at once
        self.lazy = lazy

    def __enter__(self):
        stack = getattr(_frames, "stack", None)
        if stack is None:
            stack = _frames.stack = []
        stack.append(self)
        return self.checks

    def __exit__(self, *exc):
        _frames.stack.pop()
        return False


def trace_of(values):
    """Returns the JAX trace that ``values`` (some traced arrays) belong to, or None."""
    for v in values:
        trace = getattr(v, "_trace", None)
        if trace is not None:
            return trace
    return None


_current_node = threading.local()


def set_current_node(node):
    """Records the Apply node being lowered (named by the errors of its checks)."""
    _current_node.node = node


def runtime_check(ok, error, message, node=None):
    """Checks ``ok`` (a bool, or a bool array that must be all True); raises ``error``.

    ``ok`` known now: raises at once when False (inside a lazy frame: recorded as a
    False flag).  ``ok`` traced: recorded with the innermost ``collect_checks`` of its
    trace, checked after the compiled call.
    """
    node = node if node is not None else getattr(_current_node, "node", None)
    trace = getattr(ok, "_trace", None)
    stack = getattr(_frames, "stack", None) or ()
    if trace is None:
        if not np.all(np.asarray(ok)):
            if any(frame.lazy for frame in stack):
                # inside a branch that may not be taken (a scan step or a gradient
                # inside it too): fails only if the branch runs
                stack[-1].checks.append(RuntimeCheck(np.False_, error, message, node))
                return
            raise RuntimeCheck(None, error, message, None).exception()
        return
    for frame in reversed(stack):
        if frame.trace is trace:
            frame.checks.append(RuntimeCheck(ok, error, message, node))
            return
