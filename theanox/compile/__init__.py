"""theanox.compile: modes, function, In/Out and shared (Theano's ``theano.compile``).

The optional modes (DebugMode, NanGuardMode, MonitorMode, ProfileMode) are imported
here, which registers them with ``theanox.compile.mode``.
"""
from theanox.compile.mode import (Mode, get_mode, predefined_modes, register_mode,  # noqa: F401
                                  FAST_RUN, FAST_COMPILE)
from theanox.compile import debugmode, monitormode, nanguardmode, profilemode  # noqa: F401
from theanox.compile.debugmode import DebugMode, DEBUG_MODE, InvalidValueError  # noqa: F401
from theanox.compile.monitormode import MonitorMode  # noqa: F401
from theanox.compile.nanguardmode import NanGuardMode  # noqa: F401
from theanox.compile.profilemode import ProfileMode, PROFILE_MODE  # noqa: F401
from theanox.compile.profiling import ProfileStats  # noqa: F401
from theanox.function import function, In, Out, Param, Function  # noqa: F401
from theanox.shared import shared, SharedVariable  # noqa: F401
from theanox.compile import builders, ops  # noqa: F401
from theanox.compile.builders import OpFromGraph  # noqa: F401
from theanox.compile.ops import as_op  # noqa: F401
from theanox.tensor.user_rewrites import optdb  # noqa: F401
from theanox import config  # noqa: F401
from theanox.compile import io, sharedvalue  # noqa: F401
from theanox.compile.io import SymbolicInput, SymbolicOutput  # noqa: F401
from theanox.compile.mode import (  # noqa: F401
    OPT_FAST_COMPILE, OPT_FAST_RUN, OPT_FAST_RUN_STABLE, OPT_MERGE, OPT_NONE, OPT_O2, OPT_O3,
    OPT_STABILIZE, OPT_UNSAFE, get_default_mode, predefined_linkers, predefined_optimizers,
    register_linker, register_optimizer)
from theanox.compile.mode_tables import exclude  # noqa: F401
from theanox.compile.ops import FromFunctionOp  # noqa: F401
from theanox.compile.view_ops import (  # noqa: F401
    DeepCopyOp, Rebroadcast, Shape, Shape_i, SpecifyShape, ViewOp, deep_copy_op,
    register_deep_copy_op_c_code, register_rebroadcast_c_code, register_shape_c_code,
    register_shape_i_c_code, register_specify_shape_c_code, register_view_op_c_code, shape,
    specify_shape, view_op)
from theanox.compile.function_extra import (  # noqa: F401
    DUPLICATE, NODEFAULT, AddDestroyHandler, AddFeatureOptimizer, AliasedMemoryError,
    PrintCurrentFunctionGraph, ScanProfileStats, Supervisor, alias_root, check_equal,
    convert_function_input, fgraph_updated_vars, get_info_on_inputs, infer_reuse_pattern,
    inline_ofg_expansion, insert_deepcopy, io_connection_pattern, orig_function, pfunc,
    rebuild_collect_shared, register_checker, std_fgraph, view_tree_set)
from theanox.compile.function_module import FunctionMaker, UnusedInputError  # noqa: F401
from theanox.function import function_dump  # noqa: F401
from theanox.graph.basic import Variable, is_same_graph  # noqa: F401
from theanox.gradient import DisconnectedType, NullType  # noqa: F401
from theanox.tensor.sharedvar import shared_constructor  # noqa: F401

izip = zip   # Theano's Python 2 compatibility name


def __getattr__(name):
    import importlib
    if name in ("function_module", "profiling"):
        return importlib.import_module("theanox.compile." + name)
    raise AttributeError("module 'theanox.compile' has no attribute %r" % name)
