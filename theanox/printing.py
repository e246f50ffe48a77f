"""Seeing the graph: pp/pprint, debugprint, pydotprint, the Print op and notebook reprs.

The printed forms are Theano 1.0's: ``pp(x ** 2)`` is ``(x ** TensorConstant{2})``,
``debugprint`` draws ``Elemwise{add,no_inplace} [id A] ''`` with `` |`` branches,
and ``pydotprint`` draws inputs green, outputs blue and Apply nodes as colored
boxes, with the ``graphviz`` package.
"""
import hashlib
import io
import os
import sys

import numpy as np

from theanox import config, grad_expand
from theanox.graph import hooks
from theanox.graph.basic import Apply, Constant, Op, Variable, io_toposort
from theanox.graph.fg import FunctionGraph
from theanox.ifelse import IfElse
from theanox.scan_module.scan_op import Scan
from theanox.tensor.basic import Alloc, as_tensor_variable
from theanox.tensor.elemwise import SCALAR_OPS, DimShuffle, Elemwise
from theanox.tensor.linalg import Dot
from theanox.tensor.shapes import MakeVector, Shape, Shape_i
from theanox.tensor.subtensor import Subtensor

__all__ = ["pp", "pprint", "debugprint", "pydotprint", "Print", "min_informative_str",
           "var_descriptor", "char_from_number", "PPrinter", "OperatorPrinter",
           "FunctionPrinter", "PatternPrinter", "DefaultPrinter", "LeafPrinter"]


# =============================================================== debugprint

def char_from_number(number):
    """Returns the letters naming id ``number`` (0 -> 'A', 25 -> 'Z', 26 -> 'BA')."""
    base = 26
    if number == 0:
        return "A"
    out = ""
    while number != 0:
        out = chr(ord("A") + number % base) + out
        number //= base
    return out


def debugprint(obj, depth=-1, print_type=False, file=None, ids="CHAR", stop_on_name=False,
               done=None, print_storage=False, print_clients=False, used_ids=None):
    """Returns the text when ``file='str'`` (else prints it): one line per node, Theano's format.

    ``obj`` is a Variable, an Apply node, a FunctionGraph, a compiled function
    (its optimized graph, update expressions included) or a list of them.
    """
    out = io.StringIO() if file == "str" else (sys.stdout if file is None else file)
    done = {} if done is None else done
    used_ids = {} if used_ids is None else used_ids
    for var, order in _debugprint_targets(obj, out):
        _debugprint(var, "", "", depth, done, used_ids, print_type, out, order, ids,
                    stop_on_name)
    if file == "str":
        return out.getvalue()
    if file is None:
        out.flush()
        return None
    return file


def _debugprint_targets(obj, out):
    targets = []
    for item in (obj if isinstance(obj, (list, tuple, set)) else [obj]):
        if isinstance(item, Variable):
            targets.append((grad_expand.expand(item), None))
        elif isinstance(item, Apply):
            targets.extend((o, None) for o in grad_expand.expand(item.outputs))
        elif isinstance(item, FunctionGraph) or hasattr(getattr(item, "maker", None), "fgraph"):
            fg = item if isinstance(item, FunctionGraph) else item.maker.fgraph
            order = fg.toposort()
            targets.extend((o, order) for o in fg.outputs)
        elif isinstance(item, (int, float, np.ndarray)):
            print(item, file=out)
        elif hasattr(item, "variable"):            # In / Out
            targets.append((item.variable, None))
        else:
            raise TypeError("debugprint cannot print an object of type %s (%r); expected a "
                            "Variable, an Apply node, a compiled function, a FunctionGraph "
                            "or a list of them" % (type(item).__name__, item))
    return targets


def _id_str(obj, used_ids, ids):
    if obj in used_ids:
        return used_ids[obj]
    n = len(used_ids)
    text = {"CHAR": "[id %s]" % char_from_number(n), "int": "[id %d]" % n,
            "id": "[id %d]" % id(obj), "": ""}.get(ids, "[id %s]" % char_from_number(n))
    used_ids[obj] = text
    return text


def _debugprint(r, prefix, prefix_child, depth, done, used_ids, print_type, out, order,
                ids, stop_on_name):
    if depth == 0:
        return
    type_str = " <%s>" % (r.type,) if print_type else ""
    node = r.owner
    if node is None:
        print("%s%s %s%s" % (prefix, r, _id_str(r, used_ids, ids), type_str), file=out)
        return
    already = node in done
    done[node] = True
    id_str = _id_str(node, used_ids, ids)
    idx = "" if len(node.outputs) == 1 else ".%i" % node.outputs.index(r)
    o = str(order.index(node)) if order and node in order else ""
    name = r.name if r.name is not None else ""
    print("%s%s%s %s%s '%s' %s %s %s" % (prefix, node.op, idx, id_str, type_str, name,
                                        "", "", o), file=out)
    if already or (stop_on_name and r.name is not None):
        return
    last = len(node.inputs) - 1
    for i, inp in enumerate(node.inputs):
        child = prefix_child + ("  " if i == last else " |")
        _debugprint(inp, prefix_child + " |", child, depth - 1, done, used_ids, print_type,
                    out, order, ids, stop_on_name)


def debugprint_with_prefix(r, prefix="", depth=-1):
    """Returns the debugprint of ``r`` with every line starting by ``prefix`` (DebugMode)."""
    out = io.StringIO()
    _debugprint(r, prefix, prefix, depth, {}, {}, False, out, None, "CHAR", False)
    return out.getvalue()


# =============================================================== pp / pprint

class PrinterState:
    """Returns a bag of printing options passed down the recursion (``pprinter``...)."""

    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)

    def clone(self, **kwargs):
        d = dict(self.__dict__)
        d.update(kwargs)
        return PrinterState(**d)


class LeafPrinter:
    """Returns the name (or str) of a variable."""

    def process(self, r, pstate):
        return str(r)


class DefaultPrinter:
    """Returns ``op(input, ...)`` using the op's printed name."""

    def process(self, r, pstate):
        if r.owner is None:
            return LeafPrinter().process(r, pstate)
        args = [pstate.pprinter.process(i, pstate) for i in r.owner.inputs]
        return "%s(%s)" % (r.owner.op, ", ".join(args))


class OperatorPrinter:
    """Returns ``(a op b)`` (or ``(op a)`` for one input), always parenthesized like Theano 1.0."""

    def __init__(self, operator, precedence=0, assoc="either"):
        self.operator = operator
        self.precedence = precedence
        self.assoc = assoc

    def process(self, r, pstate):
        args = [pstate.pprinter.process(i, pstate) for i in r.owner.inputs]
        if len(args) == 1:
            return "(%s%s)" % (self.operator, args[0])
        return "(%s)" % (" %s " % self.operator).join(args)


class FunctionPrinter:
    """Returns ``name(input, ...)``."""

    def __init__(self, *names):
        self.names = names

    def process(self, r, pstate):
        args = [pstate.pprinter.process(i, pstate) for i in r.owner.inputs]
        return "%s(%s)" % (self.names[0], ", ".join(args))


class PatternPrinter:
    """Returns a pattern such as ``'|%(0)s|'`` filled with the printed inputs."""

    def __init__(self, pattern):
        self.pattern = pattern

    def process(self, r, pstate):
        args = [pstate.pprinter.process(i, pstate) for i in r.owner.inputs]
        return self.pattern % {str(i): a for i, a in enumerate(args)}


class PPrinter:
    """Returns printed expressions; ``assign(condition, printer)`` adds a rule (last wins).

    ``condition`` is an Op instance (nodes of an equal op), an Op class, or a
    callable ``(pstate, variable) -> bool``.
    """

    def __init__(self):
        self.printers = []

    def assign(self, condition, printer):
        if isinstance(condition, Op):
            op = condition
            condition = lambda pstate, r: r.owner is not None and r.owner.op == op  # noqa: E731
        elif isinstance(condition, type):
            cls = condition
            condition = lambda pstate, r: r.owner is not None and isinstance(r.owner.op, cls)  # noqa: E731,E501
        self.printers.insert(0, (condition, printer))

    def process(self, r, pstate=None):
        if pstate is None:
            pstate = PrinterState(pprinter=self)
        for condition, printer in self.printers:
            if condition(pstate, r):
                return printer.process(r, pstate)
        return _builtin_printer(r).process(r, pstate)

    def __call__(self, args):
        # A gradient prints as Theano's expanded backward graph (theanox.grad_expand).
        if isinstance(args, Variable):
            return self.process(grad_expand.expand(args))
        if isinstance(args, (list, tuple)):
            return "\n".join(self.process(a) for a in grad_expand.expand(list(args)))
        raise TypeError("pp/pprint expects a Variable or a list of Variables, got %r" % (args,))

    def clone(self):
        cp = PPrinter()
        cp.printers = list(self.printers)
        return cp


# ------------------------------------------------- the printers of theanox's ops
# Keyed by Op class: ``_PRINTERS[cls] = (printer, applies to subclasses too)``.
_PRINTERS = {}


def _register_printer(op_class, printer, subclasses=True):
    _PRINTERS[op_class] = (printer, subclasses)


class _DimShufflePrinter:
    def process(self, r, pstate):
        order = list(r.owner.op.new_order)
        while order and order[0] == "x":
            order = order[1:]
        inp = r.owner.inputs[0]
        s = pstate.pprinter.process(inp, pstate)
        if order == list(range(inp.ndim)):
            return s
        if order == list(reversed(range(inp.ndim))):
            return "%s.T" % s
        return "DimShuffle{%s}(%s)" % (", ".join(str(d) for d in order), s)


class _SubtensorPrinter:
    """x[int64:], x[Constant{0}]: Theano pops scalar indices from the end (kept as is)."""

    def process(self, r, pstate):
        node = r.owner
        spec = node.op.idx_list
        syms = list(node.inputs[1:])
        pool = []              # index inputs as Theano holds them: ints and slice parts
        for s in spec:
            if s[0] == "int":
                pool.append("Constant{%d}" % s[1] if s[1] is not None
                            else pstate.pprinter.process(syms.pop(0), pstate))
            elif s[0] == "slice":
                for p in s[1:]:
                    if p is not None:
                        pool.append(syms.pop(0) if p == "sym" else "int64")
        parts = []
        for s in spec:
            if s[0] == "int":
                parts.append(pool.pop())
            elif s[0] == "slice":
                start, stop, step = [_slice_part(p, node, s, k) for k, p in enumerate(s[1:])]
                parts.append("%s:%s%s" % (start, stop, ":%s" % step if step else ""))
            else:
                parts.append(s[0])
        base = pstate.pprinter.process(node.inputs[0], pstate)
        return "%s[%s]" % (base, ", ".join(parts))


def _slice_part(p, node, spec_entry, k):
    if p is None:
        return ""
    if p != "sym":
        return "int64"
    # the dtype of the symbolic bound, as Theano prints the scalar type
    pos = 1
    for s in node.op.idx_list:
        if s is spec_entry:
            pos += sum(1 for q in s[1:k + 1] if q == "sym")
            break
        if s[0] == "int" and s[1] is None:
            pos += 1
        elif s[0] == "slice":
            pos += sum(1 for q in s[1:] if q == "sym")
        elif s[0] == "array":
            pos += 1
    return node.inputs[pos].dtype if pos < len(node.inputs) else "int64"


class _MakeVectorPrinter:
    def process(self, r, pstate):
        return "[%s]" % ", ".join(pstate.pprinter.process(i, pstate) for i in r.owner.inputs)


_register_printer(DimShuffle, _DimShufflePrinter())
_register_printer(Subtensor, _SubtensorPrinter(), subclasses=False)   # Theano: exact type
_register_printer(MakeVector, _MakeVectorPrinter())
_register_printer(Dot, OperatorPrinter("\\dot", -1))
_register_printer(Alloc, FunctionPrinter("alloc"))

# Elementwise rows printed differently from their infix or function name.
_ELEMWISE_SPECIAL = {SCALAR_OPS["abs_"]: PatternPrinter("|%(0)s|"),
                     SCALAR_OPS["second"]: FunctionPrinter("fill")}


def _builtin_printer(r):
    """Returns the printer Theano 1.0 uses for ``r`` (by its op)."""
    node = r.owner
    if node is None:
        return LeafPrinter()
    op = node.op
    # theano.scalar ops on scalars (scalar/basic.py: ScalarApply) print as elementwise
    if isinstance(op, Elemwise) or getattr(op, "applies_scalar_op", False):
        scalar = op.scalar_op
        if scalar.pp_name and not getattr(scalar, "inner_graph", False):
            if scalar in _ELEMWISE_SPECIAL:
                return _ELEMWISE_SPECIAL[scalar]
            if scalar.infix is not None:
                return OperatorPrinter(scalar.infix, scalar.precedence)
            return FunctionPrinter(scalar.pp_name)
    for cls in type(op).__mro__:
        printer, subclasses = _PRINTERS.get(cls, (None, False))
        if printer is not None and (subclasses or cls is type(op)):
            return printer
    return DefaultPrinter()


pprint = PPrinter()
pp = pprint


# =============================================================== pydotprint

_VAR_COLORS = {True: {"input": "limegreen", "constant_input": "SpringGreen",
                      "shared_input": "YellowGreen", "output": "dodgerblue",
                      "unused_output": "lightgrey"},
               False: {"input": "green", "constant_input": "SpringGreen",
                       "shared_input": "darkolivegreen", "output": "blue",
                       "unused_output": "grey"}}
_FORMATS = ("png", "svg", "pdf", "dot", "jpg", "jpeg", "gif", "ps", "eps", "canon", "plain")


def pydotprint(fct, outfile=None, compact=True, format="png", with_ids=False,
               high_contrast=True, cond_highlight=None, colorCodes=None, max_label_size=70,
               scan_graphs=False, var_with_name_simple=False, print_output_file=True,
               return_image=False):
    """Returns the image bytes when ``return_image`` (else writes ``outfile``): the graph drawn.

    ``fct`` is a Variable or list (the graph as built), a compiled function or a
    FunctionGraph (the optimized graph).  Ellipses are variables, boxes are Apply
    nodes: inputs green, outputs blue, shared inputs olive, constants light green;
    Elemwise pink, Subtensor purple, Shape brown, Alloc orange.  The format comes
    from ``format`` or from ``outfile``'s suffix; ``format='dot'`` writes the
    Graphviz source and needs no ``dot`` program.
    """
    graph = _build_dot(fct, compact, with_ids, high_contrast, colorCodes, max_label_size,
                       var_with_name_simple)
    if outfile is not None and format == "png":
        ext = os.path.splitext(str(outfile))[1].lstrip(".").lower()
        if ext in _FORMATS:
            format = ext
    if format == "dot":
        data = graph.source.encode()
    else:
        data = _render(graph, format)
    if return_image:
        return data
    if outfile is None:
        outfile = _default_outfile(format)
    with open(outfile, "wb") as f:
        f.write(data)
    if print_output_file:
        print("The output file is available at", outfile)
    return None


def _default_outfile(format):
    base = getattr(config, "compiledir", "") or ""
    if not base or not os.path.isdir(base):
        import tempfile
        base = tempfile.gettempdir()
    device = getattr(config, "device", "cpu")
    return os.path.join(base, "theano.pydotprint.%s.%s" % (device, format))


def _render(graph, format):
    import graphviz
    try:
        return graph.pipe(format=format)
    except graphviz.ExecutableNotFound:
        raise RuntimeError(
            "pydotprint needs Graphviz's `dot` program to draw %s images, and it was not "
            "found on PATH. Install it (Debian/Ubuntu: `apt-get install graphviz`; macOS: "
            "`brew install graphviz`; conda: `conda install graphviz`), or pass "
            "format='dot' to write the Graphviz source only." % format.upper()) from None


def _graph_of(fct):
    if isinstance(fct, Variable):
        fct = [fct]
    if isinstance(fct, Apply):
        fct = fct.outputs
    if isinstance(fct, (list, tuple)):
        outputs = list(fct)
        return [], outputs, io_toposort([], outputs), {}
    fg = fct if isinstance(fct, FunctionGraph) else getattr(getattr(fct, "maker", None),
                                                            "fgraph", None)
    if fg is None:
        raise TypeError("pydotprint expects a Variable, a list of Variables, a compiled "
                        "function or a FunctionGraph, got %r" % (fct,))
    clients = {v: [c for c in cl if c[0] != "output"] for v, cl in fg.clients.items()}
    return list(fg.inputs), list(fg.outputs), fg.toposort(), clients


def _build_dot(fct, compact, with_ids, high_contrast, colorCodes, max_label_size, simple,
               tooltips=False):
    """Returns the graphviz.Digraph of ``fct``; ``tooltips`` gives every node a ``tooltip``
    (its full name and types: the hover text of theanox.d3viz's page)."""
    import graphviz
    inputs, outputs, topo, clients = _graph_of(fct)
    by_name = colorCodes or {}       # Theano's colorCodes: {Op class name: color}
    vcol = _VAR_COLORS[bool(high_contrast)]
    g = graphviz.Digraph("G", graph_attr={"ordering": "in"})
    ids = {}

    def nid(obj):
        return ids.setdefault(id(obj), "n%d" % len(ids))

    def cut(text):
        return text if len(text) <= max_label_size else text[:max_label_size - 3] + "..."

    def var_label(v):
        if v.name is not None:
            return cut(v.name if simple else "name=%s %s" % (v.name, v.type))
        if isinstance(v, Constant):
            val = str(np.asarray(v.data)).split("\n")[0]
            return cut("val=%s %s" % (val, v.type))
        return cut(str(v.type))

    def add_var(v, kind):
        if id(v) in ids:
            return nid(v)
        attrs = {"shape": "ellipse"}
        if kind:
            attrs.update(color=vcol[kind], style="filled") if high_contrast \
                else attrs.update(color=vcol[kind])
        if tooltips:
            attrs["tooltip"] = _var_tooltip(v, kind)
        g.node(nid(v), var_label(v), **attrs)
        return nid(v)

    seen_labels = {}
    for k, node in enumerate(topo):
        text = str(node.op)
        if with_ids or text in seen_labels:
            text += " id=%d" % k
        seen_labels[text] = True
        color = _apply_color(type(node.op), by_name)
        attrs = {"shape": "box"}
        if color:
            attrs.update(style="filled", fillcolor=color)
        if tooltips:
            attrs["tooltip"] = _apply_tooltip(node)
        g.node(nid(node), cut(text), **attrs)
        for i, v in enumerate(node.inputs):
            label = cut(("%d " % i if len(node.inputs) > 1 else "") + str(v.type))
            if v.owner is None:
                kind = "constant_input" if isinstance(v, Constant) else \
                    "shared_input" if hasattr(v, "get_value") else "input"
                g.edge(add_var(v, kind), nid(node), label=label)
            elif v.name is not None or not compact or v in outputs:
                g.edge(nid(v.owner), add_var(v, "output" if v in outputs else None))
                g.edge(nid(v), nid(node), label=label)
            else:
                g.edge(nid(v.owner), nid(node), label=label)
        for v in node.outputs:
            if v in outputs:
                g.edge(nid(node), add_var(v, "output"))
            elif clients and not clients.get(v):
                g.edge(nid(node), add_var(v, "unused_output"))
    for v in outputs:
        if v.owner is None:
            add_var(v, "output")
    return g


def _var_tooltip(v, kind):
    lines = ["%s: %s" % ((kind or "variable").replace("_", " "), v.name or v), "type: %s" % v.type]
    if isinstance(v, Constant):
        lines.append("value: %s" % str(np.asarray(v.data)).split("\n")[0][:70])
    return "\n".join(lines)


def _apply_tooltip(node):
    lines = ["apply: %s" % node.op, "op class: %s" % type(node.op).__name__]
    lines += ["input %d: %s" % (i, v.type) for i, v in enumerate(node.inputs)]
    lines += ["output %d: %s" % (i, v.type) for i, v in enumerate(node.outputs)]
    return "\n".join(lines)


# =============================================================== Print op

class Print(Op):
    """Returns its input unchanged and prints ``message attr = value`` when the function runs.

    ``attrs`` name attributes or methods of the value (default ``('__str__',)``);
    works inside compiled functions and scan bodies (``jax.debug.callback``).
    """

    __props__ = ("message", "attrs")
    foldable = False

    def __init__(self, message="", attrs=("__str__",), global_fn=None):
        self.message = message
        self.attrs = tuple(attrs)
        self.global_fn = global_fn

    def __str__(self):
        return "Print{%s}" % self.message

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    # A compiled function that contains this op runs without donating its shared
    # state and, after each call, re-raises what the callback raised (take_error)
    # before storing any new state: an exception inside XLA's callback would
    # otherwise surface as an XLA runtime error after the donated state is gone.
    host_callback = True

    def jax(self, x, node=None):
        import jax
        fn = self.global_fn or _print_fn
        if isinstance(x, np.ndarray) or not hasattr(x, "aval"):
            fn(self, np.asarray(x))
            return x

        def callback(v):
            try:
                fn(self, np.asarray(v))
            except BaseException as e:   # KeyboardInterrupt too: re-raised by the caller
                self._errors().append(e)
        jax.debug.callback(callback, x)
        return x

    def _errors(self):
        errors = self.__dict__.get("_pending")
        if errors is None:
            errors = self.__dict__.setdefault("_pending", [])
        return errors

    def take_error(self):
        """Returns (and forgets) the first exception the callback raised, or None."""
        errors = self._errors()
        if not errors:
            return None
        first = errors[0]
        del errors[:]
        return first


# The box colors of pydotprint, by Op class (``colorCodes`` overrides them by name).
_APPLY_COLORS = {Scan: "yellow", Shape: "brown", Shape_i: "brown", IfElse: "magenta",
                 Elemwise: "#FFAABB", Subtensor: "#FFAAFF", Alloc: "#FFAA22", Print: "orange"}


def _apply_color(op_class, by_name):
    """Returns the fill color of an Apply node of ``op_class`` (None for none)."""
    for cls in op_class.__mro__:
        if cls.__name__ in by_name:
            return by_name[cls.__name__]
        if cls in _APPLY_COLORS:
            return _APPLY_COLORS[cls]
    return None


def _print_fn(op, value):
    for attr in op.attrs:
        item = getattr(value, attr)
        print(op.message, attr, "=", item() if callable(item) else item)
    sys.stdout.flush()


# =============================================================== text descriptors

def min_informative_str(obj, indent_level=0, _prev_obs=None, _tag_generator=None):
    """Returns a short indented description of a graph, each object tagged once (A., B., ...)."""
    prev = {} if _prev_obs is None else _prev_obs
    tags = _tag_generator or _TagGenerator()
    indent = " " * indent_level
    if id(obj) in prev:
        return "%s<%s>" % (indent, prev[id(obj)])
    tag = prev[id(obj)] = tags.next()
    if isinstance(obj, np.ndarray):
        name = "<ndarray>"
    elif getattr(obj, "name", None) is not None:
        name = obj.name
    elif getattr(obj, "owner", None) is not None:
        name = str(obj.owner.op) + "".join(
            "\n" + min_informative_str(i, indent_level + 1, prev, tags)
            for i in obj.owner.inputs)
    else:
        name = str(obj)
    return "%s%s. %s" % (indent, tag, name)


def var_descriptor(obj, _prev_obs=None, _tag_generator=None):
    """Returns a string that identifies a graph by structure (names of inner nodes ignored)."""
    prev = {} if _prev_obs is None else _prev_obs
    tags = _tag_generator or _TagGenerator()
    if id(obj) in prev:
        return "<%s>" % prev[id(obj)]
    tag = prev[id(obj)] = tags.next()
    if isinstance(obj, np.ndarray):
        arr = np.ascontiguousarray(obj)
        name = "<ndarray:strides=[%s],digest=%s>" % (
            ",".join(str(s) for s in obj.strides), hashlib.sha256(arr.tobytes()).hexdigest())
    elif getattr(obj, "owner", None) is not None:
        name = "%s(%s)" % (obj.owner.op, ",".join(var_descriptor(i, prev, tags)
                                                   for i in obj.owner.inputs))
    elif getattr(obj, "name", None) is not None:
        name = obj.name
    else:
        name = str(obj)
    return "%s=%s" % (tag, name)


class _TagGenerator:
    def __init__(self):
        self.n = 0

    def next(self):
        self.n += 1
        return char_from_number(self.n - 1)


# =============================================================== notebook reprs

def repr_svg(obj):
    """Returns the SVG text of ``obj``'s graph, or None when Graphviz's `dot` is missing."""
    try:
        return pydotprint(obj, format="svg", return_image=True).decode("utf-8")
    except Exception:
        return None


def repr_mimebundle(obj, include=None, exclude=None):
    """Returns Jupyter's mime bundle: the graph as SVG plus its debugprint as text."""
    bundle = {"text/plain": debugprint(obj, file="str").rstrip("\n") or str(obj)}
    svg = repr_svg(obj)
    if svg is not None:
        bundle["image/svg+xml"] = svg
    return bundle


# The layers below print graphs (error messages, DebugMode, notebook reprs) through
# these hooks.
hooks.debugprint.register(debugprint)
hooks.debugprint_with_prefix.register(debugprint_with_prefix)
hooks.repr_svg.register(repr_svg)
hooks.repr_mimebundle.register(repr_mimebundle)


# =============================================================== Theano's other printing names
VALID_ASSOC = {"left", "right", "either"}     # the associativities OperatorPrinter accepts
default_printer = DefaultPrinter()
leaf_printer = LeafPrinter()
# pydotprint's colours of Apply nodes by op name (Theano's defaults).
default_colorCodes = {"GpuFromHost": "red", "HostFromGpu": "red", "Scan": "yellow",
                      "Shape": "brown", "IfElse": "magenta", "Elemwise": "#FFAABB",
                      "Subtensor": "#FFAAFF", "Alloc": "#FFAA22", "Output": "blue"}
# Names pp's LaTeX-style printers use (ASCII spellings, as Theano's use_ascii=True).
use_ascii = True
special = {"middle_dot": "\\dot", "big_sigma": "\\Sigma"}
greek = {"alpha": "\\alpha", "beta": "\\beta", "gamma": "\\gamma", "delta": "\\delta",
         "epsilon": "\\epsilon"}


def _drawing_backend():
    # theanox draws with the ``graphviz`` package (Theano used pydot): is it importable?
    try:
        import graphviz  # noqa: F401
    except ImportError:
        return False, "Install the python package graphviz and the Graphviz program."
    return True, ""


pydot_imported, pydot_imported_msg = _drawing_backend()


class IgnorePrinter:
    """A printer that prints a node's output as its first input (the op is not shown)."""

    def process(self, output, pstate):
        if output.owner is None:
            raise TypeError("IgnorePrinter: not printing %s (it is not the output of a node)"
                            % (output,))
        return pstate.pprinter.process(output.owner.inputs[0], pstate)


def position_independent_str(obj):
    """Returns 'theano_var{type=...}': a variable's description without its position."""
    if not isinstance(obj, Variable):
        raise NotImplementedError("position_independent_str(%r): only variables" % (obj,))
    return "theano_var{type=" + str(obj.type) + "}"


def hex_digest(x):
    """Returns a sha256 hex digest of an ndarray's bytes, annotated with strides and shape."""
    if not isinstance(x, np.ndarray):
        raise TypeError("hex_digest expects a numpy ndarray, got %r" % (type(x),))
    import hashlib
    digest = hashlib.sha256(x.tobytes()).hexdigest()
    return (digest + "|strides=[" + ",".join(str(s) for s in x.strides) + "]"
            + "|shape=[" + ",".join(str(s) for s in x.shape) + "]")
