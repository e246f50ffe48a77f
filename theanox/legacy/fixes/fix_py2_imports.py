"""Fixer: fissix's renames of Python 2 standard modules, with ``cPickle`` and
``pickle`` going to ``theanox.legacy.py2pickle`` (reads Python 2 pickles and
accepts files opened in text mode, as Python 2 code does)."""

from fissix.fixes.fix_imports import MAPPING, FixImports

PICKLE = "theanox.legacy.py2pickle"


class FixPy2Imports(FixImports):
    mapping = dict(MAPPING, cPickle=PICKLE, pickle=PICKLE)
