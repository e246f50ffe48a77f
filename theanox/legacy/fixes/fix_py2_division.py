"""Fixer: Python 2 ``/`` and ``/=`` become run-time calls with Python 2 semantics.

``a / b`` -> ``__theanox_legacy__.div(a, b)`` and ``a /= b`` ->
``a = __theanox_legacy__.idiv(a, b)``.  The translator leaves this fixer out
when the module says ``from __future__ import division``.  Whitespace and
newlines of the original expression are kept, so line numbers do not move.
"""

from fissix import fixer_base
from fissix.fixer_util import ArgList, Comma, Leaf, Name, Node
from fissix.pgen2 import token
from fissix.pygram import python_symbols as syms

HELPER = "__theanox_legacy__"


def _call(func, left, op_prefix, right):
    """Return the node ``func(left, right)``; newlines before the operator are kept."""
    comma = Comma()
    comma.prefix = op_prefix if ("\n" in op_prefix or "#" in op_prefix) else ""
    args = [left, comma, right]
    return Node(syms.power, [Name(func), ArgList(args)])


class FixPy2Division(fixer_base.BaseFix):
    PATTERN = """
    term< any+ >
    |
    expr_stmt< any '/=' any >
    """
    order = "post"

    def transform(self, node, results):
        if node.type == syms.expr_stmt:
            target, op, value = node.children
            target.remove()
            value.remove()
            op.remove()
            # the target is evaluated twice: a = idiv(a, b)
            value_prefix = value.prefix
            value.prefix = " " if value_prefix in ("", " ") else value_prefix
            left = target.clone()
            left.prefix = ""
            call = _call(HELPER + ".idiv", left, "", value)
            eq = Leaf(token.EQUAL, "=", prefix=op.prefix)
            call.prefix = " "
            node.append_child(target)
            node.append_child(eq)
            node.append_child(call)
            return None
        children = node.children
        if not any(ch.type == token.SLASH for ch in children[1::2]):
            return None
        prefix = node.prefix
        kids = [ch for ch in children]
        for ch in kids:
            ch.remove()
        acc = kids[0]
        acc.prefix = ""
        pending = []
        for op, operand in zip(kids[1::2], kids[2::2]):
            if op.type == token.SLASH:
                if pending:
                    acc = Node(syms.term, [acc] + pending)
                    pending = []
                acc = _call(HELPER + ".div", acc, op.prefix, operand)
            else:
                pending += [op, operand]
        if pending:
            acc = Node(syms.term, [acc] + pending)
        acc.prefix = prefix
        return acc
