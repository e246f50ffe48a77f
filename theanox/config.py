"""Theano 1.0's configuration: ``theanox.config``.

The module itself is the config object::

    import theanox
    theanox.config.floatX = 'float32'        # validated
    theanox.config.DebugMode.check_finite    # sections are attributes
    print(theanox.config)                    # every option, its doc and value

Values come from, highest priority first:

1. assignments at run time (``theanox.config.<name> = value``, :func:`change_flags`);
2. the ``THEANO_FLAGS`` environment variable, comma separated ``name=value`` pairs,
   dotted names for sections: ``floatX=float32,device=cpu,nvcc.fastmath=True``;
3. the THEANORC files: the ``THEANORC`` environment variable, a ``os.pathsep``
   separated list of ini files (default ``~/.theanorc:~/.theanorc.txt``), with
   top-level options in ``[global]`` and ``nvcc.fastmath`` in ``[nvcc]``; later
   files win;
4. the defaults of Theano 1.0.5.

Many options steer Theano's C/CUDA back ends and have no meaning on JAX; they are
accepted, validated and stored so that existing flags and code keep working, and
their doc says so.

Functions (besides the options): :func:`change_flags`, :func:`jax_device`,
:func:`apply_jax_settings`, :func:`apply_numpy_settings`, :func:`AddConfigVar`,
:func:`parse_config_string`, :func:`get_config`.
"""
import configparser as _configparser
import functools as _functools
import os as _os
import re as _re
import sys as _sys
import types as _types
import warnings as _warnings

_NO_EFFECT = " (Accepted and stored for compatibility; it has no effect in theanox.)"


class ConfigError(ValueError):
    """Raised for an invalid value of a config option (a ValueError)."""


# ---------------------------------------------------------------------------
# Parameter kinds
# ---------------------------------------------------------------------------

class ConfigParam(object):
    """A config option's kind: its default, how it checks values, how it prints.

    ``filter(value)`` returns the normalised value or raises :class:`ConfigError`.
    """

    def __init__(self, default, filter=None, allow_override=True):
        self.default = default
        self._filter = filter
        self.allow_override = allow_override
        self.fullname = None
        self.doc = ""

    def allowed(self):
        """Return the text shown between parentheses after the name."""
        return "<class 'str'>"

    def filter(self, value):
        if self._filter is not None:
            try:
                ok = self._filter(value)
            except Exception as e:  # noqa: BLE001 - report as a config error
                raise self._error(value, str(e))
            if ok is False:
                raise self._error(value)
        return value

    def _error(self, value, why=None):
        msg = ('Invalid value (%r) for configuration variable "%s". Valid options are %s'
               % (value, self.fullname, self.allowed()))
        if why:
            msg += ": " + why
        return ConfigError(msg)


class EnumStr(ConfigParam):
    """One of a fixed list of strings; the first is the default."""

    def __init__(self, default, *options, **kwargs):
        self.all = (default,) + tuple(options)
        self._convert = kwargs.pop("convert", None)
        super(EnumStr, self).__init__(default, **kwargs)

    def allowed(self):
        return repr(self.all)

    def filter(self, value):
        if self._convert is not None:
            value = self._convert(value)
        if isinstance(value, str) and value in self.all:
            return value
        raise self._error(value)


def _to_bool(value):
    if value in ("True", "true", "TRUE", "1", "yes", "on") or value is True or (
            type(value) is int and value == 1):
        return True
    if value in ("False", "false", "FALSE", "0", "no", "off") or value is False or (
            type(value) is int and value == 0):
        return False
    raise ValueError(value)


class BoolParam(ConfigParam):
    """True or False; strings 'True'/'true'/'1' and 'False'/'false'/'0' accepted."""

    def allowed(self):
        return "<class 'bool'>"

    def filter(self, value):
        try:
            return _to_bool(value)
        except ValueError:
            raise self._error(value)


class TypedParam(ConfigParam):
    """A value converted by a type (int, float, str), then optionally checked."""

    mytype = str

    def allowed(self):
        return "<class '%s'>" % self.mytype.__name__

    def filter(self, value):
        if isinstance(value, bool) and self.mytype is not str:
            raise self._error(value)
        try:
            value = self.mytype(value)
        except (TypeError, ValueError):
            raise self._error(value)
        return super(TypedParam, self).filter(value)


class IntParam(TypedParam):
    mytype = int


class FloatParam(TypedParam):
    mytype = float


class StrParam(TypedParam):
    mytype = str


_DEVICE_RE = _re.compile(r"^(cpu|cuda\d*|gpu\d*)$")


class DeviceParam(ConfigParam):
    """A device name: 'cpu', 'cuda', 'cudaN', 'gpu' or 'gpuN' (lower case)."""

    def __init__(self, default, allow_empty=False, **kwargs):
        self.allow_empty = allow_empty
        super(DeviceParam, self).__init__(default, **kwargs)

    def allowed(self):
        return "%scpu, cuda*, gpu*" % (", " if self.allow_empty else "")

    def filter(self, value):
        if not isinstance(value, str):
            raise self._error(value)
        if value == "" and self.allow_empty:
            return value
        if value.startswith("opencl"):
            raise self._error(value, "OpenCL devices are not supported: JAX runs on "
                                     "'cpu' and CUDA GPUs ('cuda', 'cuda0', 'gpu0', ...)")
        if not _DEVICE_RE.match(value):
            raise self._error(value, "use lower case, e.g. 'cpu', 'cuda', 'cuda0', 'gpu1'")
        return value


# ---------------------------------------------------------------------------
# Sources: THEANO_FLAGS and THEANORC
# ---------------------------------------------------------------------------

def parse_config_string(config_string, issue_warnings=True):
    """Return a dict {name: value-string} parsed from a THEANO_FLAGS string.

    Pairs are separated by ',' (write '\\,' for a literal comma inside a value);
    the right-most setting of a name wins.
    """
    result = {}
    for kv in _re.split(r"(?<!\\),", config_string or ""):
        kv = kv.strip().replace("\\,", ",")
        if not kv:
            continue
        parts = kv.split("=", 1)
        if len(parts) == 1:
            if issue_warnings:
                _warnings.warn("Config key '%s' has no value, ignoring it" % parts[0],
                               stacklevel=2)
            continue
        result[parts[0].strip()] = parts[1].strip()
    return result


def config_files_from_theanorc():
    """Return the list of THEANORC files to read (existing or not), in order."""
    env = _os.environ.get("THEANORC")
    if env is None:
        env = _os.pathsep.join(["~/.theanorc", "~/.theanorc.txt"])
    return [_os.path.expanduser(p) for p in env.split(_os.pathsep) if p]


def _read_theanorc():
    defaults = {
        "USER": _os.environ.get("USER", ""),
        "LSCRATCH": _os.environ.get("LSCRATCH", ""),
        "TMPDIR": _os.environ.get("TMPDIR", ""),
        "TEMP": _os.environ.get("TEMP", ""),
        "TMP": _os.environ.get("TMP", ""),
        "PID": str(_os.getpid()),
    }
    cfg = _configparser.ConfigParser(defaults)
    raw = _configparser.RawConfigParser()
    files = config_files_from_theanorc()
    try:
        cfg.read(files)
        raw.read(files)
    except _configparser.Error as e:
        raise ConfigError("Could not parse the THEANORC file(s) %s: %s" % (files, e))
    return cfg, raw


_THEANO_FLAGS = _os.environ.get("THEANO_FLAGS", "")
_FLAGS_DICT = parse_config_string(_THEANO_FLAGS, issue_warnings=True)
_RC, _RC_RAW = _read_theanorc()


def _fetch(fullname):
    """Return (value string, source) for fullname from THEANO_FLAGS or THEANORC."""
    if fullname in _FLAGS_DICT:
        return _FLAGS_DICT[fullname], "THEANO_FLAGS"
    if "." in fullname:
        section, option = fullname.rsplit(".", 1)
    else:
        section, option = "global", fullname
    try:
        try:
            return _RC.get(section, option), "THEANORC"
        except _configparser.InterpolationError:
            return _RC_RAW.get(section, option), "THEANORC"
    except (_configparser.NoOptionError, _configparser.NoSectionError):
        return None, None


# ---------------------------------------------------------------------------
# The registry, sections and the module class
# ---------------------------------------------------------------------------

_options = {}         # fullname -> ConfigParam (with .value, .source, .doc)
_option_order = []    # registration order, for printing
_hooks = {}           # fullname -> callable(value) run after a change


class _Section(object):
    """A group of dotted options, e.g. ``config.nvcc`` holding ``nvcc.fastmath``."""

    def __init__(self, prefix):
        object.__setattr__(self, "_prefix", prefix)

    def __getattr__(self, name):
        raise AttributeError("config has no option or section '%s.%s'"
                             % (self._prefix, name))

    def __setattr__(self, name, value):
        _set_option(self._prefix + "." + name, value, self)

    def __dir__(self):
        return sorted(k for k in self.__dict__ if not k.startswith("_"))

    def __repr__(self):
        return "<theanox config section '%s'>" % self._prefix


def _container(fullname):
    """Return (object holding the attribute, last name part), creating sections."""
    parts = fullname.split(".")
    holder = _sys.modules[__name__]
    prefix = []
    for p in parts[:-1]:
        prefix.append(p)
        sub = holder.__dict__.get(p)
        if sub is None:
            sub = _Section(".".join(prefix))
            holder.__dict__[p] = sub
        elif not isinstance(sub, _Section):
            raise ValueError("config option '%s' clashes with option '%s'"
                             % (fullname, ".".join(prefix)))
        holder = sub
    return holder, parts[-1]


def _store(fullname, value):
    holder, last = _container(fullname)
    holder.__dict__[last] = value


def _set_option(fullname, value, holder=None):
    param = _options.get(fullname)
    if param is None:
        if holder is not None and not isinstance(holder, _Section):
            object.__setattr__(holder, fullname, value)
            return
        raise AttributeError("config has no option '%s'" % fullname)
    if not param.allow_override:
        raise ConfigError("Can't change the value of config option '%s' after "
                          "initialization" % fullname)
    value = param.filter(value)
    param.value = value
    param.source = "assignment"
    _store(fullname, value)
    hook = _hooks.get(fullname)
    if hook is not None:
        hook(value)


def AddConfigVar(name, doc, configparam, root=None, in_c_key=True):
    """Register a config option ``name`` (dotted for sections); return its param.

    Its value is taken from THEANO_FLAGS, then THEANORC, then the default.
    Same signature as Theano's ``theano.configparser.AddConfigVar``.
    """
    if name in _options:
        raise AttributeError("This name is already taken: %s" % name)
    configparam.fullname = name
    configparam.doc = doc
    raw, source = _fetch(name)
    if raw is not None:
        _FLAGS_USED.add(name)
        value = configparam.filter(raw)
    else:
        value, source = configparam.default, "default"
        if callable(value):
            value = value()
        value = configparam.filter(value) if value is not None else value
    configparam.value = value
    configparam.source = source
    _options[name] = configparam
    _option_order.append(name)
    _store(name, value)
    return configparam


_FLAGS_USED = set()


def get_config(name):
    """Return the current value of option ``name`` (dotted names allowed)."""
    try:
        return _options[name].value
    except KeyError:
        raise AttributeError("config has no option '%s'" % name)


def _source(name):
    """Return where option ``name``'s value came from: default, THEANORC, THEANO_FLAGS or assignment."""
    return _options[name].source


class change_flags(object):
    """Return a context manager / decorator that sets options, then restores them.

    ``with config.change_flags(floatX='float32'): ...``; dotted names go in a dict
    (``change_flags({'DebugMode.check_finite': False})``) or with '__' for '.'
    (``change_flags(DebugMode__check_finite=False)``).
    """

    def __init__(self, args=(), **kwargs):
        new = dict(args)
        for k, v in kwargs.items():
            new[k.replace("__", ".")] = v
        for k in new:
            if k not in _options:
                raise AttributeError("config has no option '%s'" % k)
        self.new_vals = new
        self._saved = []

    def __call__(self, f):
        @_functools.wraps(f)
        def wrapper(*args, **kwargs):
            with self:
                return f(*args, **kwargs)
        return wrapper

    def __enter__(self):
        saved = {k: (_options[k].value, _options[k].source) for k in self.new_vals}
        self._saved.append(saved)
        try:
            for k, v in self.new_vals.items():
                _set_option(k, v)
        except Exception:
            self._restore(saved)
            self._saved.pop()
            raise
        return self

    def __exit__(self, *exc):
        self._restore(self._saved.pop())
        return False

    @staticmethod
    def _restore(saved):
        for k, (value, source) in saved.items():
            param = _options[k]
            if param.value != value:
                param.value = value
                _store(k, value)
                hook = _hooks.get(k)
                if hook is not None:
                    hook(value)
            param.value = value
            param.source = source


def _config_str():
    lines = []
    for name in _option_order:
        p = _options[name]
        lines.append("%s (%s) " % (name, p.allowed()))
        lines.append("    Doc:  %s" % p.doc)
        lines.append("    Value:  %s" % ("" if p.value is None else p.value))
        lines.append("")
    return "\n".join(lines) + "\n"


class _ConfigModule(_types.ModuleType):
    """Module type of ``theanox.config``: option assignments are validated."""

    def __setattr__(self, name, value):
        if name in _options:
            _set_option(name, value)
        elif isinstance(self.__dict__.get(name), _Section):
            raise AttributeError("'%s' is a config section; set its options, e.g. "
                                 "config.%s.<name> = value" % (name, name))
        else:
            _types.ModuleType.__setattr__(self, name, value)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        if "." in name and name in _options:      # getattr(config, 'nvcc.fastmath')
            return _options[name].value
        raise AttributeError("theanox.config has no option '%s'" % name)

    def __str__(self):
        return _config_str()

    def __dir__(self):
        return sorted(set(_types.ModuleType.__dir__(self)))


# ---------------------------------------------------------------------------
# JAX and NumPy settings
# ---------------------------------------------------------------------------

_state = {"jax_applied": False, "numpy_applied": False}


def _cache_dir():
    """Return the JAX compilation cache directory asked for, or None."""
    d = _options["compiledir"].value if "compiledir" in _options else ""
    if not d:
        base = _options["base_compiledir"].value if "base_compiledir" in _options else ""
        if base:
            d = _os.path.join(base, "jax_cache")
    return _os.path.abspath(_os.path.expanduser(d)) if d else None


def apply_jax_settings():
    """Apply theanox's JAX settings; return the compilation cache dir in use (or None).

    Turns on ``jax_enable_x64`` (Theano's float64/int64 must be real) and, when
    ``config.compiledir`` or ``config.base_compiledir`` is set, points JAX's
    persistent compilation cache at it with no minimum compile time or entry size.
    Called by ``import theanox``; called again when those options change.
    """
    import jax
    jax.config.update("jax_enable_x64", True)
    d = _cache_dir()
    if d:
        _os.makedirs(d, exist_ok=True)
    previous = jax.config.jax_compilation_cache_dir
    if d or previous:
        jax.config.update("jax_compilation_cache_dir", d)
        if d:
            jax.config.update("jax_persistent_cache_min_compile_time_secs", 0)
            jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
        if previous != d and _state["jax_applied"]:
            try:
                from jax.experimental.compilation_cache import compilation_cache
                compilation_cache.reset_cache()
            except Exception:  # noqa: BLE001 - older/newer JAX without reset_cache
                pass
    _state["jax_applied"] = True
    return d


def _on_cache_dir_change(value):
    if _state["jax_applied"]:
        apply_jax_settings()


def apply_numpy_settings():
    """Apply the numpy.seterr_* options with ``numpy.seterr``; return the previous settings.

    Theano does this when it is imported ('ignore' for all by default).
    """
    import numpy
    def val(name):
        v = _options["numpy." + name].value
        return None if v == "None" else v
    old = numpy.seterr(all=val("seterr_all"))
    numpy.seterr(divide=val("seterr_divide"), over=val("seterr_over"),
                 under=val("seterr_under"), invalid=val("seterr_invalid"))
    _state["numpy_applied"] = True
    return old


def _on_numpy_change(value):
    if _state["numpy_applied"]:
        apply_numpy_settings()


def jax_device(device=None):
    """Return the ``jax.Device`` that ``config.device`` (or ``device``) names.

    'cpu' is JAX's first CPU device; 'cuda'/'gpu' the first GPU, 'cudaN'/'gpuN'
    GPU number N. Raises RuntimeError when JAX has no such device.
    """
    name = get_config("device") if device is None else device
    name = _options["device"].filter(name) if name else "cpu"
    import jax
    if name == "cpu":
        return jax.devices("cpu")[0]
    m = _re.match(r"^(cuda|gpu)(\d*)$", name)
    index = int(m.group(2)) if m.group(2) else 0
    try:
        gpus = jax.devices("gpu")
    except RuntimeError:
        gpus = []
    if index < len(gpus):
        return gpus[index]
    if _gpu_fallback_allowed():
        # Theano's force_device=False: warn once and run on the CPU.
        if name not in _state.setdefault("device_fallback_warned", set()):
            _state["device_fallback_warned"].add(name)
            _warnings.warn("config.device=%r: JAX has no such GPU (%s); running on the CPU "
                           "because force_device=False was set. Install JAX's CUDA plugin "
                           "with `pip install theanox[cuda]` to use the GPU."
                           % (name, ", ".join(str(d) for d in gpus) or "no GPU backend"),
                           stacklevel=3)
        return jax.devices("cpu")[0]
    try:
        have = ", ".join(str(d) for d in jax.devices())
    except RuntimeError:
        have = "none"
    if gpus:
        raise RuntimeError(
            "config.device=%r asks for GPU number %d, but JAX sees only %d GPU(s): %s."
            % (name, index, len(gpus), ", ".join(str(d) for d in gpus)))
    raise RuntimeError(
        "config.device=%r asks for a CUDA GPU, but JAX has no GPU backend; the devices "
        "JAX has are: %s. Install JAX's CUDA plugin with `pip install theanox[cuda]` "
        "(that is `pip install \"jax[cuda12]\"`) on a machine with an NVIDIA driver, "
        "or use device=cpu." % (name, have))


def _gpu_fallback_allowed():
    """True when the user set force_device=False (flag, .theanorc or assignment)."""
    p = _options.get("force_device")
    return p is not None and p.source != "default" and not p.value


def _on_device_change(value):
    # Fail fast: a GPU that JAX does not have raises when the option is set,
    # not at the first shared() (or warns and falls back, see jax_device); the
    # option keeps its previous value.
    if value and value != "cpu":
        try:
            jax_device(value)
        except RuntimeError:
            param = _options["device"]
            param.value, param.source = _state.get("device_ok", ("cpu", "default"))
            _store("device", param.value)
            raise
    _state["device_ok"] = (value, _options["device"].source)


# ---------------------------------------------------------------------------
# The options (Theano 1.0.5's, defaults as there)
# ---------------------------------------------------------------------------

def _floatX_convert(s):
    return {"32": "float32", "64": "float64", "16": "float16"}.get(s, s)


def _def(name, doc, param, no_effect=False, hook=None):
    AddConfigVar(name, doc + (_NO_EFFECT if no_effect else ""), param)
    if hook is not None:
        _hooks[name] = hook


_ON_ERR = ("ignore", "warn", "raise", "pdb")
_SETERR = ("ignore", "warn", "raise", "call", "print", "log")

_def("floatX",
     "Default floating-point precision for python casts.\n\nNote: float16 support "
     "is experimental, use at your own risk.",
     EnumStr("float64", "float32", "float16", convert=_floatX_convert))
_def("warn_float64",
     "What to do when a float64 tensor variable is created: ignore it, warn, "
     "raise an error, or drop into pdb. Useful to keep a float32 program on float32.",
     EnumStr(*_ON_ERR))
_def("pickle_test_value",
     "Dump test values when pickling a variable that has one.",
     BoolParam(True))
_def("cast_policy",
     "Rules for implicit type casting",
     EnumStr("custom", "numpy+floatX"))
_def("deterministic",
     "With 'more', prefer deterministic implementations where both exist.",
     EnumStr("default", "more"))
_def("int_division",
     "What to do when one computes x / y, where both x and y are of integer types",
     EnumStr("int", "raise", "floatX"))
_def("device",
     "The device that runs compiled functions and holds shared variables: 'cpu', "
     "or a CUDA GPU through JAX ('cuda', 'gpu' = the first GPU; 'cuda1', 'gpu1' = "
     "GPU number 1). Use lower case only. A GPU that JAX does not have raises "
     "when this is set, unless force_device=False is set (then: a warning and the CPU).",
     DeviceParam("cpu"), hook=_on_device_change)
_def("init_gpu_device",
     "Name a GPU to initialise while device=cpu, without moving computations or "
     "shared variables to it.",
     DeviceParam("", allow_empty=True), no_effect=True)
_def("force_device",
     "Raise an error if the asked-for device can't be used. theanox raises by "
     "default; set force_device=False explicitly to fall back to the CPU with a warning.",
     BoolParam(False))
_def("conv.assert_shape",
     "Add run-time checks that the image and filter shapes given to conv ops "
     "match the actual inputs.",
     BoolParam(False))
_def("print_global_stats",
     "Print a summary of all compiled functions' statistics at exit.",
     BoolParam(False))
_def("assert_no_cpu_op",
     "What to do if a graph compiled for the GPU still contains a CPU-only op.",
     EnumStr(*_ON_ERR), no_effect=True)
_def("unpickle_gpu_on_cpu",
     "Allow unpickling GPU arrays as numpy arrays on a machine without a GPU.",
     BoolParam(False))
_def("mode",
     "The default compilation mode of theano.function: 'Mode' (the same as "
     "FAST_RUN: rewrite the graph, then compile it as one XLA program), "
     "'FAST_COMPILE' (no rewrites), 'DebugMode' / 'DEBUG_MODE' and 'NanGuardMode' "
     "(op-by-op checks), 'ProfileMode' (deprecated; use profile=True).",
     EnumStr("Mode", "DebugMode", "FAST_RUN", "NanGuardMode", "FAST_COMPILE",
             "DEBUG_MODE", "ProfileMode", "PROFILE_MODE"))
_def("cxx",
     "The C++ compiler Theano would use for its C back end.",
     StrParam(""), no_effect=True)
_def("linker",
     "The linker used with mode 'Mode'. theanox always lowers the graph to JAX/XLA.",
     EnumStr("cvm", "c|py", "py", "c", "c|py_nogc", "vm", "vm_nogc", "cvm_nogc",
             "c&py"), no_effect=True)
_def("allow_gc",
     "Free intermediate results during function calls (XLA manages its own "
     "buffers).",
     BoolParam(True), no_effect=True)
_def("optimizer",
     "The graph rewrites used with mode 'Mode': 'fast_run' (also 'o4'; 'o1'..'o3' "
     "and 'unsafe' are accepted and treated like fast_run), 'fast_compile', "
     "'merge' (only merge identical subgraphs), or 'None'.",
     EnumStr("fast_run", "merge", "fast_compile", "None", "o4", "o3", "o2", "o1",
             "unsafe", "stabilize"))
_def("optimizer_verbose",
     "Print every graph rewrite as it is applied.",
     BoolParam(False))
_def("on_opt_error",
     "What to do when a graph rewrite fails: warn and skip it, raise, drop into "
     "pdb, or ignore it.",
     EnumStr("warn", "raise", "pdb", "ignore"))
_def("nocleanup",
     "Keep the generated source files of failed C compilations.",
     BoolParam(False), no_effect=True)
_def("on_unused_input",
     "What theano.function does when a variable in its inputs list is not used "
     "by the outputs or updates: raise an error, warn, or ignore it.",
     EnumStr("raise", "warn", "ignore"))
_def("tensor.cmp_sloppy",
     "How loosely tensor._allclose compares: 0 not at all, 1 a bit, 2 more.",
     IntParam(0, lambda i: i in (0, 1, 2)))
_def("tensor.local_elemwise_fusion",
     "Fuse chains of elementwise ops in fast_run (XLA fuses them anyway).",
     BoolParam(True))
_def("gpu.local_elemwise_fusion",
     "Fuse chains of elementwise ops on the GPU.",
     BoolParam(True), no_effect=True)
_def("lib.amdlibm",
     "Link AMD's libm for the C back end.",
     BoolParam(False), no_effect=True)
_def("gpuelemwise.sync",
     "Wait for each GPU elementwise kernel and check its error code.",
     BoolParam(True), no_effect=True)
_def("traceback.limit",
     "How many stack frames are recorded where each variable is created "
     "(-1: all).",
     IntParam(8))
_def("traceback.compile_limit",
     "How many stack frames are recorded where a function is compiled "
     "(0: none, -1: all).",
     IntParam(0))
_def("experimental.unpickle_gpu_on_cpu",
     "Unpickle pickled CudaNdarrays as numpy arrays.",
     BoolParam(False), no_effect=True)
_def("experimental.local_alloc_elemwise_assert",
     "When the local_alloc_elemwise rewrite runs, add an assert that checks "
     "shapes.",
     BoolParam(True))
_def("numpy.seterr_all",
     "NumPy's handling of floating-point errors set when theanox is imported "
     "(numpy.seterr(all=...)); 'None' keeps NumPy's default. The four options "
     "below override it for one kind of error.",
     EnumStr("ignore", *(_SETERR[1:] + ("None",))), hook=_on_numpy_change)
_def("numpy.seterr_divide",
     "NumPy's handling of division by zero; 'None' follows numpy.seterr_all.",
     EnumStr("None", *_SETERR), hook=_on_numpy_change)
_def("numpy.seterr_over",
     "NumPy's handling of floating-point overflow; 'None' follows "
     "numpy.seterr_all.",
     EnumStr("None", *_SETERR), hook=_on_numpy_change)
_def("numpy.seterr_under",
     "NumPy's handling of floating-point underflow; 'None' follows "
     "numpy.seterr_all.",
     EnumStr("None", *_SETERR), hook=_on_numpy_change)
_def("numpy.seterr_invalid",
     "NumPy's handling of invalid floating-point operations; 'None' follows "
     "numpy.seterr_all.",
     EnumStr("None", *_SETERR), hook=_on_numpy_change)
_def("warn.ignore_bug_before",
     "Only warn about old Theano bugs fixed after this version ('None': warn "
     "about all of them, 'all': about none).",
     EnumStr("0.8", "None", "all", "0.3", "0.4", "0.4.1", "0.5", "0.6", "0.7",
             "0.8.1", "0.8.2", "0.9", "0.10", "1.0", "1.0.1", "1.0.2", "1.0.3",
             "1.0.4", "1.0.5"), no_effect=True)
_def("compute_test_value",
     "Evaluate each op while the graph is built, on the test values attached to "
     "its inputs (var.tag.test_value), to find errors early: 'off', 'ignore' "
     "(skip variables without a test value), 'warn', 'raise', 'pdb'.",
     EnumStr("off", "ignore", "warn", "raise", "pdb"))
_def("print_test_value",
     "Make a variable's repr show its test value when it has one.",
     BoolParam(False))
_def("compute_test_value_opt",
     "Like compute_test_value, but while graph rewrites run.",
     EnumStr("off", "ignore", "warn", "raise", "pdb"))
_def("unpickle_function",
     "Unpickle pickled theano functions (False: replace them with None).",
     BoolParam(True))
_def("reoptimize_unpickled_function",
     "Rewrite the graph again when a function is unpickled.",
     BoolParam(False))
_def("check_stack_trace",
     "Check that graph rewrites keep the creation stack trace of the variables "
     "they replace: 'off', 'log', 'warn' or 'raise'.",
     EnumStr("off", "log", "warn", "raise"))
_def("exception_verbosity",
     "How much errors say about the failing node: 'low' names it briefly "
     "(Elemwise{add,no_inplace}), 'high' adds a debugprint of its inputs.",
     EnumStr("low", "high"))
_def("openmp",
     "Let C ops run in parallel with OpenMP (XLA picks its own threading).",
     BoolParam(False), no_effect=True)
_def("openmp_elemwise_minsize",
     "The smallest tensor an OpenMP elementwise op parallelises.",
     IntParam(200000), no_effect=True)
_def("check_input",
     "Have the C code of types check their inputs.",
     BoolParam(True), no_effect=True)
_def("cache_optimizations",
     "Cache rewritten graphs (unfinished in Theano).",
     BoolParam(False), no_effect=True)
_def("unittests.rseed",
     "The seed of randomised unit tests; 'random' means no fixed seed.",
     StrParam("666"))
_def("compile.wait",
     "Seconds to wait before retrying to take the compile lock.",
     IntParam(5, lambda i: i > 0), no_effect=True)
_def("compile.timeout",
     "Seconds after which a stale compile lock is overridden.",
     IntParam(120, lambda i: i >= 0), no_effect=True)
_def("compiledir_format",
     "The name pattern of Theano's per-platform compile directory.",
     StrParam("compiledir_%(short_platform)s-%(processor)s-%(python_version)s-"
              "%(python_bitwidth)s"), no_effect=True)
_def("base_compiledir",
     "A directory for compiled code. When set (and compiledir is not), JAX's "
     "persistent compilation cache is kept in its 'jax_cache' subdirectory, so "
     "compiled XLA programs are reused across runs. Empty: no persistent cache.",
     StrParam(""), hook=_on_cache_dir_change)
_def("compiledir",
     "The directory of JAX's persistent compilation cache: compiled XLA programs "
     "are stored there and reused by later runs. Empty: use base_compiledir's "
     "'jax_cache' if that is set, else no persistent cache.",
     StrParam(""), hook=_on_cache_dir_change)
_def("staging.cache_size",
     "theanox: how many XLA executables one compiled function keeps (least recently "
     "used dropped first). Each distinct input shape or shape-deciding value (a slice "
     "length, a reshape target) needs its own; slice starts and indices never do. "
     "0: no bound.",
     IntParam(64, lambda i: i >= 0))
_def("staging.recompile_warning",
     "theanox: warn once (RecompileWarning) when a compiled function has compiled this "
     "many XLA executables, naming the input shape or value that changed. 0: never.",
     IntParam(10, lambda i: i >= 0))
_def("cmodule.mac_framework_link",
     "Link C modules against the Python framework on macOS.",
     BoolParam(False), no_effect=True)
_def("cmodule.warn_no_version",
     "Warn when an op's C code has no cache version.",
     BoolParam(False), no_effect=True)
_def("cmodule.remove_gxx_opt",
     "Drop -O flags when compiling C modules (for gdb).",
     BoolParam(False), no_effect=True)
_def("cmodule.compilation_warning",
     "Print the C compiler's warnings.",
     BoolParam(False), no_effect=True)
_def("cmodule.preload_cache",
     "Load the C module cache when Theano is imported.",
     BoolParam(False), no_effect=True)
_def("cmodule.age_thresh_use",
     "Seconds after which an unused compiled C module is deleted.",
     IntParam(60 * 60 * 24 * 24), no_effect=True)
_def("cmodule.debug",
     "Compile C modules with debug information.",
     BoolParam(False), no_effect=True)
_def("gcc.cxxflags",
     "Extra flags for the C++ compiler.",
     StrParam(""), no_effect=True)
_def("metaopt.verbose",
     "How verbose meta-optimizers are (0: quiet).",
     IntParam(0))
_def("optdb.position_cutoff",
     "Stop graph rewriting at this position of the optimizer database.",
     FloatParam(float("inf")))
_def("optdb.max_use_ratio",
     "Bound on how often the equilibrium rewriter applies rewrites, relative to "
     "the graph size (prevents infinite loops).",
     FloatParam(8.0))
_def("profile",
     "Profile every compiled function: time spent per call and per op, printed "
     "at exit or with f.profile.summary().",
     BoolParam(False))
_def("profile_optimizer",
     "Also profile the graph rewrites.",
     BoolParam(False))
_def("profile_memory",
     "Also report the memory used by the intermediate results.",
     BoolParam(False))
_def("vm.lazy",
     "Whether the VM linker evaluates lazily (None: decide per graph).",
     ConfigParam(None, lambda v: v in (None, "None", True, False, "True", "False")),
     no_effect=True)
_def("optimizer_excluding",
     "Rewrite tags (separated by ':') removed from the default mode.",
     StrParam(""))
_def("optimizer_including",
     "Rewrite tags (separated by ':') added to the default mode.",
     StrParam(""))
_def("optimizer_requiring",
     "Rewrite tags (separated by ':') required in the default mode.",
     StrParam(""))
_def("DebugMode.patience",
     "How many times DebugMode rewrites the graph to find inconsistencies.",
     IntParam(10, lambda i: i > 0))
_def("DebugMode.check_c",
     "Run C implementations where they exist.",
     BoolParam(True), no_effect=True)
_def("DebugMode.check_py",
     "Run Python implementations where they exist.",
     BoolParam(True), no_effect=True)
_def("DebugMode.check_finite",
     "Complain about NaN or Inf in any intermediate result.",
     BoolParam(True))
_def("DebugMode.check_strides",
     "What to do when two implementations give different strides: 0 ignore, "
     "1 warn, 2 raise.",
     IntParam(0, lambda i: i in (0, 1, 2)), no_effect=True)
_def("DebugMode.warn_input_not_reused",
     "Warn when an op declared in-place did not reuse its input.",
     BoolParam(True), no_effect=True)
_def("DebugMode.check_preallocated_output",
     "Kinds of preallocated output memory to test ops with, separated by ':' "
     "(initial, previous, c_contiguous, f_contiguous, strided, wrong_size, ALL).",
     StrParam(""), no_effect=True)
_def("DebugMode.check_preallocated_output_ndim",
     "Number of inner dimensions combined when testing strided outputs.",
     IntParam(4, lambda i: i > 0), no_effect=True)
_def("profiling.time_thunks",
     "Time each op separately when profiling.",
     BoolParam(True))
_def("profiling.n_apply",
     "How many Apply nodes a profile prints.",
     IntParam(20, lambda i: i > 0))
_def("profiling.n_ops",
     "How many ops a profile prints.",
     IntParam(20, lambda i: i > 0))
_def("profiling.output_line_width",
     "Maximum line width of the profile output.",
     IntParam(512, lambda i: i > 0))
_def("profiling.min_memory_size",
     "Memory profiles skip Apply nodes whose outputs take fewer bytes than this.",
     IntParam(1024, lambda i: i >= 0))
_def("profiling.min_peak_memory",
     "Also print the smallest peak memory among node orders.",
     BoolParam(False))
_def("profiling.destination",
     "Where profiles are written: 'stderr', 'stdout' or a file name.",
     StrParam("stderr"))
_def("profiling.debugprint",
     "Add a debugprint of each profiled function.",
     BoolParam(False))
_def("profiling.ignore_first_call",
     "Leave the first call (which includes compilation) out of the profile.",
     BoolParam(False))
_def("ProfileMode.n_apply_to_print",
     "How many Apply nodes ProfileMode prints.",
     IntParam(15, lambda i: i > 0))
_def("ProfileMode.n_ops_to_print",
     "How many ops ProfileMode prints.",
     IntParam(20, lambda i: i > 0))
_def("ProfileMode.min_memory_size",
     "ProfileMode's memory report skips nodes whose outputs are smaller than "
     "this many bytes.",
     IntParam(1024, lambda i: i >= 0))
_def("ProfileMode.profile_memory",
     "Make ProfileMode report memory use.",
     BoolParam(False))
_def("on_shape_error",
     "What to do when inferring a node's shape fails: warn and use a default, "
     "or raise.",
     EnumStr("warn", "raise"))
_def("tensor.insert_inplace_optimizer_validate_nb",
     "How often the in-place rewriter validates (-1: automatic).",
     IntParam(-1), no_effect=True)
_def("blas.ldflags",
     "Linker flags of the BLAS library for the C back end.",
     StrParam(""), no_effect=True)
_def("blas.check_openmp",
     "Check that the BLAS library and OpenMP agree.",
     BoolParam(True), no_effect=True)
_def("warn.identify_1pexp_bug",
     "Warn about a bug in is_1pexp fixed in 2011.",
     BoolParam(False), no_effect=True)
_def("warn.round",
     "Warn that T.round's default changed to half_to_even-like rounding.",
     BoolParam(False))
_def("scan.allow_gc",
     "Free scan's intermediate results between iterations.",
     BoolParam(False), no_effect=True)
_def("scan.allow_output_prealloc",
     "Let scan preallocate its outputs.",
     BoolParam(True), no_effect=True)
_def("scan.debug",
     "Print scan's internal steps for debugging.",
     BoolParam(False))
_def("pycuda.init",
     "Initialise PyCUDA before the GPU.",
     BoolParam(False), no_effect=True)
_def("cuda.root",
     "The CUDA toolkit directory (JAX's CUDA plugin brings its own).",
     StrParam(_os.environ.get("CUDA_ROOT", "")), no_effect=True)
_def("cuda.enabled",
     "Whether Theano's old CUDA back end may be used.",
     BoolParam(True), no_effect=True)
_def("nvcc.flags",
     "Extra flags for nvcc.",
     StrParam(""), no_effect=True)
_def("nvcc.compiler_bindir",
     "The directory where nvcc looks for gcc and g++.",
     StrParam(""), no_effect=True)
_def("nvcc.fastmath",
     "Compile CUDA kernels with nvcc's fast (less exact) math.",
     BoolParam(False), no_effect=True)
_def("nvcc.cudafe",
     "Whether nvcc's cudafe warnings are shown ('always' or 'heuristic').",
     EnumStr("heuristic", "always"), no_effect=True)
_def("lib.cnmem",
     "Size of the CNMeM GPU memory pool: 0 off, 0 < N <= 1 a fraction of GPU "
     "memory, N > 1 megabytes. (JAX preallocates with XLA_PYTHON_CLIENT_MEM_FRACTION.)",
     FloatParam(0.0, lambda f: f >= 0), no_effect=True)
_def("gpuarray.sync",
     "Wait for each GPU op to finish (accurate but slow profiles).",
     BoolParam(False), no_effect=True)
_def("gpuarray.preallocate",
     "GPU memory preallocated by the gpuarray back end: 0 none, a fraction if "
     "below 1, else megabytes.",
     FloatParam(0.0), no_effect=True)
_def("gpuarray.sched",
     "The gpuarray context's scheduling hint.",
     EnumStr("default", "multi", "single"), no_effect=True)
_def("gpuarray.single_stream",
     "Use one CUDA stream for all GPU work.",
     BoolParam(True), no_effect=True)
_def("dnn.enabled",
     "Whether cuDNN is used: 'auto', 'True', 'False' or 'no_check'. XLA picks "
     "cuDNN kernels itself on a GPU.",
     EnumStr("auto", "True", "False", "no_check",
             convert=lambda v: str(v) if isinstance(v, bool) else v), no_effect=True)
_def("dnn.include_path",
     "Where cudnn.h is.",
     StrParam(""), no_effect=True)
_def("dnn.library_path",
     "Where the cuDNN library is.",
     StrParam(""), no_effect=True)
_def("dnn.conv.algo_fwd",
     "cuDNN's forward convolution algorithm.",
     EnumStr("small", "none", "large", "fft", "fft_tiling", "winograd",
             "winograd_non_fused", "guess_once", "guess_on_shape_change",
             "time_once", "time_on_shape_change"), no_effect=True)
_def("dnn.conv.algo_bwd_data",
     "cuDNN's convolution gradient algorithm with respect to the inputs.",
     EnumStr("none", "deterministic", "fft", "fft_tiling", "winograd",
             "winograd_non_fused", "guess_once", "guess_on_shape_change",
             "time_once", "time_on_shape_change"), no_effect=True)
_def("dnn.conv.algo_bwd_filter",
     "cuDNN's convolution gradient algorithm with respect to the filters.",
     EnumStr("none", "deterministic", "fft", "small", "winograd_non_fused",
             "fft_tiling", "guess_once", "guess_on_shape_change", "time_once",
             "time_on_shape_change"), no_effect=True)
_def("dnn.conv.precision",
     "The precision of cuDNN convolutions ('as_input': the inputs' dtype).",
     EnumStr("as_input_f32", "as_input", "float16", "float32", "float64"),
     no_effect=True)
_def("NanGuardMode.nan_is_error",
     "NanGuardMode: a NaN in any intermediate result is an error.",
     BoolParam(True))
_def("NanGuardMode.inf_is_error",
     "NanGuardMode: an Inf in any intermediate result is an error.",
     BoolParam(True))
_def("NanGuardMode.big_is_error",
     "NanGuardMode: a value larger than 1e10 in absolute value is an error.",
     BoolParam(True))
_def("NanGuardMode.action",
     "What NanGuardMode does on such a value: raise, warn, or drop into pdb.",
     EnumStr("raise", "warn", "pdb"))
_def("ctc.root",
     "The directory of the warp-ctc library.",
     StrParam(""), no_effect=True)
_def("magma.enabled",
     "Use MAGMA for GPU linear algebra.",
     BoolParam(False), no_effect=True)
_def("cycle_detection",
     "How in-place rewrites check for cycles: 'regular' or 'fast'.",
     EnumStr("regular", "fast"), no_effect=True)
_def("print_active_device",
     "Print the device in use when a GPU is initialised.",
     BoolParam(True))
_def("enable_initial_driver_test",
     "Test the NVIDIA driver when a GPU is initialised.",
     BoolParam(True), no_effect=True)


def _warn_unknown_flags():
    for key in _FLAGS_DICT:
        if key not in _FLAGS_USED:
            _warnings.warn("Theano does not recognise this flag: {0}".format(key),
                           stacklevel=3)


_warn_unknown_flags()
_on_device_change(_options["device"].value)     # device=cuda from THEANO_FLAGS/.theanorc

# The module becomes the config object: from here on, assignments to options are
# validated by _ConfigModule.__setattr__.
_sys.modules[__name__].__class__ = _ConfigModule
