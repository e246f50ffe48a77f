"""TypedListType: Python lists of values of one type (``theano.typed_list``).

A typed list enters a compiled function as a Python list and leaves it as one.
Inside the jitted program it is a tuple of arrays: its length is part of the
program's structure (like a shape), so a list of another length compiles another
executable, and every op that changes the length (append, insert, remove ...)
knows the new length while tracing.  A position that decides which element goes
where (``insert``'s index, ``remove``'s match, ``l[i]`` over elements of
different shapes) is computed on the host before the program runs.
"""
import numpy as np


class ListValue:
    """Returns a typed list's value inside a program: a sequence of arrays (a JAX pytree).

    Not a tuple: an op returning a tuple returns several outputs.  ``shape`` is
    ``(length,)`` so the compiler's error reports can describe it like an array.
    """

    def __init__(self, items):
        self.items = tuple(items)

    shape = property(lambda self: (len(self.items),))
    dtype = property(lambda self: "list")

    def __len__(self):
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __repr__(self):
        return "ListValue(%r)" % (self.items,)


def _register_pytree():
    import jax
    jax.tree_util.register_pytree_node(ListValue, lambda v: (v.items, None),
                                       lambda _, ch: ListValue(ch))


_register_pytree()


class TypedListType:
    """Returns the type of lists whose elements have type ``ttype`` (``depth`` > 0 nests lists)."""

    def __init__(self, ttype, depth=0):
        if depth < 0:
            raise ValueError("Please specify a depth superior or equal to 0, got %r" % depth)
        if not hasattr(ttype, "filter") or not callable(ttype):
            raise TypeError("Expected a Theano Type (e.g. T.dvector), got %r" % (ttype,))
        self.ttype = ttype if depth == 0 else TypedListType(ttype, depth - 1)

    dtype = property(lambda self: self.ttype.dtype)
    ndim = property(lambda self: self.ttype.ndim + 1)
    numpy_dtype = property(lambda self: np.dtype(self.ttype.dtype))
    broadcastable = property(lambda self: (False,) + tuple(self.ttype.broadcastable))

    def __call__(self, name=None):
        return _CLASSES["variable"](self, name=name)

    make_variable = __call__

    def __eq__(self, other):
        return type(other) is type(self) and other.ttype == self.ttype

    def __hash__(self):
        return hash((TypedListType, self.ttype))

    def __str__(self):
        return "TypedList <%s>" % self.ttype

    __repr__ = __str__

    def get_depth(self):
        """Returns the 0-based nesting level of the list."""
        return self.ttype.get_depth() + 1 if isinstance(self.ttype, TypedListType) else 0

    def filter(self, x, strict=False, allow_downcast=None):
        """Returns ``x`` (a Python list) with every element filtered by the element type."""
        if strict and not isinstance(x, list):
            raise TypeError("Expected a python list, got %s" % type(x).__name__)
        if not isinstance(x, (list, tuple)):
            raise TypeError("%s expected a python list, got %s" % (self, type(x).__name__))
        return [self.ttype.filter(y, allow_downcast=allow_downcast) for y in x]

    def to_program(self, value, strict=False, allow_downcast=None):
        """Returns the tuple of arrays a compiled function is called with for list ``value``."""
        items = self.filter(value, strict, allow_downcast)
        if isinstance(self.ttype, TypedListType):
            return ListValue(self.ttype.to_program(i) for i in items)
        return ListValue(items)

    def to_host(self, value):
        """Returns the Python list of NumPy arrays for a tuple a program returned."""
        if isinstance(self.ttype, TypedListType):
            return [self.ttype.to_host(v) for v in value]
        return [np.array(v) for v in value]

    def values_eq(self, a, b):
        return len(a) == len(b) and all(_values_eq(self.ttype, x, y) for x, y in zip(a, b))

    def values_eq_approx(self, a, b):
        if len(a) != len(b):
            return False
        if isinstance(self.ttype, TypedListType):
            return all(self.ttype.values_eq_approx(x, y) for x, y in zip(a, b))
        return all(np.shape(x) == np.shape(y) and np.allclose(x, y, equal_nan=True)
                   for x, y in zip(a, b))

    def is_valid_value(self, value):
        try:
            self.filter(value, strict=True)
            return True
        except (TypeError, ValueError):
            return False


def _values_eq(ttype, a, b):
    if isinstance(ttype, TypedListType):
        return ttype.values_eq(a, b)
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and bool(np.all(a == b))


_CLASSES = {}


def register_variable_classes(variable, constant):
    _CLASSES.update(variable=variable, constant=constant)
