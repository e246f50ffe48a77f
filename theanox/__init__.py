"""theanox: the Theano 1.0 API on top of JAX.

Importing theanox turns on JAX's 64-bit mode (``jax_enable_x64``): Theano's
float64 and int64 must be real 64-bit types.
"""
import numpy as _np

# Importing JAX (and the modules below) draws from NumPy's global random state;
# Theano's import does not, so seeded legacy scripts would get other numbers.
# The state is put back at the end of this module.
_numpy_random_state = _np.random.get_state()

import jax as _jax  # noqa: E402

_jax.config.update("jax_enable_x64", True)

from theanox import config  # noqa: E402
from theanox import configdefaults  # noqa: E402,F401  (registers the options)
config.apply_jax_settings()
# As Theano: numpy.seterr_* flags are applied when imported ('ignore' for all by default).
config.apply_numpy_settings()

from theanox.graph.basic import Variable, Apply, Constant, Op, clone  # noqa: E402,F401
from theanox import gof  # noqa: E402,F401
from theanox.shared import shared, SharedVariable  # noqa: E402,F401
from theanox.function import function, function_dump, In, Out, Param  # noqa: E402,F401
from theanox import tensor  # noqa: E402,F401
from theanox import gradient  # noqa: E402,F401
from theanox.gradient import grad, Rop, Lop  # noqa: E402,F401
from theanox.tensor import dot  # noqa: E402,F401
from theanox.compile.mode import Mode, get_mode  # noqa: E402,F401
# Printing registers the graph printers that error messages and notebook reprs use.
from theanox import printing  # noqa: E402,F401
from theanox.printing import pp, pprint  # noqa: E402,F401

from theanox.version import version as __version__  # noqa: E402,F401

# Theano's other top-level names (theano/__init__.py of 1.0.5).
import os as _os  # noqa: E402
from theanox.log import (  # noqa: E402,F401
    disable_log_handler, has_handlers, logging_default_formatter, logging_default_handler,
    theano_logger)
from theanox.graph.container import Container  # noqa: E402,F401
from theanox.graph.fg import FunctionGraph, InconsistencyError  # noqa: E402,F401
from theanox.gof import Generic, Type, generic, object2  # noqa: E402,F401
from theanox.updates import OrderedUpdates  # noqa: E402,F401
from theanox.compile import (  # noqa: E402,F401
    FunctionMaker, ProfileStats, SymbolicInput, SymbolicOutput, predefined_linkers,
    predefined_modes, predefined_optimizers)
from theanox.tensor import get_scalar_constant_value  # noqa: E402,F401
from theanox.gradient import subgraph_grad  # noqa: E402,F401
from theanox.tensor.theano_ops import sparse_grad  # noqa: E402,F401
from theanox.scan_module.checkpoints import scan_checkpoints  # noqa: E402,F401
from theanox import compat  # noqa: E402,F401

rpath = _os.path.dirname(_os.path.abspath(__file__))   # Theano: its package directory

# The persistent compilation cache (~/.theanox/jax_cache by default; see
# theanox/compile/cache.py): registered now, applied before anything compiles.
from theanox.compile import cache as _compilation_cache  # noqa: E402,F401
config.apply_jax_settings()

_np.random.set_state(_numpy_random_state)
del _numpy_random_state


def __getattr__(name):
    import importlib
    lazy = {"scan": ("theanox.scan", "scan"),
            "map": ("theanox.scan", "map"), "reduce": ("theanox.scan", "reduce"),
            "foldl": ("theanox.scan", "foldl"), "foldr": ("theanox.scan", "foldr"),
            "ifelse": ("theanox.ifelse", None), "sandbox": ("theanox.sandbox", None),
            "version": ("theanox.version", None), "scalar": ("theanox.scalar", None),
            "sparse": ("theanox.sparse", None), "typed_list": ("theanox.typed_list", None),
            "misc": ("theanox.misc", None), "tests": ("theanox.tests", None),
            "scan_module": ("theanox.scan_module", None), "compile": ("theanox.compile", None),
            "change_flags": ("theanox.config", "change_flags"),
            "test": ("theanox._testing", "test"),
            "OpFromGraph": ("theanox.compile.builders", "OpFromGraph"),
            "as_op": ("theanox.compile.ops", "as_op"),
            "sharding": ("theanox.sharding", None)}
    if name in lazy:
        mod, attr = lazy[name]
        m = importlib.import_module(mod)
        return getattr(m, attr) if attr else m
    raise AttributeError("module 'theanox' has no attribute %r" % name)
