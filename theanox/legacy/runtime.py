"""Run-time helpers that translated Python 2 code calls (as ``__theanox_legacy__.X``).

The translator (``theanox.legacy.translate``) rewrites a few Python 2 constructs
into calls of the functions here instead of into plain Python 3, because their
meaning depends on run-time values:

* ``a / b`` (without ``from __future__ import division``) becomes ``div(a, b)``:
  floor division when both operands are integers (Python ints, NumPy integer
  scalars or integer arrays), true division otherwise, and a Python 2 class's
  own ``__div__`` / ``__rdiv__`` when it defines one.  ``a /= b`` becomes
  ``a = idiv(a, b)`` (in place for NumPy arrays, as in Python 2).
* NumPy names removed in NumPy 1.24/2.0 that have no one-name replacement
  (``numpy.cast``, ``numpy.asscalar``, ...) are rewritten to the shims here.

Nothing here changes NumPy or the interpreter globally: the helpers are reached
through the one name ``__theanox_legacy__`` placed in each translated module's
globals, and the Python 2 builtins (``reduce``, ``cmp``, ``file``, ...) are
put in those globals only.
"""

import builtins
import decimal
import functools
import numbers
import operator
import sys

import numpy as _np

__all__ = ["div", "idiv", "py2_round", "np_cast", "np_asscalar", "PY2_BUILTINS",
           "module_globals"]


def _is_integer(x):
    """Return True when Python 2 ``/`` would floor-divide ``x`` (an integer value)."""
    if isinstance(x, numbers.Integral):       # int, bool, NumPy integer scalars
        return True
    if isinstance(x, _np.ndarray):
        return x.dtype.kind in "iu"
    return False


def div(a, b):
    """Return ``a / b`` with Python 2 semantics (floor division for two integers)."""
    ta, tb = type(a), type(b)
    if ta is int and tb is int:               # the common case, fast
        return a // b
    f = getattr(ta, "__div__", None)          # Python 2 classes defining __div__
    if f is not None:
        r = f(a, b)
        if r is not NotImplemented:
            return r
    f = getattr(tb, "__rdiv__", None)
    if f is not None:
        r = f(b, a)
        if r is not NotImplemented:
            return r
    if _is_integer(a) and _is_integer(b):
        return a // b
    return a / b


def idiv(a, b):
    """Return the value of ``a /= b`` with Python 2 semantics (in place for arrays)."""
    ta = type(a)
    if ta is int and type(b) is int:
        return a // b
    for name in ("__idiv__", "__div__"):
        f = getattr(ta, name, None)
        if f is not None:
            r = f(a, b)
            if r is not NotImplemented:
                return r
    if _is_integer(a) and _is_integer(b):
        return operator.ifloordiv(a, b)
    return operator.itruediv(a, b)


def py2_round(number, ndigits=0):
    """Return ``round(number, ndigits)`` as Python 2 did: a float, halves away from zero."""
    if isinstance(number, numbers.Real) and not isinstance(number, _np.ndarray):
        x = float(number)
        if x != x or x in (float("inf"), float("-inf")):
            return x
        q = decimal.Decimal(1).scaleb(-int(ndigits))
        r = decimal.Decimal(x).quantize(q, rounding=decimal.ROUND_HALF_UP) \
            if -300 < ndigits < 300 else decimal.Decimal(x)
        return float(r)
    return builtins.round(number, ndigits)


def py2_cmp(a, b):
    """Return -1, 0 or 1 as Python 2's ``cmp(a, b)``."""
    return (a > b) - (a < b)


class _NumpyCast:
    """``numpy.cast[dtype](x)`` (removed in NumPy 2.0): ``np.asarray(x).astype(dtype)``."""

    def __getitem__(self, dtype):
        dt = _np.dtype(dtype)
        return lambda x: _np.asarray(x).astype(dt)

    def __contains__(self, dtype):
        try:
            _np.dtype(dtype)
        except TypeError:
            return False
        return True


np_cast = _NumpyCast()


def np_asscalar(a):
    """Return ``a.item()`` (``numpy.asscalar``, removed in NumPy 1.23)."""
    return a.item()


def np_asfarray(a, dtype=_np.float64):
    """Return ``a`` as a float array (``numpy.asfarray``, removed in NumPy 2.0)."""
    dtype = _np.dtype(dtype)
    if not _np.issubdtype(dtype, _np.inexact):
        dtype = _np.dtype(_np.float64)
    return _np.asarray(a, dtype=dtype)


def np_msort(a):
    """Return ``np.sort(a, axis=0)`` (``numpy.msort``, removed in NumPy 2.0)."""
    return _np.sort(a, axis=0)


def np_in1d(ar1, ar2, assume_unique=False, invert=False):
    """Return ``np.isin(ar1, ar2, ...).ravel()`` (``numpy.in1d``, removed)."""
    return _np.isin(ar1, ar2, assume_unique=assume_unique, invert=invert).ravel()


def np_rank(a):
    """Return ``np.ndim(a)`` (``numpy.rank``, removed in NumPy 1.18)."""
    return _np.ndim(a)


def np_random_integers(low, high=None, size=None):
    """Return ``numpy.random.randint(low, high + 1, size)`` (``random_integers``, removed)."""
    if high is None:
        low, high = 1, low
    return _np.random.randint(low, high + 1, size)


def string_join(words, sep=" "):
    """Return ``sep.join(words)`` (Python 2 ``string.join``)."""
    return sep.join(words)


def string_split(s, sep=None, maxsplit=-1):
    """Return ``s.split(sep, maxsplit)`` (Python 2 ``string.split``)."""
    return s.split(sep, maxsplit)


def _file(*args, **kwargs):
    """Return ``open(...)`` (Python 2 ``file``)."""
    return open(*args, **kwargs)


def _execfile(filename, globals=None, locals=None):
    """Run a Python 2 file in the given namespace (Python 2 ``execfile``)."""
    from .translate import translate_file
    if globals is None:
        frame = sys._getframe(1)
        globals, locals = frame.f_globals, frame.f_locals
    elif locals is None:
        locals = globals
    tr = translate_file(filename)
    install_globals(globals, tr.imports)
    exec(compile(tr.source, filename, "exec", dont_inherit=True), globals, locals)


#: Python 2 builtins that Python 3 lacks, visible in translated modules only.
PY2_BUILTINS = {
    "reduce": functools.reduce,
    "intern": sys.intern,
    "cmp": py2_cmp,
    "file": _file,
    "execfile": _execfile,
    "unichr": chr,
    "round": py2_round,
    "raw_input": input,
    "xrange": range,
    "unicode": str,
    "long": int,
    "basestring": str,
}


def reload(module):
    """Return the reloaded module (Python 2 builtin ``reload``)."""
    import importlib
    return importlib.reload(module)


PY2_BUILTINS["reload"] = reload


def install_globals(namespace, imports=()):
    """Put the helpers, the Python 2 builtins and ``imports`` into ``namespace``."""
    this = sys.modules[__name__]
    namespace["__theanox_legacy__"] = this
    for k, v in PY2_BUILTINS.items():
        namespace.setdefault(k, v)
    for stmt in imports:
        exec(stmt, namespace)
    return namespace


module_globals = install_globals
