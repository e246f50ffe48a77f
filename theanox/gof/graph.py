"""Theano's ``theano.gof.graph``: the graph classes and walks (theanox's graph core)."""
from theanox.graph.basic import (  # noqa: F401
    Apply,
    Constant,
    Variable,
    ancestors,
    clone,
    graph_inputs,
    io_toposort,
    is_same_graph,
    list_of_nodes,
)

Node = Apply


def inputs(variables, blockers=None):
    """Returns the input variables (no owner, or in ``blockers``) ``variables`` depend on."""
    return graph_inputs(list(variables), blockers)


def variables(i, o):
    """Returns the variables computed between inputs ``i`` and outputs ``o`` (both included)."""
    out, seen = [], set()
    for v in list(i):
        if v not in seen:
            seen.add(v)
            out.append(v)
    for node in io_toposort(list(i), list(o)):
        for v in list(node.inputs) + list(node.outputs):
            if v not in seen:
                seen.add(v)
                out.append(v)
    for v in o:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out


def ops(i, o):
    """Returns the set of Apply nodes between inputs ``i`` and outputs ``o``."""
    return set(io_toposort(list(i), list(o)))


def orphans(i, o):
    """Returns the leaves under ``o`` that are not in ``i`` (constants, unlisted inputs)."""
    known = set(i)
    return [v for v in graph_inputs(list(o)) if v not in known]


def view_roots(r):
    """Returns [r]: theanox ops never return views of their inputs."""
    return [r]


__all__ = ["Apply", "Node", "Constant", "Variable", "ancestors", "inputs", "io_toposort",
           "variables", "ops", "orphans", "clone", "is_same_graph", "list_of_nodes",
           "view_roots"]
