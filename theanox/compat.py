"""Theano's ``theano.compat``: the Python 2/3 helpers legacy code imports from it."""
import operator
from collections import OrderedDict  # noqa: F401
from io import BytesIO, StringIO  # noqa: F401

PY3 = True
integer_types = (int,)
string_types = (str,)
text_type = str
izip, imap, ifilter = zip, map, filter
operator_div = operator.truediv


def b(s):
    """Returns ``s`` encoded as latin-1 bytes."""
    return s.encode("latin-1")


def decode(x):
    """Returns bytes ``x`` decoded (str unchanged)."""
    return x.decode() if isinstance(x, bytes) else x


def decode_iter(itr):
    """Yields each element of ``itr`` decoded."""
    for x in itr:
        yield decode(x)


def decode_with(x, encoding):
    return x.decode(encoding) if isinstance(x, bytes) else x


def cmp(x, y):
    """Returns -1, 0 or 1 as Python 2's cmp."""
    return (x > y) - (x < y)


def get_unbound_function(unbound):
    return getattr(unbound, "__func__", unbound)


class DefaultOrderedDict(OrderedDict):
    """An OrderedDict whose missing keys get ``default_factory()``."""

    def __init__(self, default_factory=None, *a, **kw):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable")
        OrderedDict.__init__(self, *a, **kw)
        self.default_factory = default_factory

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        self[key] = value = self.default_factory()
        return value

    def __copy__(self):
        return type(self)(self.default_factory, self)
