"""Fixer: module attributes that Python 3 or NumPy 2 removed, rewritten at their use.

``np.float`` -> ``float``, ``numpy.cast[...]`` -> a shim, ``time.clock`` ->
``time.perf_counter``, ``string.letters`` -> ``string.ascii_letters`` and the
rest of the table ``LEGACY_ATTRS`` in ``theanox.legacy.translate``.  Only names
that the module binds to the module in question are rewritten (``numpy`` and
``np`` always count as NumPy; ``import numpy as N`` adds ``N``).
"""

from fissix import fixer_base
from fissix.fixer_util import Name


class FixLegacyAttrs(fixer_base.BaseFix):
    PATTERN = """
    power< mod=NAME trailer< '.' attr=NAME > any* >
    """
    order = "pre"

    #: set by the translator: {module alias: {attr: replacement text}}
    table = {}

    def transform(self, node, results):
        mod = results["mod"]
        attr = results["attr"]
        repl = self.table.get(mod.value, {}).get(attr.value)
        if repl is None:
            return None
        trailer = attr.parent
        new = Name(repl, prefix=mod.prefix)
        if len(node.children) == 2:
            return new
        trailer.remove()
        mod.replace(new)
        return None
