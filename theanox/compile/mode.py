"""Compile modes: which rewrites run and how the program executes.

FAST_RUN: rewrites + one jitted program.  FAST_COMPILE: no rewrites, jitted.
Op-by-op modes (DebugMode, NanGuardMode, MonitorMode, ProfileMode) override
``run``; each lives in its own module of ``theanox.compile`` and registers itself
with ``register_mode`` when imported (``theanox.compile`` imports them all).
"""
import copy
import threading
from functools import partial

from theanox import config
from theanox.compile import rewrite_tags
from theanox.compile.mode_tables import (  # noqa: F401  (Theano's names in compile.mode)
    OPT_FAST_COMPILE,
    OPT_FAST_RUN,
    OPT_FAST_RUN_STABLE,
    OPT_MERGE,
    OPT_NONE,
    OPT_O2,
    OPT_O3,
    OPT_STABILIZE,
    OPT_UNSAFE,
    Query,
    predefined_linkers,
    predefined_optimizers,
    register_linker,
    register_optimizer,
)
from theanox.compile.profiling import ProfileStats
from theanox.compile.program import Program
from theanox.graph import hooks
from theanox.graph.fg import FunctionGraph
from theanox.tensor.rewrites import rewrite

LINKERS = frozenset({"py", "c", "c|py", "c|py_nogc", "vm", "vm_nogc", "cvm", "cvm_nogc",
                     "c&py", "debug", "monitor", "profile"})


class Mode:
    """Returns a compilation strategy (``linker`` is accepted for compatibility)."""

    def __init__(self, linker=None, optimizer="default"):
        # Theano's linkers choose its executor (C, Python, VM); XLA runs every program,
        # with the same results, so any of Theano's linker names is accepted.
        if linker is not None and linker not in LINKERS and linker not in predefined_linkers \
                and not type(linker).__name__.endswith("Linker"):
            raise ValueError("Mode(linker=%r): unknown linker; Theano's linkers are %s (in "
                             "theanox all run as one XLA program)"
                             % (linker, ", ".join(sorted(LINKERS))))
        self.linker = linker
        if optimizer == "default":
            optimizer = config.optimizer
        self.optimizer = optimizer
        self.provided_optimizer = optimizer

    _included = _excluded = _required = frozenset()

    def including(self, *tags):
        """Returns a copy of this mode that also runs the rewrites with these tags."""
        return self._with_tags("_included", tags, "including")

    def excluding(self, *tags):
        """Returns a copy of this mode that skips the rewrites with these tags."""
        return self._with_tags("_excluded", tags, "excluding")

    def requiring(self, *tags):
        """Returns a copy of this mode that runs only rewrites carrying all these tags."""
        return self._with_tags("_required", tags, "requiring")

    def _with_tags(self, attr, tags, method):
        for tag in tags:
            if tag in rewrite_tags.ABSENT and method != "excluding":
                raise ValueError(
                    "Mode.%s(%r): theanox has no %r rewrites (XLA does that work), so they "
                    "cannot be turned on; drop the tag." % (method, tag, tag))
            if tag not in rewrite_tags.KNOWN and tag not in rewrite_tags.ABSENT:
                raise ValueError(
                    "Mode.%s(%r): unknown rewrite tag. theanox's rewrites answer to %s; "
                    "tags of rewrites theanox never does (%s) may be excluded."
                    % (method, tag, ", ".join(sorted(rewrite_tags.KNOWN)),
                       ", ".join(sorted(rewrite_tags.ABSENT))))
        mode = copy.copy(self)
        setattr(mode, attr, getattr(self, attr) | frozenset(tags))
        return mode

    @property
    def rewrites_enabled(self):
        return self.optimizer not in (None, "None", "fast_compile", "merge")

    def build_fgraph(self, inputs, outputs, update_mapping):
        """Returns the FunctionGraph the function will run, after this mode's rewrites."""
        level = "fast_run" if self.rewrites_enabled else "merge"
        keep = None
        if self._included or self._excluded or self._required:
            keep = partial(rewrite_tags.keep, level == "fast_run", self._included,
                           self._excluded, self._required)
        outputs = rewrite(outputs, level=level, keep=keep)
        return FunctionGraph(inputs, outputs, update_mapping)

    def make_program(self, inputs, outputs, donate, function):
        """Returns the Program a function of this mode runs."""
        return Program(inputs, outputs, donate, name=function.name,
                       placement=getattr(function, "placement", None),
                       state=getattr(function, "state_pairs", ()))

    def runner(self, function, program):
        """Returns the callable(values) -> outputs that each call of ``function`` runs."""
        profile = getattr(function, "profile", None)
        if profile is not None:
            return partial(profile.run, program)
        return program.runner()

    def run(self, function, program, values):
        """Returns the outputs of one call of ``function`` on ``values``."""
        return self.runner(function, program)(values)

    def make_profile(self, function, name):
        """Returns the ProfileStats that records the calls of ``function``."""
        return ProfileStats(name=name, function=function)

    def __str__(self):
        return "Mode(linker=%s, optimizer=%s)" % (self.linker, self.optimizer)


FAST_RUN = Mode("cvm", "fast_run")
FAST_COMPILE = Mode("py", "fast_compile")


def op_by_op_runner(mode, function, program):
    """Returns ``mode.run`` bound to one function: the runner of modes that override run."""
    return partial(mode.run, function, program)


# The modes by name (Theano's ``predefined_modes``).  This module owns the dict:
# modes are added with ``register_mode`` (the optional modes do when
# ``theanox.compile`` imports them), under a lock.
predefined_modes = {"FAST_RUN": FAST_RUN, "FAST_COMPILE": FAST_COMPILE, "Mode": FAST_RUN}
_MODES_LOCK = threading.Lock()


def register_mode(name, mode):
    """Makes ``mode`` the Mode that ``get_mode(name)`` (and ``mode=name``) returns."""
    with _MODES_LOCK:
        predefined_modes[name] = mode


def get_mode(mode):
    """Returns the Mode for a name ('FAST_RUN', 'DebugMode', ...), a Mode, or None."""
    if mode is None:
        mode = config.mode
    if isinstance(mode, Mode):
        return mode
    if isinstance(mode, str):
        if mode == "Mode":
            # Theano: the plain 'Mode' takes its optimizer from config.optimizer.
            return _mode_for_optimizer(config.optimizer)
        if mode in predefined_modes:
            return predefined_modes[mode]
        raise ValueError("Unknown mode %r; expected one of %s or a Mode instance"
                         % (mode, ", ".join(sorted(predefined_modes))))
    if hasattr(mode, "build_fgraph"):
        return mode
    raise TypeError("mode must be a string or a Mode, got %r" % (mode,))


def get_default_mode():
    """Returns the Mode of ``config.mode``."""
    return get_mode(None)


# One plain 'Mode' per optimizer, so that functions compiled with it share it.
_BY_OPTIMIZER = {}


def _mode_for_optimizer(optimizer):
    mode = _BY_OPTIMIZER.get(optimizer)
    if mode is None:
        with _MODES_LOCK:
            mode = _BY_OPTIMIZER.setdefault(optimizer, Mode("cvm", optimizer))
    return mode


@hooks.mode_not_slow.register
def mode_not_slow(mode):
    """Returns ``mode``, or a fast mode with its optimizer when it is FAST_COMPILE or a
    DebugMode (whose checks make gradient verification slow), as Theano's."""
    if mode == "FAST_COMPILE":
        return FAST_RUN
    mode = get_mode(mode)
    if any(c.__name__ == "DebugMode" for c in type(mode).__mro__):
        return _mode_for_optimizer(mode.optimizer)
    return mode
