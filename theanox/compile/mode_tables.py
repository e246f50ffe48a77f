"""Theano's optimizer and linker tables (``theano.compile.mode``): names that Mode accepts.

Theano chose an executor per linker name (C, Python, VM) and a rewrite set per
optimizer name.  theanox runs every program through XLA, so a linker name selects
nothing; the tables keep Theano's names and what each stood for, and
``register_linker``/``register_optimizer`` add names that ``Mode`` then accepts.
"""


class Query(str):
    """Returns an optimizer selection: a name Mode(optimizer=...) accepts, with its tags.

    It is the optimizer's name (a ``str``), so ``Mode(optimizer=OPT_FAST_RUN)`` behaves as
    ``Mode(optimizer='fast_run')``; ``include``/``require``/``exclude`` are Theano's tags.
    """

    def __new__(cls, name, include=(), require=(), exclude=()):
        self = str.__new__(cls, name)
        self.include = frozenset(include)
        self.require = frozenset(require)
        self.exclude = frozenset(exclude)
        return self

    def __repr__(self):
        return "Query(%s, include=%s, require=%s, exclude=%s)" % (
            str.__repr__(self), sorted(self.include), sorted(self.require),
            sorted(self.exclude))


exclude = []       # Theano's tags excluded from every predefined optimizer (none by default)
OPT_NONE = Query("None", exclude=exclude)
OPT_MERGE = Query("merge", include=["merge"], exclude=exclude)
OPT_FAST_RUN = Query("fast_run", include=["fast_run"], exclude=exclude)
OPT_FAST_RUN_STABLE = Query("fast_run_stable", include=["fast_run"], require=["stable"],
                            exclude=exclude)
OPT_FAST_COMPILE = Query("fast_compile", include=["fast_compile"], exclude=exclude)
OPT_STABILIZE = Query("stabilize", include=["fast_run"], require=["stabilize"], exclude=exclude)
OPT_O2 = Query("o2", include=["fast_compile"], exclude=exclude)
OPT_O3 = Query("o3", include=["fast_run"], exclude=exclude)
OPT_UNSAFE = Query("unsafe", include=["fast_run", "unsafe"], exclude=exclude)

predefined_optimizers = {
    None: OPT_NONE, "None": OPT_NONE, "merge": OPT_MERGE, "o4": OPT_FAST_RUN,
    "o3": OPT_O3, "o2": OPT_O2, "o1": OPT_FAST_COMPILE, "unsafe": OPT_UNSAFE,
    "fast_compile": OPT_FAST_COMPILE, "fast_run": OPT_FAST_RUN,
    "fast_run_stable": OPT_FAST_RUN_STABLE, "stabilize": OPT_STABILIZE,
}


class LinkerName(str):
    """Returns a linker name Mode(linker=...) accepts; ``executor`` says what Theano ran.

    On JAX every linker runs the whole function as one XLA program, with the same results.
    """

    def __new__(cls, name, executor):
        self = str.__new__(cls, name)
        self.executor = executor
        return self


predefined_linkers = {name: LinkerName(name, executor) for name, executor in [
    ("py", "Python perform() of each op"), ("c", "one C program"),
    ("c|py", "C code where ops have it, else perform()"),
    ("c|py_nogc", "C|Python without freeing intermediates"),
    ("vm", "Python virtual machine"), ("vm_nogc", "Python VM without garbage collection"),
    ("cvm", "C virtual machine"), ("cvm_nogc", "C VM without garbage collection"),
]}


def register_linker(name, linker):
    """Adds ``linker`` under ``name``: Mode(linker=name) is then accepted (XLA runs it)."""
    if name in predefined_linkers:
        raise ValueError("Linker name already taken: %s" % name)
    predefined_linkers[name] = linker


def register_optimizer(name, opt):
    """Adds ``opt`` (a Query or an optimizer) under ``name`` in ``predefined_optimizers``."""
    if name in predefined_optimizers:
        raise ValueError("Optimizer name already taken: %s" % name)
    predefined_optimizers[name] = opt
