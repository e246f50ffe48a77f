"""IPython extension: ``%load_ext theanox.legacy`` runs Python 2 cells as written.

Each cell is translated with ``translate_source`` by an input transformer that
runs after IPython's own (magics are already calls by then).  A cell with
``from __future__ import division`` switches Python 2 integer division off for
the rest of the session, as it does in a Python 2 kernel; ``import numpy as N``
in any cell makes ``N.float`` and friends rewritten in later cells.  A cell
fissix cannot parse is left as it is (Python then reports its error).
"""

from .runtime import install_globals
from .translate import TranslationError, has_future_division, module_aliases, translate_source

__all__ = ["CellTranslator", "load_ipython_extension", "unload_ipython_extension"]


class CellTranslator:
    """Input transformer (list of lines -> list of lines) translating Python 2 cells."""

    has_side_effects = True

    def __init__(self, shell=None):
        self.shell = shell
        self.future_division = False
        self.aliases = {"numpy": "numpy", "np": "numpy"}
        self._cache = {}

    def translate(self, source):
        """Return the Python 3 text of the cell ``source``."""
        if not source.strip():
            return source
        if has_future_division(source):
            self.future_division = True
        self.aliases.update(module_aliases(source))
        key = (source, self.future_division, tuple(sorted(self.aliases.items())))
        hit = self._cache.get(key)
        if hit is None:
            try:
                tr = translate_source(source, "<cell>", future_division=self.future_division,
                                      aliases=self.aliases)
            except TranslationError:
                return source
            hit = (tr.source, tuple(tr.imports))
            if len(self._cache) > 512:
                self._cache.clear()
            self._cache[key] = hit
        out, imports = hit
        if self.shell is not None:
            # Every cell: ``%reset -f`` empties the namespace, helpers included.
            ns = self.shell.user_ns
            if "__theanox_legacy__" not in ns or imports:
                install_globals(ns, imports)
        return out

    def __call__(self, lines):
        src = "".join(lines)
        out = self.translate(src)
        return out.splitlines(True)


def load_ipython_extension(ip):
    """Install the cell translator and the Python 2 helpers in ``ip``'s namespace."""
    for t in ip.input_transformers_post:
        if isinstance(t, CellTranslator):
            return
    install_globals(ip.user_ns)
    ip.input_transformers_post.append(CellTranslator(ip))


def unload_ipython_extension(ip):
    """Remove the cell translator from ``ip``."""
    ip.input_transformers_post[:] = [
        t for t in ip.input_transformers_post if not isinstance(t, CellTranslator)]
