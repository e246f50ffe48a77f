"""The expression graph: Variable, Apply, Constant, Op, and walks over them.

This module imports nothing from JAX: a graph is plain Python objects.  An Op
describes semantics in three small pieces (see ``Op``); the interpreter that
lowers a graph to JAX lives in ``theanox.compile``.
"""
import itertools
import threading

from theanox import config
from theanox.graph import hooks


class Scratchpad:
    """Returns a free-form attribute bag (``var.tag``), as Theano's."""

    def __repr__(self):
        return "scratchpad" + str(self.__dict__)


class Variable:
    """Returns a node of the graph that stands for a value of a given Type.

    ``owner`` is the Apply node that computes it (None for inputs), ``index`` its
    position among ``owner.outputs``.
    """

    # Theano's names: __count__ numbers auto_name; construction observers (a class-wide
    # list) are called with every new variable (Theano's nodes_constructed uses them).
    __count__ = itertools.count()
    construction_observers = []

    @classmethod
    def append_construction_observer(cls, observer):
        cls.construction_observers.append(observer)

    @classmethod
    def remove_construction_observer(cls, observer):
        cls.construction_observers.remove(observer)

    @classmethod
    def notify_construction_observers(cls, instance):
        for observer in cls.construction_observers:
            observer(instance)

    def __init__(self, type, owner=None, index=None, name=None):
        self.type = type
        self.owner = owner
        self.index = index
        self.name = name
        self.tag = Scratchpad()
        self.auto_name = "auto_%d" % next(Variable.__count__)
        if Variable.construction_observers:
            Variable.notify_construction_observers(self)

    def __str__(self):
        if self.name is not None:
            return self.name
        if self.owner is not None:
            op = self.owner.op
            shown = op.shown_output(self.owner, self.index or 0)
            if shown is not None:
                return str(shown)
            if self.owner.nout == 1 or self.index is None:
                return "%s.%d" % (op, self.index or 0)
            return "%s.%d" % (op, self.index)
        return "<%s>" % (self.type,)

    def __repr__(self):
        text = str(self)
        if config.print_test_value and hasattr(self.tag, "test_value"):
            text += "\n" + self.__repr_test_value__()
        return text

    def __repr_test_value__(self):
        """Returns the repr of this variable's test value (AttributeError when it has none)."""
        return repr(hooks.get_test_value(self))

    def clone(self):
        """Returns a new Variable like this one, with no owner."""
        cp = self.__class__(self.type, None, None, self.name)
        cp.tag = _copy_tag(self.tag)
        return cp

    def get_parents(self):
        return [self.owner] if self.owner is not None else []

    def eval(self, inputs_to_values=None):
        """Returns the value of this variable given values of its inputs.

        The function is compiled by the compile layer (``hooks.compile_function``)
        and cached per set of inputs, so repeated calls do not recompile.
        """
        inputs_to_values = inputs_to_values or {}
        keys = tuple(sorted(inputs_to_values, key=id))
        key = tuple(id(k) for k in keys)
        with _EVAL_LOCK:
            cache = self.__dict__.setdefault("_fn_cache", {})
            fn = cache.get(key)
            if fn is None:
                fn = cache[key] = hooks.compile_function(list(keys), self)
        return fn(*[inputs_to_values[k] for k in keys])


# Two threads evaluating one variable compile it once.
_EVAL_LOCK = threading.RLock()


class Constant(Variable):
    """Returns a graph leaf holding a fixed value (``data``)."""

    def __init__(self, type, data, name=None):
        super().__init__(type, None, None, name)
        self.data = type.filter(data)

    def signature(self):
        return (self.type, _data_key(self.data))

    def clone(self):
        cp = self.__class__(self.type, self.data, self.name)
        cp.tag = _copy_tag(self.tag)
        return cp

    def __str__(self):
        if self.name is not None:
            return self.name
        return "Constant{%s}" % (self.data,)


def _data_key(data):
    try:
        import numpy as np
        a = np.asarray(data)
        return (a.dtype.str, a.shape, a.tobytes())
    except Exception:
        return id(data)


def _copy_tag(tag):
    new = Scratchpad()
    new.__dict__.update(tag.__dict__)
    return new


class Apply:
    """Returns the application of an Op to input Variables, owning its outputs."""

    def __init__(self, op, inputs, outputs):
        self.op = op
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.tag = Scratchpad()
        for i, out in enumerate(self.outputs):
            out.owner = self
            out.index = i

    @property
    def nin(self):
        return len(self.inputs)

    @property
    def nout(self):
        return len(self.outputs)

    @property
    def out(self):
        if len(self.outputs) != 1:
            raise AttributeError("%s has %d outputs; use .outputs" % (self, len(self.outputs)))
        return self.outputs[0]

    def default_output(self):
        return self.outputs[getattr(self.op, "default_output", None) or 0]

    def __str__(self):
        return "%s(%s)" % (self.op, ", ".join(str(i) for i in self.inputs))

    __repr__ = __str__

    def get_parents(self):
        return list(self.inputs)

    def clone_with_new_inputs(self, inputs, strict=True):
        """Returns a copy of this node applied to ``inputs`` (rebuilt by the op)."""
        return self.op.make_node(*inputs)

    def clone(self):
        """Returns a copy of this node with cloned outputs and the same inputs."""
        return Apply(self.op, self.inputs, [o.clone() for o in self.outputs])


class Op:
    """Returns output Variables when called; the base of every operation.

    An Op is three small pieces:
      * ``make_node(*inputs)`` -> Apply: output types from input types;
      * ``jax(*values, node=...)`` -> value or tuple: the lowering on jnp values;
      * ``__str__``: the name Theano prints (``Elemwise{add,no_inplace}``).
    ``__props__`` lists the attributes that make two ops equal (for merging).
    ``static_inputs`` lists input positions whose values decide output shapes:
    the compiler computes them on the host before dispatch.
    """

    __props__ = ()
    static_inputs = ()
    default_output = None
    # Ops whose lowering only reads input shapes (not values).
    shape_only = False

    def _props(self):
        return tuple(getattr(self, p) for p in self.__props__)

    def __eq__(self, other):
        return type(self) is type(other) and _freeze(self._props()) == _freeze(other._props())

    def __hash__(self):
        return hash((type(self), _freeze(self._props())))

    def __str__(self):
        if self.__props__:
            return "%s{%s}" % (type(self).__name__, ", ".join(str(p) for p in self._props()))
        return type(self).__name__

    def shown_output(self, node, index):
        """Returns the variable ``str()`` of output ``index`` shows in its place, or None
        (itself).  Grad shows Theano's expanded gradient, whose last op Theano prints."""
        return None

    # No __repr__: an Op shows as <module.Class object at 0x...> as in Theano 1.0.5,
    # whose ops keep object.__repr__ (print(op) / str(op) give the name above).

    def __call__(self, *inputs, **kwargs):
        node = with_test_values(self.make_node(*inputs, **kwargs))
        if self.default_output is not None:
            return node.outputs[self.default_output]
        return node.outputs[0] if len(node.outputs) == 1 else node.outputs

    def make_node(self, *inputs):
        raise NotImplementedError

    def jax(self, *values, node=None):
        raise NotImplementedError("%s has no JAX lowering rule" % self)


def with_test_values(node):
    """Returns ``node``, its outputs given test values when config.compute_test_value is on
    (theanox.graph.testvalue); graph builders that call ``make_node`` themselves use it."""
    if config.compute_test_value != "off":
        hooks.compute_test_value(node)
    return node


def _freeze(x):
    if isinstance(x, (list, tuple)):
        return tuple(_freeze(i) for i in x)
    if isinstance(x, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in x.items()))
    try:
        hash(x)
        return x
    except TypeError:
        return _data_key(x)


# ---------------------------------------------------------------- graph walks

def ancestors(variables, blockers=None):
    """Returns every variable the given ones depend on (themselves included)."""
    blockers = set(blockers or ())
    seen, order = set(), []
    stack = list(variables)[::-1]
    while stack:
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        order.append(v)
        if v.owner is not None and v not in blockers:
            stack.extend(reversed(v.owner.inputs))
    return order


def graph_inputs(variables, blockers=None):
    """Returns the leaves (variables with no owner, or blockers) under ``variables``."""
    blockers = set(blockers or ())
    return [v for v in ancestors(variables, blockers) if v.owner is None or v in blockers]


inputs = graph_inputs


def io_toposort(inputs, outputs, skip=None):
    """Returns the Apply nodes between ``inputs`` and ``outputs``, inputs first.

    ``inputs`` may be any container supporting ``in`` (a set or a dict of known
    values); ``skip(node, position)`` returning True keeps the walk out of that input.
    """
    stop = inputs if isinstance(inputs, (set, dict)) else set(inputs)
    order, done = [], set()
    for out in outputs:
        stack = [(out, False)]
        while stack:
            v, expanded = stack.pop()
            node = v.owner
            if node is None or v in stop or id(node) in done:
                continue
            if expanded:
                done.add(id(node))
                order.append(node)
                continue
            stack.append((v, True))
            for pos in range(len(node.inputs) - 1, -1, -1):
                i = node.inputs[pos]
                if i.owner is not None and i not in stop and id(i.owner) not in done \
                        and not (skip is not None and skip(node, pos)):
                    stack.append((i, False))
    return order


def toposort(outputs):
    return io_toposort([], outputs)


def rebuild(outputs, memo, lookup=None, replace_node=None):
    """Returns the replacements of ``outputs`` after rebuilding the graph above them.

    The one graph walker (clone/replace, functional rewriting, fusion): nodes are
    visited inputs first, from the variables in ``memo`` (a map from variables to
    their replacements, read and filled) up to ``outputs``; a node whose first
    output is already in ``memo`` is not visited.  ``lookup(v)`` gives the
    replacement of a node's input (default ``memo.get(v, v)``).
    ``replace_node(node, inputs)`` returns the replacement outputs of a node, or
    None for the default ``rebuild_node(node, inputs).outputs``.
    """
    if lookup is None:
        def lookup(v):
            return memo.get(v, v)
    for node in io_toposort(list(memo), outputs):
        if node.outputs[0] in memo:
            continue
        inputs = [lookup(i) for i in node.inputs]
        new = replace_node(node, inputs) if replace_node is not None else None
        if new is None:
            new = rebuild_node(node, inputs).outputs
        for o, n in zip(node.outputs, new):
            memo[o] = n
    return [lookup(o) for o in outputs]


def rebuild_node(node, inputs):
    """Returns ``node`` when ``inputs`` are its inputs, else its op applied to ``inputs``.

    The new node's outputs take the names of the old ones.
    """
    if all(a is b for a, b in zip(inputs, node.inputs)):
        return node
    new = node.clone_with_new_inputs(inputs)
    for o, n in zip(node.outputs, new.outputs):
        if n.name is None:
            n.name = o.name
    return new


def clone_replace(outputs, replace=None, share_inputs=True, copy_inputs_over=True):
    """Returns copies of ``outputs`` with the ``replace`` substitutions made.

    ``replace`` maps variables (or is a list of pairs) to their replacements.
    Leaves not replaced are kept (shared) when ``share_inputs``.
    """
    if replace is None:
        pairs = []
    elif isinstance(replace, dict):
        pairs = list(replace.items())
    else:
        pairs = list(replace)
    memo = {}
    for old, new in pairs:
        memo[old] = new
    single = isinstance(outputs, Variable)
    outs = [outputs] if single else list(outputs)
    result = [_clone_var(o, memo, share_inputs) for o in outs]
    return result[0] if single else result


def _clone_var(var, memo, share_inputs):
    def lookup(v):
        return memo[v] if v in memo else _leaf(v, memo, share_inputs)
    return rebuild([var], memo, lookup)[0]


def _leaf(v, memo, share_inputs):
    if v in memo:
        return memo[v]
    if share_inputs or v.owner is not None:
        memo[v] = v
    else:
        memo[v] = v.clone()
    return memo[v]


def clone(outputs, replace=None, share_inputs=True):
    """Returns a copy of the graph of ``outputs`` with ``replace`` applied (theano.clone)."""
    return clone_replace(outputs, replace, share_inputs)


def is_same_graph(a, b):
    """Returns True when two variables compute the same thing structurally."""
    def sig(v, memo):
        if id(v) in memo:
            return memo[id(v)]
        if isinstance(v, Constant):
            s = ("c",) + v.signature()
        elif v.owner is None:
            s = ("v", id(v))
        else:
            s = ("a", v.owner.op, v.index, tuple(sig(i, memo) for i in v.owner.inputs))
        memo[id(v)] = s
        return s
    return sig(a, {}) == sig(b, {})


def list_of_nodes(inputs, outputs):
    return io_toposort(inputs, outputs)


__all__ = ["Variable", "Constant", "Apply", "Op", "ancestors", "graph_inputs", "inputs",
           "io_toposort", "toposort", "clone", "clone_replace", "rebuild", "rebuild_node",
           "Scratchpad"]
