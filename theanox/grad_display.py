"""What ``f.maker.fgraph`` shows for a function that differentiates: Theano's form.

A compiled function runs each ``Grad`` node with ``jax.vjp``, so the graph it executes
holds ``Grad(...)``.  Theano users print ``f.maker.fgraph.outputs[0]`` to see the
optimized gradient (the gradients tutorial: ``pp`` of d(x**2)/dx prints
``(TensorConstant{2.0} * x)``).  ``display_fgraph`` builds that graph for display only:
the function's outputs with the mode's rewrites, each Grad node replaced by Theano's
expanded backward graph (grad_expand), then the simplifications Theano's optimizer
applies to such graphs (below), the rewrites again and fusion.  Nothing here runs.
"""
import numpy as np

from theanox import grad_expand
from theanox.grad_ops import Grad
from theanox.graph.basic import Constant, io_toposort
from theanox.graph.fg import FunctionGraph, rewrite_outputs
from theanox.tensor import basic as B
from theanox.tensor.elemwise import DimShuffle
from theanox.tensor.rewrites import RULES, _same_type_as, const_value, is_const, op_name


def has_grad(outputs):
    return any(isinstance(n.op, Grad) for n in io_toposort([], list(outputs)))


def display_fgraph(inputs, outputs, update_mapping, fuse, rules=None):
    """Returns the FunctionGraph to show for a function whose graph has Grad nodes, or
    None when a gradient has no symbolic expansion (the executed graph is shown)."""
    from theanox.tensor.fusion import fuse_elemwise
    rules = list(RULES) if rules is None else list(rules)
    outs = rewrite_outputs(list(outputs), rules, merge=True)
    outs = grad_expand.expand(outs)
    if has_grad(outs):
        return None
    # Simplified first, merged after: the forward nodes a seed fill(cost, 1.0) held
    # are gone by then, so the gradient keeps its own nodes (Theano's unnamed
    # Elemwise{exp} of d exp(x)/dx, not the forward Elemwise{exp,no_inplace}).
    outs = rewrite_outputs(outs, SIMPLIFY + rules, merge=False, max_passes=8)
    outs = rewrite_outputs(outs, [], merge=True)
    if fuse:
        outs = fuse_elemwise(outs)
    return FunctionGraph(inputs, outs, update_mapping)


# ------------------------------------------------------------------ simplifications
# Each takes an Apply node and returns replacement outputs or None (rewrite_outputs).

def fold_constants(node):
    """An Elemwise of constants -> its value (Theano's constant folding: 2 - 1 -> 1)."""
    out = node.outputs[0]
    if op_name(out) is None or len(node.outputs) != 1 or not node.inputs or \
            not all(_constant(i) is not None for i in node.inputs):
        return None
    import jax

    from theanox.compile.lower import evaluate
    with jax.ensure_compile_time_eval():
        value = np.asarray(evaluate([out], {})[0], dtype=out.dtype)
    return [B.patternbroadcast(B.constant(value), out.broadcastable)
            if value.ndim else B.constant(value)]


def _constant(v):
    while v.owner is not None and isinstance(v.owner.op, DimShuffle):
        v = v.owner.inputs[0]
    return v if isinstance(v, Constant) else None


def pow_one(node):
    """x ** 1 -> x."""
    out = node.outputs[0]
    if op_name(out) == "pow" and is_const(node.inputs[1], 1) and \
            node.inputs[0].type == out.type:
        return [node.inputs[0]]
    return None


def pow_two(node):
    """x ** 2 -> sqr(x) (Theano's specialisation of small powers)."""
    out = node.outputs[0]
    if op_name(out) == "pow" and is_const(node.inputs[1], 2) and \
            node.inputs[0].type == out.type:
        return [B.sqr(node.inputs[0])]
    return None


def canonical_add(node):
    """A sum as Theano's canonicaliser leaves it: nested sums flattened, the constants
    added into one of the sum's dtype (dropped when 0) placed first, rebuilt with T.add
    (Theano prints x + 1 compiled as (TensorConstant{1.0} + x))."""
    out = node.outputs[0]
    if op_name(out) != "add":
        return None
    terms, nested = _flattened(node, "add")
    changed = nested or str(node.op) != "Elemwise{add,no_inplace}"
    consts = [t for t in terms if const_value(t) is not None]
    rest = [t for t in terms if const_value(t) is None]
    if not rest:
        return None
    new_terms = rest
    if consts:
        c = np.asarray(sum(np.asarray(const_value(t), dtype=out.dtype) for t in consts),
                       dtype=out.dtype)
        if c != 0:
            new_terms = [B.constant(np.full((1,) * out.ndim, c, dtype=out.dtype))] + rest
        changed = changed or len(consts) > 1 or c == 0 or terms[0] is not consts[0] or \
            consts[0].dtype != out.dtype
    if not changed:
        return None
    new = new_terms[0] if len(new_terms) == 1 else B.add(*new_terms)
    return [_same_type_as(new, out)] if new.broadcastable == out.broadcastable else None


def _flattened(node, name):
    """Returns (the terms of a nested ``name`` (add/mul) one level down, whether any was)."""
    terms, nested = [], False
    for t in node.inputs:
        if op_name(t) == name:
            terms.extend(t.owner.inputs)
            nested = True
        else:
            terms.append(t)
    return terms, nested


def drop_fill(node):
    """fill(a, b) -> b when b already has the output's broadcast pattern (the gradient
    seed fill(cost, 1.0) of a scalar cost)."""
    out = node.outputs[0]
    if op_name(out) == "second" and node.inputs[1].broadcastable == out.broadcastable:
        return [_same_type_as(node.inputs[1], out)]
    return None


def canonical_mul(node):
    """A product as Theano's canonicaliser leaves it: nested products flattened, a fill
    whose shape another factor already has replaced by its value, the constants
    multiplied into one (dropped when it is 1) placed first."""
    out = node.outputs[0]
    if op_name(out) != "mul":
        return None
    terms, changed = _flattened(node, "mul")
    # Theano's canonicaliser rebuilds every product it visits with T.mul (whose str
    # is Elemwise{mul,no_inplace}); a gradient rule's unnamed Elemwise{mul} does not stay.
    changed = changed or str(node.op) != "Elemwise{mul,no_inplace}"
    full = [t for t in terms if op_name(t) != "second" and t.broadcastable == out.broadcastable]
    if full:
        for k, t in enumerate(terms):
            if op_name(t) == "second":
                terms[k] = t.owner.inputs[1]
                changed = True
    consts = [t for t in terms if const_value(t) is not None]
    rest = [t for t in terms if const_value(t) is None]
    if not rest:
        return None
    if consts:
        c = np.asarray(1, dtype=out.dtype)
        for t in consts:
            c = np.asarray(c * const_value(t), dtype=out.dtype)
        if c == 1:
            new_terms = rest
        else:
            new_terms = [B.constant(np.full((1,) * out.ndim, c, dtype=out.dtype))] + rest
        changed = changed or len(consts) > 1 or c == 1 or terms[0] is not consts[0] or \
            consts[0].dtype != out.dtype
    else:
        new_terms = rest
    if not changed:
        return None
    new = new_terms[0] if len(new_terms) == 1 else B.mul(*new_terms)
    if new.broadcastable != out.broadcastable and new.ndim == out.ndim:
        return None     # a factor dropped with the shape it gave: keep the product
    return [_same_type_as(new, out)]


SIMPLIFY = [fold_constants, pow_one, pow_two, drop_fill, canonical_mul, canonical_add]
