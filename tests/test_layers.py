"""The import graph of theanox: imports point down the layers, and no module cycles.

Every module under theanox/ is parsed with ``ast`` (nothing is imported).  An
import of a theanox module, at module level or inside a function, is an edge to
the module it names: ``from theanox import config`` is an edge to
``theanox.config``; ``from theanox.tensor import basic`` to ``theanox.tensor.basic``;
``from theanox.tensor import TensorType`` (a name, not a module) to the package
``theanox.tensor``.  Importing a submodule runs its package's ``__init__`` too, but
that is not an edge: the rule below keeps package ``__init__`` modules at the top.

Layers, lowest first (a module may import its own layer and the layers below):

0. config: ``theanox.config`` and its option table ``theanox.configdefaults``.
1. graph core: ``theanox.graph.*``; it must not import JAX at all.
2. types and ops: ``theanox.tensor.*`` (random streams and shared variables included)
   and ``theanox.updates``.
3. gradients, scan, ifelse: ``theanox.gradient*``, ``theanox.scan``,
   ``theanox.scan_module.*``, ``theanox.ifelse``, ``theanox.customop`` (users' ops:
   perform through ``pure_callback``, grad methods through ``custom_vjp``) and
   ``theanox.tensor.bessel`` (T.jv/T.iv: SciPy on the host, with grad methods).
4. compile and run: ``theanox.compile.*``, ``theanox.function``, ``theanox.shared``.
5. presentation: ``theanox.printing``.
6. compatibility: re-export modules kept for Theano's paths (``theanox.sandbox.*``,
   ``tensor.signal.downsample``, ``tensor.nnet.conv``, ``theanox.configparser``,
   ``compile.function_module``), the add-ons and tools nothing imports
   (``theanox.datasets``, ``theanox.legacy``, ``theanox._testing``), Theano's
   ``theanox.gof`` re-exports of the graph core, and every
   package ``__init__``.

Package ``__init__`` modules assemble their package's names: they sit in the top
layer, so they may import anything below, and nothing below may import them.  The
``__init__`` of a package whose modules sit in lower layers defines no classes and
no functions except ``__getattr__``/``__dir__`` (names loaded on first use), so no
code hides at the top that the layers below would need.  The ``theano`` alias
package lives outside theanox/.

Upward edges and cycles (strongly connected components of the graph of all
edges, module-level and function-local) are listed when the test fails.
"""
import ast
import os

import pytest

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "theanox")

CONFIG, GRAPH, TYPES, GRADIENT, COMPILE, PRESENTATION, COMPAT = range(7)
LAYER_NAMES = ["config", "graph core", "types and ops", "gradient/scan/ifelse",
               "compile and run", "presentation", "compatibility"]

# Most specific prefix wins (longest match); package __init__ modules are COMPAT.
PREFIXES = {
    "theanox.config": CONFIG,
    "theanox.configdefaults": CONFIG,
    "theanox.version": CONFIG,
    "theanox.graph": GRAPH,
    "theanox.tensor": TYPES,
    "theanox.updates": TYPES,
    "theanox.sparse": TYPES,
    "theanox.sparse.testing": COMPAT,
    "theanox.scalar": TYPES,
    "theanox.typed_list": TYPES,
    "theanox.gradient": GRADIENT,
    "theanox.grad_ops": GRADIENT,
    "theanox.grad_expand": GRADIENT,
    "theanox.grad_display": COMPILE,       # the display of compiled gradients (f.maker.fgraph)
    "theanox.scan": GRADIENT,
    "theanox.scan_module": GRADIENT,
    "theanox.ifelse": GRADIENT,
    "theanox.customop": GRADIENT,
    "theanox.tensor.bessel": GRADIENT,      # host ops with grad methods (like customop)
    "theanox.compile": COMPILE,
    "theanox.function": COMPILE,
    "theanox.function_attrs": COMPILE,
    "theanox.shared": COMPILE,
    "theanox.printing": PRESENTATION,
    "theanox.d3viz": PRESENTATION,
    "theanox.sandbox": COMPAT,
    "theanox.tensor.signal.downsample": COMPAT,
    "theanox.tensor.nnet.conv": COMPAT,
    "theanox.configparser": COMPAT,
    "theanox.compile.function_module": COMPAT,
    "theanox.datasets": COMPAT,
    "theanox.legacy": COMPAT,
    "theanox._testing": COMPAT,
    "theanox.gof": COMPAT,
    "theanox.sharding": COMPAT,
    "theanox.tests": COMPAT,
    "theanox.misc": COMPAT,
    "theanox.compat": COMPAT,
    "theanox.log": CONFIG,
}



def _read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()

def _modules():
    """Returns {module name: (path, is package __init__)} for every file under theanox/."""
    mods = {}
    base = os.path.dirname(ROOT)
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            if not f.endswith(".py"):
                continue
            path = os.path.join(dirpath, f)
            name = os.path.relpath(path, base)[:-3].replace(os.sep, ".")
            package = name.endswith(".__init__")
            mods[name[:-len(".__init__")] if package else name] = (path, package)
    return mods


MODULES = _modules()


def layer(module):
    """Returns the layer number of a theanox module."""
    if MODULES[module][1]:
        return COMPAT
    found = _prefix_layer(module)
    if found is None:
        raise AssertionError("%s has no layer: add it to PREFIXES in tests/test_layers.py"
                             % module)
    return found


def _prefix_layer(module):
    """Returns the layer PREFIXES gives ``module`` (None for none)."""
    best = max((p for p in PREFIXES if module == p or module.startswith(p + ".")), key=len,
               default=None)
    return None if best is None else PREFIXES[best]


def _resolve(name):
    """Returns the theanox module ``name`` refers to (itself, or the package holding it)."""
    while name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def imports(module):
    """Returns [(imported module, line, 'module' or 'function')] for one module's theanox imports."""
    path, package = MODULES[module]
    tree = ast.parse(_read(path), path)
    local = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            local.update(id(n) for n in ast.walk(node) if isinstance(n, (ast.Import,
                                                                          ast.ImportFrom)))
    here = module if package else module.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        where = "function" if id(node) in local else "module"
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "theanox":
                    out.append((_resolve(alias.name), node.lineno, where))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = here.split(".")[:len(here.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            if base.split(".")[0] != "theanox":
                continue
            for alias in node.names:
                full = base + "." + alias.name
                out.append((full if full in MODULES else _resolve(base), node.lineno, where))
    return out


def edges():
    """Returns {module: {imported module: [(line, where)]}} over all theanox modules."""
    graph = {}
    for module in MODULES:
        for target, line, where in imports(module):
            if target != module:
                graph.setdefault(module, {}).setdefault(target, []).append((line, where))
    return graph


def strongly_connected(graph):
    """Returns the strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(MODULES):
        if v not in index:
            visit(v)
    return out


def test_every_module_has_a_layer():
    for module in MODULES:
        layer(module)


def test_imports_point_down_the_layers():
    upward = []
    for module, targets in sorted(edges().items()):
        for target, sites in sorted(targets.items()):
            if layer(target) > layer(module):
                upward.append("%s (%s) imports %s (%s) at line %s" % (
                    module, LAYER_NAMES[layer(module)], target, LAYER_NAMES[layer(target)],
                    ", ".join("%d (%s)" % s for s in sites)))
    assert not upward, "imports pointing to a higher layer:\n" + "\n".join(upward)


def test_no_import_cycles():
    cycles = strongly_connected(edges())
    assert not cycles, "import cycles (strongly connected modules):\n" + "\n".join(
        "%d modules: %s" % (len(c), ", ".join(c)) for c in cycles)


def test_graph_core_does_not_import_jax():
    found = []
    for module, (path, _) in MODULES.items():
        if layer(module) != GRAPH:
            continue
        for node in ast.walk(ast.parse(_read(path), path)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += ["%s:%d imports %s" % (module, node.lineno, n) for n in names
                      if n.split(".")[0] in ("jax", "jaxlib")]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("module", sorted(m for m, (_, package) in MODULES.items()
                                           if package and _prefix_layer(m) != COMPAT))
def test_package_init_only_assembles_names(module):
    path = MODULES[module][0]
    defined = [n.name for n in ast.parse(_read(path), path).body
               if isinstance(n, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
               and n.name not in ("__getattr__", "__dir__")]
    assert not defined, "%s defines %s; move them to a module of the package" % (module,
                                                                                 defined)
