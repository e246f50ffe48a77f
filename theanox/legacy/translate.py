"""Translate Python 2 source to Python 3 with fissix, line for line, with a cache.

``translate_source(src)`` returns a ``Translation``: the Python 3 source (same
number of lines as the input, each statement on its original line), and the
import statements some fissix fixers would have inserted at the top (they are
executed in the module's namespace before it runs, instead of shifting lines).
``translate_file(path)`` does the same for a file, through an on-disk cache keyed
by the SHA-256 of the source and the translator's settings.
"""

import collections
import hashlib
import io
import json
import os
import re
import threading
import tokenize

import fissix
from fissix import refactor
from fissix.pgen2 import token
from fissix.pygram import python_symbols as syms
from fissix.pytree import Leaf

__all__ = ["Translation", "translate_source", "translate_file", "cache_dir",
           "cache_stats", "LEGACY_ATTRS", "FISSIX_FIXERS", "TranslationError"]

#: bump when the translation of some input changes (it keys the cache)
TRANSLATOR_VERSION = "1"

_H = "__theanox_legacy__."

#: Module attributes rewritten where they are used: {module: {attribute: text}}.
#: ``{mod}`` in a replacement is the alias the code used for the module.
LEGACY_ATTRS = {
    "numpy": {
        # aliases of Python builtins, removed in NumPy 1.24
        "float": "float", "int": "int", "bool": "bool", "object": "object",
        "str": "str", "long": "int", "unicode": "str", "complex": "complex",
        # removed in NumPy 2.0 (or earlier), with a shim or a new name
        "cast": _H + "np_cast", "asscalar": _H + "np_asscalar",
        "asfarray": _H + "np_asfarray", "msort": _H + "np_msort",
        "in1d": _H + "np_in1d", "rank": _H + "np_rank",
        "random.random_integers": _H + "np_random_integers",
        "float_": "{mod}.float64", "complex_": "{mod}.complex128",
        "string_": "{mod}.bytes_", "unicode_": "{mod}.str_", "int0": "{mod}.intp",
        "uint0": "{mod}.uintp", "bool8": "{mod}.bool_", "object0": "{mod}.object_",
        "str0": "{mod}.str_", "bytes0": "{mod}.bytes_", "void0": "{mod}.void",
        "longfloat": "{mod}.longdouble", "singlecomplex": "{mod}.complex64",
        "cfloat": "{mod}.complex128", "longcomplex": "{mod}.clongdouble",
        "clongfloat": "{mod}.clongdouble",
        "NaN": "{mod}.nan", "NAN": "{mod}.nan", "Inf": "{mod}.inf",
        "Infinity": "{mod}.inf", "infty": "{mod}.inf", "PINF": "{mod}.inf",
        "NINF": "(-{mod}.inf)", "PZERO": "0.0", "NZERO": "(-0.0)",
        "alltrue": "{mod}.all", "sometrue": "{mod}.any", "product": "{mod}.prod",
        "cumproduct": "{mod}.cumprod", "round_": "{mod}.round",
        "trapz": "{mod}.trapezoid", "row_stack": "{mod}.vstack",
        "mat": "{mod}.asmatrix", "issubclass_": "issubclass",
    },
    "time": {"clock": "{mod}.perf_counter"},
    "string": {
        "letters": "{mod}.ascii_letters", "lowercase": "{mod}.ascii_lowercase",
        "uppercase": "{mod}.ascii_uppercase", "maketrans": "str.maketrans",
        "join": _H + "string_join", "joinfields": _H + "string_join",
        "split": _H + "string_split", "splitfields": _H + "string_split",
        "atoi": "int", "atof": "float", "atol": "int",
        "upper": "str.upper", "lower": "str.lower", "strip": "str.strip",
        "lstrip": "str.lstrip", "rstrip": "str.rstrip", "replace": "str.replace",
        "find": "str.find", "rfind": "str.rfind", "count": "str.count",
        "capitalize": "str.capitalize", "zfill": "str.zfill",
    },
}

# fissix fixers left out: the explicit (opt-in) ones, fix_future (a
# `from __future__` line is harmless in Python 3 and decides our division), and
# fix_imports (replaced by ours: cPickle/pickle -> theanox.legacy.py2pickle).
_EXCLUDED = {"fix_buffer", "fix_idioms", "fix_set_literal", "fix_ws_comma", "fix_future",
             "fix_imports"}
FISSIX_FIXERS = sorted(
    name for name in refactor.get_fixers_from_package("fissix.fixes")
    if name.rsplit(".", 1)[1] not in _EXCLUDED)
_OWN_FIXERS = ["theanox.legacy.fixes.fix_legacy_attrs",
               "theanox.legacy.fixes.fix_py2_imports"]
_DIV_FIXER = "theanox.legacy.fixes.fix_py2_division"

Translation = collections.namedtuple(
    "Translation", "source imports from_cache aligned")
Translation.__doc__ = """A translated module: Python 3 source, the imports to run first,
whether it came from the cache, whether its lines match the input's one for one."""

#: files translated (or read from the cache) in this process
translated_paths = set()

#: counters of translate_file: {'hits': n, 'misses': n}
cache_stats = {"hits": 0, "misses": 0}


class TranslationError(SyntaxError):
    """The source is not valid Python 2 (nor Python 3) for fissix."""


_lock = threading.RLock()
_tools = {}


def _tool(division):
    """Return the shared RefactoringTool (with or without the division fixer)."""
    t = _tools.get(division)
    if t is None:
        fixers = FISSIX_FIXERS + _OWN_FIXERS + ([_DIV_FIXER] if division else [])
        t = refactor.RefactoringTool(fixers, options={"print_function": False})
        _tools[division] = t
    return t


_IMPORT_RE = re.compile(r"^[ \t]*import[ \t]+([\w., \t]+?)[ \t]*(?:#.*)?$", re.M)


def module_aliases(source):
    """Return {alias: module} for ``import numpy as np``-style lines of ``source``."""
    out = {}
    for m in _IMPORT_RE.finditer(source):
        for part in m.group(1).split(","):
            words = part.split()
            if not words:
                continue
            mod = words[0]
            alias = words[2] if len(words) == 3 and words[1] == "as" else mod
            if mod in LEGACY_ATTRS and "." not in alias:
                out[alias] = mod
    return out


def _attr_table(aliases):
    """Return the fixer's table {alias: {attr: replacement}} for these aliases."""
    table = {}
    for alias, mod in aliases.items():
        table[alias] = {k: v.format(mod=alias) for k, v in LEGACY_ATTRS[mod].items()}
    return table


def has_future_division(source):
    """Return True when ``source`` says ``from __future__ import division``."""
    return "division" in refactor._detect_future_features(source)


def _all_new(node):
    """Return True when every leaf of ``node`` was made by a fixer (no line number)."""
    return all(leaf.lineno == 0 for leaf in node.leaves())


def _take_inserted_imports(tree):
    """Remove top-level import statements that fixers inserted; return their text."""
    out = []
    for child in list(tree.children):
        if (child.type == syms.simple_stmt and child.children
                and child.children[0].type in (syms.import_name, syms.import_from)
                and _all_new(child)):
            out.append(str(child).strip())
            child.remove()
    return out


def _is_new_stmt(stmt, prev_end):
    """Return True when ``stmt`` was added by a fixer (no leaf after ``prev_end``)."""
    lines = [leaf.lineno for leaf in stmt.leaves() if leaf.type != token.NEWLINE]
    return bool(lines) and max(lines) <= prev_end


def _strip_newline(stmt):
    """Remove and return the NEWLINE leaf ending the simple statement ``stmt``."""
    last = stmt.children[-1]
    if last.type == token.NEWLINE:
        last.remove()
        return last
    return None


def _merge_new_statements(tree):
    """Join statements that fixers inserted to a neighbour with ``;`` (lines stay put).

    fix_tuple_params, fix_except (``except E, (a, b)``) and fix_exitfunc add a
    statement; it goes onto the previous line when that is a simple statement,
    else onto the next one.
    """
    prev_end = 0
    todo = []
    for node in tree.pre_order():
        if node.type == syms.simple_stmt:
            if node.prev_sibling is not None or node.parent.type in (syms.file_input, syms.suite):
                if _is_new_stmt(node, prev_end):
                    todo.append(node)
        if node.type != token.NEWLINE and getattr(node, "lineno", 0):
            prev_end = max(prev_end, node.lineno)
    for stmt in todo:
        if stmt.parent is None:
            continue
        prev, nxt = stmt.prev_sibling, stmt.next_sibling
        if prev is not None and prev.type == syms.simple_stmt:
            nl = _strip_newline(prev)
            body = [c for c in stmt.children if c.type != token.NEWLINE]
            stmt.remove()
            for c in body:
                c.remove()
            body[0].prefix = " "
            prev.append_child(Leaf(token.SEMI, ";"))
            for c in body:
                prev.append_child(c)
            prev.append_child(nl if nl is not None else Leaf(token.NEWLINE, "\n"))
        elif nxt is not None and nxt.type == syms.simple_stmt and "\n" not in nxt.prefix \
                and "#" not in nxt.prefix:
            body = [c for c in stmt.children if c.type != token.NEWLINE]
            pre = stmt.prefix
            stmt.remove()
            nxt.prefix = " "
            for c in body:
                c.remove()
            for i, c in enumerate(body + [Leaf(token.SEMI, ";")]):
                nxt.insert_child(i, c)
            nxt.prefix = pre
    # fix_except inserts the suite's own NEWLINE and INDENT leaves a second time
    # after the statement it adds: make that NEWLINE a ';'
    for node in list(tree.pre_order()):
        if node.type != syms.suite:
            continue
        seen, kids, changed = set(), [], False
        for c in node.children:
            if id(c) in seen and c.type in (token.NEWLINE, token.INDENT):
                changed = True
                if c.type == token.NEWLINE:
                    semi = Leaf(token.SEMI, ";")
                    semi.parent = node
                    kids.append(semi)
                continue
            seen.add(id(c))
            kids.append(c)
        if changed:
            node.children = kids
            for a, b in zip(kids, kids[1:]):
                if a.type == token.SEMI and b.prefix.strip() == "":
                    b.prefix = " "
            node.changed()
    # a statement added inside another's line break (fix_except, fix_exitfunc):
    # its NEWLINE leaf is new; make it a ';' when a simple statement follows
    for leaf in list(tree.leaves()):
        if leaf.type != token.NEWLINE or leaf.parent is None:
            continue
        if leaf.lineno:
            continue
        nxt = leaf.next_sibling
        prev = leaf.prev_sibling
        if nxt is None or nxt.type not in (syms.simple_stmt, syms.expr_stmt, syms.import_name,
                                           syms.import_from, syms.power):
            continue
        if prev is None or str(prev).rstrip().endswith(":"):
            continue
        if "\n" in nxt.prefix or "#" in nxt.prefix:
            continue
        nxt.prefix = " "
        leaf.replace(Leaf(token.SEMI, ";"))


def _pad_missing_lines(tree):
    """Add blank lines where fixers removed a line (e.g. ``__metaclass__ = M``)."""
    line = 1
    last_newline = None
    for leaf in tree.leaves():
        text = leaf.prefix
        if leaf.lineno and leaf.type not in (token.NEWLINE, token.INDENT, token.DEDENT) \
                and last_newline is not None:
            start = line + text.count("\n")
            if leaf.lineno > start:
                last_newline.value += "\n" * (leaf.lineno - start)
                line += leaf.lineno - start
        line += text.count("\n") + leaf.value.count("\n")
        if leaf.type == token.NEWLINE:
            last_newline = leaf
        elif leaf.type not in (token.INDENT, token.DEDENT):
            last_newline = None


def translate_source(source, filename="<string>", future_division=None, aliases=None):
    """Return the ``Translation`` of Python 2 ``source`` (a str) to Python 3.

    ``future_division``: whether ``/`` is already true division (default: whether
    the source has ``from __future__ import division``).  ``aliases``: extra
    {alias: module} bindings (e.g. from earlier notebook cells) for the table of
    removed module attributes.
    """
    if future_division is None:
        future_division = has_future_division(source)
    al = dict(aliases or {})
    al.update(module_aliases(source))
    added_nl = not source.endswith("\n")
    data = source + "\n" if added_nl else source
    with _lock:
        tool = _tool(not future_division)
        for fixer in tool.pre_order + tool.post_order:
            if type(fixer).__name__ == "FixLegacyAttrs":
                fixer.table = _attr_table(al)
        tool.errors = []
        features = refactor._detect_future_features(data)
        if "print_function" in features:
            tool.driver.grammar = refactor.pygram.python_grammar_no_print_statement
        try:
            tree = tool.driver.parse_string(data)
        except Exception as err:
            lineno = getattr(err, "lineno", None)
            if lineno is None and hasattr(err, "context"):
                lineno = err.context[1][0]
            raise TranslationError("cannot parse as Python 2: %s" % (err,),
                                   (filename, lineno, None, None)) from None
        finally:
            tool.driver.grammar = tool.grammar
        tree.future_features = features
        tool.refactor_tree(tree, filename)
        imports = _take_inserted_imports(tree)
        _merge_new_statements(tree)
        _pad_missing_lines(tree)
        out = str(tree)
    if added_nl and out.endswith("\n"):
        out = out[:-1]
    aligned = out.count("\n") == source.count("\n")
    return Translation(out, imports, False, aligned)


def cache_dir():
    """Return the translation cache directory (``$THEANOX_LEGACY_CACHE`` or ~/.cache)."""
    d = os.environ.get("THEANOX_LEGACY_CACHE")
    if d:
        return d
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "theanox", "legacy")


def _cache_key(source, future_division, aliases):
    h = hashlib.sha256()
    for part in (TRANSLATOR_VERSION, fissix.__version__, str(future_division),
                 json.dumps(sorted(aliases.items())), source):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def read_source(path):
    """Return the text of a source file, decoded as Python does (coding cookie)."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError:
        encoding = "utf-8"
    text = raw.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n")


def translate_file(path, source=None, use_cache=True):
    """Return the ``Translation`` of the Python 2 file ``path`` (cached on disk)."""
    translated_paths.add(path)
    if source is None:
        source = read_source(path)
    fd = has_future_division(source)
    al = module_aliases(source)
    cdir = cache_dir() if use_cache and os.environ.get("THEANOX_LEGACY_NOCACHE") is None else None
    fname = None
    if cdir:
        key = _cache_key(source, fd, al)
        fname = os.path.join(cdir, key[:2], key + ".json")
        try:
            with open(fname, encoding="utf-8") as f:
                d = json.load(f)
            cache_stats["hits"] += 1
            return Translation(d["source"], d["imports"], True, d["aligned"])
        except (OSError, ValueError, KeyError):
            pass
    cache_stats["misses"] += 1
    tr = translate_source(source, path, future_division=fd)
    if fname:
        try:
            os.makedirs(os.path.dirname(fname), exist_ok=True)
            tmp = "%s.%d.tmp" % (fname, os.getpid())
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump({"source": tr.source, "imports": tr.imports,
                           "aligned": tr.aligned, "path": os.path.abspath(path)}, f)
            os.replace(tmp, fname)
        except OSError:
            pass
    return tr
