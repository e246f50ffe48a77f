"""DebugMode: run the graph op by op and check every intermediate value.

Each Apply node's outputs are checked as they are computed (type, dtype, rank,
broadcastable dimensions, and no NaN/inf in float results), then the whole call is
re-run as the normal jitted program and compared with the op-by-op values.  The
first problem raises an error naming the node, with Theano 1.0's fields.
"""
import io

import numpy as np

from theanox import config
from theanox.compile.mode import Mode, op_by_op_runner, register_mode
from theanox.graph import hooks
from theanox.graph.lowering import as_host


class DebugModeError(Exception):
    """Base of the errors DebugMode raises."""


class InvalidValueError(DebugModeError):
    """Raised when an op computes a value its output type does not allow (e.g. inf)."""

    def __init__(self, r, v=None, client_node=None, hint="none", specific_hint="none"):
        super().__init__()
        self.r = r
        self.v = v
        self.client_node = client_node
        self.hint = hint
        self.specific_hint = specific_hint

    def __str__(self):
        r, v = self.r, self.v
        v_dtype = v_shape = v_min = v_max = v_isfinite = "N/A"
        try:
            a = np.asarray(v)
            v_shape, v_dtype = a.shape, a.dtype
            v_min, v_max = a.min(), a.max()
            v_isfinite = np.all(np.isfinite(a))
        except Exception:
            pass
        context = hooks.debugprint_with_prefix(r, prefix="  ", depth=12)
        return ("InvalidValueError\n"
                "        type(variable) = %s\n"
                "        variable       = %s\n"
                "        type(value)    = %s\n"
                "        dtype(value)   = %s\n"
                "        shape(value)   = %s\n"
                "        value          = %s\n"
                "        min(value)     = %s\n"
                "        max(value)     = %s\n"
                "        isfinite       = %s\n"
                "        client_node    = %s\n"
                "        hint           = %s\n"
                "        specific_hint  = %s\n"
                "        context        = ...\n%s\n"
                % (r.type, r, type(v), v_dtype, v_shape, str(v)[:100], v_min, v_max,
                   v_isfinite, self.client_node, self.hint, self.specific_hint, context))


class BadThunkOutput(DebugModeError):
    """Raised when the op-by-op value and the compiled (XLA) value of an output differ."""

    def __init__(self, r, val_eager, val_compiled):
        super().__init__()
        self.r = r
        self.val_eager = val_eager
        self.val_compiled = val_compiled

    def __str__(self):
        a, b = np.asarray(self.val_eager), np.asarray(self.val_compiled)
        diff = "N/A"
        if a.shape == b.shape and a.dtype.kind in "fc":
            diff = np.max(np.abs(a - b))
        return ("BadThunkOutput\n  variable    : %s\n  Outputs Type: %s\n"
                "  op-by-op value : %s\n  compiled value : %s\n  max abs diff   : %s\n"
                "  The op-by-op evaluation and the compiled XLA program disagree.\n%s"
                % (self.r, self.r.type, str(a)[:200], str(b)[:200], diff,
                   hooks.debugprint_with_prefix(self.r, "  ", depth=12)))


class DebugMode(Mode):
    """Returns a mode that evaluates op by op and checks each value (slow, for debugging).

    ``check_isfinite`` (default ``config.DebugMode.check_finite``) rejects NaN/inf
    in float results; ``check_py_code`` also compares with the compiled program.
    """

    def __init__(self, optimizer="fast_run", stability_patience=None, check_c_code=None,
                 check_py_code=None, check_isfinite=None, check_preallocated_output=None,
                 require_matching_strides=None, linker=None):
        super().__init__(linker or "debug", optimizer)
        self.check_isfinite = _flag(check_isfinite, "check_finite", True)
        self.check_py_code = _flag(check_py_code, "check_py", True)
        self.stability_patience = stability_patience

    runner = op_by_op_runner

    def run(self, function, program, values):
        values = [as_host(v) for v in values]
        outs = program.run_eager(values, on_node=self._check_node)
        if self.check_py_code:
            compiled = program(values)
            for var, a, b in zip(program.outputs, outs, compiled):
                _compare(var, a, b)
        return outs

    def _check_node(self, node, values):
        for var, val in zip(node.outputs, values):
            check_value(var, val, self.check_isfinite)

    def __str__(self):
        return "DebugMode(optimizer=%s)" % (self.optimizer,)


def _flag(value, name, default):
    if value is not None:
        return value
    section = getattr(config, "DebugMode", None)
    return getattr(section, name, default) if section is not None else default


def check_value(var, val, check_isfinite=True):
    """Raises InvalidValueError if ``val`` is not a valid value of ``var``."""
    t = var.type
    dtype = getattr(t, "dtype", None)
    if dtype is None:
        return
    to_host = getattr(t, "to_host", None)
    if to_host is not None and getattr(t, "ndim", 0) != 0:
        # a sparse matrix or a typed list: checked in the form the caller gets
        if not t.is_valid_value(to_host(val)):
            raise InvalidValueError(var, val, hint="perform output", specific_hint=(
                "the op returned a value that is not a valid %s" % (t,)))
        return
    a = np.asarray(val)
    if a.ndim != t.ndim:
        raise InvalidValueError(var, a, hint="perform output", specific_hint=(
            "the op returned a value of rank %d for a variable of type %s (rank %d)"
            % (a.ndim, t, t.ndim)))
    if str(a.dtype) != dtype:
        raise InvalidValueError(var, a, hint="perform output", specific_hint=(
            "the op returned dtype %s for a variable of type %s" % (a.dtype, t)))
    for d, (b, n) in enumerate(zip(t.broadcastable, a.shape)):
        if b and n != 1:
            raise InvalidValueError(var, a, hint="perform output", specific_hint=(
                "dimension %d is broadcastable in %s but has length %d" % (d, t, n)))
    if check_isfinite and a.dtype.kind in "fc" and not np.all(np.isfinite(a)):
        raise InvalidValueError(var, a, hint="perform output",
                                specific_hint="non-finite elements not allowed")


def _compare(var, a, b):
    to_host = getattr(var.type, "to_host", None)
    if to_host is not None and getattr(var.type, "ndim", 0) != 0:
        a, b = to_host(a), to_host(b)
        if not var.type.values_eq_approx(a, b):
            raise BadThunkOutput(var, a, b)
        return
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.dtype != b.dtype:
        raise BadThunkOutput(var, a, b)
    if a.dtype.kind in "fc":
        tol = 1e-4 if a.dtype.itemsize <= 4 else 1e-8
        if not np.allclose(a, b, rtol=tol, atol=tol, equal_nan=True):
            raise BadThunkOutput(var, a, b)
    elif not np.array_equal(a, b):
        raise BadThunkOutput(var, a, b)


def debugprint(r, prefix="", depth=-1, file=None):
    """Returns ``file`` (a StringIO when None) holding the debugprint of ``r``, lines prefixed."""
    file = file if file is not None else io.StringIO()
    file.write(hooks.debugprint_with_prefix(r, prefix, depth))
    return file


DEBUG_MODE = DebugMode()
register_mode("DebugMode", DEBUG_MODE)
register_mode("DEBUG_MODE", DEBUG_MODE)
