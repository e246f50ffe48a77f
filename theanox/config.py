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

The options themselves, with their docs and defaults, are registered by
``theanox.configdefaults`` (which ``import theanox`` imports right after this
module).  Many steer Theano's C/CUDA back ends and have no meaning on JAX; they
are accepted, validated and stored so that existing flags and code keep working,
and their doc says so.

Functions (besides the options): :func:`change_flags`, :func:`jax_device`,
:func:`apply_jax_settings`, :func:`apply_numpy_settings`, :func:`AddConfigVar`,
:func:`parse_config_string`, :func:`get_config`, :func:`check_options`.
"""
import configparser as _configparser
import functools as _functools
import os as _os
import re as _re
import sys as _sys
import types as _types
import warnings as _warnings


class ConfigError(ValueError):
    """Raised for an invalid value of a config option (a ValueError)."""


# ---------------------------------------------------------------------------
# Parameter kinds
# ---------------------------------------------------------------------------

class ConfigParam:
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
        super().__init__(default, **kwargs)

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
        return super().filter(value)


class IntParam(TypedParam):
    mytype = int


class FloatParam(TypedParam):
    mytype = float


class StrParam(TypedParam):
    mytype = str


_DEVICE_RE = _re.compile(r"^(cpu\d*|cuda\d*|gpu\d*)$")


class DeviceParam(ConfigParam):
    """A device name: 'cpu', 'cuda', 'cudaN', 'gpu' or 'gpuN' (lower case).

    theanox also accepts 'cpuN', JAX's CPU device number N (a host run with
    XLA_FLAGS=--xla_force_host_platform_device_count=K has K of them)."""

    def __init__(self, default, allow_empty=False, **kwargs):
        self.allow_empty = allow_empty
        super().__init__(default, **kwargs)

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
_hooks = {}           # fullname -> callable(value) run after a change (set below)


class _Section:
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


class change_flags:
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


def apply_jax_settings():
    """Apply theanox's JAX settings; return the compilation cache dir in use (or None).

    Turns on ``jax_enable_x64`` (Theano's float64/int64 must be real), then the
    persistent compilation cache that ``theanox.compile.cache`` registers (importing
    theanox does).  Called by ``import theanox``.
    """
    import jax
    jax.config.update("jax_enable_x64", True)
    _state["jax_applied"] = True
    setup = _state.get("compilation_cache_setup")
    return setup() if setup is not None else None


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

    'cpu' is JAX's first CPU device, 'cpuN' CPU device N; 'cuda'/'gpu' the first
    GPU, 'cudaN'/'gpuN' GPU number N. Raises RuntimeError when JAX has no such device
    (a missing GPU falls back to the CPU with a warning when force_device=False was set).
    """
    name = get_config("device") if device is None else device
    name = _options["device"].filter(name) if name else "cpu"
    import jax
    m = _re.match(r"^(cpu|cuda|gpu)(\d*)$", name)
    index = int(m.group(2)) if m.group(2) else 0
    if m.group(1) == "cpu":
        cpus = jax.devices("cpu")
        if index < len(cpus):
            return cpus[index]
        raise RuntimeError(
            "config.device=%r asks for CPU device number %d, but JAX has %d CPU device(s). "
            "Start Python with XLA_FLAGS=--xla_force_host_platform_device_count=%d to have "
            "more, or use device=cpu." % (name, index, len(cpus), index + 1))
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
            _print_active(value, jax_device(value))
        except RuntimeError:
            param = _options["device"]
            param.value, param.source = _state.get("device_ok", ("cpu", "default"))
            _store("device", param.value)
            raise
    _state["device_ok"] = (value, _options["device"].source)


def _print_active(name, device):
    # Theano printed this line when it initialised a GPU (print_active_device).
    show = _options.get("print_active_device")
    if device.platform != "cpu" and show is not None and show.value:
        print("Mapped name None to device %s: %s (%s)"
              % (name, getattr(device, "device_kind", device.platform), device),
              file=_sys.stderr)


def _on_init_gpu_device_change(value):
    # Theano: initialise that GPU (so GPU-specific code can use it) without moving
    # computations or shared variables; only with device=cpu. A GPU JAX does not
    # have raises like config.device (or, with force_device=False, warns).
    param = _options["init_gpu_device"]
    if not value:
        _state["init_gpu_ok"] = ("", param.source)
        return
    try:
        if not value.startswith(("cuda", "gpu")):
            raise ValueError("config.init_gpu_device=%r: name a GPU ('cuda', 'cuda0', "
                             "'gpu1', ...); use config.device for CPU devices" % (value,))
        if not get_config("device").startswith("cpu"):
            raise ValueError("config.init_gpu_device=%r is only used with device=cpu (it "
                             "initialises a GPU without moving computations to it), but "
                             "device=%r. Set device=cpu, or drop init_gpu_device."
                             % (value, get_config("device")))
        _print_active(value, jax_device(value))
    except (RuntimeError, ValueError):
        param.value, param.source = _state.get("init_gpu_ok", ("", "default"))
        _store("init_gpu_device", param.value)
        raise
    _state["init_gpu_ok"] = (value, param.source)


# What changing an option does besides storing its value.
_hooks.update({
    "device": _on_device_change,
    "init_gpu_device": _on_init_gpu_device_change,
    "numpy.seterr_all": _on_numpy_change,
    "numpy.seterr_divide": _on_numpy_change,
    "numpy.seterr_over": _on_numpy_change,
    "numpy.seterr_under": _on_numpy_change,
    "numpy.seterr_invalid": _on_numpy_change,
})


def _warn_unknown_flags():
    for key in _FLAGS_DICT:
        if key not in _FLAGS_USED:
            _warnings.warn("Theano does not recognise this flag: {0}".format(key),
                           stacklevel=4)


def check_options():
    """Warns about THEANO_FLAGS entries that name no option and checks ``config.device``.

    Run once every option is registered (``theanox.configdefaults`` does): a device
    set by THEANO_FLAGS or .theanorc that JAX does not have raises here.
    """
    _warn_unknown_flags()
    _on_device_change(_options["device"].value)
    _on_init_gpu_device_change(_options["init_gpu_device"].value)


# The module becomes the config object: from here on, assignments to options are
# validated by _ConfigModule.__setattr__.  The options themselves are registered
# by theanox.configdefaults.
_sys.modules[__name__].__class__ = _ConfigModule
