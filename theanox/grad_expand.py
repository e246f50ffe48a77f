"""Theano's expanded gradient graphs, built symbolically from per-op rules.

``T.grad`` gives the outputs of one ``Grad`` node, lowered with ``jax.vjp``.  Two
things need the backward graph Theano would have built instead:
  * printing: ``pp(T.grad(y, x))`` shows Theano's expression
    (``((fill((x ** TensorConstant{2}), TensorConstant{1.0}) * TensorConstant{2}) * ...``);
  * a backward pass that does not need every forward value: ``T.Lop(T.dot(x, W), W, v)``
    is ``outer(x, v)`` and needs no value of W, so a function without W as an input
    still compiles (``theanox.function`` expands such Grad nodes).
``expand(variables)`` returns the variables with every Grad node replaced by its
expansion, Theano's reverse-mode walk with the gradient rules of Theano's ops (the
table ``_ELEMWISE`` and ``_RULES`` below); a Grad node whose region holds an op
without a rule is kept as it is.
"""
from theanox import grad_ops
from theanox.grad_ops import Grad
from theanox.graph.basic import io_toposort, rebuild
from theanox.tensor import basic as B, elemwise as E
from theanox.tensor.elemwise import DimShuffle, Elemwise
from theanox.tensor.linalg import Dot, dot, outer
from theanox.tensor.reduction import Reduce, restore_reduced_axes, sum as tsum
from theanox.tensor.type import continuous_dtypes


class NoRule(Exception):
    """Raised when an op of the region has no symbolic gradient rule here."""


def expand(variables):
    """Returns ``variables`` with each Grad node above them replaced by Theano's
    expanded backward graph, where every op of its region has a rule."""
    single = not isinstance(variables, (list, tuple))
    outs = [variables] if single else list(variables)
    if not any(isinstance(n.op, Grad) for n in io_toposort([], outs)):
        return variables

    def replace_node(node, inputs):
        if not isinstance(node.op, Grad):
            return None
        new = node if all(a is b for a, b in zip(inputs, node.inputs)) else \
            node.op.make_node(*inputs)
        new.tag.__dict__.update(node.tag.__dict__)
        try:
            return expand_grad(new)
        except (NoRule, TypeError, ValueError, NotImplementedError):
            # no rule, or a rule that does not apply to these types (complex, int
            # cotangents ...): the Grad node stays, as printing and jax.vjp need it
            return new.outputs

    result = rebuild(outs, {}, replace_node=replace_node)
    return result[0] if single else result


def expand_grad(node):
    """Returns the symbolic gradients of one Grad node (one per wrt); raises NoRule."""
    sinks, cots, wrt, block = node.op.split(node.inputs)
    blocked = set(block)
    dep = _connected(sinks, wrt, blocked)
    terms = {}      # variable -> [(position of the client node, gradient term)]
    for i, (sink, cot) in enumerate(zip(sinks, cots)):
        if i == 0 and getattr(node.tag, "cost_seed", False):
            cot = B.fill(sink, B.constant(1.0, dtype=cot.dtype))   # Theano's ones_like(cost)
        terms.setdefault(sink, []).append((-1, cot))
    nodes = [n for n in io_toposort(set(wrt) | blocked, sinks)
             if any(o in dep for o in n.outputs)]
    for position in range(len(nodes) - 1, -1, -1):
        n = nodes[position]
        gouts = [_total(terms.get(o)) for o in n.outputs]
        if all(g is None for g in gouts):
            continue
        for var, g in zip(n.inputs, _input_grads(n, gouts)):
            if g is not None and var in dep and var not in blocked:
                terms.setdefault(var, []).append((position, g))
    grads = []
    for w, out in zip(wrt, node.outputs):
        g = _total(terms.get(w))
        g = B.zeros_like(w, dtype=out.dtype) if g is None else g
        if g.dtype != out.dtype:
            g = B.cast(g, out.dtype)
        if out.name is not None:
            g.name = out.name
        grads.append(g)
    return grads


def _connected(sinks, wrt, blocked):
    """Returns the variables whose value depends on ``wrt`` through connected inputs
    (a shape does not: Theano's Shape ops are disconnected from their input)."""
    dep = set(wrt)
    for n in io_toposort(set(wrt) | blocked, sinks):
        if getattr(n.op, "shape_only", False):
            continue
        if any(i in dep and i not in blocked for i in n.inputs):
            dep.update(n.outputs)
    return dep


def _total(terms):
    """Returns the sum of a variable's gradient terms, in the order of its clients (as
    Theano adds them)."""
    if not terms:
        return None
    ordered = [g for _, g in sorted(terms, key=lambda t: t[0])]
    total = ordered[0]
    for g in ordered[1:]:
        total = total + g
    return total


def _input_grads(node, gouts):
    op = node.op
    rule = _RULES.get(type(op))
    if rule is None or len(node.outputs) != 1:
        raise NoRule(op)
    return rule(node, gouts[0])


# ---------------------------------------------------------------- rules of Theano's ops

def _elemwise_grads(node, gz):
    name = node.op.scalar_op.name
    if name.startswith("Cast{"):
        return _cast_grads(node, gz)
    rule = _ELEMWISE.get(name)
    if rule is None:
        raise NoRule(node.op)
    out = node.outputs[0]
    grads = rule(gz, *node.inputs, out=out)
    return [_unbroadcast(g, x, out) for g, x in zip(grads, node.inputs)]


def _unbroadcast(g, x, out):
    """Sums ``g`` over the dimensions ``x`` was broadcast along (Theano's Elemwise grad)."""
    if g is None or x.dtype not in continuous_dtypes:
        return None
    axes = [j for j, b in enumerate(x.broadcastable) if b and not out.broadcastable[j]]
    if axes:
        g = restore_reduced_axes(tsum(g, axis=axes), x.ndim, axes)
    return g


_BARE = {}


def _e(name, *args):
    """Returns ``name`` applied elementwise by an op printed ``Elemwise{name}``: Theano's
    gradient rules build unnamed Elemwise ops (the table's print ``,no_inplace``).
    Numbers become constants broadcast by a DimShuffle, as Theano's scalar constants."""
    op = _BARE.get(name)
    if op is None:
        op = _BARE[name] = Elemwise(E.SCALAR_OPS[name], name="Elemwise{%s}" % name)
    ndim = max(a.ndim for a in args if not isinstance(a, (int, float)))
    args = [B.constant(a).dimshuffle(["x"] * ndim) if isinstance(a, (int, float)) else a
            for a in args]
    return op(*args)


def _mul_grads(gz, *xs, out):
    return [_e("mul", gz, *[y for j, y in enumerate(xs) if j != i]) for i in range(len(xs))]


def _pow_grads(gz, x, y, out):
    return [_e("mul", _e("mul", gz, y), _e("pow", x, _e("sub", y, 1))),
            _e("switch", _e("eq", x, 0), 0, _e("mul", _e("mul", gz, _e("log", x)),
                                                 _e("pow", x, y)))]


def _sigmoid_grads(gz, x, out):
    return [_e("mul", _e("mul", gz, out), _e("sub", 1.0, out))]


# Theano 1.0's scalar gradients, in its order of operations (so the printed graphs match).
_ELEMWISE = {
    "add": lambda gz, *xs, out: [gz] * len(xs),
    "sub": lambda gz, x, y, out: [gz, _e("neg", gz)],
    "mul": _mul_grads,
    "true_div": lambda gz, x, y, out: [_e("true_div", gz, y),
                                       _e("true_div", _e("neg", _e("mul", gz, x)),
                                          _e("mul", y, y))],
    "neg": lambda gz, x, out: [_e("neg", gz)],
    "pow": _pow_grads,
    "sqr": lambda gz, x, out: [_e("mul", _e("mul", gz, x), 2)],
    "sqrt": lambda gz, x, out: [_e("true_div", _e("mul", gz, 0.5), _e("sqrt", x))],
    "exp": lambda gz, x, out: [_e("mul", gz, _e("exp", x))],
    "log": lambda gz, x, out: [_e("true_div", gz, x)],
    "tanh": lambda gz, x, out: [_e("mul", gz, _e("sub", 1, _e("sqr", _e("tanh", x))))],
    "sin": lambda gz, x, out: [_e("mul", gz, _e("cos", x))],
    "cos": lambda gz, x, out: [_e("mul", _e("neg", gz), _e("sin", x))],
    "abs_": lambda gz, x, out: [_e("mul", gz, _e("sgn", x))],
    "sigmoid": _sigmoid_grads,
    "scalar_sigmoid": _sigmoid_grads,
    "second": lambda gz, x, y, out: [None, gz],
    "identity": lambda gz, x, out: [gz],
}


def _dimshuffle_grads(node, gz):
    op, x = node.op, node.inputs[0]
    order = ["x"] * x.ndim
    for i, v in enumerate(op.new_order):
        if v != "x":
            order[v] = i
    return [gz.dimshuffle(order)]


def _reduce_grads(node, gz):
    op, x = node.op, node.inputs[0]
    if op.kind != "sum":
        raise NoRule(op)
    return [_e("second", x, restore_reduced_axes(gz, x.ndim, op.axis))]


def _dot_grads(node, gz):
    x, y = node.inputs
    if gz.ndim == 0:
        return [gz * y, gz * x]
    if x.ndim == 1 and y.ndim == 2:
        return [dot(gz, y.T), outer(x.T, gz)]
    if x.ndim == 2 and y.ndim == 1:
        return [outer(gz, y.T), dot(x.T, gz)]
    return [dot(gz, y.T), dot(x.T, gz)]


def _cast_grads(node, gz):
    x = node.inputs[0]
    if x.dtype not in continuous_dtypes:
        return [None]
    return [gz if gz.dtype == x.dtype else B.cast(gz, x.dtype)]


_RULES = {Elemwise: _elemwise_grads, DimShuffle: _dimshuffle_grads, Reduce: _reduce_grads,
          Dot: _dot_grads}


def _shown(node):
    try:
        return expand_grad(node)
    except (NoRule, TypeError, ValueError, NotImplementedError):
        return ()


grad_ops._EXPANDER[:] = [_shown]
