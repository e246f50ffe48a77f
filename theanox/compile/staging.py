"""The staging analysis: what is known when, decided once at ``function()`` time.

Every variable of a compiled graph is one of

* **static** - known while tracing: constants, shapes, and what follows from them;
* **shape-deciding** - its value decides an output shape (a reshape target, an
  ``alloc``/``arange`` size, a scan's ``n_steps``, a slice's LENGTH).  Those not
  static are the *host values*: computed before dispatch, they key the executable;
* **runtime** - everything else, slice starts and index positions included.  They
  are arguments of the one jitted program and never cause a recompile.

``analyse`` rewrites slices with symbolic bounds into ``theanox.tensor.dynslice``
ops (the start stays a runtime value; a ``SliceLength`` becomes the host value),
finds the host values, and builds how to compute them per call: a small NumPy
evaluator for the usual case (integer arithmetic on scalar inputs and on input
shapes, microseconds), or a jitted *stage* program for values that need the data
(``nonzero`` counts, the steps a ``scan ... until`` ran).  A stage also hands the
results of a do-while scan to the main program, so its loop runs once.
"""
import numpy as np

from theanox.graph.basic import Constant, io_toposort
from theanox.graph.fg import rewrite_outputs
from theanox.tensor.dynslice import slice_length


class Plan:
    """Returns the staging decisions for a graph from ``inputs`` to ``outputs``.

    ``outputs``: the graph the jitted program traces (dynamic slices rewritten);
    ``host_vars``: the shape-deciding values computed before dispatch, in key order;
    ``evaluator``: computes the host values (and index checks) from the call values;
    ``stage_vars``/``carry_vars``: computed by the jitted stage program - the first
    are host values, the second are handed to the main program as extra arguments.
    """

    def __init__(self, inputs, outputs):
        self.inputs = list(inputs)
        self.outputs = host_conditions(self.inputs,
                                       rewrite_dynamic_slices(merge_gradients(outputs)))
        self.consumers = {}          # host var -> the node whose shape it decides
        self.host_vars = find_host_vars(self.inputs, self.outputs, self.consumers)
        # ifelse conditions, and switch conditions that pick whole arrays, computed from
        # scalar inputs: host values too, so that each executable has only the taken
        # branch (the other is neither imported nor run).
        self.branch_conditions = []
        for node in io_toposort(self.inputs, self.outputs):
            cond = branch_condition(node)
            if cond is not None and cond.dtype == "bool" and _scalar_inputs_only(
                    cond, self.inputs) and cond not in self.branch_conditions:
                self.branch_conditions.append(cond)
                if cond not in self.host_vars:
                    self.host_vars.append(cond)
                    self.consumers[cond] = node
        # An ifelse (or an op marked ``may_need_host_value``) may find while tracing
        # that a value must come from the host (NeedsHostValue): not the static path.
        self.has_ifelse = any(type(n.op).__name__ == "IfElse"
                              or getattr(n.op, "may_need_host_value", False)
                              for n in io_toposort(self.inputs, self.outputs))
        self._split()

    def add_host_var(self, var):
        """Makes ``var`` a host value (an ifelse condition found while tracing) and replans."""
        if var in self.host_vars:
            raise RuntimeError("internal error: %s was already computed on the host" % var)
        self.host_vars.append(var)
        self._split()

    @property
    def is_static(self):
        """Returns True when one executable per input signature serves every call."""
        return not self.host_vars and not self.checks

    def _split(self):
        py, staged = [], []
        for v in self.host_vars:
            (py if host_computable(v, self.inputs) else staged).append(v)
        self.py_vars, self.stage_vars = py, staged
        self.carry_vars = _carried_from_stage(staged)
        self.checks = index_checks(self.inputs, self.outputs)
        self.evaluator = HostEvaluator(self.inputs, py, self.checks)


def rewrite_dynamic_slices(outputs):
    """Returns ``outputs`` with every slice that has a symbolic bound made a dynamic slice."""
    return rewrite_outputs(list(outputs), [_dynamic_slice_rule], merge=False)


def host_conditions(inputs, outputs):
    """Returns ``outputs`` with each branch condition computed from scalar inputs made bool.

    A branch condition is an ifelse's, or a switch's that picks one of two arrays
    whole (``branch_condition``).  Such a condition becomes a host value keying the
    executable; as ``cond != 0`` (what both test; NaN picks the first) it takes two
    values, so there are at most two executables, and the condition variable itself
    (an int or float others may read) is untouched.
    """
    made = {}

    def rule(node):
        cond = branch_condition(node)
        if cond is None or cond.dtype == "bool" or not _scalar_inputs_only(cond, inputs):
            return None
        if cond not in made:
            from theanox.tensor.elemwise import neq
            made[cond] = neq(cond, 0)
        if _is_ifelse(node):
            return node.op.make_node(made[cond], *node.inputs[1:]).outputs
        ds = node.inputs[0].owner.op
        bool_cond = type(ds)(ds.input_broadcastable, ds.new_order)(made[cond])
        return node.op.make_node(bool_cond, *node.inputs[1:]).outputs
    return rewrite_outputs(list(outputs), [rule], merge=False)


def branch_condition(node):
    """Returns the 0-d condition choosing ``node``'s result, or None.

    For an ifelse, its condition; for ``switch(c, x, y)`` whose result has a dimension
    and whose ``c`` is a 0-d value broadcast (``DimShuffle{x,...}``), that 0-d value:
    the switch then returns ``x`` or ``y`` whole.  (Scalar switches, e.g. the slice
    arithmetic, stay switches: keying executables on them would buy nothing.)
    """
    if _is_ifelse(node):
        return node.inputs[0]
    from theanox.tensor.elemwise import whole_switch_condition
    return whole_switch_condition(node)


def branch_inputs(node, cond_value):
    """Returns the inputs of branch node ``node`` that its result takes when its
    condition (``branch_condition``) is ``cond_value``."""
    yes = np.asarray(cond_value) != 0
    if _is_ifelse(node):
        n = node.op.n_outs
        return node.inputs[1:1 + n] if yes else node.inputs[1 + n:]
    return node.inputs[1:2] if yes else node.inputs[2:3]


def _is_ifelse(node):
    return type(node.op).__name__ == "IfElse"


def _scalar_inputs_only(var, inputs):
    """Returns True when ``var`` is computed on the host from 0-d non-shared inputs."""
    from theanox.graph.basic import graph_inputs
    from theanox.tensor.sharedvar import SharedVariable
    for v in graph_inputs([var], blockers=inputs):
        if isinstance(v, Constant):
            continue
        if v not in inputs or getattr(v, "ndim", None) != 0 or isinstance(v, SharedVariable):
            return False
    return host_computable(var, inputs)


def merge_gradients(outputs):
    """Returns ``outputs`` with the Grad nodes of one cost merged into one node.

    Tutorial code asks for each parameter's gradient separately
    (``[T.grad(cost, p) for p in params]``); one Grad over all the parameters runs
    the backward pass once instead of once per parameter.
    """
    from theanox.gradient import Grad
    groups = {}
    for node in io_toposort([], outputs):
        if type(node.op) is Grad:
            sinks, cots, wrt, block = node.op.split(node.inputs)
            groups.setdefault((tuple(sinks), tuple(cots), tuple(block)), []).append(node)
    replace = {}
    for (sinks, cots, block), nodes in groups.items():
        if len(nodes) < 2:
            continue
        wrt = []
        for node in nodes:
            wrt.extend(w for w in node.op.split(node.inputs)[2] if w not in wrt)
        dtype_of = {w: o.dtype for node in nodes
                    for w, o in zip(node.op.split(node.inputs)[2], node.outputs)}
        merged = Grad(len(sinks), len(wrt), len(block),
                      [dtype_of[w] for w in wrt]).make_node(
            *(list(sinks) + list(cots) + wrt + list(block)))
        by_wrt = dict(zip(wrt, merged.outputs))
        for node in nodes:
            for w, out in zip(node.op.split(node.inputs)[2], node.outputs):
                replace[out] = by_wrt[w]
    if not replace:
        return list(outputs)
    return rewrite_outputs(list(outputs), [], extra_replace=replace, merge=False)


def find_host_vars(inputs, outputs, consumers=None):
    """Returns the shape-deciding variables that are not static, in graph order.

    ``consumers``, if given, receives for each the node whose shape it decides.
    """
    static = set()
    host = []
    consumers = {} if consumers is None else consumers
    for node in io_toposort(inputs, outputs):
        for pos in (p for p in node.op.static_inputs if p < len(node.inputs)):
            v = node.inputs[pos]
            if v not in static and not isinstance(v, Constant) and v not in host:
                host.append(v)
                consumers[v] = node
        for v in _inner_host_vars(node):
            if v not in host:
                host.append(v)
                consumers[v] = node
        if _is_static_node(node, static):
            static.update(node.outputs)
    return host


def host_computable(var, inputs):
    """Returns True when ``var`` can be computed by the NumPy host evaluator."""
    try:
        HostEvaluator(inputs, [var])
    except _Unsupported:
        return False
    return True


def _unconditional_nodes(outputs):
    """Returns the nodes the outputs need whatever an ifelse decides (its lazy branch
    inputs are not followed)."""
    seen, stack = set(), [v.owner for v in outputs if v.owner is not None]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        lazy = set(getattr(node.op, "lazy_inputs", ()) or ())
        stack.extend(v.owner for k, v in enumerate(node.inputs)
                     if k not in lazy and v.owner is not None)
    return seen


def index_checks(inputs, outputs):
    """Returns [(index var, axis size var, axis, node)] for run-time integer indices.

    Scalar indices the host evaluator can compute, and index arrays given directly
    as inputs, are checked before dispatch: a bad index raises IndexError as in
    Theano (XLA would clamp it) and no shared variable changes.
    """
    from theanox.tensor.basic import Shape_i
    from theanox.tensor.dynslice import DynamicIncSubtensor, DynamicSubtensor
    from theanox.tensor.subtensor import AdvancedSubtensor, IncSubtensor, Subtensor
    checks = []
    always = _unconditional_nodes(outputs)
    for node in io_toposort(inputs, outputs):
        op = node.op
        if not isinstance(op, (Subtensor, AdvancedSubtensor, IncSubtensor, DynamicSubtensor,
                                DynamicIncSubtensor)) or node not in always:
            # a node that only a lazy branch (ifelse) needs is checked in that branch
            continue
        first = 2 if isinstance(op, (IncSubtensor, DynamicIncSubtensor)) else 1
        it = iter(node.inputs[first:])
        x = node.inputs[0]
        axis = 0
        for s in op.idx_list:
            if s[0] == "newaxis":
                continue
            if (s[0] == "int" and s[1] is None) or s[0] == "array":
                idx = next(it)
                size = Shape_i(axis)(x)
                direct = idx.ndim == 0 or idx in inputs
                if direct and host_computable(idx, inputs) and host_computable(size, inputs):
                    checks.append((idx, size, axis, node))
            elif s[0] == "slice":
                for p in s[1:]:
                    if p == "sym":
                        next(it)
            axis += 1
    return checks


class HostEvaluator:
    """Returns the values of ``targets`` computed on the host from the call's values.

    Built once from the graph into one generated Python function: integer scalars
    (indices, offsets, lengths) are Python ints and their arithmetic is inlined, so
    the usual minibatch slice costs a few microseconds per call.  Other values use
    NumPy.  Raises ``_Unsupported`` at build time when a target needs an op without
    a host rule (the caller stages it instead).  A call returns a tuple, hashable:
    int scalars as ints, int vectors as tuples, other arrays as ``HostArray``.
    """

    def __init__(self, inputs, targets, checks=()):
        self.n_in = len(inputs)
        self.input_pos = {v: i for i, v in enumerate(inputs)}
        self.names, self.shape_names = {}, {}
        self.lines, self.namespace = [], {"_np": np, "_HostArray": HostArray,
                                          "_slice_length": slice_length,
                                          "_index_error": _index_error,
                                          "_check_array": _check_array}
        self.targets = list(targets)
        results = [self._wrap(v, self._value(v)) for v in targets]
        for k, (idx, size, axis, node) in enumerate(checks):
            i, n = self._value(idx), self._value(size)
            self.namespace["_node%d" % k] = node
            if idx.ndim:
                self.lines.append("_check_array(%s, %s, %d, _node%d)" % (i, n, axis, k))
            else:
                self.lines.append("if not -%s <= %s < %s: _index_error(%s, %s, %d, _node%d)"
                                  % (n, i, n, i, n, axis, k))
        body = "\n    ".join(self.lines + ["return (%s%s)" % (", ".join(results),
                                                             "," if results else "")])
        self.source = "def host(values):\n    %s\n" % body
        exec(compile(self.source, "<theanox host values>", "exec"), self.namespace)
        self.host = self.namespace["host"]

    def __call__(self, values):
        return self.host(values)

    def _emit(self, expr):
        name = "t%d" % len(self.lines)
        self.lines.append("%s = %s" % (name, expr))
        return name

    def _function(self, fn):
        name = "f%d" % len(self.namespace)
        self.namespace[name] = fn
        return name

    def _value(self, v):
        if v in self.names:
            return self.names[v]
        if v in self.input_pos:       # a call value: a NumPy scalar, or a shared jax Array
            raw = "values[%d]" % self.input_pos[v]
            out = self._emit(("int(%s)" if _is_int_scalar(v) else "_np.asarray(%s)") % raw)
        elif isinstance(v, Constant):
            if _is_int_scalar(v):
                out = repr(int(v.data))
            else:
                out = self._function(v.data)
        elif v.owner is None:
            raise _Unsupported(v)
        else:
            out = self._node_value(v)
        self.names[v] = out
        return out

    def _node_value(self, v):
        node, op = v.owner, v.owner.op
        name = type(op).__name__
        if name == "Shape_i":
            return self._emit("%s[%d]" % (self._shape(node.inputs[0]), op.i))
        if name == "Shape":
            return self._emit("_np.asarray(%s, 'int64')" % self._shape(node.inputs[0]))
        args = [self._value(i) for i in node.inputs]
        if name == "SliceLength":
            parts = iter(args[1:])
            start, stop, step = (next(parts) if p == "sym" else repr(p) for p in op.parts)
            return self._emit("_slice_length(%s, %s, %s, %s)" % (args[0], start, stop, step))
        if callable(getattr(op, "host", None)):
            return self._emit("%s(%s)" % (self._function(op.host), ", ".join(args)))
        if name == "Elemwise" and len(node.outputs) == 1:
            dtype = node.outputs[0].dtype
            if all(_is_int_scalar(i) for i in node.inputs + node.outputs):
                expr = _python_int_expr(op.scalar_op, dtype, args)
                if expr is not None:
                    return self._emit(expr)
            fn = _numpy_scalar_fn(op.scalar_op, dtype)
            return self._emit("%s(%s)" % (self._function(fn), ", ".join(args)))
        if name == "MakeVector" and all(_is_int_scalar(i) for i in node.inputs):
            return self._emit("(%s%s)" % (", ".join(args), "," if args else ""))
        if name == "DimShuffle" and node.inputs[0].ndim <= 1:
            shape = self._function(_dimshuffle_shape(op))
            return self._emit("_np.reshape(%s, %s(_np.shape(%s)))" % (args[0], shape, args[0]))
        if name == "Subtensor" and not any(p == "sym" or (s[0] == "int" and s[1] is None)
                                           for s in op.idx_list for p in s[1:]):
            from theanox.tensor.subtensor import _build_index
            idx = self._function(_build_index(op.idx_list, ()))
            return self._emit("_np.asarray(%s)[%s]" % (args[0], idx))
        raise _Unsupported(v)

    def _shape(self, v):
        if v in self.shape_names:
            return self.shape_names[v]
        if v in self.input_pos:       # np.shape reads a jax Array's shape without a copy
            pos = self.input_pos[v]
            out = self._emit(("values[%d].shape" if v.ndim else "_np.shape(values[%d])") % pos)
        elif isinstance(v, Constant):
            out = repr(tuple(np.shape(v.data)))
        elif v.owner is not None and type(v.owner.op).__name__ == "Elemwise":
            shapes = [self._shape(i) for i in v.owner.inputs]
            out = shapes[0] if len(set(shapes)) == 1 else \
                self._emit("_np.broadcast_shapes(%s)" % ", ".join(shapes))
        elif v.owner is not None and type(v.owner.op).__name__ == "DimShuffle":
            fn = self._function(_dimshuffle_shape(v.owner.op))
            out = self._emit("%s(%s)" % (fn, self._shape(v.owner.inputs[0])))
        else:
            raise _Unsupported(v)
        self.shape_names[v] = out
        return out

    def _wrap(self, v, name):
        if v.ndim == 0 and v.dtype == "bool":
            return "bool(%s)" % name          # hashable also when NumPy computed it
        if _is_int_scalar(v) or (v.owner is not None and type(v.owner.op).__name__ ==
                                 "MakeVector" and all(_is_int_scalar(i)
                                                      for i in v.owner.inputs)):
            return name
        return "_HostArray(%s)" % name


class HostArray:
    """Returns a hashable wrapper of a host value that is an array (an executable key part)."""

    __slots__ = ("value", "_key")

    def __init__(self, value):
        self.value = np.asarray(value)
        self._key = (self.value.dtype.str, self.value.shape, self.value.tobytes())

    def __hash__(self):
        return hash(self._key)

    def __eq__(self, other):
        return isinstance(other, HostArray) and other._key == self._key

    def __repr__(self):
        return repr(self.value.tolist())


def host_value(key_part):
    """Returns the NumPy-able value of one executable key part."""
    return key_part.value if isinstance(key_part, HostArray) else key_part


def _check_array(idx, size, axis, node):
    if idx.size:
        low, high = int(idx.min()), int(idx.max())
        if low < -size:
            _index_error(low, size, axis, node)
        if high >= size:
            _index_error(high, size, axis, node)


def _index_error(idx, size, axis, node):
    raise IndexError("index %d is out of bounds for axis %d with size %d (in %s). Theano "
                     "checks indices: give an index in [-%d, %d)."
                     % (idx, axis, size, node.op, size, size))


# ---------------------------------------------------------------- private rules

class _Unsupported(Exception):
    """Raised when a value has no NumPy host rule (it is staged instead)."""


def _dynamic_slice_rule(node):
    from theanox.tensor.basic import Shape_i
    from theanox.tensor.dynslice import (
        DynamicIncSubtensor,
        DynamicSubtensor,
        SliceLength,
        is_dynamic_spec,
        length_parts,
    )
    from theanox.tensor.subtensor import IncSubtensor, Subtensor
    op = node.op
    if type(op) is Subtensor and is_dynamic_spec(op.idx_list):
        new_op, head = DynamicSubtensor(op.idx_list), node.inputs[:1]
    elif type(op) is IncSubtensor and not op.advanced and is_dynamic_spec(op.idx_list):
        new_op, head = DynamicIncSubtensor(op.idx_list, op.set_instead_of_inc), node.inputs[:2]
    else:
        return None
    x, syms = node.inputs[0], node.inputs[len(head):]
    lengths = [SliceLength(parts)(Shape_i(axis)(x), *mine)
               for parts, axis, mine in length_parts(op.idx_list, syms)]
    out = new_op(*(list(head) + list(syms) + lengths))
    out.name = node.outputs[0].name
    return [out]


def _is_static_node(node, static):
    op = node.op
    if getattr(op, "shape_only", False):
        return True
    if callable(getattr(op, "lower", None)) or not getattr(op, "foldable", True):
        return False
    return all(isinstance(i, Constant) or i in static for i in node.inputs)


def _inner_host_vars(node):
    """Returns the outer variables a scan's inner graph needs as host values."""
    op = node.op
    if type(op).__name__ != "Scan":
        return []
    inner = find_host_vars(op.inner_inputs, op.inner_outputs)
    if not inner:
        return []
    sp = op.spec
    n_fixed = len(op.inner_inputs) - sp.n_free
    free_outer = node.inputs[len(node.inputs) - sp.n_free:]
    outer_of = dict(zip(op.inner_inputs[n_fixed:], free_outer))
    from theanox.graph.basic import graph_inputs
    need = []
    for v in graph_inputs(inner, blockers=op.inner_inputs):
        if v in outer_of and outer_of[v] not in need:
            need.append(outer_of[v])
    return need


def _carried_from_stage(stage_vars):
    """Returns the outputs of do-while scans whose step count is staged.

    The stage runs such a scan once; the main program takes its results as
    arguments instead of looping again (a gradient through it re-runs a fixed-length
    ``lax.scan``: the values of the differentiated region are not reused).
    """
    carry = []
    for v in stage_vars:
        node = v.owner
        if node is not None and type(node.op).__name__ == "Scan" and node.op.spec.as_while \
                and v is node.outputs[-1]:
            carry.extend(o for o in node.outputs[:-1] if o not in carry)
    return carry


def _dimshuffle_shape(op):
    order = op.new_order

    def shape(s):
        return tuple(1 if d == "x" else s[d] for d in order)
    return shape


_NUMPY_SCALAR = {
    "add": lambda *a: _fold(np.add, a), "mul": lambda *a: _fold(np.multiply, a),
    "sub": np.subtract, "true_div": np.true_divide, "int_div": np.floor_divide,
    "mod": np.mod, "maximum": np.maximum, "minimum": np.minimum, "neg": np.negative,
    "abs_": np.abs, "lt": np.less, "gt": np.greater, "le": np.less_equal,
    "ge": np.greater_equal, "eq": np.equal, "neq": np.not_equal, "switch": np.where,
    "identity": lambda a: a, "floor": np.floor, "ceil": np.ceil, "trunc": np.trunc,
    "sqr": lambda a: a * a, "and_": np.bitwise_and, "or_": np.bitwise_or,
    "xor": np.bitwise_xor, "invert": np.invert, "clip": np.clip,
    "second": lambda a, b: np.broadcast_to(b, np.broadcast_shapes(np.shape(a), np.shape(b))),
}


def _is_int_scalar(v):
    return v.ndim == 0 and v.dtype[0] in "iub"


# Integer scalars (indices, offsets, lengths) are Python ints with inlined arithmetic:
# exact in every realistic range, and far cheaper per call than NumPy scalars.
_INT_TEMPLATES = {
    "add": lambda a: "(%s)" % " + ".join(a), "mul": lambda a: "(%s)" % " * ".join(a),
    "sub": "(%s - %s)", "int_div": "(%s // %s)", "mod": "(%s %% %s)",
    "maximum": "max(%s, %s)", "minimum": "min(%s, %s)", "neg": "(-%s)", "abs_": "abs(%s)",
    "lt": "(%s < %s)", "gt": "(%s > %s)", "le": "(%s <= %s)", "ge": "(%s >= %s)",
    "eq": "(%s == %s)", "neq": "(%s != %s)", "identity": "%s", "sqr": "(%s * %s)",
    "switch": lambda a: "(%s if %s else %s)" % (a[1], a[0], a[2]),
    "clip": "min(max(%s, %s), %s)", "second": lambda a: a[1],
}


def _python_int_expr(sop, dtype, args):
    """Returns a Python expression computing int scalar op ``sop`` on ``args``, or None."""
    from theanox.tensor.elemwise import Cast
    from theanox.tensor.fusion import Composite
    to = "bool" if dtype == "bool" else "int"
    if isinstance(sop, Cast):
        return "%s(%s)" % (to, args[0])
    if isinstance(sop, Composite):
        vals = list(args)
        for s, a, d in sop.steps:
            if d[0] not in "iub":
                return None
            expr = _python_int_expr(s, d, [vals[k] for k in a])
            if expr is None:
                return None
            vals.append(expr)
        return vals[-1]
    t = _INT_TEMPLATES.get(sop.name)
    if t is None:
        return None
    if sop.name == "sqr":
        args = [args[0], args[0]]
    expr = t(args) if callable(t) else t % tuple(args)
    return "%s(%s)" % (to, expr) if to == "bool" else expr


def _fold(fn, args):
    out = args[0]
    for a in args[1:]:
        out = fn(out, a)
    return out


def _numpy_scalar_fn(sop, dtype):
    """Returns fn(*values) computing scalar op ``sop`` with NumPy, cast to ``dtype``."""
    from theanox.tensor.elemwise import Cast
    from theanox.tensor.fusion import Composite
    to = np.dtype(dtype).type
    if isinstance(sop, Cast):
        return lambda a: np.asarray(a).astype(to)
    if isinstance(sop, Composite):
        steps = [(_numpy_scalar_fn(s, d), args) for s, args, d in sop.steps]

        def composite(*values):
            vals = list(values)
            for fn, args in steps:
                vals.append(fn(*[vals[a] for a in args]))
            return vals[-1]
        return composite
    fn = _NUMPY_SCALAR.get(sop.name)
    if fn is None:
        raise _Unsupported(sop)
    if dtype[0] in "fc":
        # Float results: Theano computes them in the output precision.
        return lambda *a: np.asarray(fn(*[np.asarray(v, to) for v in a])).astype(to)
    return lambda *a: np.asarray(fn(*a)).astype(to)
