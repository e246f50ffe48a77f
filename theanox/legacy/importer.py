"""Import hook and runner: Python 2 modules from the script's folder, translated.

``run_path(script, argv)`` runs a Python 2 script as ``__main__``; while it
runs, a meta-path finder translates every module imported from the script's
folder (and the folders given with ``roots``) with ``translate_file``.  Code is
compiled with the original file name and its lines are kept in place, so
tracebacks, ``inspect`` and ``linecache`` show the original Python 2 lines.
Installed packages (site-packages, the standard library, ``theanox`` and the
``theano`` alias) are never translated.
"""

import builtins
import importlib.abc
import importlib.machinery
import os
import sys
import sysconfig
import types

from .runtime import install_globals
from .translate import translate_file

__all__ = ["LegacyFinder", "LegacyLoader", "install_importer", "uninstall_importer",
           "run_path", "legacy_compile"]

#: top-level packages that are never translated, wherever they live
NEVER_TRANSLATED = {"theanox", "theano", "fissix", "numpy", "jax", "jaxlib", "scipy"}


def legacy_compile(path):
    """Return (code object, imports to run first) for the Python 2 file ``path``."""
    tr = translate_file(path)
    return compile(tr.source, path, "exec", dont_inherit=True), tr.imports


def _system_dirs():
    dirs = set()
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        try:
            dirs.add(os.path.realpath(sysconfig.get_paths()[key]))
        except KeyError:
            pass
    return dirs


def _is_under(path, root):
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class LegacyLoader(importlib.machinery.SourceFileLoader):
    """Loader that translates a Python 2 source file before executing it."""

    def get_code(self, fullname):
        """Return the code object of the translated module (no .pyc is read or written)."""
        code, imports = legacy_compile(self.get_filename(fullname))
        self._imports = imports
        return code

    def exec_module(self, module):
        """Run the translated module in ``module.__dict__`` (helpers installed first)."""
        code = self.get_code(module.__name__)
        install_globals(module.__dict__, self._imports)
        exec(code, module.__dict__)


class LegacyFinder(importlib.abc.MetaPathFinder):
    """Meta-path finder claiming the .py modules found under ``roots``."""

    def __init__(self, roots):
        self.roots = [os.path.realpath(r) for r in roots]
        self._system = _system_dirs()

    def find_spec(self, fullname, path=None, target=None):
        """Return a spec with a ``LegacyLoader`` for modules under the roots, else None."""
        if fullname.partition(".")[0] in NEVER_TRANSLATED:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            return None
        origin = os.path.realpath(spec.origin)
        if not any(_is_under(origin, r) for r in self.roots):
            return None
        if any(_is_under(origin, d) for d in self._system) or "site-packages" in origin:
            return None
        spec.loader = LegacyLoader(fullname, spec.origin)
        return spec


def install_importer(roots):
    """Put a ``LegacyFinder`` for ``roots`` first on ``sys.meta_path``; return it."""
    finder = LegacyFinder(roots)
    sys.meta_path.insert(0, finder)
    importlib.invalidate_caches()
    return finder


def uninstall_importer(finder):
    """Remove ``finder`` from ``sys.meta_path`` (no error if absent)."""
    try:
        sys.meta_path.remove(finder)
    except ValueError:
        pass


def run_path(path, argv=(), roots=()):
    """Run the Python 2 script ``path`` as ``__main__``; return its module namespace.

    ``sys.argv`` becomes ``[path] + argv`` and ``sys.path[0]`` the script's folder,
    as ``python2 script.py`` would set them.  Modules imported from that folder
    (and from ``roots``) are translated too.
    """
    path = os.path.abspath(path)
    folder = os.path.dirname(path)
    code, imports = legacy_compile(path)
    finder = install_importer([folder] + list(roots))
    old_argv, old_path0, old_main = sys.argv, sys.path[:1], sys.modules.get("__main__")
    sys.argv = [path] + list(argv)
    if sys.path:
        sys.path[0] = folder
    else:
        sys.path.append(folder)
    mod = types.ModuleType("__main__")
    mod.__file__ = path
    mod.__builtins__ = builtins
    mod.__loader__ = None
    mod.__spec__ = None
    sys.modules["__main__"] = mod
    install_globals(mod.__dict__, imports)
    try:
        exec(code, mod.__dict__)
    finally:
        uninstall_importer(finder)
        sys.argv = old_argv
        if sys.path and old_path0:
            sys.path[0] = old_path0[0]
        if old_main is not None:
            sys.modules["__main__"] = old_main
    return mod.__dict__
