"""theanox.compile: modes, function, In/Out and shared (Theano's ``theano.compile``).

DebugMode, NanGuardMode and ProfileMode load on first use (``theanox.compile.DebugMode``).
"""
from theanox.compile.mode import (Mode, get_mode, predefined_modes, register_mode,  # noqa: F401
                                  FAST_RUN, FAST_COMPILE)
from theanox.function import function, In, Out, Param, Function  # noqa: F401
from theanox.shared import shared, SharedVariable  # noqa: F401

_LAZY = {"DebugMode": "debugmode", "DEBUG_MODE": "debugmode",
         "InvalidValueError": "debugmode", "NanGuardMode": "nanguardmode",
         "ProfileStats": "profiling", "ProfileMode": "profiling",
         "PROFILE_MODE": "profiling", "MonitorMode": "monitormode",
         "monitormode": None, "debugmode": None, "nanguardmode": None,
         "profiling": None, "function_module": None}


def __getattr__(name):
    import importlib
    if name in _LAZY:
        module = importlib.import_module("theanox.compile." + (_LAZY[name] or name))
        return module if _LAZY[name] is None else getattr(module, name)
    raise AttributeError("module 'theanox.compile' has no attribute %r" % name)
