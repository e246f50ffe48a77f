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


def __getattr__(name):
    import importlib
    if name in ("function_module", "profiling"):
        return importlib.import_module("theanox.compile." + name)
    raise AttributeError("module 'theanox.compile' has no attribute %r" % name)
