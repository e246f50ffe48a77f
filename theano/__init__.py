"""``theano`` alias: legacy ``import theano`` code runs on theanox unchanged.

``import theano`` gives the ``theanox`` module itself, and any submodule
``theano.X.Y`` is the module ``theanox.X.Y`` (the very same object, not a copy), so
``import theano.tensor as T``, ``from theano.tensor.nnet import conv`` and
``from theano.sandbox.rng_mrg import MRG_RandomStreams`` all work.

This package shadows a real Theano installed in the same environment.
"""
import importlib
import importlib.abc
import importlib.util
import sys

_ALIAS = __name__          # "theano"
_TARGET = "theanox"


class _AliasLoader(importlib.abc.Loader):
    """Loads ``theano.X`` by importing ``theanox.X`` and returning that module."""

    def __init__(self, target):
        self.target = target
        self._spec = None

    def create_module(self, spec):
        module = importlib.import_module(self.target)
        # The import system overwrites __spec__ of the module we return; keep the
        # real one so that theanox.X stays exactly as it was (reload, pickling,
        # relative imports).
        self._spec = getattr(module, "__spec__", None)
        return module

    def exec_module(self, module):
        if self._spec is not None:
            try:
                module.__spec__ = self._spec
            except AttributeError:
                pass


class _AliasFinder(importlib.abc.MetaPathFinder):
    """Maps every ``theano.<sub>`` module to ``theanox.<sub>``."""

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith(_ALIAS + "."):
            return None
        real = _TARGET + fullname[len(_ALIAS):]
        if real in sys.modules:
            found = True
        else:
            try:
                found = importlib.util.find_spec(real) is not None
            except (ImportError, ValueError):
                found = False
        if not found:
            return None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(real))


if not any(isinstance(f, _AliasFinder) for f in sys.meta_path):
    sys.meta_path.insert(0, _AliasFinder())

import theanox as _theanox  # noqa: E402

sys.modules[__name__] = _theanox
