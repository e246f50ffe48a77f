"""The typed-list ops: getitem, append, extend, insert, remove, reverse, index, count, length, make_list.

Values inside the program are tuples (see theanox/typed_list/type.py).  Element
equality (remove, index, count) is Theano's: same shape, same dtype, all entries
equal.
"""
import numpy as np

from theanox import config
from theanox.graph.basic import Apply, Constant, Op, Variable
from theanox.graph.lowering import NeedsHostValue, is_concrete, runtime_check
from theanox.tensor.conversion import as_tensor_variable, constant
from theanox.tensor.type import TensorType
from theanox.typed_list.type import ListValue, TypedListType, register_variable_classes


def _check_list(x, where):
    if not isinstance(getattr(x, "type", None), TypedListType):
        raise TypeError("%s expects a typed list as first input, got %s" % (where, x))


def _check_elem(x, elem, where):
    if not isinstance(elem, Variable):
        elem = as_tensor_variable(elem) if not isinstance(x.ttype, TypedListType) else elem
    if x.ttype != elem.type:
        raise TypeError("%s: the element must have the list's element type %s, got %s of "
                        "type %s" % (where, x.ttype, elem, elem.type))
    return elem


def _index_var(index, where):
    if not isinstance(index, Variable):
        return constant(int(index), dtype="int64")
    if not (isinstance(index.type, TensorType) and index.ndim == 0
            and index.dtype == "int64"):
        raise TypeError("%s: the index must be an int64 scalar, got %s of type %s; cast it "
                        "with T.cast(i, 'int64')" % (where, index, index.type))
    return index


def _equal(a, b):
    """Returns a jnp bool: a and b (arrays, or tuples for nested lists) are equal (Theano's rule)."""
    import jax.numpy as jnp
    if isinstance(a, ListValue) or isinstance(b, ListValue):
        if not (isinstance(a, ListValue) and isinstance(b, ListValue)) or len(a) != len(b):
            return jnp.asarray(False)
        return jnp.all(jnp.asarray([_equal(x, y) for x, y in zip(a, b)] or [True]))
    if np.shape(a) != np.shape(b) or a.dtype != b.dtype:
        return jnp.asarray(False)
    return jnp.all(jnp.asarray(a) == jnp.asarray(b))


class GetItem(Op):
    """Returns l[index] (an element) or l[slice] (a list; the slice must be constant).

    An index follows Python's rules, IndexError included.  A run-time index over elements of one
    shape picks the element inside the program (a run-time check raises IndexError
    after the call; inside a scan step the index is clamped, unchecked).  Over
    elements of different shapes the index is computed on the host first.
    """

    __props__ = ("slice",)
    may_need_host_value = True       # see compile/staging.py: the program may restage

    def __init__(self, slice=None):
        self.slice = slice

    def __str__(self):
        return "GetItem"

    def make_node(self, x, index=None):
        _check_list(x, "getitem")
        if self.slice is not None:
            return Apply(self, [x], [x.type()])
        return Apply(self, [x, _index_var(index, "getitem")], [x.ttype()])

    def jax(self, x, index=None, node=None):
        import jax.numpy as jnp
        from jax import lax
        if self.slice is not None:
            return ListValue(x[slice(*self.slice)])
        if is_concrete(index):
            return x[_checked(int(index), len(x))]
        kinds = {(np.shape(v), str(v.dtype)) for v in x}
        if len(kinds) != 1 or isinstance(x[0], ListValue):
            raise NeedsHostValue(node.inputs[1], node)
        n = len(x)
        runtime_check((index >= -n) & (index < n), IndexError,
                      "list index out of range: a typed list of length %d" % n, node)
        i = jnp.clip(jnp.where(index < 0, index + n, index), 0, n - 1)
        return lax.dynamic_index_in_dim(jnp.stack(list(x)), i, keepdims=False)


def _checked(i, n):
    if not -n <= i < n:
        raise IndexError("list index out of range: index %d of a typed list of length %d"
                         % (i, n))
    return i


def getitem(x, index):
    """Returns x[index]: an element for an integer index, a typed list for a slice."""
    if isinstance(index, slice):
        for part in (index.start, index.stop, index.step):
            if part is not None and not isinstance(part, (int, np.integer)):
                raise NotImplementedError("typed list slices must have constant integer "
                                          "bounds, got %r" % (index,))
        return GetItem((index.start, index.stop, index.step))(x)
    return GetItem()(x, index)


class Append(Op):
    """Returns the list with ``toAppend`` added at the end."""

    __props__ = ()

    def make_node(self, x, toAppend):
        _check_list(x, "append")
        return Apply(self, [x, _check_elem(x, toAppend, "append")], [x.type()])

    def jax(self, x, elem, node=None):
        return ListValue(tuple(x) + (elem,))


class Extend(Op):
    """Returns the concatenation of two lists of the same type."""

    __props__ = ()

    def make_node(self, x, toAppend):
        _check_list(x, "extend")
        if toAppend.type != x.type:
            raise TypeError("extend: both lists must have type %s, got %s" % (x.type,
                                                                              toAppend.type))
        return Apply(self, [x, toAppend], [x.type()])

    def jax(self, x, y, node=None):
        return ListValue(tuple(x) + tuple(y))


class Insert(Op):
    """Returns the list with ``toInsert`` inserted before ``index`` (Python's list.insert)."""

    __props__ = ()
    static_inputs = (1,)        # the position decides the structure: computed on the host

    def make_node(self, x, index, toInsert):
        _check_list(x, "insert")
        return Apply(self, [x, _index_var(index, "insert"),
                            _check_elem(x, toInsert, "insert")], [x.type()])

    def jax(self, x, index, elem, node=None):
        out = list(x)
        out.insert(int(index), elem)
        return ListValue(out)


class _Find(Op):
    """Returns the position of the first element equal to ``elem``, or -1 (int64)."""

    __props__ = ()

    def make_node(self, x, elem):
        return Apply(self, [x, elem], [TensorType("int64", ())()])

    def jax(self, x, elem, node=None):
        import jax.numpy as jnp
        if not x:
            return np.int64(-1)
        hits = jnp.stack([_equal(v, elem) for v in x])
        return jnp.where(jnp.any(hits), jnp.argmax(hits), -1).astype("int64")


class Remove(Op):
    """Returns the list without its first element equal to ``toRemove`` (unchanged if none, as Theano)."""

    __props__ = ()
    static_inputs = (2,)        # which element goes: found on the host

    def make_node(self, x, toRemove, position=None):
        _check_list(x, "remove")
        elem = _check_elem(x, toRemove, "remove")
        position = _Find()(x, elem) if position is None else position
        return Apply(self, [x, elem, position], [x.type()])

    def __call__(self, x, toRemove):
        return Op.__call__(self, x, toRemove)

    def jax(self, x, elem, position, node=None):
        k = int(position)
        if k < 0:
            return x
        return ListValue(tuple(x[:k]) + tuple(x[k + 1:]))


class Reverse(Op):
    """Returns the list in reverse order."""

    __props__ = ()

    def make_node(self, x):
        _check_list(x, "reverse")
        return Apply(self, [x], [x.type()])

    def jax(self, x, node=None):
        return ListValue(reversed(x))


class Index(Op):
    """Returns the position of the first element equal to ``elem`` (a floatX scalar, as Theano).

    The position is found on the host, so a missing element raises ValueError as
    Python's list.index does.
    """

    __props__ = ()
    static_inputs = (2,)

    def make_node(self, x, elem, position=None):
        _check_list(x, "index")
        elem = _check_elem(x, elem, "index")
        position = _Find()(x, elem) if position is None else position
        return Apply(self, [x, elem, position], [TensorType(config.floatX, ())()])

    def __call__(self, x, elem):
        return Op.__call__(self, x, elem)

    def jax(self, x, elem, position, node=None):
        if int(position) < 0:
            raise ValueError("list.index(x): x not in list")
        return np.asarray(int(position), node.outputs[0].dtype)


class Count(Op):
    """Returns how many elements equal ``elem`` (a floatX scalar, as Theano)."""

    __props__ = ()

    def make_node(self, x, elem):
        _check_list(x, "count")
        elem = _check_elem(x, elem, "count")
        return Apply(self, [x, elem], [TensorType(config.floatX, ())()])

    def jax(self, x, elem, node=None):
        import jax.numpy as jnp
        dtype = node.outputs[0].dtype
        if not x:
            return np.asarray(0, dtype)
        return jnp.sum(jnp.stack([_equal(v, elem) for v in x])).astype(dtype)


class Length(Op):
    """Returns the number of elements (int64; known while tracing)."""

    __props__ = ()
    shape_only = True

    def make_node(self, x):
        _check_list(x, "length")
        return Apply(self, [x], [TensorType("int64", ())()])

    def jax(self, x, node=None):
        return np.int64(len(x))


class MakeList(Op):
    """Returns the typed list of the given variables (all of one type)."""

    __props__ = ()

    def make_node(self, *a):
        if len(a) == 1 and isinstance(a[0], (list, tuple)):
            a = a[0]
        if not isinstance(a, (list, tuple)):
            raise TypeError("make_list expects a list or tuple of variables, got %r" % (a,))
        items = [v if isinstance(v, Variable) else as_tensor_variable(v) for v in a]
        if not items:
            raise TypeError("make_list needs at least one element (to know the type)")
        if not all(items[0].type == v.type for v in items):
            raise TypeError("MakeList need all input variable to be of the same type.")
        return Apply(self, items, [TypedListType(items[0].type)()])

    def __call__(self, a):
        return Op.__call__(self, *a)

    def jax(self, *items, node=None):
        return ListValue(items)


append, extend, insert, remove, reverse = Append(), Extend(), Insert(), Remove(), Reverse()
index_, count, length, make_list = Index(), Count(), Length(), MakeList()


class _typed_list_py_operators:
    """Returns symbolic results for list methods on typed lists."""

    def __getitem__(self, index):
        return getitem(self, index)

    def __len__(self):
        raise TypeError("the length of a symbolic typed list is symbolic: use "
                        "typed_list.length(l) (len() must return a Python int)")

    def append(self, toAppend):
        return append(self, toAppend)

    def extend(self, toAppend):
        return extend(self, toAppend)

    def insert(self, index, toInsert):
        return insert(self, index, toInsert)

    def remove(self, toRemove):
        return remove(self, toRemove)

    def reverse(self):
        return reverse(self)

    def count(self, elem):
        return count(self, elem)

    def ind(self, elem):     # ``index`` is a Variable attribute
        return index_(self, elem)

    ttype = property(lambda self: self.type.ttype)
    dtype = property(lambda self: self.type.ttype.dtype)
    ndim = property(lambda self: self.type.ttype.ndim + 1)


class TypedListVariable(_typed_list_py_operators, Variable):
    """Returns a symbolic typed list."""

    __hash__ = Variable.__hash__


class TypedListConstant(_typed_list_py_operators, Constant):
    """Returns a constant typed list."""

    __hash__ = Constant.__hash__

    def signature(self):
        return (self.type, id(self.data))


register_variable_classes(TypedListVariable, TypedListConstant)
