"""Theano's helpers of ``theano.compile`` (function_module, pfunc, io, mode, builders).

Legacy code and Theano's own docs call them: ``pfunc``/``orig_function`` (what
``theano.function`` is built on), ``rebuild_collect_shared`` (clone outputs with
replacements, collect the shared variables and updates), ``std_fgraph``,
``convert_function_input``, the aliasing helpers (``alias_root``, ``view_tree_set``,
``infer_reuse_pattern``, ``insert_deepcopy``) that follow ops' ``view_map`` and
``destroy_map``, and the optimizer classes of ``theano.compile.mode``.  On JAX no op
views or destroys its inputs, so the aliasing helpers find only what users' ops
declare; they still give Theano's answers on such graphs.
"""
import itertools

import numpy as np

from theanox.compile.builders import OpFromGraph
from theanox.compile.profiling import ProfileStats
from theanox.compile.view_ops import deep_copy_op, view_op
from theanox.function import In, Out, SymbolicInput, SymbolicOutput, function
from theanox.graph.basic import Constant, Variable, ancestors, clone_replace, graph_inputs
from theanox.graph.fg import FunctionGraph, InconsistencyError
from theanox.tensor.sharedvar import SharedVariable
from theanox.tensor.user_rewrites import Optimizer, local_optimizer


class AliasedMemoryError(Exception):
    """Raised when two function inputs or outputs would share memory they must not."""


# Theano's sentinels for In(value=...) handling (compared by identity).
DUPLICATE = ["DUPLICATE"]
NODEFAULT = ["NODEFAULT"]


# ------------------------------------------------------------------ aliasing helpers
def _views_of(op, pos):
    vmap = getattr(op, "view_map", None) or {}
    dmap = getattr(op, "destroy_map", None) or {}
    return list(vmap.get(pos, [])) + list(dmap.get(pos, []))


def alias_root(v):
    """Returns the variable whose memory ``v`` views (following view_map/destroy_map)."""
    if v.owner is None:
        return v
    views = _views_of(v.owner.op, v.owner.outputs.index(v))
    if len(views) > 1:
        raise NotImplementedError("%s is a view/destroyer of more than one input (%s)"
                                  % (v, views))
    if views:
        return alias_root(v.owner.inputs[views[0]])
    return v


def view_tree_set(v, treeset, clients=None):
    """Adds to ``treeset`` ``v`` and every variable that views it (transitively).

    ``clients`` maps a variable to its (node, input position) list (``fgraph.clients``).
    """
    if clients is None:
        clients = getattr(v, "clients", None)
        if clients is None:
            raise TypeError("view_tree_set(%s): pass clients=fgraph.clients (theanox "
                            "variables keep no client list)" % (v,))
        clients = {v: clients}
    treeset.add(v)
    for node, pos in clients.get(v, []):
        if node == "output":
            continue
        vmap = getattr(node.op, "view_map", None) or {}
        dmap = getattr(node.op, "destroy_map", None) or {}
        for opos, iposlist in itertools.chain(vmap.items(), dmap.items()):
            if pos in iposlist and node.outputs[opos] not in treeset:
                view_tree_set(node.outputs[opos], treeset, clients)


def infer_reuse_pattern(fgraph, outputs_to_disown):
    """Returns the computed variables whose memory the outputs ``outputs_to_disown`` share."""
    found = set()
    for o in outputs_to_disown:
        view_tree_set(alias_root(o), found, fgraph.clients)
    return [r for r in found if r.owner is not None]


def insert_deepcopy(fgraph, wrapped_inputs, wrapped_outputs):
    """Wraps in deep_copy_op (view_op when both sides borrow) each output of ``fgraph`` that
    would alias another output or an input that is not updated."""
    if len(wrapped_inputs) != len(fgraph.inputs) or len(wrapped_outputs) != len(fgraph.outputs):
        raise ValueError("insert_deepcopy: %d/%d wrapped inputs/outputs for a graph with %d/%d"
                         % (len(wrapped_inputs), len(wrapped_outputs), len(fgraph.inputs),
                            len(fgraph.outputs)))
    updated = {v for w, v in zip(wrapped_inputs, fgraph.inputs) if getattr(w, "update", None)}
    outputs = list(fgraph.outputs)
    for i, out in enumerate(outputs):
        views = set()
        view_tree_set(alias_root(out), views, fgraph.clients)
        borrow_out = getattr(wrapped_outputs[i], "borrow", False)
        wrap = None
        for j in range(i + 1, len(outputs)):
            if outputs[j] in views:
                wrap = view_op if borrow_out and getattr(wrapped_outputs[j], "borrow", False) \
                    else deep_copy_op
                break
        if wrap is None:
            for inp in graph_inputs(outputs):
                if inp in updated or inp not in views:
                    continue
                if inp in fgraph.inputs:
                    w = wrapped_inputs[fgraph.inputs.index(inp)]
                    both = borrow_out and getattr(w, "borrow", False)
                else:
                    both = borrow_out
                wrap = view_op if both else deep_copy_op
                break
        if wrap is not None:
            outputs[i] = wrap(out)
    if outputs != list(fgraph.outputs):
        fgraph.__init__(fgraph.inputs, outputs, fgraph.update_mapping)


class Supervisor:
    """A graph feature that refuses graphs destroying one of the ``protected`` variables."""

    def __init__(self, protected):
        self.protected = list(protected)

    def validate(self, fgraph):
        for node in fgraph.toposort():
            for ins in (getattr(node.op, "destroy_map", None) or {}).values():
                for i in ins:
                    r = node.inputs[i]
                    if r in self.protected or r in fgraph.outputs:
                        raise InconsistencyError("Trying to destroy a protected Variable.", r)
        return True


# ------------------------------------------------------------------ inputs and outputs
def convert_function_input(input):
    """Returns the In for one of Theano's input forms: a Variable, an In, (name, var),
    (var, value), ((var, update), value), optionally led by a name."""
    if isinstance(input, SymbolicInput):
        return input
    if isinstance(input, Constant):
        raise TypeError("A Constant instance is not a legal function input", input)
    if isinstance(input, Variable):
        return In(input)
    if isinstance(input, (list, tuple)):
        orig = input
        if not input:
            raise TypeError("Nonsensical input specification: %s" % (input,))
        name = None
        if isinstance(input[0], str):
            name, input = input[0], input[1:]
        update = value = None
        if input and isinstance(input[0], (list, tuple)):
            if len(input[0]) != 2 or len(input) != 2:
                raise TypeError("Invalid input syntax: %s (check the documentation or use "
                                "an In instance)" % (orig,))
            (variable, update), value = input
        elif input and isinstance(input[0], SymbolicInput):
            if len(input) == 1:
                return input[0]
            raise TypeError("The input specification %s is not valid" % (orig,))
        elif input and isinstance(input[0], Variable) and len(input) in (1, 2):
            variable = input[0]
            value = input[1] if len(input) == 2 else None
        else:
            raise TypeError("The input specification %s is not valid" % (orig,))
        if not isinstance(variable, Variable):
            raise TypeError("Unknown input type: %s, expected Variable instance"
                            % type(variable), variable)
        if update is not None and not isinstance(update, Variable):
            raise TypeError("Unknown update type: %s, expected Variable instance"
                            % type(update), update)
        if isinstance(value, (Variable, SymbolicInput)):
            raise TypeError("The value for input %s should not be a Variable or "
                            "SymbolicInput instance (got: %s)" % (variable, value))
        return In(variable, name=name, value=value, update=update)
    raise TypeError("Unknown input type: %s (%s), expected Variable instance"
                    % (type(input), input))


def get_info_on_inputs(named_inputs, n_unnamed_inputs):
    """Returns Theano's sentence describing a function's named and unnamed inputs."""
    n_named = len(named_inputs)

    def s(n):
        return "s" if n > 1 else ""
    if n_named == 0:
        if n_unnamed_inputs == 0:
            return "The function is supposed to have no input."
        if n_unnamed_inputs == 1:
            return ("The function has a single input variable which has no name, and thus "
                    "cannot be assigned through a keyword argument (use 'name=...' in a "
                    "Variable's constructor to give it a name).")
        return ("The function has %s inputs, but none of them is named, and thus they cannot "
                "be assigned through keyword arguments (use 'name=...' in a Variable's "
                "constructor to give it a name)." % n_unnamed_inputs)
    if n_unnamed_inputs == 0:
        return "The function has %s named input%s (%s)." % (n_named, s(n_named),
                                                            ", ".join(named_inputs))
    return ("The function has %s named input%s (%s), and %s unnamed input%s which thus cannot "
            "be accessed through keyword argument%s (use 'name=...' in a variable's "
            "constructor to give it a name)." % (
                n_named, s(n_named), ", ".join(named_inputs), n_unnamed_inputs,
                s(n_unnamed_inputs), s(n_unnamed_inputs)))


def std_fgraph(input_specs, output_specs, accept_inplace=False):
    """Returns (FunctionGraph of the inputs -> outputs + input updates, the updates as
    SymbolicOutputs), as Theano's function maker builds it."""
    inputs = [spec.variable for spec in input_specs]
    updates = [spec.update for spec in input_specs if getattr(spec, "update", None) is not None]
    outputs = [spec.variable for spec in output_specs] + updates
    fgraph = FunctionGraph(inputs, outputs)
    return fgraph, [SymbolicOutput(u) for u in updates]


def fgraph_updated_vars(fgraph, expanded_inputs):
    """Returns {input variable: output computing its new value} for inputs with updates
    (the updates are the last outputs of ``fgraph``, in input order)."""
    updated = {}
    pending = list(fgraph.outputs)
    if len(expanded_inputs) != len(fgraph.inputs):
        raise ValueError("fgraph_updated_vars: %d input specs for %d graph inputs"
                         % (len(expanded_inputs), len(fgraph.inputs)))
    for spec, var in reversed(list(zip(expanded_inputs, fgraph.inputs))):
        if getattr(spec, "update", None) is not None:
            updated[var] = pending.pop()
    return updated


def io_connection_pattern(inputs, outputs):
    """Returns [[is output j computed from input i]] for i over inputs, j over outputs."""
    reach = [set(ancestors([o])) for o in outputs]
    return [[i in r for r in reach] for i in inputs]


# ------------------------------------------------------------------ pfunc and friends
def _as_in(spec):
    spec = convert_function_input(spec)
    if isinstance(spec, In):
        return spec
    return In(spec.variable, name=spec.name, update=spec.update, strict=spec.strict,
              allow_downcast=spec.allow_downcast)


def _as_out(spec):
    if isinstance(spec, SymbolicOutput) and not isinstance(spec, Out):
        return Out(spec.variable, borrow=spec.borrow)
    return spec


def _refuse_output_keys(output_keys):
    if output_keys is not None:
        raise NotImplementedError("output_keys=%r: theanox functions return a list of outputs "
                                  "(dict outputs are not supported); drop output_keys and "
                                  "zip the list with your keys" % (output_keys,))


def orig_function(inputs, outputs, mode=None, accept_inplace=False, name=None, profile=None,
                  on_unused_input=None, output_keys=None):
    """Returns the Function of In/SymbolicInput ``inputs`` and (Symbolic)Output ``outputs``."""
    _refuse_output_keys(output_keys)
    if isinstance(outputs, (list, tuple)):
        outputs = [_as_out(o) for o in outputs]
    else:
        outputs = _as_out(outputs)
    return function([_as_in(i) for i in inputs], outputs, mode=mode,
                    accept_inplace=accept_inplace, name=name, profile=profile,
                    on_unused_input=on_unused_input)


def pfunc(params, outputs=None, mode=None, updates=None, givens=None, no_default_updates=False,
          accept_inplace=False, name=None, rebuild_strict=True, allow_input_downcast=None,
          profile=None, on_unused_input=None, output_keys=None):
    """Returns ``theano.function(params, outputs, ...)`` (Theano's function calls pfunc)."""
    _refuse_output_keys(output_keys)
    return function(params, outputs, mode=mode, updates=updates, givens=givens,
                    no_default_updates=no_default_updates, accept_inplace=accept_inplace,
                    name=name, rebuild_strict=rebuild_strict,
                    allow_input_downcast=allow_input_downcast, profile=profile,
                    on_unused_input=on_unused_input)


def rebuild_collect_shared(outputs, inputs=None, replace=None, updates=None,
                           rebuild_strict=True, copy_inputs_over=True, no_default_updates=False):
    """Returns (inputs, cloned outputs, [clone map, {shared: update}, [(shared, update)],
    shared inputs]): the outputs cloned with ``replace`` applied, as Theano's pfunc does."""
    inputs = list(inputs or [])
    replace = dict(replace.items() if hasattr(replace, "items") else (replace or []))
    if not rebuild_strict:
        raise NotImplementedError("rebuild_collect_shared(rebuild_strict=False): use "
                                  "theano.function(..., rebuild_strict=False)")
    single = isinstance(outputs, (Variable, SymbolicOutput))
    outs = [outputs] if single else list(outputs or [])
    out_vars = [o.variable if isinstance(o, SymbolicOutput) else o for o in outs]
    pairs = list(updates.items() if hasattr(updates, "items") else (updates or []))
    n = len(out_vars)
    cloned = clone_replace(out_vars + [u for _, u in pairs], replace,
                           copy_inputs_over=copy_inputs_over)
    clone_d = dict(zip(out_vars, cloned[:n]))
    clone_d.update(replace)
    update_expr = [(s, u) for (s, _), u in zip(pairs, cloned[n:])]
    update_d = dict(update_expr)
    if not no_default_updates:
        skip = set(no_default_updates or ()) if no_default_updates is not True else None
        for v in graph_inputs(cloned):
            upd = getattr(v, "default_update", None)
            if isinstance(v, SharedVariable) and upd is not None and v not in update_d \
                    and (skip is None or v not in skip):
                update_d[v] = upd
                update_expr.append((v, upd))
    shared_inputs = [v for v in graph_inputs(cloned + [u for _, u in update_expr])
                     if isinstance(v, SharedVariable)]
    new_outs = [Out(c, o.borrow) if isinstance(o, SymbolicOutput) else c
                for o, c in zip(outs, cloned[:n])]
    result = new_outs[0] if single else new_outs
    return inputs, result, [clone_d, update_d, update_expr, shared_inputs]


# ------------------------------------------------------------------ optimizers of compile.mode
class AddFeatureOptimizer(Optimizer):
    """An optimizer that attaches ``feature`` to the graph (its on_attach is called)."""

    def __init__(self, feature):
        self.feature = feature

    def add_requirements(self, fgraph):
        features = fgraph.__dict__.setdefault("_features", [])
        features.append(self.feature)
        if hasattr(self.feature, "on_attach"):
            self.feature.on_attach(fgraph)

    def apply(self, fgraph):
        self.add_requirements(fgraph)


class AddDestroyHandler(Optimizer):
    """An optimizer that checks no op destroys a graph input (Theano's destroy handler)."""

    def apply(self, fgraph):
        Supervisor([v for v in fgraph.inputs]).validate(fgraph)


class PrintCurrentFunctionGraph(Optimizer):
    """An optimizer that prints ``header`` and the graph's nodes where it runs."""

    def __init__(self, header):
        self.header = header

    def apply(self, fgraph):
        print("PrintCurrentFunctionGraph:", self.header)
        for node in fgraph.toposort():
            print(" ", node.op, "(", ", ".join(str(i) for i in node.inputs), ")")


@local_optimizer([OpFromGraph])
def inline_ofg_expansion(node):
    """Replaces an inline OpFromGraph node by its inner graph (Theano's rewrite)."""
    op = node.op
    if not isinstance(op, OpFromGraph) or not op.inline:
        return False
    return clone_replace(op.outputs, dict(zip(op.inputs + op.shared_inputs, node.inputs)))


# ------------------------------------------------------------------ misc
def check_equal(x, y):
    """Raises Exception('Output mismatch.') unless storage cells ``x`` and ``y`` hold equal
    values (arrays: same dtype, shape, and values within 1e-10)."""
    x, y = x[0], y[0]
    if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
        x, y = np.asarray(x), np.asarray(y)
        if x.dtype != y.dtype or x.shape != y.shape or np.any(np.abs(x - y) > 1e-10):
            raise Exception("Output mismatch.", {"performlinker": x, "clinker": y})
    elif x != y:
        raise Exception("Output mismatch.", {"performlinker": x, "clinker": y})


checkers = []


def register_checker(checker):
    """Adds ``checker(x_cell, y_cell)`` to ``checkers`` (Theano's DualLinker compared a C and
    a Python run with them; theanox has one back end, the list is for users' code)."""
    checkers.append(checker)


class ScanProfileStats(ProfileStats):
    """Profile of a scan: its calls, steps and time spent inside the loop."""

    def __init__(self, atexit_print=True, name=None, **kwargs):
        ProfileStats.__init__(self, atexit_print, name=name, **kwargs)
        self.callcount = 0
        self.nbsteps = 0
        self.call_time = 0.0
        self.vm_call_time = 0.0

    def summary_globals(self, file):
        print("Scan Op profiling (%s)" % self.message, file=file)
        print("  Time in %d calls of the op (for a total of %d steps) %es"
              % (self.callcount, self.nbsteps, self.call_time), file=file)
