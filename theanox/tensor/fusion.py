"""Elementwise fusion: chains of Elemwise nodes become one ``Elemwise{Composite{...}}``.

What ``f.maker.fgraph`` shows is what runs: a Composite's lowering evaluates its
inner scalar graph step by step (each step cast to its recorded dtype, exactly as
the unfused nodes would), and XLA fuses the loop.  Only trees are fused: an
intermediate result used by more than one node (or returned, or a gradient's
``wrt``) stays a separate node, so nothing is computed twice.
"""
from theanox.graph.basic import io_toposort, rebuild
from theanox.tensor.elemwise import (
    _NO_INPUT_CAST,
    Elemwise,
    ScalarOp,
    _as_dtype,
    _upgrade_input,
    whole_switch_condition,
)

# Theano's scalar-level names where they differ from the tensor-level ones.
_SCALAR_NAMES = {"lt": "LT", "gt": "GT", "le": "LE", "ge": "GE", "eq": "EQ", "neq": "NEQ",
                 "switch": "Switch", "and_": "AND", "or_": "OR", "xor": "XOR",
                 "invert": "Invert", "sigmoid": "scalar_sigmoid",
                 "softplus": "scalar_softplus", "clip": "Clip", "abs_": "abs_"}


class Composite(ScalarOp):
    """Returns a scalar op made of a small graph of scalar ops (printed ``Composite{...}``).

    ``steps`` is a list of ``(scalar_op, args, dtype)``; an arg ``k < nin`` is
    input ``k``, otherwise the result of step ``k - nin``.  The last step is the output.
    """

    elemwise_suffix = ""

    def __init__(self, nin, steps):
        self.steps = tuple(steps)
        self.inner_graph = True
        super().__init__("Composite{%s}" % _expr(nin, self.steps, len(self.steps) - 1),
                         nin, self._evaluate, lambda *ds: self.steps[-1][2])

    def _evaluate(self, *values):
        vals = list(values)
        for sop, args, dtype in self.steps:
            ins = [vals[a] for a in args]
            if dtype[0] in "fc" and sop.name not in _NO_INPUT_CAST:
                ins = [_upgrade_input(v, dtype) for v in ins]   # as Elemwise.jax does
            vals.append(_as_dtype(sop.fn(*ins), dtype))
        return vals[-1]


def _expr(nin, steps, k):
    sop, args, _ = steps[k]
    parts = ["i%d" % a if a < nin else _expr(nin, steps, a - nin) for a in args]
    if sop.infix is not None:
        if len(parts) == 1:
            return "(%s%s)" % (sop.infix, parts[0])
        return "(%s)" % (" %s " % sop.infix).join(parts)
    return "%s(%s)" % (_SCALAR_NAMES.get(sop.name, sop.name), ", ".join(parts))


def fuse_elemwise(outputs):
    """Returns ``outputs`` with every tree of two or more Elemwise nodes fused into one."""
    order = io_toposort([], outputs)
    uses = {}
    for node in order:
        for v in node.inputs:
            uses[v] = uses.get(v, 0) + 1
    for v in outputs:
        uses[v] = uses.get(v, 0) + 2
    groups, absorbed = {}, set()
    for node in reversed(order):
        if id(node) in absorbed or not _fusible(node):
            continue
        members = _collect(node, uses)
        if len(members) > 1:
            groups[id(node)] = members
            absorbed.update(id(m) for m in members[:-1])
    if not groups:
        return list(outputs)
    memo = {}

    def fuse_node(node, inputs):
        if id(node) in groups:
            return [_fuse(groups[id(node)], memo)]
        if id(node) in absorbed:    # computed inside its group's Composite
            return node.outputs
        return None

    return rebuild(outputs, memo, replace_node=fuse_node)


def _fusible(node):
    # A switch picking arrays whole by a 0-d condition stays apart: a program decides
    # it before running when the condition comes from scalar inputs (compile/staging.py).
    return isinstance(node.op, Elemwise) and node.op.scalar_op.nout == 1 \
        and len(node.outputs) == 1 and whole_switch_condition(node) is None


def _collect(root, uses):
    """Returns the nodes of the tree under ``root`` that can be inlined, root last."""
    members = []

    def visit(node):
        for v in node.inputs:
            if v.owner is not None and _fusible(v.owner) and uses.get(v, 0) == 1:
                visit(v.owner)
        members.append(node)
    visit(root)
    return members


def _fuse(members, memo):
    inside = {id(m) for m in members}
    externals, steps, step_of = [], [], {}

    def gather(node):
        # The Composite's inputs in the order the expression reads them, left to right
        # (Theano's: mul(3.0, sqr(x)) fuses to Composite{(i0 * sqr(i1))}(3.0, x)).
        for v in node.inputs:
            if v.owner is not None and id(v.owner) in inside:
                gather(v.owner)
            elif v not in externals:
                externals.append(v)
    gather(members[-1])
    nin = len(externals)
    for node in members:
        args = [nin + step_of[id(v.owner)] if v.owner is not None and id(v.owner) in inside
                else externals.index(v) for v in node.inputs]
        step_of[id(node)] = len(steps)
        steps.append((node.op.scalar_op, tuple(args), node.outputs[0].dtype))
    root = members[-1]
    op = Elemwise(Composite(nin, steps))
    out = op(*[memo.get(v, v) for v in externals])
    if out.name is None:
        out.name = root.outputs[0].name
    return out
