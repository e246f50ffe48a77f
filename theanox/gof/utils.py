"""Theano's ``theano.gof.utils``: the helper names legacy code imports."""
from theanox.graph.basic import Scratchpad  # noqa: F401


class MethodNotDefined(Exception):
    """Raised by a method an Op subclass is expected to define."""


object2 = object


def hashtype(self):
    """Returns the hash of an object's class (Theano's default Op/Type hash)."""
    t = type(self)
    return hash(t.__name__) ^ hash(t.__module__)


def add_tag_trace(thing, user_line=None):
    """Returns ``thing`` (theanox does not record creation tracebacks on tags)."""
    return thing


def flatten(a):
    """Returns the items of nested lists/tuples ``a`` in one flat list."""
    if isinstance(a, (list, tuple, set)):
        out = []
        for item in a:
            out.extend(flatten(item))
        return out
    return [a]


def uniq(seq):
    """Returns the items of ``seq`` without repeats, in first-seen order."""
    seen, out = set(), []
    for x in seq:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


def difference(seq1, seq2):
    """Returns the items of ``seq1`` that are not in ``seq2``, in order."""
    return [x for x in seq1 if x not in seq2]


def memoize(f):
    """Returns ``f`` caching its results per (hashable) positional arguments."""
    cache = {}

    def rval(*args):
        if args not in cache:
            cache[args] = f(*args)
        return cache[args]
    rval.__name__ = getattr(f, "__name__", "memoized")
    return rval


__all__ = ["MethodNotDefined", "object2", "hashtype", "add_tag_trace", "flatten", "uniq",
           "difference", "memoize", "Scratchpad"]
