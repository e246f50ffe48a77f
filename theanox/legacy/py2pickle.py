"""``pickle`` as Python 2 code uses it (what ``cPickle`` and ``pickle`` become).

* ``load``/``loads``/``Unpickler`` read Python 2 pickles: ``encoding='latin1'``
  by default (NumPy arrays and byte strings pickled by Python 2 load as NumPy
  recommends).
* ``dump``/``load`` accept files opened in text mode (``open(f, 'w')``, legal
  in Python 2): the bytes go to or come from the file's binary buffer.
Everything else is the standard ``pickle`` module.
"""

import io
import pickle as _pickle
from pickle import *  # noqa: F401,F403
from pickle import DEFAULT_PROTOCOL, HIGHEST_PROTOCOL, PickleError, PicklingError, UnpicklingError, dumps  # noqa: F401

__all__ = ["load", "loads", "dump", "dumps", "Pickler", "Unpickler",
           "PickleError", "PicklingError", "UnpicklingError",
           "HIGHEST_PROTOCOL", "DEFAULT_PROTOCOL"]


def _binary(f):
    """Return the binary stream under a text-mode file, or ``f`` itself."""
    if isinstance(f, io.TextIOBase) and hasattr(f, "buffer"):
        f.flush()
        return f.buffer
    return f


def dump(obj, file, protocol=None, **kwargs):
    """Write ``obj`` pickled to ``file`` (binary or text mode); returns None."""
    _pickle.dump(obj, _binary(file), protocol, **kwargs)


def load(file, encoding="latin1", **kwargs):
    """Return the object unpickled from ``file`` (Python 2 pickles included)."""
    return _pickle.load(_binary(file), encoding=encoding, **kwargs)


def loads(data, encoding="latin1", **kwargs):
    """Return the object unpickled from ``data`` (Python 2 pickles included)."""
    if isinstance(data, str):
        data = data.encode("latin1")
    return _pickle.loads(data, encoding=encoding, **kwargs)


class Pickler(_pickle.Pickler):
    """``pickle.Pickler`` that also writes to text-mode files."""

    def __init__(self, file, protocol=None, **kwargs):
        super().__init__(_binary(file), protocol, **kwargs)


class Unpickler(_pickle.Unpickler):
    """``pickle.Unpickler`` reading Python 2 pickles (``encoding='latin1'``)."""

    def __init__(self, file, encoding="latin1", **kwargs):
        super().__init__(_binary(file), encoding=encoding, **kwargs)
