"""The persistent compilation cache: compiled XLA programs reused by later runs.

Theano kept its compiled C modules in ``~/.theano``, so the second run of a script
started fast.  theanox keeps JAX's persistent compilation cache in
``<base_compiledir>/jax_cache`` (``base_compiledir`` defaults to ``~/.theanox``), or in
``compiledir`` when that is set.  ``compilation_cache=False`` turns it off.

A JAX user's own settings win over theanox's defaults: when ``jax_compilation_cache_dir``
is already set (``JAX_COMPILATION_CACHE_DIR`` or ``jax.config.update`` before importing
theanox), or ``jax_enable_compilation_cache`` is False, theanox leaves JAX's cache alone
unless one of the options above was set explicitly (THEANO_FLAGS, .theanorc or an
assignment).  Likewise the cache's minimum compile time and entry size are set to 0
(every program is cached, as Theano cached every module) only while they hold JAX's
defaults.
"""
import os

from theanox import config

_OPTIONS = ("base_compiledir", "compiledir", "compilation_cache")
_JAX_DEFAULTS = {"jax_persistent_cache_min_compile_time_secs": 1.0,
                 "jax_persistent_cache_min_entry_size_bytes": 0}
_state = {"ours": None}     # the directory theanox gave JAX, None if it gave none


def cache_dir():
    """Returns the directory theanox's options ask for, or None when the cache is off."""
    if not config.get_config("compilation_cache"):
        return None
    d = config.get_config("compiledir")
    if not d:
        base = config.get_config("base_compiledir")
        d = os.path.join(base, "jax_cache") if base else ""
    return os.path.abspath(os.path.expanduser(d)) if d else None


def _explicit():
    return any(config._source(name) != "default" for name in _OPTIONS)


def apply():
    """Points JAX's persistent compilation cache per theanox's options; returns the dir in use.

    Returns None when theanox leaves the cache off or to the user's JAX settings.
    """
    if any(name not in config._options for name in _OPTIONS):
        return None                  # the option table is still loading: applied later
    import jax
    jc = jax.config
    current = jc.jax_compilation_cache_dir
    users = bool(current) and current != _state["ours"]
    if not _explicit() and (users or not jc.jax_enable_compilation_cache):
        return None                              # the JAX user's own choice stands
    d = cache_dir()
    if d is None:
        if _state["ours"] is not None and current == _state["ours"]:
            _set_dir(None)
        return None
    os.makedirs(d, exist_ok=True)
    if current != d:
        _set_dir(d)
    for name, default in _JAX_DEFAULTS.items():
        env = "JAX_" + name[len("jax_"):].upper()
        if getattr(jc, name) == default and env not in os.environ:
            jc.update(name, 0)
    return d


def _set_dir(d):
    import jax
    jax.config.update("jax_compilation_cache_dir", d)
    _state["ours"] = d
    try:       # JAX initialises its cache once per process: make it see the new dir
        from jax.experimental.compilation_cache import compilation_cache
        compilation_cache.reset_cache()
    except (ImportError, AttributeError):
        pass


def _on_change(value):
    apply()


config._hooks.update({name: _on_change for name in _OPTIONS})
config._state["compilation_cache_setup"] = apply
