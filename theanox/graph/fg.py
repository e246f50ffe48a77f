"""FunctionGraph (the graph a compiled function runs) and functional graph rewriting."""
from collections import OrderedDict

from theanox.graph.basic import Constant, io_toposort, rebuild, rebuild_node


class MissingInputError(Exception):
    """Raised when a graph needs a variable that is not an input of the function."""


class InconsistencyError(Exception):
    """Raised by Theano's graph features when a replacement breaks an invariant."""


class FunctionGraph:
    """Returns a view of the graph from ``inputs`` to ``outputs`` with client lists.

    ``apply_nodes``, ``variables``, ``clients`` and ``toposort()`` behave like
    Theano's; ``replace`` rebuilds the graph functionally.
    """

    def __init__(self, inputs, outputs, update_mapping=None):
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.update_mapping = dict(update_mapping or {})
        self._rebuild()

    def _rebuild(self):
        self._order = io_toposort(self.inputs, self.outputs)
        self.apply_nodes = set(self._order)
        self.variables = set(self.inputs)
        self.clients = OrderedDict((v, []) for v in self.inputs)
        for node in self._order:
            for i, v in enumerate(node.inputs):
                self.variables.add(v)
                self.clients.setdefault(v, []).append((node, i))
            for o in node.outputs:
                self.variables.add(o)
                self.clients.setdefault(o, [])
        for i, o in enumerate(self.outputs):
            self.clients.setdefault(o, []).append(("output", i))

    def toposort(self):
        """Returns the Apply nodes in an order where inputs come first."""
        return list(self._order)

    def replace(self, old, new, reason=None):
        self.outputs = rewrite_outputs(self.outputs, [], extra_replace={old: new})
        self._rebuild()

    def replace_all(self, pairs, reason=None):
        self.outputs = rewrite_outputs(self.outputs, [], extra_replace=dict(pairs))
        self._rebuild()

    def __str__(self):
        return "FunctionGraph(%s)" % ", ".join(str(o) for o in self.outputs)

    def clone(self):
        return FunctionGraph(self.inputs, self.outputs, self.update_mapping)


def rewrite_outputs(outputs, rules, extra_replace=None, merge=True, max_passes=4):
    """Returns ``outputs`` rebuilt with local ``rules`` applied until nothing changes.

    A rule takes an Apply node and returns a list of replacement outputs or None.
    With ``merge``, identical nodes and equal constants become one (CSE).
    """
    memo = dict(extra_replace or {})
    seen_nodes, seen_consts = {}, {}

    def fetch(v):
        v = memo.get(v, v)
        if merge and isinstance(v, Constant) and v.owner is None:
            key = v.signature()
            return seen_consts.setdefault(key, v)
        return v

    def rewrite_node(node, inputs):
        new = rebuild_node(node, inputs)
        for _ in range(max_passes):
            for rule in rules:
                repl = rule(new)
                if repl is not None:
                    break
            else:
                break
            if len(repl) != len(new.outputs) or repl[0].owner is None:
                for o, r in zip(node.outputs, repl):
                    _keep_protection(o, r)
                return repl
            new = repl[0].owner
        if merge:
            key = (new.op, tuple(id(i) for i in new.inputs))
            try:
                new = seen_nodes.setdefault(key, new)
            except TypeError:
                pass
        for o, n in zip(node.outputs, new.outputs):
            if n.name is None and o.name is not None:
                n.name = o.name
            _keep_protection(o, n)
        return new.outputs

    return rebuild(outputs, memo, fetch, rewrite_node)


def _keep_protection(old, new):
    # A variable something differentiates with respect to must stay visible:
    # rules may recompute it, but must not fold it into its consumers.
    if getattr(old.tag, "protected", False) and new is not old:
        new.tag.protected = True
