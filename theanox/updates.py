"""Theano's ``theano.updates``: ``OrderedUpdates``, the dictionary ``scan`` returns."""
from collections import OrderedDict


class OrderedUpdates(OrderedDict):
    """Returns an ordered {shared variable: new value} dictionary that ``function`` accepts.

    Adding two of them (``a + b``) merges them; a shared variable updated in both
    raises KeyError, as in Theano.
    """

    def __add__(self, other):
        out = OrderedUpdates(self)
        for k, v in OrderedDict(other).items():
            if k in out and out[k] is not v:
                raise KeyError("Collision", k)
            out[k] = v
        return out

    def __radd__(self, other):
        return OrderedUpdates(other) + self
